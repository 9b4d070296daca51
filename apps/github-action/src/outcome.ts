/**
 * What a check found, as one value, and the one place that decides whether it fails. The pull-request, the
 * merge-group and the release checks each produce an {@link Outcome}; main.ts turns it into outputs, the job
 * summary, the comment and the commit status through {@link present}.
 */
import type { Verdict } from '@readygate/rules';
import { describeSource, type KeyCut, type KeyScan } from './keys.js';
import {
  noKeyMessage,
  noKeyReport,
  pullRequestReport,
  statusDescription,
  storiesOutput,
  type StoryOutput,
} from './report.js';

/** Stories judged by the merge gate, each by the policy of its own project. */
export interface JudgedStories {
  readonly scan: KeyScan;
  readonly verdict: Verdict;
  /** Keys Jira did not return (unknown, or not visible to the token). */
  readonly missing: readonly string[];
  /** With project-keys, a key Jira does not return fails the check; without, it may be a look-alike. */
  readonly missingFails: boolean;
  /** `signed policy of project ENR`, … for the report's footer. */
  readonly policySource: string;
  readonly warnings: readonly string[];
}

/** What one run found. */
export type Outcome =
  /** Nothing to check (a closed PR, a comment that is not a re-check). */
  | { readonly kind: 'skipped'; readonly reason: string }
  /** No linked story the merge gate judges: no key at all, keys Jira does not know, or only ungated types. */
  | {
      readonly kind: 'no-story';
      readonly scan: Pick<KeyScan, 'searched'>;
      /** Why the keys found do not count, e.g. `ENR-5 is a Task, which the merge gate does not judge`. */
      readonly why: string | null;
      readonly stories: readonly StoryOutput[];
      readonly policySource: string;
    }
  /** The check could not see everything it must judge: it fails closed. */
  | { readonly kind: 'incomplete'; readonly message: string; readonly stories: readonly StoryOutput[] }
  | { readonly kind: 'judged'; readonly judged: JudgedStories }
  | {
      readonly kind: 'release';
      readonly verdict: Verdict;
      readonly report: string;
      readonly line: string;
      readonly warnings: readonly string[];
    };

/** Whether an outcome fails the check. The single rule shared by every mode and every report. */
export function isFailing(outcome: Outcome, requireStory: boolean): boolean {
  switch (outcome.kind) {
    case 'skipped':
      return false;
    case 'no-story':
      return requireStory;
    case 'incomplete':
      return true;
    case 'judged': {
      const j = outcome.judged;
      return !j.verdict.pass || (j.missingFails && j.missing.length > 0);
    }
    case 'release':
      return !outcome.verdict.pass;
  }
}

/** What the user sees of an outcome. */
export interface Presented {
  readonly verdict: 'pass' | 'fail' | 'skipped';
  readonly stories: readonly StoryOutput[];
  /** Markdown for the job summary and the comment ('' when skipped). */
  readonly report: string;
  /** The one log line: the failure, or what passed. */
  readonly line: string;
  /** A passing line that deserves an annotation (a PR that passes without a story). */
  readonly notice: boolean;
  /** The commit status: its state and description (≤ 140 characters after GitHub's cut). */
  readonly status: { readonly state: 'success' | 'failure' | 'error'; readonly description: string };
}

/** How a run that could not finish is shown: a failed verdict, and an `error` status. */
export function presentError(line: string): Presented {
  return {
    verdict: 'fail',
    stories: [],
    report: '',
    line,
    notice: false,
    status: { state: 'error', description: `ReadyGate could not finish: ${line}` },
  };
}

/** Where the report points: the Jira site for links, the run, the projects that count. */
export interface PresentContext {
  readonly projects: readonly string[];
  readonly requireStory: boolean;
  readonly browseBase: string | null;
  readonly runUrl: string | null;
  /** `pull request` or `merge group`, for messages. */
  readonly subject: string;
}

/** Says why a key scan is incomplete and how to fix it. */
export function cutMessage(cut: KeyCut): string {
  return cut.kind === 'too-many-keys'
    ? `ReadyGate found more than ${cut.limit} story keys and does not judge a subset: Dev, link fewer stories (split the pull request).`
    : `The ${describeSource(cut.source)} is ${cut.length} characters long and ReadyGate reads ${cut.limit}, so a story key past that could go unseen: Dev, shorten it (reword the commit or edit the text).`;
}

/** Turns an outcome into outputs, report, log line and status. */
export function present(outcome: Outcome, ctx: PresentContext): Presented {
  const failing = isFailing(outcome, ctx.requireStory);
  const verdict = failing ? 'fail' : 'pass';
  const state = failing ? 'failure' : 'success';
  switch (outcome.kind) {
    case 'skipped':
      return {
        verdict: 'skipped',
        stories: [],
        report: '',
        line: `ReadyGate: ${outcome.reason}`,
        notice: true,
        status: { state, description: '' },
      };
    case 'no-story': {
      const searched = outcome.scan.searched;
      const report = noKeyReport(searched, ctx.projects, ctx.requireStory, {
        policySource: outcome.policySource,
        runUrl: ctx.runUrl,
        why: outcome.why,
      });
      const line = outcome.why
        ? `No linked story the merge gate judges (${outcome.why}): Dev, link the Jira story (e.g. ${ctx.projects[0] ?? 'ABC'}-123) in the PR title or branch name; to gate other issue types, a Jira admin adds them to the merge gate in the ReadyGate project settings.`
        : noKeyMessage(searched, ctx.projects);
      return {
        verdict,
        stories: outcome.stories,
        report,
        line,
        notice: true,
        status: {
          state,
          description: failing ? `No Jira story found in the ${ctx.subject}` : 'No story key; not required',
        },
      };
    }
    case 'incomplete':
      return {
        verdict: 'fail',
        stories: outcome.stories,
        report: `### ❌ ReadyGate: the check could not be completed\n\n${outcome.message}\n${ctx.runUrl ? `\n<sub>[run details](${ctx.runUrl})</sub>\n` : ''}`,
        line: outcome.message,
        notice: false,
        status: { state, description: outcome.message },
      };
    case 'judged': {
      const j = outcome.judged;
      const stories = storiesOutput(j.verdict, j.missing, j.missingFails);
      const report = pullRequestReport(
        j.verdict,
        {
          keys: j.scan.keys,
          searched: j.scan.searched,
          missing: j.missing,
          missingFails: j.missingFails,
          policySource: j.policySource,
          warnings: j.warnings,
          browseBase: ctx.browseBase,
          runUrl: ctx.runUrl,
        },
        !failing,
      );
      return {
        verdict,
        stories,
        report,
        line: failing ? failureLine(stories, ctx.subject) : `ReadyGate: pass (${j.verdict.headline})`,
        notice: false,
        status: { state, description: statusDescription(stories, !failing) },
      };
    }
    case 'release':
      return {
        verdict,
        stories: storiesOutput(outcome.verdict, [], false),
        report: outcome.report,
        line: outcome.line,
        notice: false,
        status: { state, description: outcome.verdict.headline },
      };
  }
}

function failureLine(outputs: readonly StoryOutput[], subject: string): string {
  const failing = outputs.filter(
    (s) => s.outcome === 'fail' || (s.outcome === 'missing' && s.failed.length > 0),
  );
  const detail = failing
    .map((s) =>
      s.outcome === 'missing'
        ? `${s.key}: not found or not visible to the token`
        : `${s.key}: ${s.failed.join(', ')}`,
    )
    .join('; ');
  return `ReadyGate: ${failing.length} ${failing.length === 1 ? 'story' : 'stories'} linked from the ${subject} ${failing.length === 1 ? 'is' : 'are'} not ready to merge (${detail}); the job summary says who fixes what.`;
}
