// The servers and helpers every end-to-end test of the built action shares: a fake Jira with signed
// records, a fake GitHub, and a PR check run as the runner runs it, with a leak check on every run.
import { afterAll, beforeAll, beforeEach, expect, inject } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { JIRA_EMAIL, JIRA_TOKEN, startJira, type JiraFixture } from './jira-fixture.js';
import { nextSha, pull, pullRequestEvent, REPO, type PullSpec } from './payloads.js';
import { runAction, type ActionRun, type RunOptions } from './run-action.js';

export const GH_TOKEN = 'ghs_fakeGitHubToken4Tests0123456789';

export interface PrRun extends ActionRun {
  readonly sha: string;
  readonly number: number;
  readonly stories: { key: string; outcome: string; failed: string[] }[];
}

/** The servers of one test file, started before its tests and stopped after them. */
export interface Harness {
  readonly jira: JiraFixture;
  readonly gh: FakeGitHub;
  /** Runs the bundle of the current sources (built once by global-setup.ts). */
  run: (options: Omit<RunOptions, 'bundle'>) => Promise<ActionRun>;
  /** A fresh pull request number. */
  nextPr: () => number;
  inputs: (extra?: Record<string, string>) => Record<string, string>;
  /** No secret in anything the run left behind (the `::add-mask::` line is how the runner learns it). */
  expectNoLeak: (run: ActionRun, secrets?: readonly string[]) => void;
  checkPr: (
    spec: Omit<PullSpec, 'number'> & { number?: number; commits?: string[] },
    opts?: { event?: string; inputs?: Record<string, string>; action?: 'opened' | 'edited' | 'synchronize' },
  ) => Promise<PrRun>;
  statusesOf: (sha: string) => FakeGitHub['state']['statuses'];
  commentsOf: (n: number) => FakeGitHub['state']['comments'];
}

/** Registers the servers' lifecycle in the calling test file. */
export function useHarness(): Harness {
  let jira: JiraFixture | undefined;
  let gh: FakeGitHub | undefined;
  let prNumber = 100;

  beforeAll(async () => {
    [jira, gh] = await Promise.all([startJira(), startFakeGitHub({ token: GH_TOKEN, repository: REPO })]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([jira?.stop(), gh?.stop()]);
  });

  beforeEach(() => {
    gh?.reset();
    jira?.fake.faults.clear();
  });

  const h: Harness = {
    get jira() {
      if (!jira) throw new Error('the harness has not started');
      return jira;
    },
    get gh() {
      if (!gh) throw new Error('the harness has not started');
      return gh;
    },
    run: (options) => runAction({ bundle: inject('actionBundle'), ...options }),
    nextPr: () => ++prNumber,
    inputs: (extra = {}) => ({
      'jira-url': h.jira.fake.url,
      'jira-email': JIRA_EMAIL,
      'jira-token': JIRA_TOKEN,
      'public-key': h.jira.keys.publicKey.text,
      'project-keys': 'ENR',
      'github-token': GH_TOKEN,
      ...extra,
    }),
    expectNoLeak: (run, secrets = []) => {
      const visible = [
        run.stdout
          .split('\n')
          .filter((l) => !l.startsWith('::add-mask::'))
          .join('\n'),
        run.stderr,
        run.summary,
        JSON.stringify(run.outputs),
        ...h.gh.state.comments.map((c) => c.body),
        ...h.gh.state.statuses.map((s) => s.description),
      ].join('\n');
      for (const secret of [JIRA_TOKEN, GH_TOKEN, ...secrets]) expect(visible).not.toContain(secret);
      // Every body the action sent to GitHub, including comments it later overwrote.
      for (const r of h.gh.requests)
        for (const secret of [JIRA_TOKEN, ...secrets])
          expect(JSON.stringify(r.body ?? null)).not.toContain(secret);
      expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/);
    },
    checkPr: async (spec, opts = {}) => {
      const number = spec.number ?? ++prNumber;
      const pr = pull({ ...spec, number });
      h.gh.state.pulls.set(number, pr);
      h.gh.state.commits.set(
        number,
        (spec.commits ?? ['Initial work']).map((message) => ({ sha: nextSha(), message })),
      );
      const run = await h.run({
        event: opts.event ?? 'pull_request',
        payload: pullRequestEvent(pr, opts.action),
        inputs: h.inputs(opts.inputs),
        env: { GITHUB_API_URL: h.gh.url },
      });
      h.expectNoLeak(
        run,
        [opts.inputs?.['jira-token'] ?? ''].filter((t) => t.length >= 8),
      );
      return {
        ...run,
        sha: pr.head.sha,
        number,
        stories: run.outputs['stories'] ? JSON.parse(run.outputs['stories']) : [],
      };
    },
    statusesOf: (sha) => h.gh.state.statuses.filter((s) => s.sha === sha),
    commentsOf: (n) => h.gh.state.comments.filter((c) => c.issue === n),
  };
  return h;
}
