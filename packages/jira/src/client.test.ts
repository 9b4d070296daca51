import { describe, expect, it } from 'vitest';
import { JiraClient, MISSING_REASON } from './client.js';
import { JiraError } from './errors.js';
import type { Step } from '../test/scripted-transport.js';
import { json, recordingSleep, scripted } from '../test/scripted-transport.js';

function client(steps: readonly Step[], extra: Partial<ConstructorParameters<typeof JiraClient>[0]> = {}) {
  const s = scripted(steps);
  const rec = recordingSleep();
  const c = new JiraClient({
    transport: s.transport,
    sleep: rec.sleep,
    random: () => 0.5,
    now: () => Date.parse('2026-11-20T10:00:00Z'),
    ...extra,
  });
  return { c, s, slept: rec.slept };
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const issue = (key: string, id = '1') => ({ id, key, fields: { summary: key } });

describe('operations send one well-formed request', () => {
  const cases: {
    name: string;
    run: (c: JiraClient) => Promise<unknown>;
    answer: Step;
    request: { method: string; path: string; query?: Record<string, string>; body?: unknown };
    result?: unknown;
  }[] = [
    {
      name: 'getIssue with fields and properties',
      run: (c) => c.getIssue('ENR-1', { fields: ['summary', 'status'], properties: ['readygate'] }),
      answer: json(issue('ENR-1')),
      request: {
        method: 'GET',
        path: '/rest/api/3/issue/ENR-1',
        query: { fields: 'summary,status', properties: 'readygate' },
      },
      result: issue('ENR-1'),
    },
    {
      name: 'getIssueProperty',
      run: (c) => c.getIssueProperty('ENR-1', 'readygate'),
      answer: json({ key: 'readygate', value: { v: 1 } }),
      request: { method: 'GET', path: '/rest/api/3/issue/ENR-1/properties/readygate', query: {} },
      result: { v: 1 },
    },
    {
      name: 'getIssueProperty of a missing property is null',
      run: (c) => c.getIssueProperty('ENR-1', 'readygate'),
      answer: json({ errorMessages: ["The property with key 'readygate' does not exist."], errors: {} }, 404),
      request: { method: 'GET', path: '/rest/api/3/issue/ENR-1/properties/readygate', query: {} },
      result: null,
    },
    {
      name: 'setIssueProperty sends the value as the body',
      run: (c) => c.setIssueProperty('ENR-1', 'readygate', { v: 1, payload: { records: [] } }),
      answer: { status: 200, body: '' },
      request: {
        method: 'PUT',
        path: '/rest/api/3/issue/ENR-1/properties/readygate',
        query: {},
        body: { v: 1, payload: { records: [] } },
      },
    },
    {
      name: 'deleteIssueProperty',
      run: (c) => c.deleteIssueProperty('ENR-1', 'readygate'),
      answer: { status: 204 },
      request: { method: 'DELETE', path: '/rest/api/3/issue/ENR-1/properties/readygate', query: {} },
      result: true,
    },
    {
      name: 'deleteIssueProperty of a missing property is false',
      run: (c) => c.deleteIssueProperty('ENR-1', 'readygate'),
      answer: json({ errorMessages: ["The property with key 'readygate' does not exist."] }, 404),
      request: { method: 'DELETE', path: '/rest/api/3/issue/ENR-1/properties/readygate', query: {} },
      result: false,
    },
    {
      name: 'getProjectProperty with a dotted key',
      run: (c) => c.getProjectProperty('ENR', 'readygate.policy'),
      answer: json({ key: 'readygate.policy', value: { version: 1 } }),
      request: { method: 'GET', path: '/rest/api/3/project/ENR/properties/readygate.policy', query: {} },
      result: { version: 1 },
    },
    {
      name: 'setProjectProperty',
      run: (c) => c.setProjectProperty('ENR', 'readygate.release.10000', { a: 1 }),
      answer: { status: 201, body: '' },
      request: {
        method: 'PUT',
        path: '/rest/api/3/project/ENR/properties/readygate.release.10000',
        query: {},
        body: { a: 1 },
      },
    },
    {
      name: 'deleteProjectProperty',
      run: (c) => c.deleteProjectProperty('ENR', 'readygate.policy'),
      answer: { status: 204 },
      request: { method: 'DELETE', path: '/rest/api/3/project/ENR/properties/readygate.policy', query: {} },
      result: true,
    },
    {
      name: 'listFields',
      run: (c) => c.listFields(),
      answer: json([{ id: 'customfield_10016', name: 'Story point estimate', custom: true, extra: 1 }]),
      request: { method: 'GET', path: '/rest/api/3/field', query: {} },
      result: [{ id: 'customfield_10016', name: 'Story point estimate', custom: true, extra: 1 }],
    },
    {
      name: 'getSprint',
      run: (c) => c.getSprint(42),
      answer: json({ id: 42, name: 'Enrollment 14', state: 'active', goal: 'g' }),
      request: { method: 'GET', path: '/rest/agile/1.0/sprint/42', query: {} },
      result: { id: 42, name: 'Enrollment 14', state: 'active', goal: 'g' },
    },
    {
      name: 'boardSprints with states',
      run: (c) => c.boardSprints(7, { state: ['active', 'future'] }),
      answer: json({ isLast: true, values: [{ id: 42, name: 'S', state: 'active' }] }),
      request: {
        method: 'GET',
        path: '/rest/agile/1.0/board/7/sprint',
        query: { startAt: '0', maxResults: '50', state: 'active,future' },
      },
      result: [{ id: 42, name: 'S', state: 'active' }],
    },
    {
      name: 'moveToBacklog',
      run: (c) => c.moveToBacklog(['ENR-1', 'ENR-2', 'ENR-1']),
      answer: { status: 204 },
      request: {
        method: 'POST',
        path: '/rest/agile/1.0/backlog/issue',
        query: {},
        body: { issues: ['ENR-1', 'ENR-2'] },
      },
    },
    {
      name: 'projectVersions',
      run: (c) => c.projectVersions('ENR'),
      answer: json([{ id: '10000', name: '2.0', released: false }]),
      request: { method: 'GET', path: '/rest/api/3/project/ENR/versions', query: {} },
      result: [{ id: '10000', name: '2.0', released: false }],
    },
    {
      name: 'projectRoles reads role ids from the URLs',
      run: (c) => c.projectRoles('ENR'),
      answer: json({
        'Product Owner': 'https://acme.atlassian.net/rest/api/3/project/ENR/role/10002',
        Developers: 'https://acme.atlassian.net/rest/api/3/project/ENR/role/10000',
      }),
      request: { method: 'GET', path: '/rest/api/3/project/ENR/role', query: {} },
      result: [
        { id: '10002', name: 'Product Owner' },
        { id: '10000', name: 'Developers' },
      ],
    },
    {
      name: 'roleActors gives users and groups',
      run: (c) => c.roleActors('ENR', 10002),
      answer: json({
        id: 10002,
        name: 'Product Owner',
        actors: [
          {
            id: 1,
            type: 'atlassian-user-role-actor',
            displayName: 'Priya PO',
            actorUser: { accountId: 'acc-po' },
          },
          {
            id: 2,
            type: 'atlassian-group-role-actor',
            displayName: 'po-team',
            actorGroup: { groupId: 'g-1', name: 'po-team' },
          },
        ],
      }),
      request: { method: 'GET', path: '/rest/api/3/project/ENR/role/10002', query: {} },
      result: [
        { kind: 'user', accountId: 'acc-po', displayName: 'Priya PO' },
        { kind: 'group', groupId: 'g-1', name: 'po-team' },
      ],
    },
    {
      name: 'addComment wraps the ADF body',
      run: (c) => c.addComment('ENR-1', { type: 'doc', version: 1, content: [] }),
      answer: json({ id: '10100' }, 201),
      request: {
        method: 'POST',
        path: '/rest/api/3/issue/ENR-1/comment',
        query: {},
        body: { body: { type: 'doc', version: 1, content: [] } },
      },
      result: { id: '10100' },
    },
    {
      name: 'myself',
      run: (c) => c.myself(),
      answer: json({ accountId: 'acc-1', displayName: 'Jane', emailAddress: 'jane@acme.com' }),
      request: { method: 'GET', path: '/rest/api/3/myself', query: {} },
      result: { accountId: 'acc-1', displayName: 'Jane', emailAddress: 'jane@acme.com' },
    },
    {
      name: 'loadIssues: one search for the keys',
      run: (c) => c.loadIssues(['ENR-1', 'ENR-2'], { fields: ['summary'], properties: ['readygate'] }),
      answer: json({ issues: [issue('ENR-1'), issue('ENR-2', '2')], isLast: true }),
      request: {
        method: 'POST',
        path: '/rest/api/3/search/jql',
        query: {},
        body: { jql: 'key in (ENR-1, ENR-2)', maxResults: 2, fields: ['summary'], properties: ['readygate'] },
      },
      result: { issues: [issue('ENR-1'), issue('ENR-2', '2')], missing: [], notAsked: [] },
    },
    {
      name: 'sprintIssues searches by sprint',
      run: (c) => all(c.sprintIssues(42, { fields: ['summary'] })),
      answer: json({ issues: [issue('ENR-1')], isLast: true }),
      request: {
        method: 'POST',
        path: '/rest/api/3/search/jql',
        query: {},
        body: { jql: 'sprint = 42', maxResults: 100, fields: ['summary'] },
      },
      result: [issue('ENR-1')],
    },
    {
      name: 'versionIssues quotes the version name',
      run: (c) => all(c.versionIssues('ENR', '2.0 "final" \\ beta')),
      answer: json({ issues: [], isLast: true }),
      request: {
        method: 'POST',
        path: '/rest/api/3/search/jql',
        query: {},
        body: {
          jql: 'project = ENR AND fixVersion = "2.0 \\"final\\" \\\\ beta"',
          maxResults: 100,
          fields: ['summary'],
        },
      },
      result: [],
    },
  ];

  it.each(cases)('$name', async ({ run, answer, request, result }) => {
    const { c, s } = client([answer]);
    const got = await run(c);
    expect(s.calls()).toEqual([{ body: undefined, query: {}, ...request }]);
    if (result !== undefined) expect(got).toEqual(result);
    const sent = s.sent[0]!;
    expect(sent.headers['content-type']).toBe(sent.body === undefined ? undefined : 'application/json');
    expect(c.stats).toEqual({ requests: 1, retries: 0, waitedMs: 0 });
  });

  it('encodes path segments, so a key cannot change the path', async () => {
    const { c, s } = client([json(issue('X'))]);
    await c.getIssue('../../myself?x=1');
    expect(s.sent[0]!.path).toBe('/rest/api/3/issue/..%2F..%2Fmyself%3Fx%3D1');
  });
});

describe('paging', () => {
  it('follows nextPageToken until the last page', async () => {
    const { c, s } = client([
      json({ issues: [issue('ENR-1')], nextPageToken: 't1', isLast: false }),
      json({ issues: [issue('ENR-2')], nextPageToken: 't2', isLast: false }),
      json({ issues: [issue('ENR-3')], isLast: true }),
    ]);
    const got = await all(c.searchIssues('sprint = 1', { pageSize: 1 }));
    expect(got.map((i) => i.key)).toEqual(['ENR-1', 'ENR-2', 'ENR-3']);
    expect(s.calls().map((x) => (x.body as { nextPageToken?: string }).nextPageToken)).toEqual([
      undefined,
      't1',
      't2',
    ]);
  });

  it('fails closed when Jira repeats a token instead of looping', async () => {
    const { c, s } = client([json({ issues: [issue('ENR-1')], nextPageToken: 'same' })]);
    await expect(all(c.searchIssues('sprint = 1'))).rejects.toMatchObject({
      code: 'bad-response',
      message:
        'Jira at https://acme.atlassian.net gave the same next-page token twice while answering the request to search issues, so the answer would never end: run again; if it persists, a Jira admin should report it to Atlassian support.',
    });
    expect(s.sent).toHaveLength(2);
  });

  it('fails closed when a search pages forever with a new token every page', async () => {
    let n = 0;
    const { c, s } = client([
      () => json({ issues: [issue(`ENR-${++n}`)], nextPageToken: `t${n}`, isLast: false }),
    ]);
    await expect(all(c.searchIssues('sprint = 1', { maxPages: 5 }))).rejects.toMatchObject({
      code: 'bad-response',
      message:
        'Jira at https://acme.atlassian.net was still paging after 5 pages while answering the request to search issues, more than the 5 pages allowed: run again; if it persists, a Jira admin should report it to Atlassian support.',
    });
    expect(s.sent).toHaveLength(5);
  });

  it('loading N keys never takes more pages than N keys need, even if Jira keeps offering more', async () => {
    let n = 0;
    const { c, s } = client([
      () => json({ issues: [issue(`OTHER-${++n}`)], nextPageToken: `t${n}`, isLast: false }),
    ]);
    await expect(c.loadIssues(['ENR-1', 'ENR-2'])).rejects.toMatchObject({
      code: 'bad-response',
      message:
        'Jira at https://acme.atlassian.net answered the request to search issues with a page holding none of the issues asked for and offered yet another page, so the answer cannot be trusted: run again; if it persists, a Jira admin should report it to Atlassian support.',
    });
    expect(s.sent.length).toBeLessThanOrEqual(2);
  });

  it('a search for N keys that keeps bringing one each and paging stops at N pages', async () => {
    let n = 0;
    const { c, s } = client([
      () =>
        json({
          issues: [issue(n === 0 ? `ENR-${++n}` : `OTHER-${++n}`), issue(`ENR-1`)],
          nextPageToken: `t${n}`,
          isLast: false,
        }),
    ]);
    const keys = ['ENR-1', 'ENR-2', 'ENR-3'];
    await expect(c.loadIssues(keys)).rejects.toMatchObject({ code: 'bad-response' });
    expect(s.sent.length).toBeLessThanOrEqual(keys.length);
  });

  it('stops paging once every key asked for is in', async () => {
    const { c, s } = client([
      json({ issues: [issue('ENR-1'), issue('ENR-2')], nextPageToken: 'more', isLast: false }),
    ]);
    const got = await c.loadIssues(['ENR-1', 'ENR-2']);
    expect(got.issues.map((i) => i.key)).toEqual(['ENR-1', 'ENR-2']);
    expect(s.sent).toHaveLength(1);
  });

  it('loads 250 keys in three searches of at most 100 keys', async () => {
    const keys = Array.from({ length: 250 }, (_, i) => `ENR-${i + 1}`);
    const { c, s } = client([
      (req) => {
        const jql = (JSON.parse(req.body!) as { jql: string }).jql;
        const ks = /\((.*)\)/.exec(jql)![1]!.split(', ');
        return json({ issues: ks.map((k) => issue(k)), isLast: true });
      },
    ]);
    const got = await c.loadIssues(keys);
    expect(got.issues).toHaveLength(250);
    expect(s.calls().map((x) => (x.body as { maxResults: number }).maxResults)).toEqual([100, 100, 50]);
  });

  it('reports keys Jira does not know and loads the others', async () => {
    const { c, s } = client([
      json({ errorMessages: ["An issue with key 'ENR-99' does not exist for field 'key'."] }, 400),
      json({ issues: [issue('ENR-1')], isLast: true }),
    ]);
    const got = await c.loadIssues(['ENR-1', 'ENR-99', 'ENR-2']);
    expect(got.issues.map((i) => i.key)).toEqual(['ENR-1']);
    expect(got.missing).toEqual(['ENR-99', 'ENR-2']);
    expect((s.calls()[1]!.body as { jql: string }).jql).toBe('key in (ENR-1, ENR-2)');
  });

  it('reads every page of board sprints', async () => {
    const { c, s } = client([
      json({ isLast: false, values: [{ id: 1, name: 'a', state: 'closed' }] }),
      json({ isLast: true, values: [{ id: 2, name: 'b', state: 'active' }] }),
    ]);
    expect((await c.boardSprints(3)).map((x) => x.id)).toEqual([1, 2]);
    expect(s.calls().map((x) => x.query.startAt)).toEqual(['0', '1']);
  });

  it('moves 120 issues to the backlog in three requests of at most 50', async () => {
    const { c, s } = client([{ status: 204 }]);
    await c.moveToBacklog(Array.from({ length: 120 }, (_, i) => `ENR-${i + 1}`));
    expect(s.calls().map((x) => (x.body as { issues: string[] }).issues.length)).toEqual([50, 50, 20]);
  });
});

describe('search answers are what was asked', () => {
  it.each([
    ['200 {}', '{}', 'issues: invalid input: expected array, received undefined at issues'],
    ['a list', '[]', 'invalid input: expected object, received array'],
    [
      'issues that are not issues',
      '{"issues":[{"id":1}]}',
      'invalid input: expected string, received number at issues[0].id',
    ],
  ])('%s is a bad response, not "no stories"', async (_name, body, problem) => {
    const { c } = client([{ status: 200, body }]);
    const e = await c.loadIssues(['ENR-1']).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(JiraError);
    expect(e).toMatchObject({ code: 'bad-response' });
    expect((e as JiraError).message).toContain(problem.replace(/^issues: /, ''));
  });

  it('drops issues that were not asked for and reports the asked key that did not come back', async () => {
    const { c } = client([json({ issues: [issue('ENR-1'), issue('EVIL-1'), issue('ENR-7')], isLast: true })]);
    const got = await c.loadIssues(['ENR-1', 'ENR-2']);
    expect(got.issues.map((i) => i.key)).toEqual(['ENR-1']);
    expect(got.missing).toEqual(['ENR-2']);
    expect(got.notAsked).toEqual(['EVIL-1', 'ENR-7']);
    expect(MISSING_REASON).toBe('not found or not visible to the token');
  });

  it('counts an issue Jira sends twice once', async () => {
    const { c } = client([json({ issues: [issue('ENR-1'), issue('ENR-1')], isLast: true })]);
    expect((await c.loadIssues(['ENR-1'])).issues).toHaveLength(1);
  });
});

describe('input that would reach JQL is validated', () => {
  it.each([
    [
      ['ENR-1) OR project = HR OR key in (X-1'],
      'Not a Jira issue key: "ENR-1) OR project = HR OR key in (X-1"; issue keys look like ENR-42 (upper-case project key, dash, number).',
    ],
    [
      ['enr-1', '11-245', 'A-1'],
      'Not a Jira issue key: "enr-1", "11-245", "A-1"; issue keys look like ENR-42 (upper-case project key, dash, number).',
    ],
  ])('loadIssues(%j) refuses without a request', async (keys, message) => {
    const { c, s } = client([json({})]);
    await expect(c.loadIssues(keys)).rejects.toMatchObject({ code: 'bad-request', message });
    await expect(c.moveToBacklog(keys)).rejects.toMatchObject({ code: 'bad-request', message });
    expect(s.sent).toHaveLength(0);
  });

  it('refuses a project key that is not one', async () => {
    const { c } = client([json({})]);
    await expect(all(c.versionIssues('ENR OR 1=1', '2.0'))).rejects.toThrow(
      'Not a Jira project key: "ENR OR 1=1"; project keys look like ENR (upper-case letters and digits).',
    );
  });

  it('refuses a sprint id that is not a positive integer', async () => {
    const { c } = client([json({})]);
    await expect(all(c.sprintIssues(1.5))).rejects.toThrow(
      'Not a Jira sprint id: 1.5; sprint ids are positive whole numbers.',
    );
  });

  it('refuses a search Jira would refuse, before sending it', async () => {
    const { c, s } = client([json({})]);
    await expect(
      all(c.searchIssues('sprint = 1', { properties: ['a', 'b', 'c', 'd', 'e', 'f'] })),
    ).rejects.toThrow(
      'A Jira search returns at most 5 issue properties; 6 were asked for: ask for fewer, or read the others with getIssueProperty.',
    );
    await expect(all(c.searchIssues('sprint = 1', { pageSize: 500 }))).rejects.toThrow(
      'A Jira search page holds 1 to 100 issues; pageSize 500 is outside that range.',
    );
    expect(s.sent).toHaveLength(0);
  });
});

describe('errors a user sees', () => {
  const cases: {
    name: string;
    steps: Step[];
    run?: (c: JiraClient) => Promise<unknown>;
    code: string;
    message: string;
  }[] = [
    {
      name: '401',
      steps: [json({ errorMessages: ['Client must be authenticated to access this resource.'] }, 401)],
      code: 'auth',
      message:
        'Jira rejected the API token for jane@acme.com (401): create a new API token at https://id.atlassian.com/manage-profile/security/api-tokens and update the secret.',
    },
    {
      name: '403 with Jira’s reason',
      steps: [json({ errorMessages: ['You do not have permission to edit issues in this project.'] }, 403)],
      run: (c) => c.moveToBacklog(['ENR-1', 'ENR-2']),
      code: 'forbidden',
      message:
        'Jira did not allow jane@acme.com to move 2 issues to the backlog (403) (Jira said: You do not have permission to edit issues in this project): ask a Jira admin to grant the needed project permission, or use an account that has it.',
    },
    {
      name: '403 whose text echoes a credential',
      steps: [
        json(
          { errorMessages: ['Header Authorization: Basic amFuZUBhY21lLmNvbTpzZWNyZXQ= not allowed here.'] },
          403,
        ),
      ],
      code: 'forbidden',
      message:
        'Jira did not allow jane@acme.com to read issue ENR-1 (403) (Jira said: Header Authorization: [redacted] not allowed here): ask a Jira admin to grant the needed project permission, or use an account that has it.',
    },
    {
      name: '404',
      steps: [
        json({ errorMessages: ['Issue does not exist or you do not have permission to see it.'] }, 404),
      ],
      code: 'not-found',
      message:
        "Jira at https://acme.atlassian.net could not read issue ENR-1 because it does not exist or jane@acme.com cannot see it (404): check the key or id and the account's project access.",
    },
    {
      name: '404 of the issue behind a property is not "no property"',
      steps: [
        json({ errorMessages: ['Issue does not exist or you do not have permission to see it.'] }, 404),
      ],
      run: (c) => c.getIssueProperty('ENR-1', 'readygate'),
      code: 'not-found',
      message:
        "Jira at https://acme.atlassian.net could not read property readygate of issue ENR-1 because it does not exist or jane@acme.com cannot see it (404): check the key or id and the account's project access.",
    },
    {
      name: '404 without Jira’s JSON error body (a proxy, a wrong base path) is not "no policy"',
      steps: [{ status: 404, headers: { 'content-type': 'text/html' }, body: '<html>Not Found</html>' }],
      run: (c) => c.getProjectProperty('ENR', 'readygate.policy'),
      code: 'bad-response',
      message:
        'Jira at https://acme.atlassian.net answered the request to read property readygate.policy of project ENR with 404 but without Jira’s error body, so something other than Jira answered (a proxy, or a wrong base path): Dev, set jira-url to the Jira Cloud site itself, e.g. https://acme.atlassian.net, and make sure nothing between the runner and Jira rewrites requests.',
    },
    {
      name: 'an empty 404 to a property read is not "no policy" either',
      steps: [{ status: 404, body: '' }],
      run: (c) => c.getProjectProperty('ENR', 'readygate.policy'),
      code: 'bad-response',
      message:
        'Jira at https://acme.atlassian.net answered the request to read property readygate.policy of project ENR with 404 but without Jira’s error body, so something other than Jira answered (a proxy, or a wrong base path): Dev, set jira-url to the Jira Cloud site itself, e.g. https://acme.atlassian.net, and make sure nothing between the runner and Jira rewrites requests.',
    },
    {
      name: 'a project the token cannot see is not "no policy"',
      steps: [json({ errorMessages: ["No project could be found with key 'ENR'."], errors: {} }, 404)],
      run: (c) => c.getProjectProperty('ENR', 'readygate.policy'),
      code: 'not-found',
      message:
        "Jira at https://acme.atlassian.net has no project ENR that jane@acme.com can see (404, Jira said: No project could be found with key 'ENR'), so its ReadyGate policy and records cannot be read: Jira admin, grant jane@acme.com the Browse Projects permission in ENR; Dev, or check the project key.",
    },
    {
      name: 'a 404 naming a property in other words is not "no property"',
      steps: [json({ errorMessages: ['Property service unavailable for this project.'], errors: {} }, 404)],
      run: (c) => c.getProjectProperty('ENR', 'readygate.policy'),
      code: 'not-found',
      message:
        "Jira at https://acme.atlassian.net could not read property readygate.policy of project ENR because it does not exist or jane@acme.com cannot see it (404): check the key or id and the account's project access.",
    },
    {
      name: '400 with Jira’s messages',
      steps: [
        json(
          {
            errorMessages: [
              "Field 'customfield_99999' does not exist or you do not have permission to view it.",
            ],
            errors: {},
          },
          400,
        ),
      ],
      run: (c) => all(c.searchIssues('sprint = 1 AND customfield_99999 = 1')),
      code: 'bad-request',
      message:
        "Jira rejected the request to search issues (400): Field 'customfield_99999' does not exist or you do not have permission to view it. Check the keys, field ids and names in the ReadyGate configuration.",
    },
    {
      name: '400 with field errors',
      steps: [json({ errorMessages: [], errors: { comment: 'Comment body can not be empty!' } }, 400)],
      run: (c) => c.addComment('ENR-1', {}),
      code: 'bad-request',
      message:
        'Jira rejected the request to comment on issue ENR-1 (400): comment: Comment body can not be empty. Check the keys, field ids and names in the ReadyGate configuration.',
    },
    {
      name: '429 until the attempts run out',
      steps: [{ status: 429, headers: { 'retry-after': '2' }, body: '' }],
      code: 'rate-limited',
      message:
        'Jira at https://acme.atlassian.net kept rate-limiting requests to read issue ENR-1 (429) after 4 attempts and 6 s of waiting: run again in a few minutes, or run ReadyGate less often.',
    },
    {
      name: '503 until the attempts run out',
      steps: [{ status: 503, body: '<html>down</html>' }],
      code: 'unavailable',
      message:
        'Jira at https://acme.atlassian.net failed to read issue ENR-1 (503) after 4 attempts: check https://status.atlassian.com and run again later.',
    },
    {
      name: '500 until the attempts run out',
      steps: [json({ errorMessages: ['Internal server error'] }, 500)],
      code: 'unavailable',
      message:
        'Jira at https://acme.atlassian.net failed to read issue ENR-1 (500) after 4 attempts: check https://status.atlassian.com and run again later.',
    },
    {
      name: 'connection refused',
      steps: [
        { throw: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) },
      ],
      code: 'unavailable',
      message:
        'Jira at https://acme.atlassian.net could not be reached (ECONNREFUSED, 4 attempts): check jira-url.',
    },
    {
      name: 'unknown host is not retried',
      steps: [
        {
          throw: new TypeError('fetch failed', {
            cause: Object.assign(new Error('getaddrinfo ENOTFOUND acme.atlassian.net'), {
              code: 'ENOTFOUND',
            }),
          }),
        },
      ],
      code: 'unavailable',
      message: 'Jira at https://acme.atlassian.net could not be reached (ENOTFOUND): check jira-url.',
    },
    {
      name: 'an HTML page instead of JSON',
      steps: [
        {
          status: 200,
          headers: { 'content-type': 'text/html' },
          body: '<!doctype html><title>Log in</title>',
        },
      ],
      code: 'bad-response',
      message:
        'Jira at https://acme.atlassian.net answered the request to read issue ENR-1 with something that is not JSON (200): check that jira-url is the Jira Cloud site, e.g. https://acme.atlassian.net.',
    },
    {
      name: 'JSON of the wrong shape',
      steps: [json({ id: 1, key: 'ENR-1' })],
      code: 'bad-response',
      message:
        'Jira at https://acme.atlassian.net answered the request to read issue ENR-1 with an unexpected shape (invalid input: expected string, received number at id): check that jira-url is the Jira Cloud site, e.g. https://acme.atlassian.net.',
    },
    {
      name: 'a redirect',
      steps: [{ status: 302, headers: { location: 'https://id.atlassian.com/login' } }],
      code: 'bad-response',
      message:
        'Jira at https://acme.atlassian.net answered the request to read issue ENR-1 with an unexpected status 302: check that jira-url is the Jira Cloud site, e.g. https://acme.atlassian.net.',
    },
  ];

  it.each(cases)('$name', async ({ steps, run, code, message }) => {
    const { c } = client(steps);
    const err: unknown = await (run ?? ((x: JiraClient) => x.getIssue('ENR-1')))(c).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(JiraError);
    expect(err).toMatchObject({ code, message });
    expect(message).not.toMatch(/\n/);
  });

  it('names a bearer token, not an email, when one is used', async () => {
    const s = scripted([{ status: 401 }], {
      site: 'https://api.atlassian.com/ex/jira/abc',
      auth: { kind: 'bearer' },
    });
    const c = new JiraClient({ transport: s.transport });
    await expect(c.myself()).rejects.toThrow(
      'Jira at https://api.atlassian.com/ex/jira/abc rejected the bearer token (401): create a new scoped API token at https://id.atlassian.com/manage-profile/security/api-tokens and update the secret.',
    );
  });

  it('times out an attempt that never answers, even if the transport ignores the signal', async () => {
    const { c, s } = client([() => new Promise(() => undefined)], { retry: { timeoutMs: 5, attempts: 2 } });
    await expect(c.getIssue('ENR-1')).rejects.toMatchObject({
      code: 'unavailable',
      message:
        'Jira at https://acme.atlassian.net did not answer within 5 ms to read issue ENR-1 (timeout, 2 attempts): check jira-url and https://status.atlassian.com, then run again.',
    });
    expect(s.sent).toHaveLength(2);
    expect(s.sent[0]!.signal!.aborted).toBe(true);
  });

  it('passes the caller’s abort through without retrying', async () => {
    const ctrl = new AbortController();
    const { c, s } = client([
      (req) =>
        new Promise((_, reject) => {
          req.signal!.addEventListener('abort', () => {
            reject(new Error('aborted'));
          });
          ctrl.abort(new Error('cancelled by the caller'));
        }),
    ]);
    await expect(all(c.searchIssues('sprint = 1', { signal: ctrl.signal }))).rejects.toThrow(
      'cancelled by the caller',
    );
    expect(s.sent).toHaveLength(1);
  });
});

describe('one deadline for the whole client', () => {
  const T0 = Date.parse('2026-11-20T10:00:00Z');

  it('does not take a retry wait that would pass the deadline', async () => {
    const { c, s, slept } = client(
      [json({ errorMessages: ['Rate limit exceeded.'] }, 429, { 'retry-after': '5' })],
      {
        deadline: T0 + 3_000,
      },
    );
    const e = await c.myself().catch((x: unknown) => x);
    expect(e).toMatchObject({
      code: 'deadline',
      message:
        'The deadline for this ReadyGate run passed before Jira at https://acme.atlassian.net answered the request to read the current user: run it again; if Jira is this slow often, check https://status.atlassian.com, and Dev, check that jira-url is the nearest Jira Cloud address.',
    });
    expect(s.sent).toHaveLength(1);
    expect(slept).toEqual([]);
  });

  it('sends nothing once the deadline has passed', async () => {
    const { c, s } = client([json({ accountId: 'a' })], { deadline: T0 - 1 });
    await expect(c.myself()).rejects.toMatchObject({ code: 'deadline' });
    expect(s.sent).toHaveLength(0);
  });

  it('gives each attempt only the time left, and says the deadline passed', async () => {
    const started = Date.now();
    const { c, s } = client([() => new Promise<never>(() => undefined)], {
      now: Date.now,
      deadline: started + 100,
      retry: { timeoutMs: 60_000 },
    });
    await expect(c.myself()).rejects.toMatchObject({ code: 'deadline' });
    expect(s.sent[0]!.timeoutMs).toBeLessThanOrEqual(100);
  });

  it('stops a hanging request and a retry wait when the run signal aborts', async () => {
    const run = new AbortController();
    const { c } = client([() => new Promise<never>(() => undefined)], { signal: run.signal });
    const p = c.myself();
    setTimeout(() => {
      run.abort();
    }, 20);
    await expect(p).rejects.toMatchObject({ code: 'deadline' });

    const run2 = new AbortController();
    const waits = client([{ status: 503 }], {
      signal: run2.signal,
      sleep: () => new Promise<void>(() => undefined),
    });
    const p2 = waits.c.myself();
    setTimeout(() => {
      run2.abort();
    }, 20);
    await expect(p2).rejects.toMatchObject({ code: 'deadline' });
    expect(waits.s.sent).toHaveLength(1);
  });
});

describe('retries', () => {
  it('honours Retry-After seconds on 429 and then succeeds', async () => {
    const { c, slept } = client([
      { status: 429, headers: { 'retry-after': '3' } },
      { status: 429, headers: { 'retry-after': '1' } },
      json(issue('ENR-1')),
    ]);
    await expect(c.getIssue('ENR-1')).resolves.toMatchObject({ key: 'ENR-1' });
    expect(slept).toEqual([3000, 1000]);
    expect(c.stats).toEqual({ requests: 3, retries: 2, waitedMs: 4000 });
  });

  it('honours X-RateLimit-Reset when there is no Retry-After', async () => {
    const { c, slept } = client([
      { status: 429, headers: { 'x-ratelimit-reset': '2026-11-20T10:00:07.500Z' } },
      json(issue('ENR-1')),
    ]);
    await c.getIssue('ENR-1');
    expect(slept).toEqual([7500]);
  });

  it('honours an HTTP-date Retry-After on 503', async () => {
    const { c, slept } = client([
      { status: 503, headers: { 'retry-after': 'Fri, 20 Nov 2026 10:00:02 GMT' } },
      json(issue('ENR-1')),
    ]);
    await c.getIssue('ENR-1');
    expect(slept).toEqual([2000]);
  });

  it('backs off exponentially with full jitter on 5xx and network errors', async () => {
    const { c, slept } = client(
      [
        { status: 502 },
        { throw: Object.assign(new Error('x'), { code: 'ECONNRESET' }) },
        { status: 500 },
        json(issue('ENR-1')),
      ],
      {
        random: () => 0.5,
        retry: { baseDelayMs: 100 },
      },
    );
    await c.getIssue('ENR-1');
    expect(slept).toEqual([50, 100, 200]);
  });

  it('caps each backoff step', async () => {
    const { c, slept } = client([{ status: 500 }], {
      random: () => 0.999,
      retry: { attempts: 6, baseDelayMs: 1000, maxDelayMs: 2000, totalWaitMs: 60_000 },
    });
    await expect(c.getIssue('ENR-1')).rejects.toMatchObject({ code: 'unavailable' });
    expect(slept).toEqual([999, 1998, 1998, 1998, 1998]);
  });

  it('does not wait past the total budget: a long Retry-After gives up at once', async () => {
    const { c, slept, s } = client([{ status: 429, headers: { 'retry-after': '120' } }]);
    await expect(c.getIssue('ENR-1')).rejects.toThrow(
      'Jira at https://acme.atlassian.net asked to wait 120 s before the next request to read issue ENR-1 (429), more than the 30 s ReadyGate may wait in all: run again in a few minutes, or run ReadyGate less often.',
    );
    expect(slept).toEqual([]);
    expect(s.sent).toHaveLength(1);
  });

  it('stops when the next wait would pass the total budget', async () => {
    const { c, slept } = client([{ status: 429, headers: { 'retry-after': '4' } }], {
      retry: { attempts: 10, totalWaitMs: 10_000 },
    });
    await expect(c.getIssue('ENR-1')).rejects.toMatchObject({ code: 'rate-limited' });
    expect(slept).toEqual([4000, 4000]);
  });

  it('does not retry 4xx answers', async () => {
    const { c, s } = client([{ status: 403 }]);
    await expect(c.getIssue('ENR-1')).rejects.toMatchObject({ code: 'forbidden' });
    expect(s.sent).toHaveLength(1);
  });

  it('does not resend a comment after a 500 or a reset connection, which Jira may have stored', async () => {
    for (const step of [
      { status: 500 },
      { throw: Object.assign(new Error('x'), { code: 'ECONNRESET' }) },
    ] as Step[]) {
      const { c, s } = client([step, json({ id: '1' }, 201)]);
      await expect(c.addComment('ENR-1', { type: 'doc', version: 1, content: [] })).rejects.toMatchObject({
        code: 'unavailable',
      });
      expect(s.sent).toHaveLength(1);
    }
  });

  it('does resend a comment after 429 or a refused connection', async () => {
    for (const step of [
      { status: 429, headers: { 'retry-after': '1' } },
      { throw: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) },
    ] as Step[]) {
      const { c, s } = client([step, json({ id: '1' }, 201)]);
      await expect(c.addComment('ENR-1', { type: 'doc', version: 1, content: [] })).resolves.toEqual({
        id: '1',
      });
      expect(s.sent).toHaveLength(2);
    }
  });

  it('respects attempts: 1 (no retries)', async () => {
    const { c, s } = client([{ status: 503 }], { retry: { attempts: 1 } });
    await expect(c.getIssue('ENR-1')).rejects.toThrow(
      'Jira at https://acme.atlassian.net failed to read issue ENR-1 (503) after 1 attempt: check https://status.atlassian.com and run again later.',
    );
    expect(s.sent).toHaveLength(1);
  });
});
