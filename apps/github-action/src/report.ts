/**
 * What a run shows: the sticky comment, the job summary, the `stories` output and the commit status
 * description. The verdict itself is rendered by `@readygate/rules`; this adds what only the action
 * knows (keys Jira did not return, where keys were searched, the policy's source).
 */
import { escapeMarkdown, renderMarkdown, type Verdict } from '@readygate/rules';
import { describeSearched, describeSource, type FoundKey, type KeySource } from './keys.js';

/** Marks the one ReadyGate comment on a PR; the first line of its body. */
export const COMMENT_MARKER = '<!-- readygate -->';

/** One entry of the `stories` output. */
export interface StoryOutput {
  readonly key: string;
  /** `missing`: Jira did not return the issue. `not-judged`: the gate does not cover its type. */
  readonly outcome: 'pass' | 'fail' | 'missing' | 'not-judged';
  /** Ids of failed blocker rules. */
  readonly failed: readonly string[];
  /** Ids of failed warning rules. */
  readonly warnings: readonly string[];
}

/** The `stories` output: each key with its outcome and failed rule ids. */
export function storiesOutput(
  verdict: Verdict | null,
  missing: readonly string[],
  missingFails: boolean,
): StoryOutput[] {
  const out: StoryOutput[] = [];
  for (const s of verdict?.stories ?? []) {
    out.push({
      key: s.key,
      outcome: !s.judged ? 'not-judged' : s.pass ? 'pass' : 'fail',
      failed: s.outcomes.filter((o) => o.outcome === 'fail').map((o) => o.rule),
      warnings: s.outcomes.filter((o) => o.outcome === 'warn').map((o) => o.rule),
    });
  }
  for (const key of missing)
    out.push({ key, outcome: 'missing', failed: missingFails ? ['story.exists'] : [], warnings: [] });
  return out;
}

/** Everything a PR report shows besides the verdict. */
export interface ReportContext {
  readonly keys: readonly FoundKey[];
  readonly searched: readonly KeySource[];
  /** Keys Jira did not return. */
  readonly missing: readonly string[];
  /** Whether missing keys fail the check (they do when `project-keys` says they are ours). */
  readonly missingFails: boolean;
  readonly policySource: string;
  readonly warnings: readonly string[];
  /** Jira site for issue links; null when only the API gateway URL is known. */
  readonly browseBase: string | null;
  readonly runUrl: string | null;
}

function footer(ctx: Pick<ReportContext, 'policySource' | 'runUrl'>, recheckHint: boolean): string {
  const parts = [`Policy: ${ctx.policySource}`];
  if (recheckHint) parts.push('after a change in Jira, comment `/readygate recheck` to check again');
  if (ctx.runUrl) parts.push(`[run details](${ctx.runUrl})`);
  return `<sub>${parts.join(' · ')}</sub>`;
}

/** The Markdown report of a pull-request check (summary and comment share it). */
export function pullRequestReport(verdict: Verdict, ctx: ReportContext, pass: boolean): string {
  const base = ctx.browseBase;
  let md = renderMarkdown(
    verdict,
    base ? { issueUrl: (key) => `${base}/browse/${encodeURIComponent(key)}` } : {},
  );
  if (!pass && verdict.pass) {
    // The rules passed every story Jira returned, but a linked key is not a story we can see.
    md = md.replace(/^### ✅ /, '### ❌ ');
  }
  const lines: string[] = [md.trimEnd(), ''];
  if (ctx.missing.length > 0) {
    const where = (key: string) => {
      const found = ctx.keys.find((k) => k.key === key);
      return found ? ` (from ${found.foundIn.map(describeSource).join(', ')})` : '';
    };
    const list = ctx.missing.map((k) => `\`${k}\`${where(k)}`).join(', ');
    lines.push(
      ctx.missingFails
        ? `❌ **Not found in Jira, or not visible to the token:** ${list}. Dev: fix the key in the PR title, branch or commit message, or give the Jira account access to the issue.`
        : `➖ Ignored (not a Jira issue this account can see): ${list}. Set \`project-keys\` so that only your projects' keys count.`,
      '',
    );
  }
  for (const w of ctx.warnings) lines.push(`⚠️ ${escapeMarkdown(w)}`, '');
  lines.push(footer(ctx, true));
  return `${lines.join('\n')}\n`;
}

/** The report when no story key was found. */
export function noKeyReport(
  searched: readonly KeySource[],
  projects: readonly string[],
  required: boolean,
  ctx: Pick<ReportContext, 'policySource' | 'runUrl'> & { readonly why?: string | null },
): string {
  const example = `${projects[0] ?? 'ABC'}-123`;
  const head = required
    ? '### ❌ ReadyGate: no story key found'
    : '### ➖ ReadyGate: no story key found (not required)';
  const hint =
    projects.length > 0
      ? `Only keys of ${projects.join(', ')} count.`
      : 'Without `project-keys`, only upper-case keys count; set `project-keys` so that lower-case branch names such as `abc-123-login` count too.';
  return [
    head,
    '',
    ctx.why
      ? `Searched the ${describeSearched(searched)}; no linked issue is one the merge gate judges: ${escapeMarkdown(ctx.why)}.`
      : `Searched the ${describeSearched(searched)}.`,
    '',
    `Dev: put the Jira story key (e.g. \`${example}\`) in the PR title or branch name. ${hint}`,
    '',
    footer(ctx, false),
    '',
  ].join('\n');
}

/** The one-line message for a PR without a key. */
export function noKeyMessage(searched: readonly KeySource[], projects: readonly string[]): string {
  const example = `${projects[0] ?? 'ABC'}-123`;
  return `No story key found in the ${describeSearched(searched)}: Dev, put the Jira key (e.g. ${example}) in the PR title or branch name${projects.length > 0 ? '' : ', and set project-keys so lower-case branch names count'}.`;
}

/** A commit status description (≤ 140 characters): the verdict and the failing keys. */
export function statusDescription(outputs: readonly StoryOutput[], pass: boolean): string {
  const failing = outputs.filter(
    (s) => s.outcome === 'fail' || (s.outcome === 'missing' && s.failed.length > 0),
  );
  const judged = outputs.filter((s) => s.outcome !== 'not-judged');
  if (pass)
    return `${judged.length} linked ${judged.length === 1 ? 'story passes' : 'stories pass'} the merge gate`;
  const detail = failing
    .map((s) => (s.outcome === 'missing' ? `${s.key} (not found)` : `${s.key} (${s.failed.join(', ')})`))
    .join('; ');
  return `${failing.length} of ${judged.length} linked ${judged.length === 1 ? 'story fails' : 'stories fail'}: ${detail}`;
}

/** The comment body: the marker on the first line, then the report. */
export function commentBody(report: string): string {
  return `${COMMENT_MARKER}\n${report}`;
}

/**
 * The first comment a bot wrote that carries the marker: the one this action keeps up to date. A person's
 * comment that copies the marker is never taken over (the report would appear under their name).
 */
export function findStickyComment<T extends { readonly body: string; readonly byBot: boolean }>(
  comments: readonly T[],
): T | undefined {
  return comments.find((c) => c.byBot && c.body.trimStart().startsWith(COMMENT_MARKER));
}
