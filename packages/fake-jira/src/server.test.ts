import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { basic, httpClient } from '../test/http.js';
import { start, TINY_CREDENTIALS, tinyDataset } from './index.js';
import type { FakeJira } from './index.js';

const { admin, viewer, outsider } = TINY_CREDENTIALS;
let server: FakeJira;
let call: ReturnType<typeof httpClient>;
const q = (jql: string): string => encodeURIComponent(jql);

beforeAll(async () => {
  server = await start({
    port: 0,
    host: '127.0.0.1',
    dataset: tinyDataset({ sprintStories: 230 }),
    now: () => new Date('2026-11-20T10:00:00.000Z'),
  });
  call = httpClient(server, basic(admin.email, admin.apiToken));
});
afterAll(async () => {
  await server.stop();
});
afterEach(() => {
  server.faults.clear();
  server.resetLog();
});

describe('authentication', () => {
  const cases: [string, string | undefined, number][] = [
    ['no header', undefined, 401],
    ['wrong token', basic(admin.email, 'nope'), 401],
    ['token of another user', basic(admin.email, viewer.apiToken), 401],
    ['malformed basic', 'Basic !!!', 401],
    ['unknown bearer', 'Bearer nope', 401],
    ['basic with email in other case', basic(admin.email.toUpperCase(), admin.apiToken), 200],
    ['bearer token', `Bearer ${admin.bearerToken}`, 200],
  ];
  it.each(cases)('%s', async (_name, header, status) => {
    const res = await httpClient(server, header)('GET', '/rest/api/3/myself');
    expect(res.status).toBe(status);
    if (status === 401) {
      expect(res.body).toEqual({
        errorMessages: ['You are not authenticated. Authentication required to perform this operation.'],
        errors: {},
      });
    } else {
      expect(res.body).toMatchObject({
        accountId: admin.accountId,
        emailAddress: admin.email,
        displayName: 'Ada Admin',
      });
    }
  });

  it('answers 404 for issues of projects the user may not browse, with Jira’s wording', async () => {
    const res = await httpClient(server, basic(outsider.email, outsider.apiToken))(
      'GET',
      '/rest/api/3/issue/TST-1',
    );
    expect(res.status).toBe(404);
    expect(res.body.errorMessages).toEqual(['Issue does not exist or you do not have permission to see it.']);
    const other = await httpClient(server, basic(outsider.email, outsider.apiToken))(
      'GET',
      '/rest/api/3/issue/OTHER-1',
    );
    expect(other.status).toBe(200);
  });
});

describe('enhanced search', () => {
  it('returns ids only by default', async () => {
    const res = await call('GET', `/rest/api/3/search/jql?jql=${q('key in (TST-1, "TST-2")')}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ issues: [{ id: '20001' }, { id: '20002' }], isLast: true });
  });

  it('returns the requested fields and properties, GET and POST alike', async () => {
    const get = await call(
      'GET',
      `/rest/api/3/search/jql?jql=${q('key = TST-1')}&fields=summary,status,customfield_10020&properties=readygate,absent`,
    );
    const post = await call('POST', '/rest/api/3/search/jql', {
      jql: 'key = TST-1',
      fields: ['summary', 'status', 'customfield_10020'],
      properties: ['readygate', 'absent'],
    });
    expect(post.body).toEqual(get.body);
    const issue = get.body.issues[0];
    expect(issue.key).toBe('TST-1');
    expect(Object.keys(issue.fields).sort()).toEqual(['customfield_10020', 'status', 'summary']);
    expect(issue.fields.status).toMatchObject({
      name: 'To Do',
      statusCategory: { key: 'new', name: 'To Do' },
    });
    expect(issue.fields.customfield_10020.map((s: { id: number; state: string }) => [s.id, s.state])).toEqual(
      [
        [3, 'closed'],
        [1, 'active'],
      ],
    );
    expect(issue.properties).toEqual({ readygate: { v: 1, note: 'not a real envelope' } });
  });

  it('supports *all with exclusions', async () => {
    const res = await call(
      'GET',
      `/rest/api/3/search/jql?jql=${q('key = TST-1')}&fields=*all,-comment,-description`,
    );
    const fields = res.body.issues[0].fields;
    expect(fields).not.toHaveProperty('comment');
    expect(fields).not.toHaveProperty('description');
    expect(fields).toMatchObject({
      summary: 'Story 1',
      customfield_10016: 3,
      labels: ['portal'],
      priority: { name: 'Medium' },
    });
  });

  it('pages with an opaque nextPageToken until isLast, capping maxResults at 100 when fields are requested', async () => {
    const keys: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await call('POST', '/rest/api/3/search/jql', {
        jql: 'sprint = 1 ORDER BY key ASC',
        fields: ['summary'],
        maxResults: 500,
        ...(token ? { nextPageToken: token } : {}),
      });
      expect(res.status).toBe(200);
      pages++;
      keys.push(...res.body.issues.map((i: { key: string }) => i.key));
      token = res.body.nextPageToken;
      expect(res.body.isLast).toBe(token === undefined);
      if (!res.body.isLast) expect(res.body.issues).toHaveLength(100);
    } while (token !== undefined);
    expect(pages).toBe(3);
    expect(keys).toHaveLength(233);
    expect(new Set(keys).size).toBe(233);
    expect(keys.slice(0, 3)).toEqual(['TST-1', 'TST-2', 'TST-3']);
  });

  it('allows up to 5000 ids a page when only ids are requested', async () => {
    const res = await call('GET', `/rest/api/3/search/jql?jql=${q('sprint = 1')}&maxResults=6000`);
    expect(res.body.issues).toHaveLength(233);
    expect(res.body.isLast).toBe(true);
    expect(res.body).not.toHaveProperty('nextPageToken');
  });

  it('defaults to 50 a page', async () => {
    const res = await call('GET', `/rest/api/3/search/jql?jql=${q('sprint = 1')}&fields=summary`);
    expect(res.body.issues).toHaveLength(50);
    expect(typeof res.body.nextPageToken).toBe('string');
  });

  it('refuses a token from another query', async () => {
    const first = await call('GET', `/rest/api/3/search/jql?jql=${q('sprint = 1')}&maxResults=1`);
    const res = await call(
      'GET',
      `/rest/api/3/search/jql?jql=${q('project = TST')}&nextPageToken=${first.body.nextPageToken as string}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.errorMessages).toEqual(['The provided next page token is invalid or expired.']);
  });

  const selections: [string, string[]][] = [
    ['fixVersion = "1.0"', ['TST-1', 'TST-6']],
    ['fixVersion = 10100', ['TST-1', 'TST-6']],
    ['project = OTHER', ['OTHER-1']],
    ['project = TST AND sprint = 2', ['TST-4']],
    ['sprint = 3', ['TST-1']],
    ['key in (TST-3, TST-1) ORDER BY key DESC', ['TST-3', 'TST-1']],
    ['issuekey in (20002, TST-4)', ['TST-2', 'TST-4']],
    ['project = TST AND fixVersion = "1.0" AND key = TST-6', ['TST-6']],
  ];
  it.each(selections)('%s', async (jql, expected) => {
    const res = await call('POST', '/rest/api/3/search/jql', { jql, fields: ['summary'] });
    expect(res.status).toBe(200);
    expect(res.body.issues.map((i: { key: string }) => i.key)).toEqual(expected);
  });

  const errors: [string, string][] = [
    [
      'status = Done',
      "Unsupported JQL clause 'status = Done': the fake Jira supports key, issuekey, sprint, fixVersion and project with = or IN, joined by AND, and ORDER BY key or rank.",
    ],
    [
      'project = TST OR sprint = 1',
      "Unsupported JQL clause 'OR sprint = 1': the fake Jira supports key, issuekey, sprint, fixVersion and project with = or IN, joined by AND, and ORDER BY key or rank.",
    ],
    [
      'sprint in openSprints()',
      "Unsupported JQL clause 'sprint in openSprints()': the fake Jira supports key, issuekey, sprint, fixVersion and project with = or IN, joined by AND, and ORDER BY key or rank.",
    ],
    [
      'sprint != 1',
      "Unsupported JQL clause 'sprint != 1': the fake Jira supports key, issuekey, sprint, fixVersion and project with = or IN, joined by AND, and ORDER BY key or rank.",
    ],
    [
      'ORDER BY key',
      'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
    ],
    [
      'key = "TST-1',
      "Error in the JQL Query: The quoted string 'TST-1' has not been completed. (line 1, character 7)",
    ],
    ['key in (TST-1, TST-999)', "An issue with key 'TST-999' does not exist for field 'key'."],
    ['key = 1.0', "The issue key '1.0' for field 'key' is invalid."],
    ['sprint = 999', "The value '999' does not exist for the field 'sprint'."],
    ['fixVersion = "9.9"', "The value '9.9' does not exist for the field 'fixVersion'."],
    ['project = NOPE', "The value 'NOPE' does not exist for the field 'project'."],
  ];
  it.each(errors)('refuses %s with 400', async (jql, message) => {
    const res = await call('GET', `/rest/api/3/search/jql?jql=${q(jql)}`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual({});
    expect(res.body.errorMessages).toEqual([message]);
  });

  it('refuses more than 5 properties, and unknown body fields like Jira’s deserializer', async () => {
    const many = await call('POST', '/rest/api/3/search/jql', {
      jql: 'key = TST-1',
      properties: ['a', 'b', 'c', 'd', 'e', 'f'],
    });
    expect(many.status).toBe(400);
    expect(many.body).toEqual({ errorMessages: [expect.stringMatching(/properties.*5/i)], errors: {} });
    const unknown = await call('POST', '/rest/api/3/search/jql', { jql: 'key = TST-1', startAt: 0 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errorMessages[0]).toContain('Unrecognized field "startAt"');
  });

  it('hides issues of projects the user may not browse, and treats their keys as unknown', async () => {
    const outsiderCall = httpClient(server, basic(outsider.email, outsider.apiToken));
    const res = await outsiderCall('GET', `/rest/api/3/search/jql?jql=${q('key in (TST-1, OTHER-1)')}`);
    expect(res.status).toBe(400);
    expect(res.body.errorMessages).toEqual(["An issue with key 'TST-1' does not exist for field 'key'."]);
  });
});

describe('issue', () => {
  it('returns every field by default, with links seen from both ends', async () => {
    const res = await call('GET', '/rest/api/3/issue/TST-1');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: '20001',
      key: 'TST-1',
      self: `${server.url}/rest/api/3/issue/20001`,
    });
    const f = res.body.fields;
    expect(f.issuetype).toMatchObject({ id: '10001', name: 'Story', subtask: false });
    expect(f.description.type).toBe('doc');
    expect(f.fixVersions.map((v: { name: string }) => v.name)).toEqual(['1.0']);
    expect(f.issuelinks[0]).toMatchObject({
      type: { name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
      inwardIssue: { key: 'TST-6' },
    });
    expect(f.issuelinks[0].inwardIssue.fields).toMatchObject({
      summary: 'Login fails for dependants',
      priority: { name: 'Highest' },
      status: { statusCategory: { key: 'indeterminate' } },
    });
    const bug = await call('GET', '/rest/api/3/issue/TST-6?fields=issuelinks');
    expect(bug.body.fields.issuelinks[0]).toMatchObject({ outwardIssue: { key: 'TST-1' } });
    expect(f.created).toBe('2026-11-02T09:00:00.000+0000');
  });

  it('accepts ids and lower-case keys, honours fields and properties', async () => {
    const res = await call('GET', '/rest/api/3/issue/20002?fields=parent,summary&properties=readygate');
    expect(res.body.key).toBe('TST-2');
    expect(res.body.fields).toEqual({
      summary: 'Story 2',
      parent: expect.objectContaining({ key: 'TST-5' }),
    });
    expect(res.body.properties).toEqual({});
    expect((await call('GET', '/rest/api/3/issue/tst-2?fields=summary')).body.key).toBe('TST-2');
  });

  it('answers 404 with Jira’s wording for an unknown issue', async () => {
    const res = await call('GET', '/rest/api/3/issue/TST-9999');
    expect(res).toMatchObject({
      status: 404,
      body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} },
    });
  });
});

describe('properties', () => {
  it('creates (201), updates (200), lists, reads and deletes (204) an issue property', async () => {
    const path = '/rest/api/3/issue/TST-3/properties/readygate';
    expect((await call('GET', path)).status).toBe(404);
    expect((await call('PUT', path, { records: [] })).status).toBe(201);
    expect((await call('PUT', path, { records: [1] })).status).toBe(200);
    expect((await call('GET', path)).body).toEqual({ key: 'readygate', value: { records: [1] } });
    expect(server.state.issue('TST-3')?.properties['readygate']).toEqual({ records: [1] });
    const keys = await call('GET', '/rest/api/3/issue/TST-3/properties');
    expect(keys.body.keys).toEqual([
      { key: 'readygate', self: `${server.url}/rest/api/3/issue/20003/properties/readygate` },
    ]);
    expect((await call('DELETE', path)).status).toBe(204);
    const gone = await call('GET', path);
    expect(gone).toMatchObject({
      status: 404,
      body: { errorMessages: ["The property with key 'readygate' does not exist."] },
    });
  });

  it('refuses invalid JSON and values over 32,768 characters', async () => {
    expect((await call('PUT', '/rest/api/3/issue/TST-3/properties/x', undefined, '{nope')).status).toBe(400);
    const big = await call('PUT', '/rest/api/3/issue/TST-3/properties/x', 'a'.repeat(32768));
    expect(big.status).toBe(400);
    expect(big.body.errorMessages[0]).toContain('32768');
  });

  it('answers 403 to a user who may not edit properties, and changes nothing', async () => {
    const v = httpClient(server, basic(viewer.email, viewer.apiToken));
    const res = await v('PUT', '/rest/api/3/issue/TST-1/properties/readygate', { forged: true });
    expect(res).toMatchObject({
      status: 403,
      body: { errorMessages: ['You do not have permission to edit issue properties.'] },
    });
    expect((await v('DELETE', '/rest/api/3/issue/TST-1/properties/readygate')).status).toBe(403);
    expect((await v('PUT', '/rest/api/3/project/TST/properties/readygate.policy', {})).status).toBe(403);
    expect(server.state.issue('TST-1')?.properties['readygate']).toEqual({
      v: 1,
      note: 'not a real envelope',
    });
  });

  it('handles project properties', async () => {
    expect((await call('GET', '/rest/api/3/project/TST/properties/readygate.policy')).body).toEqual({
      key: 'readygate.policy',
      value: { note: 'placeholder' },
    });
    expect(
      (await call('PUT', '/rest/api/3/project/10000/properties/readygate.release.10100', { records: [] }))
        .status,
    ).toBe(201);
    expect(server.state.project('TST')?.properties['readygate.release.10100']).toEqual({ records: [] });
    expect((await call('DELETE', '/rest/api/3/project/TST/properties/readygate.release.10100')).status).toBe(
      204,
    );
    const missing = await call('GET', '/rest/api/3/project/NOPE/properties/x');
    expect(missing).toMatchObject({
      status: 404,
      body: { errorMessages: ["No project could be found with key 'NOPE'."] },
    });
  });
});

describe('fields, versions, roles, myself', () => {
  it('lists fields with the custom ones the client resolves by name', async () => {
    const res = await call('GET', '/rest/api/3/field');
    const byName = new Map(res.body.map((f: { name: string; id: string }) => [f.name, f.id]));
    expect(byName.get('Acceptance criteria')).toBe('customfield_10050');
    expect(byName.get('Story point estimate')).toBe('customfield_10016');
    expect(byName.get('Sprint')).toBe('customfield_10020');
  });

  it('lists project versions', async () => {
    const res = await call('GET', '/rest/api/3/project/TST/versions');
    expect(res.body.map((v: { name: string; released: boolean }) => [v.name, v.released])).toEqual([
      ['1.0', false],
      ['0.9', true],
    ]);
  });

  it('lists roles and their actors', async () => {
    const roles = await call('GET', '/rest/api/3/project/TST/role');
    expect(roles.body['Product Owner']).toBe(`${server.url}/rest/api/3/project/10000/role/10100`);
    const po = await call('GET', '/rest/api/3/project/TST/role/10100');
    expect(po.body).toMatchObject({
      id: 10100,
      name: 'Product Owner',
      actors: [
        {
          displayName: 'Ada Admin',
          type: 'atlassian-user-role-actor',
          actorUser: { accountId: admin.accountId },
        },
      ],
    });
    expect((await call('GET', '/rest/api/3/project/TST/role/1')).status).toBe(404);
  });
});

describe('comments', () => {
  it('stores an ADF comment and shows it on the issue and in the comment list', async () => {
    const body = {
      type: 'doc',
      version: 1,
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Moved back: AC not approved (PO).' }] },
      ],
    };
    const res = await call('POST', '/rest/api/3/issue/TST-4/comment', { body });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      body,
      author: { accountId: admin.accountId },
      created: '2026-11-20T10:00:00.000+0000',
    });
    const list = await call('GET', '/rest/api/3/issue/TST-4/comment');
    expect(list.body).toMatchObject({ total: 1, comments: [{ id: res.body.id, body }] });
    const issue = await call('GET', '/rest/api/3/issue/TST-4?fields=comment');
    expect(issue.body.fields.comment.comments[0].body).toEqual(body);
    expect(server.state.comments('TST-4')).toHaveLength(1);
  });

  it('refuses a comment that is not ADF, and a user who may not comment', async () => {
    expect((await call('POST', '/rest/api/3/issue/TST-4/comment', { body: 'plain text' })).status).toBe(400);
    const v = httpClient(server, basic(viewer.email, viewer.apiToken));
    const res = await v('POST', '/rest/api/3/issue/TST-4/comment', {
      body: { type: 'doc', version: 1, content: [] },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorMessages).toEqual(['You do not have the permission to comment on this issue.']);
  });
});

describe('agile', () => {
  it('returns a sprint', async () => {
    const res = await call('GET', '/rest/agile/1.0/sprint/1');
    expect(res.body).toEqual({
      id: 1,
      self: `${server.url}/rest/agile/1.0/sprint/1`,
      state: 'active',
      name: 'TST Sprint 1',
      startDate: '2026-11-02T09:00:00.000Z',
      endDate: '2026-11-16T09:00:00.000Z',
      originBoardId: 1,
      goal: 'Ship the basics',
    });
    expect((await call('GET', '/rest/agile/1.0/sprint/99')).status).toBe(404);
  });

  it('pages board sprints with startAt/maxResults/isLast, closed first, and filters by state', async () => {
    const first = await call('GET', '/rest/agile/1.0/board/1/sprint?maxResults=2');
    expect(first.body).toMatchObject({ startAt: 0, maxResults: 2, isLast: false });
    expect(first.body.values.map((s: { id: number }) => s.id)).toEqual([3, 1]);
    const second = await call('GET', '/rest/agile/1.0/board/1/sprint?maxResults=2&startAt=2');
    expect(second.body).toMatchObject({ startAt: 2, isLast: true });
    expect(second.body.values.map((s: { id: number }) => s.id)).toEqual([2]);
    const active = await call('GET', '/rest/agile/1.0/board/1/sprint?state=active,future');
    expect(active.body.values.map((s: { id: number }) => s.id)).toEqual([1, 2]);
    expect((await call('GET', '/rest/agile/1.0/board/9/sprint')).status).toBe(404);
  });

  it('moves issues to the backlog (≤ 50 a call), keeping closed sprints in their history', async () => {
    const res = await call('POST', '/rest/agile/1.0/backlog/issue', { issues: ['TST-1', '20003'] });
    expect(res.status).toBe(204);
    expect(server.state.issue('TST-1')?.sprints).toEqual([3]);
    expect(server.state.issue('TST-3')?.sprints).toEqual([]);
    expect(server.state.backlogMoves.slice(-2)).toEqual([
      { key: 'TST-1', fromSprintId: 1, at: '2026-11-20T10:00:00.000Z', byAccountId: admin.accountId },
      { key: 'TST-3', fromSprintId: 1, at: '2026-11-20T10:00:00.000Z', byAccountId: admin.accountId },
    ]);
    const inSprint = await call(
      'GET',
      `/rest/api/3/search/jql?jql=${q('key in (TST-1, TST-3) AND sprint = 1')}`,
    );
    expect(inSprint.body.issues).toEqual([]);
  });

  it('refuses more than 50 issues, unknown issues, and users without the permission', async () => {
    const keys = Array.from({ length: 51 }, (_, i) => `TST-${101 + i}`);
    const tooMany = await call('POST', '/rest/agile/1.0/backlog/issue', { issues: keys });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errorMessages[0]).toContain('more than 50');
    const unknown = await call('POST', '/rest/agile/1.0/backlog/issue', { issues: ['TST-101', 'TST-9999'] });
    expect(unknown.status).toBe(400);
    expect(server.state.issue('TST-101')?.sprints).toEqual([1]);
    const v = httpClient(server, basic(viewer.email, viewer.apiToken));
    expect((await v('POST', '/rest/agile/1.0/backlog/issue', { issues: ['TST-101'] })).status).toBe(403);
  });
});

describe('fault injection', () => {
  it('answers 429 with Retry-After for a route, a given number of times', async () => {
    server.faults.add({ route: '/rest/api/3/search/jql', status: 429, retryAfter: 2, times: 2 });
    const path = `/rest/api/3/search/jql?jql=${q('key = TST-2')}`;
    const a = await call('GET', path);
    const b = await call('GET', path);
    const c = await call('GET', path);
    expect([a.status, b.status, c.status]).toEqual([429, 429, 200]);
    expect(a.headers.get('retry-after')).toBe('2');
    expect(a.headers.get('x-ratelimit-reset')).toBe('2026-11-20T10:00:02.000Z');
    expect(a.body.errorMessages).toEqual(['Rate limit exceeded.']);
    expect((await call('GET', '/rest/api/3/myself')).status).toBe(200);
  });

  it('matches path templates and methods', async () => {
    server.faults.add({
      route: '/rest/api/3/issue/{issueIdOrKey}',
      method: 'get',
      status: 503,
      retryAfter: 1,
    });
    expect((await call('GET', '/rest/api/3/issue/TST-2')).status).toBe(503);
    expect((await call('GET', '/rest/api/3/issue/TST-2/properties')).status).toBe(200);
    server.faults.clear();
    server.faults.add({ route: /\/properties\//, method: 'PUT', status: 500 });
    expect((await call('PUT', '/rest/api/3/issue/TST-2/properties/a', 1)).status).toBe(500);
    expect(server.state.issue('TST-2')?.properties).not.toHaveProperty('a');
  });

  it('hits the same requests for a fraction on every run (seeded)', async () => {
    const run = async (): Promise<number[]> => {
      server.faults.clear();
      server.faults.add({ status: 429, retryAfter: 1, fraction: 0.3 });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await call('GET', '/rest/api/3/myself')).status);
      return statuses;
    };
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
    const hits = first.filter((s) => s === 429).length;
    expect(hits).toBeGreaterThan(4);
    expect(hits).toBeLessThan(20);
  });

  it('answers exactly what it is told, marked as a fault in the log: 200 {} for a search, a proxy’s 404 page', async () => {
    server.faults.add({ route: '/rest/api/3/search/jql', answer: { status: 200, body: '{}' }, times: 1 });
    server.faults.add({
      route: '/rest/api/3/project/{projectIdOrKey}/properties/{propertyKey}',
      answer: { status: 404, body: '<html><h1>Not Found</h1></html>', contentType: 'text/html' },
    });
    const search = await call('POST', '/rest/api/3/search/jql', { jql: 'key = TST-1' });
    expect([search.status, search.body]).toEqual([200, {}]);
    const res = await fetch(`${server.url}/rest/api/3/project/TST/properties/readygate.policy`, {
      headers: { authorization: basic(admin.email, admin.apiToken) },
    });
    expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([
      404,
      'text/html',
      '<html><h1>Not Found</h1></html>',
    ]);
    expect(server.requests.map((r) => [r.status, r.fault])).toEqual([
      [200, true],
      [404, true],
    ]);
  });

  it('echoes the Authorization header in a Jira error body', async () => {
    server.faults.add({ route: '/rest/api/3/myself', echoAuthorization: { status: 403 } });
    const res = await call('GET', '/rest/api/3/myself');
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      errorMessages: [
        `The Authorization header '${basic(admin.email, admin.apiToken)}' is not valid for this request.`,
      ],
      errors: {},
    });
  });

  it.each(['new-token', 'same-token'] as const)('pages a search forever (%s)', async (mode) => {
    server.faults.add({ route: '/rest/api/3/search/jql', endlessPaging: mode });
    const tokens: string[] = [];
    let nextPageToken: string | undefined;
    for (let i = 0; i < 3; i++) {
      const res = await call('POST', '/rest/api/3/search/jql', {
        jql: 'key in (TST-1, TST-2)',
        fields: ['summary'],
        ...(nextPageToken ? { nextPageToken } : {}),
      });
      expect(res.status).toBe(200);
      expect(res.body.isLast).toBe(false);
      expect(res.body.issues.map((x: { key: string }) => x.key)).toEqual(['TST-1', 'TST-2']);
      nextPageToken = res.body.nextPageToken as string;
      tokens.push(nextPageToken);
    }
    expect(new Set(tokens).size).toBe(mode === 'new-token' ? 3 : 1);
  });

  it('answers a search with other issues than the ones asked for', async () => {
    server.faults.add({ route: '/rest/api/3/search/jql', searchAnswers: ['TST-3', 'TST-4'] });
    const res = await call('POST', '/rest/api/3/search/jql', { jql: 'key = TST-1', fields: ['summary'] });
    expect(res.body.issues.map((x: { key: string }) => x.key)).toEqual(['TST-3', 'TST-4']);
    expect(res.body.isLast).toBe(true);
  });

  it('drips a body slowly, and can drip forever after the headers', async () => {
    server.faults.add({ route: '/rest/api/3/myself', drip: { intervalMs: 2, chunkBytes: 16 }, times: 1 });
    const slow = await call('GET', '/rest/api/3/myself');
    expect(slow.body).toMatchObject({ accountId: admin.accountId });

    server.faults.add({ route: '/rest/api/3/myself', drip: { intervalMs: 10, forever: true } });
    const res = await fetch(`${server.url}/rest/api/3/myself`, {
      headers: { authorization: basic(admin.email, admin.apiToken) },
      signal: AbortSignal.timeout(300),
    });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it('drops connections', async () => {
    server.faults.add({ route: '/rest/api/3/myself', drop: true, times: 1 });
    await expect(call('GET', '/rest/api/3/myself')).rejects.toThrow();
    expect((await call('GET', '/rest/api/3/myself')).status).toBe(200);
    expect(server.requests.map((r) => r.status)).toEqual([0, 200]);
  });
});

describe('request log', () => {
  it('records method, path, query (repeated parameters as arrays), status and body', async () => {
    await call('GET', `/rest/api/3/search/jql?jql=${q('key = TST-1')}&fields=summary&fields=status`);
    await call('POST', '/rest/agile/1.0/backlog/issue', { issues: ['TST-9999'] });
    await httpClient(server)('GET', '/rest/api/3/myself');
    expect(server.requests).toEqual([
      {
        method: 'GET',
        path: '/rest/api/3/search/jql',
        query: { jql: 'key = TST-1', fields: ['summary', 'status'] },
        status: 200,
      },
      {
        method: 'POST',
        path: '/rest/agile/1.0/backlog/issue',
        query: {},
        status: 400,
        body: { issues: ['TST-9999'] },
      },
      { method: 'GET', path: '/rest/api/3/myself', query: {}, status: 401 },
    ]);
    server.resetLog();
    expect(server.requests).toEqual([]);
  });

  it('answers unknown endpoints with 404 and wrong methods with 405', async () => {
    expect((await call('GET', '/rest/api/2/search')).status).toBe(404);
    expect((await call('DELETE', '/rest/api/3/field')).status).toBe(405);
  });
});

describe('project and my permissions (what the Jira app reads for its settings page)', () => {
  it('reads a project the user may browse and 404s one they may not', async () => {
    expect((await call('GET', '/rest/api/3/project/TST')).body).toMatchObject({ id: '10000', key: 'TST' });
    const res = await httpClient(server, basic(outsider.email, outsider.apiToken))(
      'GET',
      '/rest/api/3/project/TST',
    );
    expect(res.status).toBe(404);
  });

  it('answers ADMINISTER_PROJECTS by whether the user may edit project properties', async () => {
    const path = '/rest/api/3/mypermissions?projectKey=TST&permissions=ADMINISTER_PROJECTS';
    expect((await call('GET', path)).body).toMatchObject({
      permissions: { ADMINISTER_PROJECTS: { key: 'ADMINISTER_PROJECTS', havePermission: true } },
    });
    const asViewer = await httpClient(server, basic(viewer.email, viewer.apiToken))('GET', path);
    expect(asViewer.body).toMatchObject({ permissions: { ADMINISTER_PROJECTS: { havePermission: false } } });
    const asOutsider = await httpClient(server, basic(outsider.email, outsider.apiToken))('GET', path);
    expect(asOutsider.status).toBe(404);
  });
});
