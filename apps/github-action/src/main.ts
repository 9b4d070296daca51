/**
 * The action: read inputs and the event, run the pull-request, merge-queue or release check, and report
 * through outputs, the job summary, the sticky comment and the commit status. Every failure ends as one
 * line in the log, never a stack trace.
 */
import { readFileSync } from 'node:fs';
import {
  baseHeaders,
  createJiraClient,
  identityOf,
  parseSite,
  TransportError,
  withIdentity,
  type JiraAuth,
  type JiraClient,
  type Transport,
} from '@readygate/jira';
import { EventError, isFork, readEvent } from './event.js';
import { GitHubClient } from './github.js';
import { readInputs, type Config } from './inputs.js';
import { checkMergeGroup } from './merge-group.js';
import { PolicyError } from './policy-source.js';
import { checkPullRequest, type CheckEnv, type CheckResult } from './pull-request.js';
import { checkRelease } from './release.js';
import { NetworkError } from './http.js';
import { Primed } from './prefetch.js';
import { Runner } from './runner.js';

/**
 * Phase timings for `READYGATE_TIMING=1` (the benchmark's breakdown); ms since the process started.
 * `process.uptime()`, not `performance.now()`: the `performance` global loads perf_hooks and seven internal
 * modules on first use, a millisecond or two of every run for a clock this needs only to the tenth.
 */
const now = (): number => process.uptime() * 1000;
const marks: [string, number][] = [['loaded', now()]];
function mark(name: string): void {
  marks.push([name, now()]);
}

/** The fork message: secrets are withheld, and how to run safely instead. */
export const FORK_MESSAGE =
  'This pull request comes from a fork, and GitHub gives workflows started by pull_request from forks no secrets, so jira-token is empty: run ReadyGate on pull_request_target instead (it runs the workflow of the base branch with secrets; never check out or run the PR code in that job) — see docs/examples/pr-gate.yml.';

function browseBase(jiraUrl: string): string | null {
  try {
    const u = new URL(jiraUrl);
    if (u.hostname === 'api.atlassian.com') return null;
    return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return null;
  }
}

function messageOf(e: unknown): string {
  if (e instanceof Error && typeof (e as { code?: unknown }).code === 'string')
    return e.message.split('\n', 1)[0] ?? '';
  const name = e instanceof Error ? e.name : typeof e;
  return `ReadyGate stopped on an unexpected ${name}; please report it with the job log. (${e instanceof Error ? (e.message.split('\n', 1)[0] ?? '') : ''})`;
}

let jiraClient: JiraClient | undefined;

/** A Jira transport on http.ts that takes answers the prefetch already requested. */
function jiraTransport(config: Config, primed: Primed): Transport {
  const site = parseSite(config.jiraUrl);
  const auth: JiraAuth =
    config.jiraEmail !== null
      ? { kind: 'basic', email: config.jiraEmail, token: config.jiraToken }
      : { kind: 'bearer', token: config.jiraToken };
  const headers = baseHeaders(auth, { 'user-agent': 'readygate-github-action' });
  const base = `${site.url.origin}${site.basePath}`;
  return withIdentity(
    async (req) => {
      try {
        const res = await primed.send({
          method: req.method,
          url: base + req.path,
          headers: { ...headers, ...req.headers },
          ...(req.body === undefined ? {} : { body: req.body }),
          ...(req.signal ? { signal: req.signal } : {}),
        });
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers))
          if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
        return { status: res.status, headers: out, body: res.body };
      } catch (e) {
        throw new TransportError(e instanceof NetworkError ? e.reason : 'network error');
      }
    },
    identityOf(site, auth),
  );
}

function jiraFor(config: Config, primed: Primed): () => JiraClient {
  return () => (jiraClient ??= createJiraClient({ transport: jiraTransport(config, primed) }));
}

async function check(
  runner: Runner,
  config: Config,
  primed: Primed,
): Promise<{ result: CheckResult | null; env: CheckEnv }> {
  const repository = runner.env('GITHUB_REPOSITORY');
  const server = runner.env('GITHUB_SERVER_URL') || 'https://github.com';
  const runId = runner.env('GITHUB_RUN_ID');
  const github = new GitHubClient({
    apiUrl: runner.env('GITHUB_API_URL') || 'https://api.github.com',
    token: config.githubToken,
    repository,
    send: primed.send,
  });
  const env: CheckEnv = {
    runner,
    config,
    github,
    jira: jiraFor(config, primed),
    workspace: runner.env('GITHUB_WORKSPACE') || process.cwd(),
    runUrl: repository && runId ? `${server}/${repository}/actions/runs/${runId}` : null,
    browseBase: browseBase(config.jiraUrl),
  };
  if (config.mode === 'release') {
    if (config.jiraToken === '')
      throw new EventError(
        'Input jira-token is empty: pass the Jira API token from a secret, e.g. jira-token: ${{ secrets.JIRA_TOKEN }}.',
      );
    return { result: await checkRelease(env), env };
  }

  const eventName = runner.env('GITHUB_EVENT_NAME');
  const eventPath = runner.env('GITHUB_EVENT_PATH');
  if (eventName === '' || eventPath === '')
    throw new EventError(
      'GITHUB_EVENT_NAME and GITHUB_EVENT_PATH are not set: ReadyGate runs as a step of a GitHub Actions workflow.',
    );
  let payload: unknown;
  try {
    // Sync: nothing else is waiting on this thread, and node:fs/promises costs a millisecond to load.
    payload = JSON.parse(readFileSync(eventPath, 'utf8'));
  } catch {
    throw new EventError(`The event payload at GITHUB_EVENT_PATH could not be read as JSON.`);
  }
  const target = readEvent(eventName, payload);
  mark('event');
  if (target.kind === 'skip') {
    runner.notice(`ReadyGate: ${target.reason}`);
    return { result: null, env };
  }
  if (config.jiraToken === '') {
    if (eventName === 'pull_request' && target.kind === 'pull-request' && target.pull && isFork(target.pull))
      throw new EventError(FORK_MESSAGE);
    throw new EventError(
      'Input jira-token is empty: pass the Jira API token from a secret, e.g. jira-token: ${{ secrets.JIRA_TOKEN }}.',
    );
  }
  if (repository === '')
    throw new EventError(
      'GITHUB_REPOSITORY is not set: ReadyGate runs as a step of a GitHub Actions workflow.',
    );
  if (config.githubToken === '')
    throw new EventError(
      'Input github-token is empty: leave it at its default (${{ github.token }}) or pass a token.',
    );
  const result =
    target.kind === 'merge-group' ? await checkMergeGroup(env, target) : await checkPullRequest(env, target);
  return { result, env };
}

/** Runs the action once. Sets `process.exitCode` to 1 when the gate fails or the check cannot finish. */
export async function run(runner: Runner = new Runner(), primed: Primed = new Primed()): Promise<void> {
  try {
    const config = readInputs(runner);
    mark('inputs');
    const { result, env } = await check(runner, config, primed);
    mark('checked');
    if (result !== null) {
      runner.setOutput('verdict', result.pass ? 'pass' : 'fail');
      runner.setOutput('stories', JSON.stringify(result.stories));
      runner.setOutput('report', result.report);
      runner.appendSummary(result.report);
      if (result.failure !== null) runner.setFailed(result.failure);
      else runner.info(`ReadyGate: ${result.pass ? 'pass' : 'fail'}`);
      const jira = jiraClient?.stats.requests ?? 0;
      mark('reported');
      if (runner.env('READYGATE_TIMING') === '1') {
        process.stderr.write(
          `${JSON.stringify({ marks: Object.fromEntries(marks.map(([k, v]) => [k, Math.round(v * 10) / 10])), github: env.github.requests, jira })}\n`,
        );
      }
    }
  } catch (e) {
    if (e instanceof PolicyError && e.problems.length > 0) {
      runner.appendSummary(
        [
          '### ❌ ReadyGate: the policy is not valid',
          '',
          ...e.problems.map((p) => `- \`${p.path || '(root)'}\`: ${p.message}`),
          '',
        ].join('\n'),
      );
    }
    const message = messageOf(e);
    // Steps that read the outputs see a failed check, not an empty verdict.
    runner.setOutput('verdict', 'fail');
    runner.setOutput('stories', '[]');
    runner.setOutput('report', message);
    runner.setFailed(message);
  }
  if (runner.hasFailed) process.exitCode = 1;
}
