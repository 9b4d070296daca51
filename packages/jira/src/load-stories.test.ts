import {
  adf,
  ACCEPTANCE_CRITERIA_FIELD_ID,
  ISSUE_TYPES,
  LINK_TYPES,
  standardFields,
  start,
  STATUSES,
} from '@readygate/fake-jira';
import type { DatasetInput, FakeJira } from '@readygate/fake-jira';
import { DEFAULT_POLICY, generateKeyPair, sign } from '@readygate/rules';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JiraClient } from './client.js';
import { JiraError } from './errors.js';
import { httpTransport } from './http-transport.js';
import { loadStories, ProjectPolicyError, STORY_SEARCH_FIELDS } from './load-stories.js';
import type { Transport, TransportRequest } from './transport.js';

const EMAIL = 'ada@example.test';
const TOKEN = 'load-stories-token';
const pair = generateKeyPair();
const stranger = generateKeyPair();
const at = '2026-11-02T09:00:00.000Z';

const projects = { ENR: '10000', OPS: '10001', DEV: '10002', CPY: '10003' } as const;
/** ENR reads acceptance criteria from a custom field; the default reads them from the description. */
const enrPolicy = {
  ...DEFAULT_POLICY,
  fields: { ...DEFAULT_POLICY.fields, acceptanceCriteria: ACCEPTANCE_CRITERIA_FIELD_ID },
};

function dataset(): DatasetInput {
  const issue = (key: keyof typeof projects, n: number, id: string) => ({
    id,
    key: `${key}-${n}`,
    projectKey: key,
    issuetype: ISSUE_TYPES.story,
    status: STATUSES.inProgress,
    summary: `${key} story ${n}`,
    description: adf.doc(
      adf.h(3, 'Acceptance criteria'),
      adf.bullets(`Given ${key}, when described, then the description holds`),
    ),
    customFields: {
      [ACCEPTANCE_CRITERIA_FIELD_ID]: adf.doc(
        adf.bullets(`Given ${key}, when fielded, then the field holds`),
      ),
    },
    created: at,
    updated: at,
  });
  return {
    name: 'load-stories',
    users: [{ accountId: 'acc-ada', displayName: 'Ada', email: EMAIL, apiTokens: [TOKEN] }],
    projects: [
      {
        id: projects.ENR,
        key: 'ENR',
        name: 'Enrollment',
        properties: {
          'readygate.policy': sign(
            enrPolicy,
            { kind: 'project', id: projects.ENR, key: 'ENR' },
            pair.privateKey,
          ),
        },
      },
      { id: projects.OPS, key: 'OPS', name: 'Operations' },
      {
        id: projects.CPY,
        key: 'CPY',
        name: 'Copycat',
        // ENR's signed policy copied onto CPY: it names another project, so it must not apply here.
        properties: {
          'readygate.policy': sign(
            enrPolicy,
            { kind: 'project', id: projects.ENR, key: 'ENR' },
            pair.privateKey,
          ),
        },
      },
      { id: projects.DEV, key: 'DEV', name: 'Development' },
    ],
    fields: standardFields(),
    linkTypes: LINK_TYPES,
    issues: [
      issue('ENR', 1, '20001'),
      issue('OPS', 1, '20002'),
      issue('DEV', 1, '20003'),
      issue('ENR', 2, '20004'),
      issue('CPY', 1, '20005'),
    ],
  };
}

let fake: FakeJira;
beforeAll(async () => {
  fake = await start({ port: 0, dataset: dataset(), latencyMs: 20 });
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(() => {
  fake.resetLog();
  fake.faults.clear();
});

/** The fake's transport, counting how many requests were in flight at once. */
function counting(): { transport: Transport; maxInFlight: () => number } {
  const inner = httpTransport({ baseUrl: fake.url, auth: { kind: 'basic', email: EMAIL, token: TOKEN } });
  let now = 0;
  let max = 0;
  const send = async (req: TransportRequest) => {
    max = Math.max(max, ++now);
    try {
      return await inner(req);
    } finally {
      now--;
    }
  };
  return {
    transport: Object.assign(send, { identity: inner.identity!, redact: inner.redact! }),
    maxInFlight: () => max,
  };
}

const criteriaOf = (s: { story: { acceptanceCriteria?: unknown } }) => JSON.stringify(s.story);

describe('loadStories', () => {
  it('judges each story by its own project’s signed policy, in one round trip', async () => {
    const t = counting();
    const client = new JiraClient({ transport: t.transport });
    const got = await loadStories(client, ['OPS-1', 'ENR-1', 'DEV-1', 'ENR-2'], {
      publicKeys: [pair.publicKey],
    });
    expect(got.stories.map((s) => [s.story.key, s.project, s.policy.source])).toEqual([
      ['OPS-1', { id: projects.OPS, key: 'OPS' }, 'built-in default policy'],
      ['ENR-1', { id: projects.ENR, key: 'ENR' }, 'signed policy of project ENR'],
      ['DEV-1', { id: projects.DEV, key: 'DEV' }, 'built-in default policy'],
      ['ENR-2', { id: projects.ENR, key: 'ENR' }, 'signed policy of project ENR'],
    ]);
    // ENR's field map applies to ENR's stories only.
    expect(criteriaOf(got.stories[1]!)).toContain('when fielded');
    expect(criteriaOf(got.stories[0]!)).toContain('when described');
    expect(got.missing).toEqual([]);
    expect(got.policies.get('ENR')?.source).toBe('signed policy of project ENR');

    const sent = fake.requests.map((r) => `${r.method} ${r.path}`);
    expect(sent.filter((r) => r.startsWith('POST /rest/api/3/search/jql'))).toHaveLength(1);
    expect(sent.filter((r) => r.includes('/properties/readygate.policy')).sort()).toEqual([
      'GET /rest/api/3/project/DEV/properties/readygate.policy',
      'GET /rest/api/3/project/ENR/properties/readygate.policy',
      'GET /rest/api/3/project/OPS/properties/readygate.policy',
    ]);
    expect(sent).toHaveLength(4);
    // Every request was out before the first answer came back.
    expect(t.maxInFlight()).toBe(4);
    const search = fake.requests.find((r) => r.path === '/rest/api/3/search/jql');
    expect(search?.body).toMatchObject({ fields: [...STORY_SEARCH_FIELDS], properties: ['readygate'] });
  });

  it('a key of another project placed first does not decide the policy of the others', async () => {
    const client = new JiraClient({ transport: counting().transport });
    const got = await loadStories(client, ['DEV-1', 'ENR-1'], { publicKeys: [pair.publicKey] });
    expect(got.stories.find((s) => s.story.key === 'ENR-1')?.policy.source).toBe(
      'signed policy of project ENR',
    );
  });

  it('with a policy file reads no property and asks only for the fields the policy maps', async () => {
    const client = new JiraClient({ transport: counting().transport });
    const file = { policy: enrPolicy, source: 'policy file .github/readygate.yml' };
    const got = await loadStories(client, ['OPS-1', 'ENR-1'], { publicKeys: [pair.publicKey], policy: file });
    expect(got.stories.map((s) => s.policy.source)).toEqual([file.source, file.source]);
    expect(criteriaOf(got.stories[0]!)).toContain('when fielded');
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /rest/api/3/search/jql']);
  });

  it('does not read again a policy an earlier load of the same run already read', async () => {
    const client = new JiraClient({ transport: counting().transport });
    const first = await loadStories(client, ['ENR-1'], { publicKeys: [pair.publicKey] });
    fake.resetLog();
    const again = await loadStories(client, ['ENR-2', 'OPS-1'], {
      publicKeys: [pair.publicKey],
      known: first.policies,
    });
    expect(again.stories.map((s) => [s.story.key, s.policy.source])).toEqual([
      ['ENR-2', 'signed policy of project ENR'],
      ['OPS-1', 'built-in default policy'],
    ]);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /rest/api/3/project/OPS/properties/readygate.policy',
      'POST /rest/api/3/search/jql',
    ]);
  });

  it('a key that does not exist, or of a project that does not exist, is missing with its reason, not an error', async () => {
    const client = new JiraClient({ transport: counting().transport });
    const got = await loadStories(client, ['NOPE-1', 'ENR-1', 'ENR-404'], { publicKeys: [pair.publicKey] });
    expect(got.stories.map((s) => s.story.key)).toEqual(['ENR-1']);
    expect(got.missing).toEqual([
      { key: 'NOPE-1', reason: 'not found or not visible to the token' },
      { key: 'ENR-404', reason: 'not found or not visible to the token' },
    ]);
  });

  it('a policy read that is not Jira’s answer fails closed instead of using the default', async () => {
    const inner = counting().transport;
    const proxy: Transport = Object.assign(
      (req: TransportRequest) =>
        req.path.includes('/project/ENR/properties/')
          ? Promise.resolve({
              status: 404,
              headers: { 'content-type': 'text/html' },
              body: '<h1>Not Found</h1>',
            })
          : inner(req),
      { identity: inner.identity! },
    );
    const e = await loadStories(new JiraClient({ transport: proxy }), ['ENR-1'], {
      publicKeys: [pair.publicKey],
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(JiraError);
    expect(e).toMatchObject({ code: 'bad-response' });
  });

  it('a policy signed by a key that is not configured fails closed, saying to add the key', async () => {
    const client = new JiraClient({ transport: counting().transport });
    const e = await loadStories(client, ['ENR-1'], { publicKeys: [stranger.publicKey] }).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ProjectPolicyError);
    expect(e).toMatchObject({
      projectKey: 'ENR',
      message: expect.stringMatching(/add the current public key/),
    });
  });

  it('a policy copied from another project fails closed instead of leaving a weaker default', async () => {
    const client = new JiraClient({ transport: counting().transport });
    const e = await loadStories(client, ['CPY-1'], { publicKeys: [pair.publicKey] }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProjectPolicyError);
    expect(e).toMatchObject({ projectKey: 'CPY', message: expect.stringMatching(/does not verify/) });
  });
});
