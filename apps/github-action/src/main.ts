/**
 * The action: read inputs and the event, run the pull-request, merge-queue or release check within one
 * deadline, and report through outputs, the job summary, the sticky comment and the commit status. Every
 * failure ends as one line in the log, never a stack trace (unless the runner's debug logging is on).
 */
import { readFileSync } from 'node:fs';
import { createJiraClient, ProjectPolicyError, type JiraClient } from '@readygate/jira';
import { ReadyGateError } from '@readygate/rules';
import { EventError, isFork, readEvent, type Target } from './event.js';
import { GitHubClient } from './github.js';
import { readInputs, type Config } from './inputs.js';
import { checkMergeGroup } from './merge-group.js';
import { present, presentError, type Outcome, type PresentContext, type Presented } from './outcome.js';
import { PolicyError } from './policy-source.js';
import { checkPullRequest, type CheckEnv } from './pull-request.js';
import { checkRelease } from './release.js';
import { Runner } from './runner.js';
import { StatusReporter, StickyComment } from './status.js';

/** The fork message: secrets are withheld, and how to run safely instead. */
export const FORK_MESSAGE =
  'This pull request comes from a fork, and GitHub gives workflows started by pull_request from forks no secrets, so jira-token is empty: run ReadyGate on pull_request_target instead (it runs the workflow of the base branch with secrets; never check out or run the PR code in that job) — see docs/examples/pr-gate.yml.';

/** Time kept back from the deadline for reporting: outputs, summary, comment and status. */
const REPORT_MS = 5_000;

function browseBase(jiraUrl: string): string | null {
  try {
    const u = new URL(jiraUrl);
    if (u.hostname === 'api.atlassian.com') return null;
    return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return null;
  }
}

/** A known error's message is already one line for the user; anything else is unexpected and says so. */
function messageOf(e: unknown, runner: Runner): string {
  if (e instanceof ReadyGateError) return e.message.split('\n', 1)[0] ?? '';
  if (runner.env('RUNNER_DEBUG') === '1' && e instanceof Error && e.stack) runner.debug(e.stack);
  const name = e instanceof Error ? e.name : typeof e;
  return `ReadyGate stopped on an unexpected ${name}: Dev, please report it at the ReadyGate repository with this job's log (re-run with debug logging for the details).`;
}

function jiraClient(config: Config, signal: AbortSignal): JiraClient {
  return createJiraClient({
    baseUrl: config.jiraUrl,
    auth: config.jiraAuth,
    headers: { 'user-agent': 'readygate-github-action' },
    signal,
  });
}

function requireEnv(runner: Runner, name: string): string {
  const value = runner.env(name);
  if (value === '')
    throw new EventError(`${name} is not set: ReadyGate runs as a step of a GitHub Actions workflow.`);
  return value;
}

function readTarget(runner: Runner, config: Config): Target {
  const eventName = requireEnv(runner, 'GITHUB_EVENT_NAME');
  const eventPath = requireEnv(runner, 'GITHUB_EVENT_PATH');
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(eventPath, 'utf8'));
  } catch {
    throw new EventError('The event payload at GITHUB_EVENT_PATH could not be read as JSON.');
  }
  const target = readEvent(eventName, payload);
  if (target.kind !== 'skip' && config.jiraToken === '') {
    if (eventName === 'pull_request' && target.kind === 'pull-request' && target.pull && isFork(target.pull))
      throw new EventError(FORK_MESSAGE);
    throw new EventError(
      'Input jira-token is empty: Dev, pass the Jira API token from a secret, e.g. jira-token: ${{ secrets.JIRA_TOKEN }}.',
    );
  }
  return target;
}

/**
 * Where a run reports on GitHub besides the job. The check fills it in as soon as it knows the commit and
 * the PR, so that a run that fails after that point still finalises the status it may have set.
 */
interface Channels {
  status?: StatusReporter;
  comment?: StickyComment;
}

/** Runs the check of one run and the channels it reports to; throws for what it cannot finish. */
async function check(
  runner: Runner,
  config: Config,
  signal: AbortSignal,
  channels: Channels,
): Promise<{ outcome: Outcome; ctx: PresentContext }> {
  const repository = runner.env('GITHUB_REPOSITORY');
  const runId = runner.env('GITHUB_RUN_ID');
  const server = runner.env('GITHUB_SERVER_URL') || 'https://github.com';
  const runUrl = repository && runId ? `${server}/${repository}/actions/runs/${runId}` : null;
  let jira: JiraClient | undefined;
  const github = new GitHubClient({
    apiUrl: runner.env('GITHUB_API_URL') || 'https://api.github.com',
    token: config.githubToken,
    repository,
    signal,
  });
  const env: CheckEnv = {
    config,
    github,
    jira: () => (jira ??= jiraClient(config, signal)),
    workspace: runner.env('GITHUB_WORKSPACE') || process.cwd(),
    browseBase: browseBase(config.jiraUrl),
    runUrl,
    signal,
  };
  const ctx = (subject: string): PresentContext => ({
    projects: config.projectKeys,
    requireStory: config.requireStory,
    browseBase: env.browseBase,
    runUrl,
    subject,
  });

  if (config.mode === 'release') {
    if (config.jiraToken === '')
      throw new EventError(
        'Input jira-token is empty: Dev, pass the Jira API token from a secret, e.g. jira-token: ${{ secrets.JIRA_TOKEN }}.',
      );
    return { outcome: await checkRelease(env), ctx: ctx('release') };
  }
  const target = readTarget(runner, config);
  if (target.kind === 'skip') return { outcome: { kind: 'skipped', reason: target.reason }, ctx: ctx('') };
  requireEnv(runner, 'GITHUB_REPOSITORY');
  if (config.githubToken === '')
    throw new EventError(
      'Input github-token is empty: Dev, leave it at its default (${{ github.token }}) or pass a token.',
    );
  const statusOptions = { enabled: config.commitStatus, runUrl };
  if (target.kind === 'merge-group') {
    channels.status = new StatusReporter(github, runner, target.headSha, statusOptions);
    return { outcome: await checkMergeGroup(env, target), ctx: ctx('merge group') };
  }
  const pull = target.pull ?? (await github.getPull(target.number));
  const status = new StatusReporter(github, runner, pull.head.sha, statusOptions);
  if (target.recheck) status.pending();
  channels.status = status;
  channels.comment = new StickyComment(github, runner, pull.number, config.comment);
  return { outcome: await checkPullRequest(env, pull), ctx: ctx('pull request') };
}

/** Writes what the user sees: outputs and summary first (they cannot wait on the network), then GitHub. */
async function publish(
  runner: Runner,
  shown: Presented,
  to: { readonly channels: Channels; readonly github: GitHubClient | null },
): Promise<void> {
  runner.setOutput('verdict', shown.verdict);
  runner.setOutput('stories', JSON.stringify(shown.stories));
  runner.setOutput('report', shown.report === '' ? shown.line : shown.report);
  if (shown.report !== '') runner.appendSummary(shown.report);
  if (shown.verdict === 'fail') runner.setFailed(shown.line);
  else if (shown.notice) runner.notice(shown.line);
  else runner.info(shown.line);
  if (to.github === null) return;
  await Promise.all([
    to.channels.comment?.write(to.github, shown.report, shown.verdict === 'fail'),
    to.channels.status?.final(to.github, shown.status.state, shown.status.description),
  ]);
}

/** Runs the action once. Sets `process.exitCode` to 1 when the gate fails or the check cannot finish. */
export async function run(runner: Runner = new Runner()): Promise<void> {
  const channels: Channels = {};
  let config: Config | null = null;
  let reportGithub: GitHubClient | null = null;
  let deadline: AbortController | null = null;
  let timer: NodeJS.Timeout | undefined;
  try {
    config = readInputs(runner);
    const work = new AbortController();
    deadline = work;
    timer = setTimeout(() => {
      work.abort(new Error('deadline'));
    }, config.timeoutMs - REPORT_MS);
    const { outcome, ctx } = await check(runner, config, work.signal, channels);
    const shown = present(outcome, ctx);
    const warnings =
      outcome.kind === 'judged'
        ? outcome.judged.warnings
        : outcome.kind === 'release'
          ? outcome.warnings
          : [];
    for (const w of warnings) runner.warning(w);
    clearTimeout(timer);
    reportGithub = reportClient(runner, config);
    await publish(runner, shown, { channels, github: reportGithub });
  } catch (e) {
    clearTimeout(timer);
    if ((e instanceof PolicyError || e instanceof ProjectPolicyError) && e.problems.length > 0) {
      runner.appendSummary(
        [
          '### ❌ ReadyGate: the policy is not valid',
          '',
          ...e.problems.map((p) => `- \`${p.path || '(root)'}\`: ${p.message}`),
          '',
        ].join('\n'),
      );
    }
    const line =
      deadline?.signal.aborted === true && config !== null
        ? `ReadyGate stopped after ${Math.round((config.timeoutMs - REPORT_MS) / 1000)} s: Jira or GitHub did not answer in time. Dev: re-run the job; if it keeps happening, check Jira's and GitHub's status pages or raise timeout-seconds.`
        : messageOf(e, runner);
    reportGithub ??= config === null ? null : reportClient(runner, config);
    // Steps that read the outputs see a failed check, not an empty verdict.
    await publish(runner, presentError(line), { channels, github: reportGithub });
  }
  if (runner.hasFailed) process.exitCode = 1;
}

/** A GitHub client for the reporting writes, with a deadline of their own. */
function reportClient(runner: Runner, config: Config): GitHubClient {
  return new GitHubClient({
    apiUrl: runner.env('GITHUB_API_URL') || 'https://api.github.com',
    token: config.githubToken,
    repository: runner.env('GITHUB_REPOSITORY'),
    signal: AbortSignal.timeout(REPORT_MS),
  });
}
