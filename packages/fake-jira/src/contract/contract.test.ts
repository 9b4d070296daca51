import { generateKeyPair } from '@readygate/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, httpClient } from '../../test/http.js';
import { buildEnrollmentDataset, ENROLLMENT_DEMO_USERS, start } from '../index.js';
import type { FakeJira } from '../index.js';
import { loadJiraSpecs, missingSpecsMessage } from './index.js';

const contract = loadJiraSpecs();

if (!contract) {
  describe('Jira OpenAPI contract', () => {
    it.skip(missingSpecsMessage(), () => undefined);
  });
} else {
  const spec = contract;
  let server: FakeJira;
  let admin: ReturnType<typeof httpClient>;
  let viewer: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    const keys = generateKeyPair();
    server = await start({
      dataset: buildEnrollmentDataset({
        privateKey: keys.privateKey,
        now: new Date('2026-11-20T12:00:00.000Z'),
        policy: { version: 1 },
      }),
    });
    admin = httpClient(server, basic(ENROLLMENT_DEMO_USERS.po.email, ENROLLMENT_DEMO_USERS.po.apiToken));
    viewer = httpClient(
      server,
      basic(ENROLLMENT_DEMO_USERS.viewer.email, ENROLLMENT_DEMO_USERS.viewer.apiToken),
    );
  });
  afterAll(async () => {
    await server.stop();
  });

  const q = encodeURIComponent;
  // Every endpoint the fake serves, on its success path and its error paths.
  const exchanges: [string, 'admin' | 'viewer' | 'anonymous', string, string, unknown?][] = [
    ['myself', 'admin', 'GET', '/rest/api/3/myself'],
    ['myself, no credentials', 'anonymous', 'GET', '/rest/api/3/myself'],
    ['search ids', 'admin', 'GET', `/rest/api/3/search/jql?jql=${q('sprint = 42')}&maxResults=3`],
    [
      'search all fields and a property',
      'admin',
      'GET',
      `/rest/api/3/search/jql?jql=${q('project = ENR')}&fields=*all&properties=readygate&maxResults=100`,
    ],
    [
      'search POST',
      'admin',
      'POST',
      '/rest/api/3/search/jql',
      {
        jql: 'fixVersion = "2.0" ORDER BY key',
        fields: ['summary', 'priority', 'status', 'issuelinks'],
        properties: ['readygate'],
        maxResults: 2,
      },
    ],
    ['search JQL error', 'admin', 'GET', `/rest/api/3/search/jql?jql=${q('status = Done')}`],
    ['issue', 'admin', 'GET', '/rest/api/3/issue/ENR-102?properties=readygate'],
    [
      'issue subset',
      'admin',
      'GET',
      '/rest/api/3/issue/ENR-103?fields=issuelinks,parent,customfield_10020,customfield_10016',
    ],
    ['issue not found', 'admin', 'GET', '/rest/api/3/issue/ENR-999'],
    ['issue property keys', 'admin', 'GET', '/rest/api/3/issue/ENR-102/properties'],
    ['issue property', 'admin', 'GET', '/rest/api/3/issue/ENR-102/properties/readygate'],
    ['issue property create', 'admin', 'PUT', '/rest/api/3/issue/ENR-108/properties/contract', { a: 1 }],
    ['issue property update', 'admin', 'PUT', '/rest/api/3/issue/ENR-108/properties/contract', { a: 2 }],
    ['issue property forbidden', 'viewer', 'PUT', '/rest/api/3/issue/ENR-108/properties/contract', { a: 3 }],
    ['issue property delete', 'admin', 'DELETE', '/rest/api/3/issue/ENR-108/properties/contract'],
    ['issue property missing', 'admin', 'GET', '/rest/api/3/issue/ENR-108/properties/contract'],
    ['project property', 'admin', 'GET', '/rest/api/3/project/ENR/properties/readygate.policy'],
    [
      'project property create',
      'admin',
      'PUT',
      '/rest/api/3/project/ENR/properties/readygate.release.10011',
      { records: [] },
    ],
    [
      'project property delete',
      'admin',
      'DELETE',
      '/rest/api/3/project/ENR/properties/readygate.release.10011',
    ],
    ['project property, no project', 'admin', 'GET', '/rest/api/3/project/NOPE/properties/x'],
    ['fields', 'admin', 'GET', '/rest/api/3/field'],
    ['versions', 'admin', 'GET', '/rest/api/3/project/ENR/versions'],
    ['roles', 'admin', 'GET', '/rest/api/3/project/ENR/role'],
    ['role', 'admin', 'GET', '/rest/api/3/project/ENR/role/10100'],
    ['role missing', 'admin', 'GET', '/rest/api/3/project/ENR/role/1'],
    [
      'comment add',
      'admin',
      'POST',
      '/rest/api/3/issue/ENR-121/comment',
      {
        body: {
          type: 'doc',
          version: 1,
          content: [
            {
              type: 'paragraph',
              content: [{ type: 'text', text: 'Moved to the backlog: AC incomplete (BA).' }],
            },
          ],
        },
      },
    ],
    [
      'comment refused',
      'viewer',
      'POST',
      '/rest/api/3/issue/ENR-121/comment',
      { body: { type: 'doc', version: 1, content: [] } },
    ],
    ['comments', 'admin', 'GET', '/rest/api/3/issue/ENR-121/comment'],
    ['sprint', 'admin', 'GET', '/rest/agile/1.0/sprint/42'],
    ['sprint without goal', 'admin', 'GET', '/rest/agile/1.0/sprint/44'],
    ['sprint missing', 'admin', 'GET', '/rest/agile/1.0/sprint/4242'],
    ['sprint property missing', 'admin', 'GET', '/rest/agile/1.0/sprint/42/properties/absent'],
    [
      'sprint property of a missing sprint',
      'admin',
      'GET',
      '/rest/agile/1.0/sprint/4242/properties/contract',
    ],
    ['board sprints', 'admin', 'GET', '/rest/agile/1.0/board/7/sprint?maxResults=2&startAt=1'],
    ['backlog move', 'admin', 'POST', '/rest/agile/1.0/backlog/issue', { issues: ['ENR-121', 'ENR-122'] }],
    ['backlog move refused', 'viewer', 'POST', '/rest/agile/1.0/backlog/issue', { issues: ['ENR-123'] }],
    [
      'backlog move, too many',
      'admin',
      'POST',
      '/rest/agile/1.0/backlog/issue',
      { issues: Array.from({ length: 51 }, (_, i) => `ENR-${i + 1}`) },
    ],
  ];

  describe('Jira OpenAPI contract', () => {
    it.each(exchanges)(
      '%s: the request matches the spec and the response validates',
      async (_name, who, method, path, body) => {
        const call = who === 'admin' ? admin : who === 'viewer' ? viewer : httpClient(server);
        expect(spec.checkRequest(method, path, body).problems).toEqual([]);
        const res = await call(method, path, body);
        const checked = spec.checkResponse(method, path, res.status, res.body);
        expect(checked.problems).toEqual([]);
        if (res.body !== undefined) expect(checked.checkedAgainst).toMatch(/^(schema|example)$/);
        if (res.status >= 400)
          expect(res.body).toEqual({ errorMessages: expect.any(Array), errors: expect.any(Object) });
      },
    );
  });

  describe('sprint property writes', () => {
    // Atlassian's software.v3.json documents no request body for this PUT, though Jira stores the JSON sent as
    // the property's value: the request check reports exactly that gap and nothing else; responses validate.
    const gap =
      'PUT /rest/agile/1.0/sprint/{sprintId}/properties/{propertyKey}: the spec documents no JSON request body';
    it.each([
      ['create', 'admin', { a: 1 }, 201],
      ['update', 'admin', { a: 2 }, 200],
      ['forbidden', 'viewer', { a: 3 }, 403],
    ] as const)(
      '%s: only the documented body gap, and the response validates',
      async (_n, who, body, status) => {
        const path = '/rest/agile/1.0/sprint/42/properties/readygate.report';
        expect(spec.checkRequest('PUT', path, body).problems).toEqual([gap]);
        const res = await (who === 'admin' ? admin : viewer)('PUT', path, body);
        expect(res.status).toBe(status);
        expect(spec.checkResponse('PUT', path, res.status, res.body).problems).toEqual([]);
      },
    );
  });

  describe('injected faults answer as Jira does', () => {
    const faults: [string, string, string, 429 | 500 | 503][] = [
      ['a rate-limited search', 'POST', '/rest/api/3/search/jql', 429],
      ['a failing issue read', 'GET', '/rest/api/3/issue/ENR-1', 500],
      ['an unavailable sprint read', 'GET', '/rest/agile/1.0/sprint/42', 503],
    ];
    it.each(faults)(
      '%s: the error body validates and says what happened',
      async (_name, method, path, status) => {
        server.faults.add({
          route: new URL(path, 'http://x').pathname,
          status,
          ...(status === 500 ? {} : { retryAfter: 1 }),
          times: 1,
        });
        const body = method === 'POST' ? { jql: 'key in (ENR-1)', fields: ['summary'] } : undefined;
        const res = await admin(method, path, body);
        expect(res.status).toBe(status);
        expect(spec.checkResponse(method, path, status, res.body).problems).toEqual([]);
        expect(res.body).toEqual({ errorMessages: [expect.any(String)], errors: {} });
        if (status !== 500) expect(res.headers.get('retry-after')).toBe('1');
      },
    );
  });

  describe('the contract checks reject what the spec does not allow', () => {
    const rejected: [string, string, string, number, unknown][] = [
      [
        'an invented property on an issue',
        'GET',
        '/rest/api/3/issue/ENR-1',
        200,
        { id: '1', key: 'ENR-1', fields: {}, readygate: true },
      ],
      ['a numeric issue id', 'GET', '/rest/api/3/issue/ENR-1', 200, { id: 10001, key: 'ENR-1' }],
      [
        'search issues that are not a list',
        'GET',
        '/rest/api/3/search/jql',
        200,
        { issues: {}, isLast: true },
      ],
      [
        'a search page with startAt/total (the old API)',
        'POST',
        '/rest/api/3/search/jql',
        200,
        { issues: [], isLast: true, startAt: 0, total: 0 },
      ],
      [
        'a property without its key',
        'GET',
        '/rest/api/3/issue/ENR-1/properties/x',
        200,
        { key: 'x', value: 1, id: 3 },
      ],
      [
        'a version with a string released flag',
        'GET',
        '/rest/api/3/project/ENR/versions',
        200,
        [{ id: '1', name: '2.0', released: 'no' }],
      ],
      [
        'a role map with non-URI values',
        'GET',
        '/rest/api/3/project/ENR/role',
        200,
        { 'Product Owner': 'not a url' },
      ],
      [
        'a role actor of an unknown type',
        'GET',
        '/rest/api/3/project/ENR/role/10100',
        200,
        { id: 10100, actors: [{ type: 'robot' }] },
      ],
      [
        'a comment with a malformed date',
        'POST',
        '/rest/api/3/issue/ENR-1/comment',
        201,
        { id: '1', body: {}, created: 'yesterday' },
      ],
      [
        'a sprint with a field the spec does not show',
        'GET',
        '/rest/agile/1.0/sprint/42',
        200,
        { id: 42, name: 'x', colour: 'red' },
      ],
      ['a sprint id as a string', 'GET', '/rest/agile/1.0/sprint/42', 200, { id: '42', name: 'x' }],
      [
        'board sprints without values as a list',
        'GET',
        '/rest/agile/1.0/board/7/sprint',
        200,
        { isLast: true, values: 'none' },
      ],
      ['a body on a 204', 'DELETE', '/rest/api/3/issue/ENR-1/properties/x', 204, { deleted: true }],
      ['a status the operation never answers', 'GET', '/rest/api/3/field', 404, { errorMessages: [] }],
      [
        'an error body that is not an ErrorCollection',
        'GET',
        '/rest/api/3/issue/ENR-1',
        404,
        { errorMessage: 'Issue does not exist' },
      ],
      [
        'a rate-limit answer that is not an ErrorCollection',
        'POST',
        '/rest/api/3/search/jql',
        429,
        { message: 'slow down' },
      ],
      [
        'error messages that are not strings',
        'GET',
        '/rest/agile/1.0/sprint/1',
        404,
        { errorMessages: [{ text: 'x' }], errors: {} },
      ],
      [
        'a user with an unknown account type',
        'GET',
        '/rest/api/3/myself',
        200,
        { accountId: 'a', accountType: 'robot' },
      ],
    ];
    it.each(rejected)('%s', (_name, method, path, status, body) => {
      const r = spec.checkResponse(method, path, status, body);
      expect(r.ok).toBe(false);
      expect(r.problems.length).toBeGreaterThan(0);
    });

    const badRequests: [string, string, string, unknown?][] = [
      ['an unknown path', 'GET', '/rest/api/3/readygate'],
      ['an unknown method', 'PATCH', '/rest/api/3/issue/ENR-1'],
      ['an unknown query parameter', 'GET', '/rest/api/3/search/jql?jql=x&startAt=0'],
      ['a non-integer maxResults', 'GET', '/rest/api/3/search/jql?jql=x&maxResults=ten'],
      ['a non-boolean failFast', 'GET', '/rest/api/3/search/jql?jql=x&failFast=yes'],
      ['an enum value the spec does not list', 'GET', '/rest/api/3/issue/ENR-1/comment?orderBy=updated'],
      ['a non-integer board id', 'GET', '/rest/agile/1.0/board/seven/sprint'],
      ['an unknown field in the search body', 'POST', '/rest/api/3/search/jql', { jql: 'x', startAt: 0 }],
      [
        'fields as a string in the search body',
        'POST',
        '/rest/api/3/search/jql',
        { jql: 'x', fields: 'summary' },
      ],
      ['backlog issues as numbers', 'POST', '/rest/agile/1.0/backlog/issue', { issues: [1, 2] }],
    ];
    it.each(badRequests)('refuses a request with %s', (_name, method, path, body) => {
      expect(spec.checkRequest(method, path, body).ok).toBe(false);
    });

    it('finds the most literal template and decodes path parameters', () => {
      expect(spec.findOperation('GET', '/rest/api/3/issue/picker')?.template).toBe(
        '/rest/api/3/issue/picker',
      );
      expect(
        spec.findOperation(
          'GET',
          'https://x.atlassian.net/rest/api/3/issue/ENR-1/properties/readygate.release%2F1?x=1',
        ),
      ).toMatchObject({
        spec: 'platform',
        template: '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
        pathParams: { issueIdOrKey: 'ENR-1', propertyKey: 'readygate.release/1' },
      });
      expect(spec.findOperation('POST', '/rest/agile/1.0/backlog/issue')?.spec).toBe('software');
    });
  });
}
