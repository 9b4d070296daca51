/**
 * The pull-request gate: keys from the PR, stories from Jira, the `merge` gate, then summary, sticky
 * comment, commit status and outputs. Round trips: [commits ‖ comments ‖ policy ‖ search] →
 * [comment ‖ status], plus a second search only for keys that appear in commit messages alone.
 */
import { evaluate, type Verdict } from '@readygate/rules';
import type { JiraClient } from '@readygate/jira';
import type { Target } from './event.js';
import {
  GitHubError,
  type GitHubClient,
  type IssueComment,
  type PullRequest,
  type StatusState,
} from './github.js';
import type { Config } from './inputs.js';
import { scanKeys, type KeyScan, type KeyText } from './keys.js';
import { loadPolicyFile } from './policy-source.js';
import {
  commentBody,
  findStickyComment,
  noKeyMessage,
  noKeyReport,
  pullRequestReport,
  statusDescription,
  storiesOutput,
  type StoryOutput,
} from './report.js';
import type { Runner } from './runner.js';
import { loadMore, loadStories, startPolicyRead, type LoadedStories, type PolicyPlan } from './stories.js';

/** The commit status context. Branch protection can require it. */
export const STATUS_CONTEXT = 'readygate';

/** What a check needs from its surroundings. */
export interface CheckEnv {
  readonly runner: Runner;
  readonly config: Config;
  readonly github: GitHubClient;
  readonly jira: () => JiraClient;
  readonly workspace: string;
  readonly runUrl: string | null;
  /** Jira site for browse links, or null. */
  readonly browseBase: string | null;
}

/** The outcome the caller turns into outputs and the exit code. */
export interface CheckResult {
  readonly pass: boolean;
  readonly stories: readonly StoryOutput[];
  readonly report: string;
  /** The one line for the job log when the check fails. */
  readonly failure: string | null;
}

/** Sets the `readygate` status and remembers whether a pending one still needs finalising. */
export class StatusReporter {
  private pendingOpen = false;
  /** The pending status on its way: a final status waits for it, so the final one always lands last. */
  private pendingWrite: Promise<void> = Promise.resolve();

  constructor(
    private readonly env: CheckEnv,
    private readonly sha: string,
  ) {}

  /** Sets pending (a re-check: the head may carry an older final status). */
  pending(): Promise<void> {
    this.pendingWrite = this.set('pending', 'Checking the linked Jira stories…').then((set) => {
      if (set) this.pendingOpen = true;
    });
    return this.pendingWrite;
  }

  /** Sets a final state, after any pending one; never throws (a status the token may not write becomes a warning). */
  async final(state: Exclude<StatusState, 'pending'>, description: string): Promise<void> {
    await this.pendingWrite;
    if (await this.set(state, description)) this.pendingOpen = false;
  }

  /** Whether a pending status was set and not yet finalised. */
  get open(): boolean {
    return this.pendingOpen;
  }

  private async set(state: StatusState, description: string): Promise<boolean> {
    if (!this.env.config.commitStatus) return false;
    try {
      await this.env.github.setStatus(this.sha, {
        state,
        context: STATUS_CONTEXT,
        description: this.env.runner.redact(description),
        ...(this.env.runUrl ? { targetUrl: this.env.runUrl } : {}),
      });
      return true;
    } catch (e) {
      this.env.runner.warning(
        `The readygate commit status was not set: ${e instanceof GitHubError ? e.message : 'unexpected error'}`,
      );
      return false;
    }
  }
}

async function writeComment(
  env: CheckEnv,
  number: number,
  existing: IssueComment | undefined,
  body: string | null,
): Promise<void> {
  const { github, runner } = env;
  try {
    if (body === null || !env.config.comment) return;
    const text = runner.redact(commentBody(body));
    if (existing) {
      if (existing.body === text) return;
      await github.updateComment(existing.id, text);
    } else {
      await github.createComment(number, text);
    }
  } catch (e) {
    runner.warning(
      `The ReadyGate PR comment was not written: ${e instanceof GitHubError ? e.message : 'unexpected error'}`,
    );
  }
}

function keyTexts(pull: PullRequest, commits: readonly { sha: string; message: string }[]): KeyText[] {
  return [
    { source: { kind: 'branch' }, text: pull.head.ref },
    { source: { kind: 'title' }, text: pull.title },
    { source: { kind: 'body' }, text: pull.body },
    ...commits.map((c): KeyText => ({ source: { kind: 'commit', sha: c.sha }, text: c.message })),
  ];
}

function handled<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/** Checks one pull request. The status is finalised on every path once the head SHA is known. */
export async function checkPullRequest(
  env: CheckEnv,
  target: Extract<Target, { kind: 'pull-request' }>,
): Promise<CheckResult> {
  const pull = target.pull ?? (await env.github.getPull(target.number));
  const status = new StatusReporter(env, pull.head.sha);
  try {
    const pendingP = target.recheck ? handled(status.pending()) : Promise.resolve();
    const result = await judge(env, target.number, pull, status);
    await pendingP;
    return result;
  } catch (e) {
    await status.final(
      'error',
      `ReadyGate could not finish: ${e instanceof Error ? e.message : 'unexpected error'}`,
    );
    throw e;
  }
}

async function judge(
  env: CheckEnv,
  number: number,
  pull: PullRequest,
  status: StatusReporter,
): Promise<CheckResult> {
  const { config, github } = env;
  const commitsP = handled(github.listPullCommits(number));
  const commentsP = handled(
    config.comment ? github.listComments(number) : Promise.resolve<IssueComment[]>([]),
  );
  const projects = config.projectKeys;

  // Start the policy read before the commits are in when the project is already known.
  let plan: PolicyPlan;
  let policyRead: Promise<unknown> | null = null;
  const early = scanKeys(keyTexts(pull, []), { projects });
  if (config.policyPath !== null) {
    plan = { kind: 'file', choice: handled(loadPolicyFile(config.policyPath, env.workspace)) };
  } else {
    const projectKey = projects[0] ?? early.keys[0]?.project ?? null;
    plan = { kind: 'property', projectKey };
    if (projectKey !== null) policyRead = startPolicyRead(env.jira(), projectKey);
  }

  // The search for keys in the branch, title and body goes out with the commit listing; keys that only
  // commit messages name take a second search afterwards.
  const firstSearch =
    early.keys.length > 0
      ? handled(
          loadStories(
            env.jira(),
            early.keys.map((k) => k.key),
            plan,
            policyRead,
            config.publicKey,
          ),
        )
      : null;

  const commits = await commitsP;
  const scan = scanKeys(keyTexts(pull, commits), { projects });
  const ctx = {
    policySource: plan.kind === 'file' ? `policy file ${config.policyPath ?? ''}` : 'project policy',
    runUrl: env.runUrl,
  };

  if (scan.keys.length === 0) {
    const report = noKeyReport(scan.searched, projects, config.requireStory, ctx);
    const existing = findStickyComment(await commentsP);
    const message = noKeyMessage(scan.searched, projects);
    if (!config.requireStory) {
      env.runner.notice(message);
      await Promise.all([
        writeComment(env, number, existing, existing ? report : null),
        status.final('success', 'No story key; not required'),
      ]);
      return { pass: true, stories: [], report, failure: null };
    }
    await Promise.all([
      writeComment(env, number, existing, report),
      status.final('failure', 'No Jira story key found in the PR'),
    ]);
    return { pass: false, stories: [], report, failure: message };
  }

  let loaded: LoadedStories;
  if (firstSearch) {
    const first = await firstSearch;
    const extra = scan.keys.filter((k) => !early.keys.some((e) => e.key === k.key)).map((k) => k.key);
    const more =
      extra.length > 0
        ? await loadMore(env.jira(), extra, first.policy, config.publicKey)
        : { stories: [], missing: [] };
    const order = new Map(scan.keys.map((k, i) => [k.key, i]));
    const byScan = (a: string, b: string) => (order.get(a) ?? 0) - (order.get(b) ?? 0);
    loaded = {
      stories: [...first.stories, ...more.stories].sort((a, b) => byScan(a.key, b.key)),
      missing: [...first.missing, ...more.missing].sort(byScan),
      policy: first.policy,
    };
  } else {
    if (plan.kind === 'property' && plan.projectKey === null) {
      plan = { kind: 'property', projectKey: scan.keys[0]?.project ?? null };
      if (plan.projectKey !== null) policyRead = startPolicyRead(env.jira(), plan.projectKey);
    }
    loaded = await loadStories(
      env.jira(),
      scan.keys.map((k) => k.key),
      plan,
      policyRead,
      config.publicKey,
    );
  }
  const judged = judgeLoaded(env, loaded);
  const { verdict, missingFails, outputs } = judged;
  const pass =
    verdict.pass &&
    (!missingFails || loaded.missing.length === 0) &&
    loaded.stories.length + (missingFails ? loaded.missing.length : 0) > 0;

  // Every key was a false positive (no project-keys, nothing in Jira): treat as "no story key".
  if (loaded.stories.length === 0 && !missingFails) {
    const report = noKeyReport(scan.searched, projects, config.requireStory, {
      ...ctx,
      policySource: loaded.policy.source,
    });
    const existing = findStickyComment(await commentsP);
    const message = `${noKeyMessage(scan.searched, projects)} (${loaded.missing.join(', ')} ${loaded.missing.length === 1 ? 'is' : 'are'} not in Jira)`;
    if (!config.requireStory) {
      env.runner.notice(message);
      await Promise.all([
        writeComment(env, number, existing, existing ? report : null),
        status.final('success', 'No story key; not required'),
      ]);
      return { pass: true, stories: outputs, report, failure: null };
    }
    await Promise.all([
      writeComment(env, number, existing, report),
      status.final('failure', 'No Jira story key found in the PR'),
    ]);
    return { pass: false, stories: outputs, report, failure: message };
  }

  const report = judgedReport(env, scan, loaded, judged, pass);
  const existing = findStickyComment(await commentsP);
  // A passing PR gets no new comment; an existing one is updated to show the problems are resolved.
  const commentText = pass ? (existing ? report : null) : report;
  await Promise.all([
    writeComment(env, number, existing, commentText),
    status.final(pass ? 'success' : 'failure', statusDescription(outputs, pass)),
  ]);
  return { pass, stories: outputs, report, failure: pass ? null : failureLine(outputs) };
}

/** The merge gate over loaded stories: shared by pull requests and merge groups. */
export interface Judged {
  readonly verdict: Verdict;
  /** With project-keys, a key Jira does not know fails the check; without, it may be a look-alike. */
  readonly missingFails: boolean;
  readonly outputs: readonly StoryOutput[];
  readonly warnings: readonly string[];
}

/** Evaluates the merge gate for the loaded stories and logs the policy warning, if any, once. */
export function judgeLoaded(env: CheckEnv, loaded: LoadedStories): Judged {
  const verdict = evaluate('merge', { stories: loaded.stories }, loaded.policy.policy);
  const missingFails = env.config.projectKeys.length > 0;
  const warnings = loaded.policy.warning ? [loaded.policy.warning] : [];
  for (const w of warnings) env.runner.warning(w);
  return { verdict, missingFails, outputs: storiesOutput(verdict, loaded.missing, missingFails), warnings };
}

/** The Markdown report (summary and comment) of a judged check. */
export function judgedReport(
  env: CheckEnv,
  scan: KeyScan,
  loaded: LoadedStories,
  judged: Judged,
  pass: boolean,
): string {
  return pullRequestReport(
    judged.verdict,
    {
      keys: scan.keys,
      searched: scan.searched,
      missing: loaded.missing,
      missingFails: judged.missingFails,
      truncated: scan.truncated,
      policySource: loaded.policy.source,
      warnings: judged.warnings,
      browseBase: env.browseBase,
      runUrl: env.runUrl,
    },
    pass,
  );
}

function failureLine(outputs: readonly StoryOutput[]): string {
  const failing = outputs.filter(
    (s) => s.outcome === 'fail' || (s.outcome === 'missing' && s.failed.length > 0),
  );
  const detail = failing
    .map((s) =>
      s.outcome === 'missing' ? `${s.key}: not found in Jira` : `${s.key}: ${s.failed.join(', ')}`,
    )
    .join('; ');
  return `ReadyGate: ${failing.length} linked ${failing.length === 1 ? 'story is' : 'stories are'} not ready to merge (${detail}); the job summary says who fixes what.`;
}
