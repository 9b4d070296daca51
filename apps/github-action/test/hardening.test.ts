// The PR gate tried as an attacker and as a faulty network would: each case once passed a story it should
// fail, hung, or leaked a credential. Every run is the built bundle, as the runner runs it.
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JIRA_EMAIL, JIRA_TOKEN, STORIES } from './jira-fixture.js';
import { mergeGroupEvent, nextSha, prCommentEvent, pull, pullRequestEvent } from './payloads.js';
import { workspaceWith } from './run-action.js';
import { useHarness } from './harness.js';
import { startProxy, type Proxy } from './proxy.js';

const h = useHarness();
const { checkPr, inputs, expectNoLeak, statusesOf } = h;

describe('false passes', () => {
  it('does not count an issue of a type the merge gate does not judge as the PR’s story', async () => {
    const run = await checkPr({ branch: 'x', title: `${STORIES.retyped}: enrol newborns` });
    expect(run.code).toBe(1);
    expect(run.outputs['verdict']).toBe('fail');
    expect(run.stories).toEqual([{ key: STORIES.retyped, outcome: 'not-judged', failed: [], warnings: [] }]);
    expect(run.errors).toEqual([
      `No linked story the merge gate judges (${STORIES.retyped} is a Task, which the merge gate does not judge): Dev, link the Jira story (e.g. ENR-123) in the PR title or branch name; to gate other issue types, a Jira admin adds them to the merge gate in the ReadyGate project settings.`,
    ]);
    expect(statusesOf(run.sha).map((s) => s.state)).toEqual(['failure']);
  });

  it('still judges the story when a Task is linked beside it', async () => {
    const run = await checkPr({ branch: 'x', title: `${STORIES.retyped} ${STORIES.noEvidence}` });
    expect(run.code).toBe(1);
    expect(run.stories.map((s) => [s.key, s.outcome])).toEqual([
      [STORIES.retyped, 'not-judged'],
      [STORIES.noEvidence, 'fail'],
    ]);
  });

  it('judges each story by its own project’s signed policy, in one round trip', async () => {
    // OPS signs a lax merge gate; ENR keeps the default, which asks for QA evidence.
    await h.jira.setPolicy(
      { version: 1, gates: { merge: { issueTypes: ['Story'], rules: [{ id: 'record.trusted' }] } } },
      { id: '10001', key: 'OPS' },
    );
    try {
      const before = h.jira.fake.requests.length;
      const run = await checkPr(
        { branch: 'x', title: `${STORIES.otherProject} ${STORIES.noEvidence}` },
        { inputs: { 'project-keys': 'OPS,ENR' } },
      );
      expect(run.code).toBe(1);
      expect(run.stories.map((s) => [s.key, s.outcome, s.failed])).toEqual([
        [STORIES.otherProject, 'pass', []],
        [STORIES.noEvidence, 'fail', ['qa.evidence']],
      ]);
      expect(run.summary).toContain('signed policy of project OPS');
      const sent = h.jira.fake.requests.slice(before).map((r) => `${r.method} ${r.path}`);
      expect(sent.sort()).toEqual([
        'GET /rest/api/3/project/ENR/properties/readygate.policy',
        'GET /rest/api/3/project/OPS/properties/readygate.policy',
        'POST /rest/api/3/search/jql',
      ]);
    } finally {
      await h.jira.admin.deleteProjectProperty('OPS', 'readygate.policy');
    }
  });

  it('fails when the project’s signed policy was edited, rather than judge by a weaker default', async () => {
    // ENR signs a policy stricter than the default (the PO must also accept the story before merge)…
    const strict = {
      version: 1,
      gates: {
        merge: {
          issueTypes: ['Story'],
          rules: [{ id: 'ac.approved' }, { id: 'qa.evidence' }, { id: 'story.accepted' }],
        },
      },
    };
    await h.jira.setPolicy(strict);
    try {
      const title = `${STORIES.ready} x`;
      expect((await checkPr({ branch: 'x', title })).stories[0]?.failed).toEqual(['story.accepted']);
      // …then someone who may edit the project changes one field of the signed property.
      const env = (await h.jira.admin.getProjectProperty('ENR', 'readygate.policy')) as Record<
        string,
        unknown
      >;
      await h.jira.admin.setProjectProperty('ENR', 'readygate.policy', {
        ...env,
        payload: { ...strict, gates: { merge: { issueTypes: ['Story'], rules: [{ id: 'ac.approved' }] } } },
      });
      const run = await checkPr({ branch: 'x', title });
      expect(run.code).toBe(1);
      expect(run.outputs['verdict']).toBe('fail');
      expect(run.errors).toEqual([
        'The policy of project ENR does not verify (edited or copied outside ReadyGate), so ReadyGate will not judge by it or by a weaker default: a Jira admin saves the policy again in the ReadyGate project settings.',
      ]);
    } finally {
      await h.jira.admin.deleteProjectProperty('ENR', 'readygate.policy');
    }
  });

  it('fails closed when a PR links more keys than it judges', async () => {
    const keys = Array.from({ length: 101 }, (_, i) => `ENR-${i + 1}`).join(' ');
    const run = await checkPr({ branch: 'x', title: 'Many', body: keys });
    expect(run.code).toBe(1);
    expect(run.outputs['verdict']).toBe('fail');
    expect(run.errors).toEqual([
      'ReadyGate found more than 100 story keys and does not judge a subset: Dev, link fewer stories (split the pull request).',
    ]);
  });

  it('fails closed when a commit message is longer than it reads', async () => {
    const run = await checkPr({
      branch: `${STORIES.ready}-x`,
      title: 'Enrol',
      commits: [`${'word '.repeat(14_000)}${STORIES.noEvidence}`],
    });
    expect(run.code).toBe(1);
    expect(run.errors[0]).toMatch(
      /^The commit [0-9a-f]{7} is 70005 characters long and ReadyGate reads 65536, so a story key past that could go unseen: Dev, shorten it/,
    );
  });
});

describe('Jira answers that are not what was asked', () => {
  const SEARCH = '/rest/api/3/search/jql';
  const viaProxy = async <T>(intercept: Proxy['intercept'], body: (p: Proxy) => Promise<T>): Promise<T> => {
    const proxy = await startProxy(h.jira.fake.url);
    proxy.intercept = intercept;
    try {
      return await body(proxy);
    } finally {
      await proxy.close();
    }
  };

  it('does not fall back to the default policy when the policy read is a 404 that is not Jira’s', async () => {
    // Only Jira's own "property does not exist" means "no policy": a proxy's 404 must not stand for it.
    const run = await viaProxy(
      (req) =>
        req.path.endsWith('/properties/readygate.policy')
          ? { status: 404, body: '<html><body>Not Found</body></html>', type: 'text/html' }
          : undefined,
      (proxy) => checkPr({ branch: 'x', title: `${STORIES.ready} x` }, { inputs: { 'jira-url': proxy.url } }),
    );
    expect(run.code).toBe(1);
    expect(run.outputs['verdict']).toBe('fail');
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(
      /with 404 but without Jira’s error body, so something other than Jira answered/,
    );
    expect(run.errors[0]).not.toMatch(/built-in default/);
  });

  it('does not take a policy read answered 200 without a value as "no policy"', async () => {
    const run = await viaProxy(
      (req) =>
        req.path.endsWith('/properties/readygate.policy')
          ? { status: 200, body: JSON.stringify({ key: 'readygate.policy', value: null }) }
          : undefined,
      (proxy) => checkPr({ branch: 'x', title: `${STORIES.ready} x` }, { inputs: { 'jira-url': proxy.url } }),
    );
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/not as expected|no value/);
  });

  it('fails when a search answers 200 {}', async () => {
    const run = await viaProxy(
      (req) => (req.path.startsWith(SEARCH) ? { status: 200, body: '{}' } : undefined),
      (proxy) => checkPr({ branch: 'x', title: `${STORIES.ready} x` }, { inputs: { 'jira-url': proxy.url } }),
    );
    expect(run.code).toBe(1);
    expect(run.outputs['verdict']).toBe('fail');
    expect(run.errors).toHaveLength(1);
  });

  it('judges only the keys asked for: another issue in the answer does not stand in for the story', async () => {
    const run = await viaProxy(
      (req) =>
        req.path.startsWith(SEARCH)
          ? {
              reshape: (up) => {
                const json = JSON.parse(up.body) as { issues: { id: string; key: string }[] };
                // The ready story ENR-1 answered in place of ENR-4.
                for (const issue of json.issues) Object.assign(issue, { key: STORIES.ready, id: '30001' });
                return { status: 200, body: JSON.stringify(json) };
              },
            }
          : undefined,
      (proxy) =>
        checkPr({ branch: 'x', title: `${STORIES.noEvidence} x` }, { inputs: { 'jira-url': proxy.url } }),
    );
    expect(run.code).toBe(1);
    expect(run.stories).toEqual([
      { key: STORIES.noEvidence, outcome: 'missing', failed: ['story.exists'], warnings: [] },
    ]);
    expect(run.errors[0]).toContain(`${STORIES.noEvidence}: not found or not visible to the token`);
  });

  it('ends with one line when Jira pages forever', async () => {
    // Every page holds one of the two issues asked for and promises another page.
    let page = 0;
    let first: unknown;
    const pageOf = () => JSON.stringify({ issues: [first], isLast: false, nextPageToken: `page-${++page}` });
    const run = await viaProxy(
      (req) => {
        if (!req.path.startsWith(SEARCH)) return undefined;
        if (first !== undefined) return { status: 200, body: pageOf() };
        return {
          reshape: (up) => {
            first = (JSON.parse(up.body) as { issues: unknown[] }).issues[0];
            return { status: 200, body: pageOf() };
          },
        };
      },
      (proxy) =>
        checkPr(
          { branch: 'x', title: `${STORIES.ready} ${STORIES.ready2}` },
          { inputs: { 'jira-url': proxy.url } },
        ),
    );
    expect(run.code).toBe(1);
    expect(run.outputs['verdict']).toBe('fail');
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/pag/i);
    expect(page).toBeLessThanOrEqual(3);
  });

  it('ends within its deadline when Jira’s answer drips in slowly', async () => {
    const started = Date.now();
    const run = await viaProxy(
      (req) => (req.path.startsWith(SEARCH) ? { drip: { everyMs: 400, bytes: 16 } } : undefined),
      (proxy) =>
        checkPr(
          { branch: 'x', title: `${STORIES.ready} x` },
          { inputs: { 'jira-url': proxy.url, 'timeout-seconds': '10' } },
        ),
    );
    expect(run.code).toBe(1);
    expect(run.outputs['verdict']).toBe('fail');
    expect(run.errors).toEqual([
      "ReadyGate stopped after 5 s: Jira or GitHub did not answer in time. Dev: re-run the job; if it keeps happening, check Jira's and GitHub's status pages or raise timeout-seconds.",
    ]);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('hangs', () => {
  it('ends with a verdict and one line when the GitHub API never answers', async () => {
    h.gh.state.hang.push(/\/commits$/);
    const started = Date.now();
    const run = await checkPr(
      { branch: 'x', title: `${STORIES.ready} x` },
      { inputs: { 'timeout-seconds': '10' } },
    );
    expect(run.code).toBe(1);
    expect(run.outputs['verdict']).toBe('fail');
    expect(run.errors).toEqual([
      "ReadyGate stopped after 5 s: Jira or GitHub did not answer in time. Dev: re-run the job; if it keeps happening, check Jira's and GitHub's status pages or raise timeout-seconds.",
    ]);
    // The run ends within its own limit, not the test's.
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('leaks and unsafe input', () => {
  it('masks a Jira error that echoes the Authorization header', async () => {
    const echo = await startProxy(h.jira.fake.url);
    echo.intercept = ({ headers }) => ({
      status: 400,
      body: JSON.stringify({ errorMessages: [`Bad request with ${String(headers.authorization)}`] }),
    });
    try {
      const run = await checkPr(
        { branch: 'x', title: `${STORIES.ready} x` },
        { inputs: { 'jira-url': echo.url } },
      );
      const b64 = Buffer.from(`${JIRA_EMAIL}:${JIRA_TOKEN}`).toString('base64');
      h.expectNoLeak(run, [b64]);
      expect(run.code).toBe(1);
      expect(run.errors).toHaveLength(1);
    } finally {
      await echo.close();
    }
  });

  it('refuses a jira-url over plain http, which would send the credentials in clear', async () => {
    const run = await checkPr(
      { branch: 'x', title: `${STORIES.ready} x` },
      { inputs: { 'jira-url': 'http://acme.atlassian.net' } },
    );
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/jira-url/);
    expect(run.errors[0]).toMatch(/https:\/\//);
  });

  it('says a jira-url with a path is wrong, instead of "the issue does not exist"', async () => {
    const run = await checkPr(
      { branch: 'x', title: `${STORIES.ready} x` },
      { inputs: { 'jira-url': `${h.jira.fake.url}/jira/software/projects/ENR` } },
    );
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/jira-url/);
    expect(run.errors[0]).not.toMatch(/does not exist/);
  });

  it('refuses a policy path that links outside the workspace, and never echoes the file', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'readygate-outside-'));
    await writeFile(join(outside, 'secret.json'), '{"not json: super-secret-ssh-key-material');
    const ws = await workspaceWith({});
    await mkdir(join(ws, '.github'));
    await symlink(join(outside, 'secret.json'), join(ws, '.github', 'readygate.json'));
    await writeFile(join(ws, 'broken.json'), '{"version": 1, oops-secret-material}');
    // A name that merely starts with two dots is inside the repository.
    await writeFile(join(ws, '..readygate.json'), '{"version": 1, "nope": true}');
    for (const [policy, expected] of [
      ['.github/readygate.json', /points outside the repository/],
      ['..readygate.json', /^Policy file \.\.readygate\.json is not a valid ReadyGate policy/],
      [
        'broken.json',
        /^Policy file broken.json is not valid JSON \(line 1, column \d+\): Dev, fix the syntax/,
      ],
    ] as const) {
      const number = h.nextPr();
      h.gh.state.pulls.set(number, pull({ number, branch: 'x', title: `${STORIES.ready} x` }));
      const run = await h.run({
        event: 'pull_request',
        payload: pullRequestEvent(h.gh.state.pulls.get(number)!),
        inputs: inputs({ policy }),
        env: { GITHUB_API_URL: h.gh.url, GITHUB_WORKSPACE: ws },
      });
      expectNoLeak(run, ['super-secret-ssh-key-material', 'oops-secret-material']);
      expect(run.code).toBe(1);
      expect(run.errors).toHaveLength(1);
      expect(run.errors[0]).toMatch(expected);
    }
  });

  it('ends in one line when GITHUB_OUTPUT cannot be written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'readygate-ro-'));
    const number = h.nextPr();
    h.gh.state.pulls.set(number, pull({ number, branch: 'x', title: `${STORIES.ready} x` }));
    const run = await h.run({
      event: 'pull_request',
      payload: pullRequestEvent(h.gh.state.pulls.get(number)!),
      inputs: inputs(),
      // A directory, which no one can append to, root included.
      env: { GITHUB_API_URL: h.gh.url, GITHUB_OUTPUT: dir },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.errors).toEqual([
      'ReadyGate could not write the step outputs to the file GITHUB_OUTPUT names (EISDIR): Dev, the runner should provide a writable GITHUB_OUTPUT; do not override it in the workflow.',
    ]);
  });

  it('sets verdict "skipped" for a closed PR and for a comment that is not a re-check', async () => {
    const closed = pull({ number: h.nextPr(), branch: 'x', title: `${STORIES.noEvidence} x` });
    const runs = await Promise.all([
      h.run({
        event: 'pull_request',
        payload: { ...pullRequestEvent(closed), action: 'closed' },
        inputs: inputs(),
        env: { GITHUB_API_URL: h.gh.url },
      }),
      h.run({
        event: 'issue_comment',
        payload: prCommentEvent(closed.number, 'LGTM'),
        inputs: inputs(),
        env: { GITHUB_API_URL: h.gh.url },
      }),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.outputs['verdict']).toBe('skipped');
      expect(run.outputs['stories']).toBe('[]');
    }
    expect(h.gh.requests).toEqual([]);
  });
});

describe('merge queue', () => {
  it('fails closed on a commit no named pull request accounts for (the rebase method names only the last PR)', async () => {
    const a = pull({ number: h.nextPr(), branch: 'a', title: `${STORIES.noEvidence} enrol` });
    const b = pull({ number: h.nextPr(), branch: `${STORIES.ready}-b`, title: 'B' });
    for (const p of [a, b]) h.gh.state.pulls.set(p.number, p);
    const aCommits = [{ sha: nextSha(), message: 'Wire the form' }];
    const bCommits = [{ sha: nextSha(), message: 'Tidy the page' }];
    h.gh.state.commits.set(a.number, aCommits);
    h.gh.state.commits.set(b.number, bCommits);
    const baseSha = nextSha();
    const headSha = nextSha();
    // Rebased: new SHAs, no "(#N)" and no merge commits; the queue's ref names B only.
    h.gh.state.compare.set(`${baseSha}...${headSha}`, [
      { sha: nextSha(), message: 'Wire the form' },
      { sha: headSha, message: 'Tidy the page' },
    ]);
    const run = await h.run({
      event: 'merge_group',
      payload: mergeGroupEvent({ headSha, baseSha, pr: b.number, message: 'Tidy the page' }),
      inputs: inputs(),
      env: { GITHUB_API_URL: h.gh.url },
    });
    expectNoLeak(run);
    expect(run.code).toBe(1);
    expect(run.errors[0]).toMatch(
      /^Commit [0-9a-f]{7} of the merge group belongs to no pull request the group names, .*Dev, use the squash or merge method/,
    );
  });

  it('fails closed when the comparison is longer than it reads', async () => {
    const baseSha = nextSha();
    const headSha = nextSha();
    h.gh.state.compare.set(
      `${baseSha}...${headSha}`,
      Array.from({ length: 1000 }, (_, i) => ({
        sha: i === 999 ? headSha : nextSha(),
        message: `step ${i}`,
      })),
    );
    const run = await h.run({
      event: 'merge_group',
      payload: mergeGroupEvent({ headSha, baseSha, pr: h.nextPr(), message: 'last' }),
      inputs: inputs(),
      env: { GITHUB_API_URL: h.gh.url },
    });
    expect(run.code).toBe(1);
    expect(run.errors[0]).toMatch(/^The merge group has 1000 or more commits/);
  });
});
