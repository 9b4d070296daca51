import { generateKeyPair } from '@readygate/rules';
import { describe, expect, it } from 'vitest';
import { STORIES, VERSIONS } from './jira-fixture.js';
import {
  mergeGroupEvent,
  nextSha,
  prCommentEvent,
  pull,
  pullRequestEvent,
  repositoryDispatchEvent,
  workflowDispatchEvent,
} from './payloads.js';
import { workspaceWith } from './run-action.js';
import { useHarness } from './harness.js';
import { startProxy } from './proxy.js';

const h = useHarness();
const { checkPr, inputs, expectNoLeak, statusesOf, commentsOf } = h;

describe('pull-request gate', () => {
  it('passes a ready story, sets a success status and posts no comment', async () => {
    const run = await checkPr({
      branch: `feature/${STORIES.ready.toLowerCase()}-add-newborn`,
      title: 'Add newborns',
    });
    expect(run.code).toBe(0);
    expect(run.outputs['verdict']).toBe('pass');
    expect(run.stories).toEqual([{ key: STORIES.ready, outcome: 'pass', failed: [], warnings: [] }]);
    expect(run.summary).toContain('AC approved by Priya Okafor on 2026-11-20');
    expect(run.summary).toContain('https://ci.example.com/runs/ENR-1');
    expect(statusesOf(run.sha).map((s) => [s.context, s.state])).toEqual([['readygate', 'success']]);
    expect(commentsOf(run.number)).toEqual([]);
  });

  it.each([
    ['AC missing', STORIES.acMissing, 'ac.approved', /BA/],
    [
      'AC changed after approval',
      STORIES.acChanged,
      'ac.approved',
      /AC changed after PO approval on 2026-11-20/,
    ],
    ['no QA evidence', STORIES.noEvidence, 'qa.evidence', /QA/],
    ['failing evidence', STORIES.failingEvidence, 'qa.evidence', /fail/i],
    ['tampered property', STORIES.tampered, 'record.trusted', /edited outside ReadyGate/],
    ['record copied from another issue', STORIES.copied, 'record.trusted', /copied here/],
  ])('fails a story with %s and says who fixes it', async (_what, key, rule, text) => {
    const run = await checkPr({ branch: 'feature/work', title: `${key}: the change` });
    expect(run.code).toBe(1);
    expect(run.outputs['verdict']).toBe('fail');
    expect(run.stories[0]).toMatchObject({ key, outcome: 'fail' });
    expect(run.stories[0]?.failed).toContain(rule);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain(key);
    const comments = commentsOf(run.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body.startsWith('<!-- readygate -->')).toBe(true);
    expect(comments[0]?.body).toMatch(text);
    expect(comments[0]?.body).toContain(`\`${rule}\``);
    expect(statusesOf(run.sha).map((s) => s.state)).toEqual(['failure']);
  });

  it('checks every linked story: two keys, one unready', async () => {
    const run = await checkPr({
      branch: `${STORIES.ready}-enrol`,
      title: 'Enrol newborns',
      commits: [`${STORIES.noEvidence} wire the form`, 'tidy'],
    });
    expect(run.code).toBe(1);
    expect(run.stories.map((s) => [s.key, s.outcome])).toEqual([
      [STORIES.ready, 'pass'],
      [STORIES.noEvidence, 'fail'],
    ]);
    expect(statusesOf(run.sha)[0]?.description).toContain(`${STORIES.noEvidence} (qa.evidence)`);
  });

  it('fails a PR without a story key and lists the places searched', async () => {
    const before = h.jira.fake.requests.length;
    const run = await checkPr({
      branch: 'tidy-up',
      title: 'Tidy up',
      body: 'Small things.',
      commits: ['one', 'two'],
    });
    expect(run.code).toBe(1);
    expect(run.errors[0]).toBe(
      'No story key found in the branch name, PR title, PR description and 2 commit messages: Dev, put the Jira key (e.g. ENR-123) in the PR title or branch name.',
    );
    expect(commentsOf(run.number)[0]?.body).toContain('no story key found');
    expect(h.jira.fake.requests.slice(before).filter((r) => r.path.includes('/search'))).toEqual([]);
  });

  it('finds no key in a date-named branch, even without project-keys', async () => {
    const before = h.jira.fake.requests.length;
    const run = await checkPr(
      { branch: '2023-04-11-245a825', title: 'Nightly fixes' },
      { inputs: { 'project-keys': '' } },
    );
    expect(run.code).toBe(1);
    expect(run.errors[0]).toMatch(
      /^No story key found in the branch name, PR title, PR description and 1 commit message: .*set project-keys/,
    );
    expect(h.jira.fake.requests.slice(before).filter((r) => r.path.includes('/search'))).toEqual([]);
  });

  it('passes a PR without a key when require-story is false', async () => {
    const run = await checkPr({ branch: 'docs', title: 'Docs' }, { inputs: { 'require-story': 'false' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('::notice::No story key found');
  });

  it('handles edited and pull_request_target the same way', async () => {
    const edited = await checkPr({ branch: 'x', title: `${STORIES.ready} add` }, { action: 'edited' });
    const target = await checkPr(
      { branch: 'x', title: `${STORIES.ready} add` },
      { event: 'pull_request_target' },
    );
    for (const run of [edited, target]) {
      expect(run.code).toBe(0);
      expect(run.outputs['verdict']).toBe('pass');
      expect(run.stories).toEqual([{ key: STORIES.ready, outcome: 'pass', failed: [], warnings: [] }]);
      expect(statusesOf(run.sha).map((s) => [s.context, s.state])).toEqual([['readygate', 'success']]);
    }
  });

  it('posts no comment when comment is false, even for a failing story', async () => {
    const run = await checkPr(
      { branch: 'x', title: `${STORIES.noEvidence} enrol` },
      { inputs: { comment: 'false' } },
    );
    expect(run.code).toBe(1);
    expect(commentsOf(run.number)).toEqual([]);
    expect(h.gh.requests.some((r) => r.path.includes('/comments'))).toBe(false);
    expect(statusesOf(run.sha).map((s) => s.state)).toEqual(['failure']);
  });

  it('never takes over a person’s comment that copies the marker', async () => {
    const number = h.nextPr();
    const forged = {
      id: 990001,
      issue: number,
      body: '<!-- readygate -->\n✅ Merge gate passed',
      user: { login: 'mallory', type: 'User' },
    };
    h.gh.state.comments.push({ ...forged });
    const run = await checkPr({ number, branch: 'x', title: `${STORIES.noEvidence} enrol` });
    expect(run.code).toBe(1);
    const comments = commentsOf(number);
    expect(comments.find((c) => c.id === forged.id)).toEqual(forged);
    expect(comments.filter((c) => c.user.type === 'Bot').map((c) => c.body)).toEqual([
      expect.stringContaining('qa.evidence'),
    ]);
  });

  it('updates one sticky comment in place and marks it resolved when the gate passes', async () => {
    const number = h.nextPr();
    const first = await checkPr({ number, branch: 'x', title: `${STORIES.acChanged} enrol` }, {});
    const again = await checkPr(
      { number, branch: 'x', title: `${STORIES.acChanged} enrol` },
      { action: 'synchronize' },
    );
    expect([first.code, again.code]).toEqual([1, 1]);
    expect(commentsOf(number)).toHaveLength(1);
    const fixed = await checkPr(
      { number, branch: 'x', title: `${STORIES.ready} enrol` },
      { action: 'edited' },
    );
    expect(fixed.code).toBe(0);
    const comments = commentsOf(number);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('Merge gate passed');
  });

  it('stays within 4 GitHub requests for a PR check', async () => {
    await checkPr({ branch: 'x', title: `${STORIES.ready} ${STORIES.ready2} ${STORIES.ready3}` });
    expect(h.gh.requests.length).toBeLessThanOrEqual(4);
  });

  it('sends one Jira search and one policy read for a PR check', async () => {
    const before = h.jira.fake.requests.length;
    await checkPr({ branch: 'x', title: `${STORIES.ready} ${STORIES.ready2} ${STORIES.ready3}` });
    const sent = h.jira.fake.requests.slice(before).map((r) => `${r.method} ${r.path}`);
    expect(sent.sort()).toEqual([
      'GET /rest/api/3/project/ENR/properties/readygate.policy',
      'POST /rest/api/3/search/jql',
    ]);
  });

  it('takes a second search for keys only commit messages name, without reading the policy again', async () => {
    const before = h.jira.fake.requests.length;
    const run = await checkPr({
      branch: 'x',
      title: `${STORIES.ready} enrol`,
      commits: [`${STORIES.noEvidence} wire the form`],
    });
    expect(run.stories.map((s) => s.key)).toEqual([STORIES.ready, STORIES.noEvidence]);
    const sent = h.jira.fake.requests.slice(before).map((r) => `${r.method} ${r.path}`);
    expect(sent.sort()).toEqual([
      'GET /rest/api/3/project/ENR/properties/readygate.policy',
      'POST /rest/api/3/search/jql',
      'POST /rest/api/3/search/jql',
    ]);
  });

  it('says how to run on a fork PR that gets no secrets', async () => {
    const run = await checkPr(
      { branch: 'x', title: `${STORIES.ready} x`, fork: 'someone/enrollment' },
      { inputs: { 'jira-token': '' } },
    );
    expect(run.code).toBe(1);
    expect(run.errors[0]).toMatch(/comes from a fork.*no secrets.*pull_request_target/);
  });

  it('reports a malformed policy file with the path and the fix', async () => {
    const ws = await workspaceWith({
      'readygate.yml':
        'version: 1\ngates:\n  merge:\n    issueTypes: [Story]\n    rules:\n      - id: ac.aproved\n',
    });
    const number = h.nextPr();
    h.gh.state.pulls.set(number, pull({ number, branch: 'x', title: `${STORIES.ready} x` }));
    const run = await h.run({
      event: 'pull_request',
      payload: pullRequestEvent(h.gh.state.pulls.get(number)!),
      inputs: inputs({ policy: 'readygate.yml' }),
      env: { GITHUB_API_URL: h.gh.url, GITHUB_WORKSPACE: ws },
    });
    expectNoLeak(run);
    expect(run.code).toBe(1);
    expect(run.errors[0]).toMatch(
      /Policy file readygate.yml is not a valid ReadyGate policy: gates.merge.rules\[0\].id: unknown rule 'ac.aproved' — did you mean 'ac.approved'\?/,
    );
    expect(run.summary).toContain('gates.merge.rules[0].id');
  });

  it('uses the project policy signed by the app', async () => {
    // A policy whose merge gate only requires trusted records lets a story without evidence pass.
    await h.jira.setPolicy({
      version: 1,
      gates: { merge: { issueTypes: ['Story'], rules: [{ id: 'record.trusted' }] } },
    });
    try {
      const run = await checkPr({ branch: 'x', title: `${STORIES.noEvidence} x` });
      expect(run.code).toBe(0);
      expect(run.summary).toContain('signed policy of project ENR');
    } finally {
      await h.jira.admin.deleteProjectProperty('ENR', 'readygate.policy');
    }
  });
});

describe('re-checks', () => {
  it('re-checks on "/readygate recheck" and updates the same commit status', async () => {
    const first = await checkPr({ branch: 'x', title: `${STORIES.ready3} enrol` });
    expect(first.code).toBe(0);
    // A Jira change: ENR-9 loses its evidence.
    await h.jira.setRecords(STORIES.ready3, (s) => h.jira.records(s, { evidence: 'none' }));
    try {
      const run = await h.run({
        event: 'issue_comment',
        payload: prCommentEvent(first.number, '/readygate recheck'),
        inputs: inputs(),
        env: { GITHUB_API_URL: h.gh.url },
      });
      expectNoLeak(run);
      expect(run.code).toBe(1);
      expect(statusesOf(first.sha).map((s) => s.state)).toEqual(['success', 'pending', 'failure']);
      expect(commentsOf(first.number)).toHaveLength(1);
    } finally {
      await h.jira.setRecords(STORIES.ready3, (s) => h.jira.records(s));
    }
  });

  it('ignores comments that are not the command', async () => {
    const run = await h.run({
      event: 'issue_comment',
      payload: prCommentEvent(1, 'LGTM'),
      inputs: inputs(),
      env: { GITHUB_API_URL: h.gh.url },
    });
    expect(run.code).toBe(0);
    expect(h.gh.requests).toEqual([]);
  });

  it.each([
    ['workflow_dispatch', workflowDispatchEvent],
    ['repository_dispatch', repositoryDispatchEvent],
  ] as const)('re-checks from %s', async (event, payload) => {
    const number = h.nextPr();
    const pr = pull({ number, branch: 'x', title: `${STORIES.ready} x` });
    h.gh.state.pulls.set(number, pr);
    const run = await h.run({
      event,
      payload: payload(number),
      inputs: inputs(),
      env: { GITHUB_API_URL: h.gh.url },
    });
    expectNoLeak(run);
    expect(run.code).toBe(0);
    expect(statusesOf(pr.head.sha).map((s) => s.state)).toEqual(['pending', 'success']);
  });
});

describe('merge queue', () => {
  it('checks the stories of every PR in the group and sets the status on the group head', async () => {
    const a = pull({ number: h.nextPr(), branch: `${STORIES.ready}-a`, title: 'A' });
    const b = pull({ number: h.nextPr(), branch: 'b', title: `${STORIES.noEvidence} B` });
    h.gh.state.pulls.set(a.number, a);
    h.gh.state.pulls.set(b.number, b);
    const baseSha = nextSha();
    const headSha = nextSha();
    h.gh.state.compare.set(`${baseSha}...${headSha}`, [
      { sha: nextSha(), message: `A (#${a.number})` },
      { sha: headSha, message: `B (#${b.number})` },
    ]);
    const run = await h.run({
      event: 'merge_group',
      payload: mergeGroupEvent({ headSha, baseSha, pr: b.number, message: `B (#${b.number})` }),
      inputs: inputs(),
      env: { GITHUB_API_URL: h.gh.url },
    });
    expectNoLeak(run);
    expect(run.code).toBe(1);
    // In the order the keys were found: the group's head PR (B) is named first, by the queue's ref.
    expect(
      JSON.parse(run.outputs['stories']!).map((s: { key: string; outcome: string }) => [s.key, s.outcome]),
    ).toEqual([
      [STORIES.noEvidence, 'fail'],
      [STORIES.ready, 'pass'],
    ]);
    expect(statusesOf(headSha).map((s) => s.state)).toEqual(['failure']);
    expect(h.gh.state.comments).toEqual([]);
  });
});

describe('merge queue, large groups', () => {
  it('reads every page of the comparison', async () => {
    const baseSha = nextSha();
    const headSha = nextSha();
    const commits = [
      ...Array.from({ length: 120 }, (_, i) => ({ sha: nextSha(), message: `step ${i}` })),
      { sha: nextSha(), message: `${STORIES.noEvidence} wire the form` },
      { sha: headSha, message: 'last' },
    ];
    h.gh.state.compare.set(`${baseSha}...${headSha}`, commits);
    const number = h.nextPr();
    h.gh.state.pulls.set(number, pull({ number, branch: 'b', title: 'Tidy' }));
    // One PR merged with the merge method: the group holds the PR's own commits.
    h.gh.state.commits.set(number, commits);
    const run = await h.run({
      event: 'merge_group',
      payload: mergeGroupEvent({ headSha, baseSha, pr: number, message: 'last' }),
      inputs: inputs(),
      env: { GITHUB_API_URL: h.gh.url },
    });
    expectNoLeak(run);
    expect(h.gh.requests.filter((r) => r.path.includes('/compare/')).length).toBe(2);
    expect(JSON.parse(run.outputs['stories']!).map((s: { key: string }) => s.key)).toEqual([
      STORIES.noEvidence,
    ]);
  });

  it('fails closed when a group names more pull requests than it judges', async () => {
    const baseSha = nextSha();
    const headSha = nextSha();
    const numbers = Array.from({ length: 22 }, () => h.nextPr());
    // Every named PR links a ready story, so judging the first 20 alone would pass the group.
    for (const n of numbers)
      h.gh.state.pulls.set(n, pull({ number: n, branch: `b${n}`, title: `${STORIES.ready} tidy` }));
    h.gh.state.compare.set(`${baseSha}...${headSha}`, [
      ...numbers.map((n) => ({ sha: nextSha(), message: `Tidy (#${n})` })),
      { sha: headSha, message: 'last' },
    ]);
    const run = await h.run({
      event: 'merge_group',
      payload: mergeGroupEvent({ headSha, baseSha, pr: numbers[0]!, message: 'last' }),
      inputs: inputs(),
      env: { GITHUB_API_URL: h.gh.url },
    });
    expectNoLeak(run);
    expect(run.code).toBe(1);
    expect(run.outputs['verdict']).toBe('fail');
    expect(run.errors).toEqual([
      "The merge group names 22 pull requests and ReadyGate judges at most 20 in one group: Dev, set the merge queue's maximum group size to 20 or fewer (Settings → Branches → merge queue).",
    ]);
    expect(statusesOf(headSha).map((s) => s.state)).toEqual(['failure']);
  });
});

describe('release gate', () => {
  const release = (version: string) =>
    h.run({
      event: 'workflow_dispatch',
      payload: {},
      inputs: inputs({ mode: 'release', 'fix-version': version, 'github-token': '' }),
      env: { GITHUB_API_URL: h.gh.url },
    });

  it('passes with a current signed go decision', async () => {
    const run = await release(VERSIONS.go.name);
    expectNoLeak(run);
    expect(run.code).toBe(0);
    expect(run.outputs['verdict']).toBe('pass');
    expect(run.summary).toContain('GO decided by Priya Okafor');
  });

  it('fails on a no-go decision', async () => {
    const run = await release(VERSIONS.noGo.name);
    expectNoLeak(run);
    expect(run.code).toBe(1);
    expect(run.errors[0]).toContain('decided NO-GO');
  });

  it('fails when the version changed after the go decision', async () => {
    const run = await release(VERSIONS.stale.name);
    expectNoLeak(run);
    expect(run.code).toBe(1);
    expect(run.errors[0]).toContain('changed after');
  });

  it('names the versions when fix-version is unknown', async () => {
    const run = await release('9.9');
    expect(run.code).toBe(1);
    expect(run.errors[0]).toMatch(
      /fix-version "9.9" is not a version of project ENR \(its versions: 2.0, 2.1, 2.2\)/,
    );
  });
});

describe('Jira failures', () => {
  it('fails in one line when Jira rejects the token (401)', async () => {
    const run = await checkPr(
      { branch: 'x', title: `${STORIES.ready} x` },
      { inputs: { 'jira-token': 'wrong-token-1234567890' } },
    );
    expect(run.code).toBe(1);
    expect(run.errors).toEqual([
      expect.stringMatching(/^Jira rejected the API token for gate-bot@example.test \(401\)/),
    ]);
    expect(statusesOf(run.sha).map((s) => s.state)).toEqual(['error']);
    expect(run.outputs['verdict']).toBe('fail');
    expect(run.outputs['report']).toBe(run.errors[0]);
  });

  it('fails in one line when jira-url is not a Jira site (404 from something else)', async () => {
    const proxy = await startProxy(h.jira.fake.url);
    proxy.intercept = () => ({ status: 404, body: '<html>Not Found</html>', type: 'text/html' });
    try {
      const run = await checkPr(
        { branch: 'x', title: `${STORIES.ready} x` },
        { inputs: { 'jira-url': proxy.url } },
      );
      expect(run.code).toBe(1);
      expect(run.errors).toHaveLength(1);
      expect(run.errors[0]).toMatch(/404/);
      expect(statusesOf(run.sha).map((s) => s.state)).toEqual(['error']);
    } finally {
      await proxy.close();
    }
  });

  it('waits out a 429 and then succeeds', async () => {
    h.jira.fake.faults.add({ route: '/rest/api/3/search/jql', status: 429, retryAfter: 1, times: 1 });
    const run = await checkPr({ branch: 'x', title: `${STORIES.ready} x` });
    expect(run.code).toBe(0);
    expect(h.jira.fake.requests.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(1);
  });

  it('fails in one line when Jira is unreachable, and finalises the status', async () => {
    const run = await checkPr(
      { branch: 'x', title: `${STORIES.ready} x` },
      { inputs: { 'jira-url': 'http://127.0.0.1:9' } },
    );
    expect(run.code).toBe(1);
    expect(run.errors).toEqual([expect.stringMatching(/^Jira at http:\/\/127.0.0.1:9 could not be reached/)]);
    expect(statusesOf(run.sha).map((s) => s.state)).toEqual(['error']);
  }, 60_000);
});

describe('inputs', () => {
  it('rejects a malformed public key with a hint', async () => {
    const run = await checkPr(
      { branch: 'x', title: `${STORIES.ready} x` },
      { inputs: { 'public-key': 'ssh-ed25519 AAAA' } },
    );
    expect(run.code).toBe(1);
    expect(run.errors[0]).toMatch(/^Input public-key: .*project settings page/);
  });

  it('takes a list of public keys, so records signed before a key rotation keep verifying', async () => {
    const rotated = generateKeyPair().publicKey.text;
    const title = `${STORIES.ready} x`;
    const onlyNew = await checkPr({ branch: 'x', title }, { inputs: { 'public-key': rotated } });
    expect(onlyNew.stories[0]?.failed).toContain('record.trusted');
    const both = await checkPr(
      { branch: 'x', title },
      { inputs: { 'public-key': `${rotated}\n${h.jira.keys.publicKey.text}` } },
    );
    expect(both.code).toBe(0);
    const commas = await checkPr(
      { branch: 'x', title },
      { inputs: { 'public-key': `${rotated}, ${h.jira.keys.publicKey.text}` } },
    );
    expect(commas.code).toBe(0);
  });
});
