// What each role can and cannot do through the resolvers, called as the platform calls them, and the failure
// and attack cases of the issue: wrong role, an issue the user cannot see, a caller named in the payload,
// concurrent records, a property edited or rolled back by hand, Jira failing mid-action, validators, the web
// trigger, the issue-updated trigger.
import { parsePublicKey, verify } from '@readygate/rules';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CRITERIA, PEOPLE, STORY, storyDescription } from './dataset';
import type { Person } from './dataset';
import { invokeAs, issueContext, startForgeSite } from './forge-platform';
import type { ForgeSite } from './forge-platform';

const { handler } = await import('../src/resolvers/index');
const { validateReady, validateDone } = await import('../src/validators/transition');
const { publicKeys } = await import('../src/webtriggers/public-keys');
const { issueUpdated } = await import('../src/triggers/issue-updated');
const { resetWorkflows } = await import('../src/adapters/workflows');

interface Failure {
  ok: false;
  error: { code: string; message: string; issues: { path: string; message: string }[] };
}
interface Panel {
  criteria: { fingerprint: string | null; items: { id: string }[] };
  ready: { pass: boolean };
  history: { kind: string }[];
  mirror: { state: string; problem?: string; message?: string };
  stale: { message: string }[];
  actions: Record<string, boolean>;
}
type Answer<T> = { ok: true; value: T } | Failure;

let site: ForgeSite;
beforeAll(async () => {
  site = await startForgeSite();
});
afterAll(() => site.stop());
beforeEach(() => {
  // A fresh installation per test: empty storage, no key, no cached roles, the story as first written.
  site.kvs.keys.clear();
  site.kvs.secrets.clear();
  site.jira.faults.clear();
  const issue = site.jira.state.issues.find((i) => i.key === STORY.key);
  if (issue) {
    issue.description = storyDescription(CRITERIA);
    issue.properties = {};
  }
  resetWorkflows();
});

const invoke = <T>(person: Person, key: string, payload: unknown) =>
  invokeAs(site, handler, person, key, payload, issueContext(STORY)) as Promise<Answer<T>>;

async function panel(person: Person = 'dev', issue: string = STORY.key): Promise<Panel> {
  const r = await invoke<Panel>(person, 'loadPanel', { issue });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

async function act(
  person: Person,
  key: string,
  extra: Record<string, unknown> = {},
): Promise<Answer<{ panel: Panel; notice: string }>> {
  const fingerprint = (await panel(person)).criteria.fingerprint;
  return invoke(person, key, { issue: STORY.key, acFingerprint: fingerprint, ...extra });
}

const evidence = async (person: Person = 'qa') => {
  const p = await panel(person);
  return act(person, 'addEvidence', {
    url: 'https://ci.example.test/runs/1',
    evidenceKind: 'automated-tests',
    result: 'passed',
    covers: p.criteria.items.map((c) => c.id),
  });
};

async function makeReady(): Promise<void> {
  for (const [who, key, extra] of [
    ['ba', 'markAcReady', {}],
    ['qa', 'reviewTestability', { testable: true }],
    ['po', 'approveAc', {}],
  ] as const) {
    const r = await act(who, key, extra);
    if (!r.ok) throw new Error(r.error.message);
  }
  const r = await evidence();
  if (!r.ok) throw new Error(r.error.message);
}

const payloadOf = (envelope: unknown): unknown => (envelope as { payload?: unknown } | undefined)?.payload;
const recordKeys = () => [...site.kvs.keys.keys()].filter((k) => k.startsWith('rec:'));
const mirror = () => site.jira.state.issues.find((i) => i.key === STORY.key)?.properties['readygate'];

describe('roles, checked on the server', () => {
  it.each([
    ['dev', 'approveAc', 'PO'],
    ['qa', 'approveAc', 'PO'],
    ['ba', 'acceptStory', 'PO'],
    ['po', 'markAcReady', 'BA'],
    ['dev', 'reviewTestability', 'QA'],
  ] as const)(
    '%s calling %s is refused with the role needed (%s) and nothing is written',
    async (who, key, needed) => {
      const extra = key === 'reviewTestability' ? { testable: true } : {};
      const r = await act(who, key, extra);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('forbidden-role');
      expect(r.error.message).toContain(needed);
      expect(recordKeys()).toEqual([]);
      expect(mirror()).toBeUndefined();
    },
  );

  it('takes the caller from context.accountId only: a payload naming someone else is refused', async () => {
    const fingerprint = (await panel('dev')).criteria.fingerprint;
    const r = await invoke('dev', 'approveAc', {
      issue: STORY.key,
      acFingerprint: fingerprint,
      accountId: PEOPLE.po.accountId,
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(recordKeys()).toEqual([]);
  });

  it('shows each role only its own actions', async () => {
    const actions = async (p: Person) =>
      Object.entries((await panel(p)).actions)
        .filter(([, v]) => v)
        .map(([k]) => k)
        .sort();
    expect(await actions('ba')).toEqual(['markAcReady']);
    expect(await actions('po')).toEqual(['acceptStory', 'approveAc', 'rejectStory']);
    expect(await actions('qa')).toEqual(['addEvidence', 'reviewTestability']);
    expect(await actions('dev')).toEqual([]);
  });
});

describe('visibility, checked as the user', () => {
  it('refuses an issue the user cannot see, on load and on an action, and writes nothing', async () => {
    const load = await invoke('outsider', 'loadPanel', { issue: STORY.key });
    expect(load).toMatchObject({ ok: false, error: { code: 'not-visible' } });
    const byId = await invoke('outsider', 'loadPanel', { issue: STORY.id });
    expect(byId).toMatchObject({ ok: false, error: { code: 'not-visible' } });
    const r = await invoke('outsider', 'markAcReady', { issue: STORY.key, acFingerprint: 'x' });
    expect(r.ok).toBe(false);
    expect(recordKeys()).toEqual([]);
    // The check was made as the outsider, not as the app.
    expect(site.jiraCalls.some((c) => c.as === PEOPLE.outsider.accountId && c.path.includes(STORY.key))).toBe(
      true,
    );
  });

  it('a malformed payload is one clear line, not a stack trace', async () => {
    const r = await invoke('po', 'approveAc', { issue: '../../rest/api/3/myself', acFingerprint: 'x' });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    if (!r.ok) {
      expect(r.error.message.split('\n')).toHaveLength(1);
      expect(r.error.message).not.toMatch(/\bat .+:\d+:\d+/);
    }
  });
});

describe('concurrency and the mirror', () => {
  it('two people recording at once lose nothing', async () => {
    for (const [who, key, extra] of [
      ['ba', 'markAcReady', {}],
      ['qa', 'reviewTestability', { testable: true }],
    ] as const)
      expect((await act(who, key, extra)).ok).toBe(true);
    const [approval, added] = await Promise.all([act('po', 'approveAc'), evidence()]);
    expect(approval.ok && added.ok).toBe(true);
    const kinds = (await panel()).history.map((h) => h.kind);
    expect(kinds).toContain('ac.approval');
    expect(kinds).toContain('qa.evidence');
    expect(recordKeys()).toHaveLength(4);
  });

  it('a property edited by hand is reported and restored from storage', async () => {
    await makeReady();
    const good = structuredClone(mirror());
    const forged = structuredClone(good) as { payload?: { records?: unknown[] } };
    forged.payload?.records?.splice(0, 1);
    const prop = site.jira.state.issues.find((i) => i.key === STORY.key)?.properties;
    if (prop) prop['readygate'] = forged;
    const p = await panel('dev');
    expect(p.mirror.state).toBe('restored');
    expect(p.mirror.message).toBeTruthy();
    // Re-signed now, so compare what it says: the records in storage.
    expect(payloadOf(mirror())).toEqual(payloadOf(good));
  });

  it('an older valid envelope put back is reported as older and replaced by the current one', async () => {
    expect((await act('ba', 'markAcReady')).ok).toBe(true);
    const older = structuredClone(mirror());
    expect((await act('qa', 'reviewTestability', { testable: true })).ok).toBe(true);
    const current = structuredClone(mirror());
    const prop = site.jira.state.issues.find((i) => i.key === STORY.key)?.properties;
    if (prop) prop['readygate'] = older;
    const p = await panel('dev');
    expect(p.mirror).toMatchObject({ state: 'restored', problem: 'older' });
    expect(payloadOf(mirror())).toEqual(payloadOf(current));
  });

  it('Jira failing mid-action: the record stays in storage, the user gets one line, the next load repairs the mirror', async () => {
    site.jira.faults.add({
      route: '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
      method: 'PUT',
      status: 503,
      times: 10,
    });
    const r = await act('ba', 'markAcReady');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.notice).toMatch(/repair|next load|mirror/i);
    expect(recordKeys()).toHaveLength(1);
    expect(mirror()).toBeUndefined();
    site.jira.faults.clear();
    const p = await panel('dev');
    expect(p.history.map((h) => h.kind)).toEqual(['ac.authored']);
    expect(mirror()).toBeDefined();
  });
});

describe('workflow validators read storage, not the mirror', () => {
  it('refuse a story that is not ready, naming the failing rules and their owners, with one Jira request', async () => {
    site.jiraCalls.length = 0;
    const r = await validateReady({
      issue: { key: STORY.key },
      transition: { from: { id: '1' }, to: { id: '3' } },
    });
    expect(r.result).toBe(false);
    expect(r.errorMessage).toMatch(/PO/);
    expect(r.errorMessage).toMatch(/QA/);
    expect(site.jiraCalls.length).toBeLessThanOrEqual(1);
  });

  it('a forged mirror does not get a story through; real records do', async () => {
    await makeReady();
    expect((await validateReady({ issue: { key: STORY.key } })).result).toBe(true);
    const done = await validateDone({ issue: { key: STORY.key } });
    expect(done.result).toBe(false);
    expect(done.errorMessage).toMatch(/accept/i);
    // Forge: copy the ready story's envelope onto ENR-2, which has no records at all.
    const other = site.jira.state.issues.find((i) => i.key === 'ENR-2');
    if (other) other.properties['readygate'] = structuredClone(mirror());
    expect((await validateReady({ issue: { key: 'ENR-2' } })).result).toBe(false);
  });

  it('fails closed when Jira is down', async () => {
    site.jira.faults.add({ status: 503 });
    const r = await validateReady({ issue: { key: STORY.key } });
    expect(r.result).toBe(false);
    expect(r.errorMessage?.split('\n')).toHaveLength(1);
  });

  it('an approval gone stale by an AC edit fails the validator', async () => {
    await makeReady();
    const issue = site.jira.state.issues.find((i) => i.key === STORY.key);
    if (issue)
      issue.description = storyDescription([CRITERIA[0], 'Given anyone, when anything, then something else']);
    const r = await validateReady({ issue: { key: STORY.key } });
    expect(r.result).toBe(false);
  });
});

describe('the public-key web trigger', () => {
  it('serves the public keys as JSON and no secret; the served key verifies the mirrored envelope', async () => {
    await makeReady();
    const res = await publicKeys({ method: 'GET', headers: {}, queryParameters: {} });
    expect(res.statusCode).toBe(200);
    expect(res.headers['Content-Type']).toEqual(['application/json']);
    const body = JSON.parse(res.body) as {
      keys: { publicKey: string; current: boolean }[];
      publicKeyInput: string;
    };
    expect(body.keys).toHaveLength(1);
    for (const secret of site.kvs.secrets.values()) expect(res.body).not.toContain(String(secret.value));
    const verdict = verify(mirror(), [parsePublicKey(body.keys[0]?.publicKey ?? '')], {
      kind: 'issue',
      id: STORY.id,
      key: STORY.key,
    });
    expect(verdict).toMatchObject({ ok: true });
  });

  it('answers anything but GET with 405', async () => {
    const res = await publicKeys({ method: 'POST', body: '{}' });
    expect(res.statusCode).toBe(405);
  });
});

describe('the issue-updated trigger', () => {
  it('comments to the PO once when the AC of an approved story change, however often the event arrives', async () => {
    await makeReady();
    const issue = site.jira.state.issues.find((i) => i.key === STORY.key);
    if (!issue) throw new Error('story missing');
    issue.description = storyDescription([CRITERIA[0]]);
    const event = {
      issue: { id: STORY.id, key: STORY.key },
      changelog: { items: [{ field: 'description', fieldId: 'description' }] },
    };
    await issueUpdated(event);
    await issueUpdated(event);
    const comments = issue.comments.filter((c) => JSON.stringify(c.body).includes('approved'));
    expect(comments).toHaveLength(1);
    expect((await panel('po')).stale.length).toBeGreaterThan(0);
  });
});
