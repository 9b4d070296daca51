// Fresh answers for CI, end to end: the app's REAL CI web-trigger handler (over the fake __forge_fetch__, served
// on a local HTTP port the way Forge hands a web trigger its request) and the BUILT action bundle, against the
// same fake Jira. An older, validly signed record, policy or release decision put back by hand passes the action
// without the freshness inputs (with a warning in the summary) and fails it with them, saying the Jira copy is
// not the current one; wrong, revoked, replayed, foreign-key, edited and late answers are each refused.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { kvs } from '@forge/kvs';
import { generateKeyPair, parsePrivateKey, publicKeyOf, sign, versionFingerprint } from '@readygate/rules';
import type { ReleaseRecord } from '@readygate/rules';
import { toStory, STORY_SEARCH_FIELDS, createJiraClient } from '@readygate/jira';
import { STATUSES } from '@readygate/fake-jira';
import { releaseRecordKey } from '@readygate/workflows';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGitHub } from '../../github-action/test/fake-github';
import type { FakeGitHub } from '../../github-action/test/fake-github';
import { nextSha, pull, pullRequestEvent, REPO } from '../../github-action/test/payloads';
import { APP_DIR, runAction } from '../../github-action/test/run-action';
import type { ActionRun } from '../../github-action/test/run-action';
import { CRITERIA, PEOPLE, STORY, storyDescription } from './dataset';
import type { Person } from './dataset';
import { invokeAs, issueContext, startForgeSite } from './forge-platform';
import type { ForgeSite } from './forge-platform';
import type { WebTriggerRequest, WebTriggerResponse } from '../src/webtriggers/public-keys';

const { handler } = await import('../src/resolvers/index');
const { ciAnswer } = await import('../src/webtriggers/ci-answer');
const { publicKeys } = await import('../src/webtriggers/public-keys');
const { resetWorkflows } = await import('../src/adapters/workflows');
const { ciWorkflows, resetCiWorkflows } = await import('../src/adapters/ci-workflows');

const GH_TOKEN = 'ghs_citoken000000000000000000000';
const BUNDLE = `${APP_DIR}dist/index.js`;

/** Serves a web-trigger handler over HTTP in Forge's request shape: header and query values as arrays. */
async function serveWebTrigger(
  site: ForgeSite,
  fn: (request: WebTriggerRequest) => Promise<WebTriggerResponse>,
  edit: { answer?: (body: string) => string } = {},
): Promise<{ url: string; server: Server; requests: WebTriggerRequest[] }> {
  const requests: WebTriggerRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string[]> = {};
      // Forge keeps the caller's case in header names: rawHeaders, not Node's lower-cased headers.
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i] ?? '';
        (headers[name] ??= []).push(req.rawHeaders[i + 1] ?? '');
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      const queryParameters: Record<string, string[]> = {};
      for (const [k, v] of url.searchParams) (queryParameters[k] ??= []).push(v);
      const request: WebTriggerRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        headers,
        queryParameters,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      void site
        .as(undefined, () => fn(request))
        .then(
          (out) => {
            const h: Record<string, string> = {};
            for (const [k, v] of Object.entries(out.headers)) h[k] = v.join(', ');
            res.writeHead(out.statusCode, h);
            res.end(out.statusCode === 200 && edit.answer ? edit.answer(out.body) : out.body);
          },
          () => {
            res.writeHead(500);
            res.end('handler threw');
          },
        );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/x1/readygate-ci`, server, requests };
}

let site: ForgeSite;
let gh: FakeGitHub;
let trigger: Awaited<ReturnType<typeof serveWebTrigger>>;
let prNumber = 300;

beforeAll(async () => {
  [site, gh] = await Promise.all([startForgeSite(), startFakeGitHub({ token: GH_TOKEN, repository: REPO })]);
  trigger = await serveWebTrigger(site, ciAnswer);
});
afterAll(async () => {
  await new Promise((r) => trigger.server.close(r));
  await Promise.all([site.stop(), gh.stop()]);
});
beforeEach(() => {
  site.kvs.keys.clear();
  site.kvs.secrets.clear();
  const issue = site.jira.state.issues.find((i) => i.key === STORY.key);
  if (issue) {
    issue.description = storyDescription(CRITERIA);
    issue.properties = {};
    issue.fixVersions = [];
    issue.status = STATUSES.todo;
  }
  const project = site.jira.state.project('ENR');
  if (project) project.properties = {};
  resetWorkflows();
  resetCiWorkflows();
});

type Answer<T> = { ok: true; value: T } | { ok: false; error: { message: string } };
const invoke = async <T>(person: Person, key: string, payload: unknown): Promise<T> => {
  const r = (await invokeAs(site, handler, person, key, payload, issueContext(STORY))) as Answer<T>;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
interface Panel {
  criteria: { fingerprint: string; items: { id: string }[] };
}
const panel = () => invoke<Panel>('dev', 'loadPanel', { issue: STORY.key });
async function act(person: Person, key: string, extra: Record<string, unknown> = {}): Promise<void> {
  const fp = (await panel()).criteria.fingerprint;
  await invoke(person, key, { issue: STORY.key, acFingerprint: fp, ...extra });
}
async function evidence(result: 'passed' | 'failed'): Promise<void> {
  const p = await panel();
  await act('qa', 'addEvidence', {
    url: `https://ci.example.test/runs/${result}`,
    evidenceKind: 'automated-tests',
    result,
    covers: p.criteria.items.map((c) => c.id),
  });
}
async function makeReady(): Promise<void> {
  await act('ba', 'markAcReady');
  await act('qa', 'reviewTestability', { testable: true });
  await act('po', 'approveAc');
  await evidence('passed');
}

const mirror = () => site.jira.state.issue(STORY.key)?.properties['readygate'];
const setMirror = (value: unknown) => {
  const issue = site.jira.state.issue(STORY.key);
  if (issue) issue.properties['readygate'] = value;
};

async function keyInput(): Promise<string> {
  const served = await publicKeys({ method: 'GET' });
  return (JSON.parse(served.body) as { publicKeyInput: string }).publicKeyInput;
}

async function issueToken(name = 'enrollment'): Promise<{ token: string; id: string }> {
  const r = await site.as('po', () =>
    ciWorkflows().issueCiToken({ accountId: PEOPLE.po.accountId }, { project: 'ENR', name }),
  );
  if (!r.ok) throw new Error(r.error.message);
  return { token: r.value.token, id: r.value.tokens.find((t) => t.name === name)?.id ?? '' };
}

async function runPr(
  options: { fresh?: { url: string; token: string }; publicKey?: string } = {},
): Promise<ActionRun> {
  const number = ++prNumber;
  const pr = pull({
    number,
    branch: `feature/${STORY.key.toLowerCase()}-enroll`,
    title: `${STORY.key} Enroll`,
  });
  gh.state.pulls.set(number, pr);
  gh.state.commits.set(number, [{ sha: nextSha(), message: 'Enrollment form' }]);
  return runAction({
    bundle: BUNDLE,
    event: 'pull_request',
    payload: pullRequestEvent(pr),
    inputs: {
      'jira-url': site.jira.url,
      'jira-token': PEOPLE.dev.bearerToken,
      'public-key': options.publicKey ?? (await keyInput()),
      'project-keys': 'ENR',
      'github-token': GH_TOKEN,
      ...(options.fresh
        ? { 'readygate-url': options.fresh.url, 'readygate-token': options.fresh.token }
        : {}),
    },
    env: { GITHUB_API_URL: gh.url },
  });
}

/** The token appears nowhere but in the runner's mask command (which is what hides it from the log). */
const noLeak = (run: ActionRun, token: string) => {
  const printed = run.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
  expect(`${printed}${run.stderr}${run.summary}${JSON.stringify(run.outputs)}`).not.toContain(token);
  expect(run.stdout).toContain(`::add-mask::${token}`);
};

describe('an older record put back on the issue by hand', () => {
  it(
    'passes without the freshness inputs (and the summary warns); fails with them, naming the issue',
    { timeout: 120_000 },
    async () => {
      await makeReady();
      const older = structuredClone(mirror());
      // QA finds a failure: the app records it and mirrors the new record set.
      await evidence('failed');
      setMirror(older);
      const { token } = await issueToken();

      const blind = await runPr();
      expect(blind.code, blind.stdout).toBe(0);
      expect(blind.outputs['verdict']).toBe('pass');
      expect(blind.summary).toContain('replayed older record');
      expect(blind.summary).toContain('readygate-url and readygate-token');

      const fresh = await runPr({ fresh: { url: trigger.url, token } });
      expect(fresh.code).toBe(1);
      expect(fresh.outputs['verdict']).toBe('fail');
      expect(fresh.errors.join('\n')).toMatch(
        /the ReadyGate record on ENR-1 is not the current one .*open its ReadyGate panel in Jira/,
      );
      expect(fresh.summary).not.toContain('replayed older record');
      noLeak(fresh, token);
    },
  );

  it('with the inputs and a current record, the PR passes in one round trip to the app', async () => {
    await makeReady();
    const { token } = await issueToken();
    const before = trigger.requests.length;
    const run = await runPr({ fresh: { url: trigger.url, token } });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs['verdict']).toBe('pass');
    expect(trigger.requests.length - before).toBe(1);
    const sent = trigger.requests.at(-1);
    expect(sent?.method).toBe('POST');
    // Header names keep the caller's case on Forge; the handler looks them up case-insensitively.
    expect(Object.keys(sent?.headers ?? {}).some((k) => k.toLowerCase() === 'authorization')).toBe(true);
    noLeak(run, token);
  });
});

describe('an older policy put back on the project by hand', () => {
  it(
    'passes without the inputs; fails with them, saying the project policy is not the current one',
    {
      timeout: 60_000,
    },
    async () => {
      await makeReady();
      const weak = { version: 1, gates: { merge: { issueTypes: ['Story'], rules: [] } } };
      await invoke('po', 'saveSettings', { project: 'ENR', policy: weak });
      const older = structuredClone(site.jira.state.project('ENR')?.properties['readygate.policy']);
      await invoke('po', 'saveSettings', { project: 'ENR', policy: { version: 1 } });
      await evidence('failed');
      // The failing evidence is mirrored; the weak policy (no merge rules) is put back.
      const project = site.jira.state.project('ENR');
      if (project) project.properties['readygate.policy'] = older;
      const { token } = await issueToken();

      const blind = await runPr();
      expect(blind.code, blind.stdout).toBe(0);
      expect(blind.summary).toContain('replayed older record');

      const fresh = await runPr({ fresh: { url: trigger.url, token } });
      expect(fresh.code).toBe(1);
      expect(fresh.errors.join('\n')).toMatch(
        /the ReadyGate policy of project ENR on Jira is not the current one/,
      );
    },
  );
});

describe('answers that are refused', () => {
  it('a wrong token and a revoked token: 401 from the app, and the action fails saying so', async () => {
    await makeReady();
    const { token, id } = await issueToken();
    const wrong = await runPr({ fresh: { url: trigger.url, token: `${token.slice(0, -3)}xyz` } });
    expect(wrong.code).toBe(1);
    expect(wrong.errors.join('\n')).toMatch(/refused readygate-token \(HTTP 401/);
    expect(wrong.errors.join('\n')).toContain('Dev');

    const revoked = await site.as('po', () =>
      ciWorkflows().revokeCiToken({ accountId: PEOPLE.po.accountId }, { project: 'ENR', id }),
    );
    expect(revoked.ok).toBe(true);
    const after = await runPr({ fresh: { url: trigger.url, token } });
    expect(after.code).toBe(1);
    expect(after.errors.join('\n')).toMatch(/refused readygate-token \(HTTP 401/);
    noLeak(after, token);
  });

  it('the handler: 401 with an empty body for a bad token whether or not the issue exists; 405 for GET', async () => {
    await makeReady();
    const { token } = await issueToken();
    const call = (auth: string | undefined, keys: string[], method = 'POST') =>
      site.as(undefined, () =>
        ciAnswer({
          method,
          headers: auth === undefined ? {} : { AuThOrIzAtIoN: [auth] },
          body: JSON.stringify({ nonce: 'abcdefghijklmnopqrstuvwx', keys }),
        }),
      );
    const existing = await call('Bearer rgci_000000000000_' + 'A'.repeat(43), ['ENR-1']);
    const missing = await call('Bearer rgci_000000000000_' + 'A'.repeat(43), ['ENR-9999']);
    expect([existing.statusCode, existing.body]).toEqual([401, '']);
    expect([missing.statusCode, missing.body]).toEqual([401, '']);
    expect((await call(undefined, ['ENR-1'])).statusCode).toBe(401);
    expect((await call(`Bearer ${token}`, ['ENR-1'], 'GET')).statusCode).toBe(405);
    const ok = await call(`bearer ${token}`, ['ENR-1']);
    expect(ok.statusCode).toBe(200);
    const tooMany = await call(
      `Bearer ${token}`,
      Array.from({ length: 101 }, (_, i) => `ENR-${i + 1}`),
    );
    expect(tooMany.statusCode).toBe(400);
  });

  it('a replayed answer (another nonce), an edited answer and one signed by another key', async () => {
    await makeReady();
    const { token } = await issueToken();
    // A recorded answer, served again for later requests: its nonce is not the one the action sent.
    let recorded: string | undefined;
    const replay = await serveWebTrigger(site, ciAnswer, {
      answer: (body) => (recorded ??= body),
    });
    const edited = await serveWebTrigger(site, ciAnswer, {
      answer: (body) => {
        const env = JSON.parse(body) as { payload: { issues: { records: unknown[] }[] } };
        for (const i of env.payload.issues) i.records = i.records.slice(0, 1);
        return JSON.stringify(env);
      },
    });
    const foreign = generateKeyPair();
    const otherKey = await serveWebTrigger(site, ciAnswer, {
      answer: (body) => {
        const env = JSON.parse(body) as { subject: { kind: 'ci'; nonce: string }; payload: unknown };
        return JSON.stringify(sign(env.payload, env.subject, foreign.privateKey));
      },
    });
    try {
      const first = await runPr({ fresh: { url: replay.url, token } });
      expect(first.code, first.stdout).toBe(0);
      const replayed = await runPr({ fresh: { url: replay.url, token } });
      expect(replayed.code).toBe(1);
      expect(replayed.errors.join('\n')).toMatch(/made for another request .*a replayed answer/);

      const e = await runPr({ fresh: { url: edited.url, token } });
      expect(e.code).toBe(1);
      expect(e.errors.join('\n')).toMatch(/was edited in transit/);

      const k = await runPr({ fresh: { url: otherKey.url, token } });
      expect(k.code).toBe(1);
      expect(k.errors.join('\n')).toMatch(/signed by a key that is not among the public keys/);
    } finally {
      for (const s of [replay, edited, otherKey]) await new Promise((r) => s.server.close(r));
    }
  });

  it('an answer older than its limit (a cache serving a 6-minute-old answer)', async () => {
    await makeReady();
    const { token } = await issueToken();
    const key = parsePrivateKey((await kvs.getSecret<string>('signing-key')) ?? '');
    const late = await serveWebTrigger(site, ciAnswer, {
      answer: (body) => {
        const env = JSON.parse(body) as { subject: { kind: 'ci'; nonce: string }; payload: unknown };
        return JSON.stringify(sign(env.payload, env.subject, key, new Date(Date.now() - 360_000)));
      },
    });
    try {
      const run = await runPr({ fresh: { url: late.url, token } });
      expect(run.code).toBe(1);
      expect(run.errors.join('\n')).toMatch(/signed 36\d s ago, more than the 300 s allowed/);
    } finally {
      await new Promise((r) => late.server.close(r));
    }
  });
});

describe('an older release decision put back by hand', () => {
  it(
    'the release passes without the inputs (summary warns) and fails with them',
    { timeout: 60_000 },
    async () => {
      await makeReady();
      await act('po', 'acceptStory');
      const issue = site.jira.state.issue(STORY.key);
      const version = { id: '30500', projectKey: 'ENR', name: '3.0', released: false, archived: false };
      if (!site.jira.state.versions.some((v) => v.id === version.id)) site.jira.state.versions.push(version);
      if (issue) {
        issue.fixVersions = [version.id];
        issue.status = STATUSES.done;
      }
      // The content fingerprint the release gate computes, from the issue as Jira answers it.
      const client = createJiraClient({
        baseUrl: site.jira.url,
        auth: { kind: 'bearer', token: PEOPLE.po.bearerToken },
      });
      // With its signed records: the fingerprint includes what QA's evidence decides.
      const bean = (
        await client.loadIssues([STORY.key], { fields: [...STORY_SEARCH_FIELDS], properties: ['readygate'] })
      ).issues[0];
      const key = parsePrivateKey((await kvs.getSecret<string>('signing-key')) ?? '');
      const content = versionFingerprint([toStory(bean!, { fields: {}, keys: [publicKeyOf(key)] })]);
      const by = (role: 'po' | 'ba' | 'qa' | 'dev') => ({ accountId: PEOPLE[role].accountId, role });
      const at = (m: number) => new Date(Date.UTC(2026, 11, 1, 10, m)).toISOString();
      const signoffs: ReleaseRecord[] = (['ba', 'qa', 'dev'] as const).map((role, i) => ({
        kind: 'release.signoff',
        by: by(role),
        at: at(i),
        contentFingerprint: content,
        role,
        summary: `${role} signs off`,
      }));
      const go: ReleaseRecord = {
        kind: 'release.decision',
        by: by('po'),
        at: at(5),
        contentFingerprint: content,
        decision: 'go',
        rationale: 'Ready for open season.',
      };
      const noGo: ReleaseRecord = { ...go, at: at(9), decision: 'no-go', rationale: 'Payroll bug found.' };
      // The app holds [sign-offs, go, no-go]; the project property was set back to the copy with the go only.
      for (const [i, record] of [...signoffs, go, noGo].entries())
        await kvs.set(releaseRecordKey(version.id, Date.parse(record.at), String(i)), record);
      const project = site.jira.state.project('ENR');
      if (project)
        project.properties[`readygate.release.${version.id}`] = sign(
          { records: [...signoffs, go] },
          { kind: 'version', projectKey: 'ENR', versionId: version.id },
          key,
          new Date(at(6)),
        );
      const { token } = await issueToken();
      const release = (fresh: boolean) =>
        keyInput().then((publicKey) =>
          runAction({
            bundle: BUNDLE,
            event: 'workflow_dispatch',
            payload: {},
            inputs: {
              mode: 'release',
              'fix-version': version.name,
              'jira-url': site.jira.url,
              'jira-token': PEOPLE.dev.bearerToken,
              'public-key': publicKey,
              'project-keys': 'ENR',
              'github-token': '',
              ...(fresh ? { 'readygate-url': trigger.url, 'readygate-token': token } : {}),
            },
            env: { GITHUB_API_URL: gh.url },
          }),
        );
      const blind = await release(false);
      expect(blind.code, blind.stdout).toBe(0);
      expect(blind.summary).toContain('replayed older record');
      const checked = await release(true);
      expect(checked.code).toBe(1);
      expect(checked.errors.join('\n')).toMatch(/release record of 3\.0 on Jira is not the current one/);
      noLeak(checked, token);
    },
  );
});
