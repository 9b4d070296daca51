import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, IssueRecordsPayloadSchema, sign, verify, type Envelope } from '@readygate/rules';
import { listRecords, recordsOf } from './record-store.js';
import { SHOP1_CRITERIA, shopDescription, startShop, type Shop } from './test-support/shop.js';
import type { PanelView, WorkflowResult } from './index.js';

let shop: Shop;

beforeEach(async () => {
  shop = await startShop();
});
afterEach(async () => {
  await shop.stop();
});

function value<T>(r: WorkflowResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

async function panel(who: keyof Shop['as'] = 'dev', issue = 'SHOP-1'): Promise<PanelView> {
  return value(await shop.wf.loadPanel(shop.as[who], { issue }));
}

function property(key = 'SHOP-1'): unknown {
  return shop.fake.state.issue(key)?.properties['readygate'];
}

function setProperty(value: unknown, key = 'SHOP-1'): void {
  const issue = shop.fake.state.issue(key);
  if (!issue) throw new Error(`no ${key}`);
  if (value === undefined) delete issue.properties['readygate'];
  else issue.properties['readygate'] = value;
}

/** The mirror verifies for the issue with the app's public keys and holds exactly the stored records. */
async function expectMirrorMatchesStorage(issueKey = 'SHOP-1', issueId = '30001'): Promise<void> {
  const keys = (await shop.wf.publicKeys()).map((k) => k.text);
  const { parsePublicKey } = await import('@readygate/rules');
  const v = verify(property(issueKey), keys.map(parsePublicKey), {
    kind: 'issue',
    id: issueId,
    key: issueKey,
  });
  expect(v.ok).toBe(true);
  if (!v.ok) return;
  const payload = IssueRecordsPayloadSchema.parse(v.payload);
  const stored = recordsOf(await listRecords(shop.store, issueId));
  expect(canonicalJson(payload.records)).toBe(canonicalJson(stored));
}

async function makeReady(): Promise<string> {
  const fp = (await panel('ba')).criteria.fingerprint!;
  value(await shop.wf.markAcReady(shop.as.ba, { issue: 'SHOP-1', acFingerprint: fp }));
  shop.clock.advance(60_000);
  value(await shop.wf.reviewTestability(shop.as.qa, { issue: 'SHOP-1', acFingerprint: fp, testable: true }));
  shop.clock.advance(60_000);
  value(await shop.wf.approveAc(shop.as.po, { issue: 'SHOP-1', acFingerprint: fp }));
  shop.clock.advance(60_000);
  return fp;
}

function rewordFirstCriterion(): void {
  const issue = shop.fake.state.issue('SHOP-1')!;
  issue.description = shopDescription([
    'The cart shows the total price including VAT and shipping.',
    ...SHOP1_CRITERIA.slice(1),
  ]);
}

describe('the BA → QA → PO flow', () => {
  it('makes a story ready, with the history, per-role actions and a mirror that verifies', async () => {
    const before = await panel('po');
    expect(before.ready.pass).toBe(false);
    expect(before.ready.failing.map((g) => `${g.rule}:${g.ownerLabel}`)).toEqual(
      expect.arrayContaining(['ac.approved:PO', 'qa.testability-reviewed:QA']),
    );
    expect(before.criteria.items.map((c) => c.text)).toEqual(SHOP1_CRITERIA);

    await makeReady();
    const after = await panel('dev');
    expect(after.ready.pass).toBe(true);
    expect(after.history.map((h) => `${h.by.role} ${h.label} v${h.acVersion}`)).toEqual([
      'ba marked the AC ready for review (3 criteria) v1',
      'qa reviewed testability: testable v1',
      'po approved the AC v1',
    ]);
    expect(after.mirror.state).toBe('in-sync');
    await expectMirrorMatchesStorage();

    expect(after.actions).toEqual({
      markAcReady: false,
      approveAc: false,
      acceptStory: false,
      rejectStory: false,
      reviewTestability: false,
      addEvidence: false,
    });
    expect((await panel('po')).actions).toMatchObject({
      approveAc: true,
      acceptStory: true,
      addEvidence: false,
    });
    expect((await panel('qa')).actions).toMatchObject({
      addEvidence: true,
      reviewTestability: true,
      approveAc: false,
    });
  });

  it('is done after QA evidence covering every criterion and the PO accepting the story', async () => {
    const fp = await makeReady();
    const ids = (await panel('qa')).criteria.items.map((c) => c.id);
    value(
      await shop.wf.addEvidence(shop.as.qa, {
        issue: 'SHOP-1',
        acFingerprint: fp,
        url: 'https://ci.shop.test/runs/42',
        evidenceKind: 'automated-tests',
        result: 'passed',
        covers: ids,
      }),
    );
    const accepted = value(await shop.wf.acceptStory(shop.as.po, { issue: 'SHOP-1', acFingerprint: fp }));
    expect(accepted.panel.done.pass).toBe(true);
    expect(await shop.wf.validateTransition({ issue: { key: 'SHOP-1' }, gate: 'done' })).toEqual({
      result: true,
    });
  });

  it('a rejection needs a reason and shows it in the history', async () => {
    const fp = await makeReady();
    const noReason = await shop.wf.rejectStory(shop.as.po, {
      issue: 'SHOP-1',
      acFingerprint: fp,
      reason: ' ',
    });
    expect(noReason).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const res = value(
      await shop.wf.rejectStory(shop.as.po, {
        issue: 'SHOP-1',
        acFingerprint: fp,
        reason: 'VAT is missing on mobile',
      }),
    );
    expect(res.panel.history.at(-1)?.label).toBe('rejected the story: VAT is missing on mobile');
  });
});

describe('refusals write nothing', () => {
  it('refuses a Dev approving the AC, naming the PO role and how to get it', async () => {
    const fp = (await panel('dev')).criteria.fingerprint!;
    shop.fake.resetLog();
    const res = await shop.wf.approveAc(shop.as.dev, { issue: 'SHOP-1', acFingerprint: fp });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('forbidden-role');
    expect(res.error.message).toBe(
      'Only the PO can approve AC on SHOP-1 (you hold Dev): ask a Jira admin to add you to the project role "Product Owner" in SHOP.',
    );
    expect(shop.store.keys().filter((k) => k.startsWith('rec:'))).toEqual([]);
    expect(shop.fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(property()).toBeUndefined();
  });

  it('refuses an issue the caller cannot see, checked as the caller', async () => {
    const res = await shop.wf.markAcReady(shop.as.outsider, { issue: 'SHOP-1', acFingerprint: 'x' });
    expect(res).toMatchObject({ ok: false, error: { code: 'not-visible' } });
    const byId = await shop.wf.loadPanel(shop.as.outsider, { issue: '30001' });
    expect(byId).toMatchObject({ ok: false, error: { code: 'not-visible' } });
    expect(shop.store.keys().filter((k) => k.startsWith('rec:'))).toEqual([]);
  });

  it('refuses evidence for criteria that are not in the current AC', async () => {
    const fp = await makeReady();
    const res = await shop.wf.addEvidence(shop.as.qa, {
      issue: 'SHOP-1',
      acFingerprint: fp,
      url: 'https://ci.shop.test/runs/1',
      evidenceKind: 'manual-test-run',
      result: 'passed',
      covers: ['ac-deadbeef'],
    });
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    if (!res.ok) expect(res.error.message).toContain('ac-deadbeef');
    expect(await listRecords(shop.store, '30001')).toHaveLength(3);
  });

  it('refuses an action on AC that changed since the panel loaded', async () => {
    const fp = (await panel('po')).criteria.fingerprint!;
    rewordFirstCriterion();
    const res = await shop.wf.approveAc(shop.as.po, { issue: 'SHOP-1', acFingerprint: fp });
    expect(res).toMatchObject({ ok: false, error: { code: 'stale' } });
    expect(await listRecords(shop.store, '30001')).toEqual([]);
  });

  it('refuses a malformed payload with the path', async () => {
    const res = await shop.wf.addEvidence(shop.as.qa, {
      issue: 'SHOP-1',
      acFingerprint: 'f',
      url: 'ftp://x',
    });
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    if (!res.ok) expect(res.error.issues.map((i) => i.path)).toContain('url');
  });
});

describe('concurrency', () => {
  it('loses no record when the PO approves while QA reviews and adds evidence', async () => {
    const fp = (await panel('ba')).criteria.fingerprint!;
    const ids = (await panel('qa')).criteria.items.map((c) => c.id);
    const results = await Promise.all([
      shop.wf.approveAc(shop.as.po, { issue: 'SHOP-1', acFingerprint: fp }),
      shop.wf.reviewTestability(shop.as.qa, { issue: 'SHOP-1', acFingerprint: fp, testable: true }),
      shop.wf.addEvidence(shop.as.qa, {
        issue: 'SHOP-1',
        acFingerprint: fp,
        url: 'https://ci.shop.test/runs/7',
        evidenceKind: 'automated-tests',
        result: 'passed',
        covers: ids,
      }),
      shop.wf.markAcReady(shop.as.ba, { issue: 'SHOP-1', acFingerprint: fp }),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    const kinds = (await listRecords(shop.store, '30001')).map((s) => s.record.kind).sort();
    expect(kinds).toEqual(['ac.approval', 'ac.authored', 'qa.evidence', 'testability.review']);
    // The last mirror write holds every record, even though the writers raced.
    await expectMirrorMatchesStorage();
  });
});

describe('the mirror (issue property) against storage', () => {
  let envelopeAfterReady: Envelope;
  beforeEach(async () => {
    await makeReady();
    envelopeAfterReady = property() as Envelope;
  });

  it('restores a property deleted by hand', async () => {
    setProperty(undefined);
    const p = await panel();
    expect(p.mirror).toMatchObject({ state: 'restored', problem: 'missing' });
    expect(p.mirror.message).toBe(
      'The ReadyGate record on SHOP-1 was missing from the issue; ReadyGate restored the current record from app storage.',
    );
    await expectMirrorMatchesStorage();
  });

  it('restores a property edited by hand (signature no longer matches)', async () => {
    const forged = structuredClone(envelopeAfterReady) as Envelope & {
      payload: { records: { by: { role: string } }[] };
    };
    forged.payload.records.push({
      ...forged.payload.records[2]!,
      by: { accountId: 'shop-dev', role: 'po' },
    } as never);
    setProperty(forged);
    const p = await panel();
    expect(p.mirror).toMatchObject({ state: 'restored', problem: 'edited' });
    expect(p.mirror.message).toContain('edited outside ReadyGate');
    await expectMirrorMatchesStorage();
  });

  it('restores a property copied from another issue', async () => {
    const fp2 = (await panel('po', 'SHOP-2')).criteria.fingerprint!;
    value(await shop.wf.approveAc(shop.as.po, { issue: 'SHOP-2', acFingerprint: fp2 }));
    setProperty(property('SHOP-2'));
    const p = await panel();
    expect(p.mirror).toMatchObject({ state: 'restored', problem: 'copied' });
    expect(p.mirror.message).toContain('signed for issue SHOP-2');
    expect(p.ready.pass).toBe(true);
    await expectMirrorMatchesStorage();
  });

  it('restores when an older valid envelope is put back', async () => {
    rewordFirstCriterion();
    const p1 = await panel('po');
    value(await shop.wf.approveAc(shop.as.po, { issue: 'SHOP-1', acFingerprint: p1.criteria.fingerprint! }));
    setProperty(envelopeAfterReady);
    const p = await panel();
    expect(p.mirror).toMatchObject({ state: 'restored', problem: 'older' });
    expect(p.mirror.message).toMatch(
      /^The ReadyGate record on SHOP-1 is an older copy \(signed 2026-12-03 10:0\d UTC\)/,
    );
    await expectMirrorMatchesStorage();
    expect((await panel()).mirror.state).toBe('in-sync');
  });

  it('says so when the property cannot be restored now, and keeps judging from storage', async () => {
    setProperty(undefined);
    shop.fake.faults.add({
      route: '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
      method: 'PUT',
      status: 500,
    });
    const p = await panel();
    expect(p.mirror.state).toBe('pending');
    expect(p.mirror.message).toContain('the next load tries again');
    expect(p.ready.pass).toBe(true);
  });
});

describe('a long history', () => {
  it('still fits one issue property: the mirror keeps the newest record of each kind and stays in sync', async () => {
    const fp = await makeReady();
    const ids = (await panel('qa')).criteria.items.map((c) => c.id);
    for (let i = 0; i < 60; i++) {
      value(
        await shop.wf.addEvidence(shop.as.qa, {
          issue: 'SHOP-1',
          acFingerprint: fp,
          url: `https://ci.shop.test/runs/${i}`,
          evidenceKind: 'automated-tests',
          result: 'passed',
          covers: ids,
          note: `run ${i} `.padEnd(500, '.'),
        }),
      );
      shop.clock.advance(1000);
    }
    expect(await listRecords(shop.store, '30001')).toHaveLength(63);
    const written = property() as { payload: { records: { kind: string; url?: string }[] } };
    expect(JSON.stringify(written).length).toBeLessThanOrEqual(32_768);
    const kinds = new Set(written.payload.records.map((r) => r.kind));
    expect(kinds).toEqual(new Set(['ac.authored', 'testability.review', 'ac.approval', 'qa.evidence']));
    expect(written.payload.records.at(-1)?.url).toBe('https://ci.shop.test/runs/59');
    const p = await panel();
    expect(p.mirror.state).toBe('in-sync');
    expect(p.history).toHaveLength(63);
  });
});

describe('Jira failing mid-action', () => {
  it('keeps the record in storage, says the mirror will be repaired, and repairs it on the next load', async () => {
    const fp = (await panel('po')).criteria.fingerprint!;
    shop.fake.faults.add({
      route: '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
      method: 'PUT',
      status: 503,
      times: 1,
    });
    const res = value(await shop.wf.approveAc(shop.as.po, { issue: 'SHOP-1', acFingerprint: fp }));
    expect(res.notice).toMatch(
      /^Saved in ReadyGate, but the copy on the Jira issue could not be updated \(.*\); it is repaired the next time the panel loads\.$/,
    );
    expect(res.notice.split('\n')).toHaveLength(1);
    expect(res.panel.mirror.state).toBe('pending');
    expect(property()).toBeUndefined();
    expect((await listRecords(shop.store, '30001')).map((s) => s.record.kind)).toEqual(['ac.approval']);

    const p = await panel();
    expect(p.mirror).toMatchObject({ state: 'restored', problem: 'missing' });
    expect(p.mirror.message).toBe(
      'The last ReadyGate update of SHOP-1 could not be written to the Jira issue at the time; ReadyGate restored the current record from app storage.',
    );
    await expectMirrorMatchesStorage();
  });
});

describe('Jira failing before anything is written', () => {
  it('refuses with one line naming Jira and stores nothing when the issue cannot be re-read', async () => {
    const fp = (await panel('po')).criteria.fingerprint!;
    shop.fake.faults.add({ route: '/rest/api/3/issue/{issueIdOrKey}', method: 'GET', status: 503 });
    const res = await shop.wf.approveAc(shop.as.po, { issue: 'SHOP-1', acFingerprint: fp });
    expect(res).toMatchObject({ ok: false, error: { code: 'jira' } });
    if (!res.ok) {
      expect(res.error.message).not.toContain('\n');
      expect(res.error.message).not.toContain('shop-po-token');
    }
    expect(await listRecords(shop.store, '30001')).toEqual([]);
  });
});

describe('AC edited after approval', () => {
  it('is stale in the panel (with what changed), the badge and the validator', async () => {
    await makeReady();
    expect(await shop.wf.validateTransition({ issue: { key: 'SHOP-1' }, gate: 'ready' })).toEqual({
      result: true,
    });
    rewordFirstCriterion();

    const p = await panel();
    expect(p.ready.pass).toBe(false);
    const approval = p.stale.find((s) => s.kind === 'ac.approval');
    expect(approval?.message).toBe(
      'AC changed after PO approval on 2026-12-03 (1 reworded) — re-approval needed.',
    );
    expect(approval?.changes.reworded).toEqual([
      { from: SHOP1_CRITERIA[0], to: 'The cart shows the total price including VAT and shipping.' },
    ]);
    expect(p.history.every((h) => h.stale)).toBe(true);

    const badge = value(await shop.wf.loadBadge(shop.as.dev, { issue: 'SHOP-1' }));
    expect(badge.ready).toBe(false);
    expect(badge.label).toMatch(/^Not ready — \d+ gaps?$/);

    const v = await shop.wf.validateTransition({ issue: { key: 'SHOP-1' }, gate: 'ready' });
    expect(v.result).toBe(false);
    expect(v.errorMessage).toContain('SHOP-1 is not ready');
    expect(v.errorMessage).toContain('(PO): AC changed after PO approval');
    expect(v.errorMessage).toContain('(QA)');
  });

  it('the validator reads storage, not the mirror: a forged property does not make a story ready', async () => {
    const { generateKeyPair } = await import('@readygate/rules');
    const fp = (await panel()).criteria.fingerprint!;
    const forger = generateKeyPair();
    const at = '2026-12-03T10:00:00.000Z';
    const by = { accountId: 'shop-dev', role: 'po' as const };
    setProperty(
      sign(
        { records: [{ kind: 'ac.approval', by, at, acFingerprint: fp }] },
        { kind: 'issue', id: '30001', key: 'SHOP-1' },
        forger.privateKey,
      ),
    );
    const v = await shop.wf.validateTransition({ issue: { key: 'SHOP-1' }, gate: 'ready' });
    expect(v.result).toBe(false);
    expect(v.errorMessage).toContain('(PO)');
  });
});

describe('the validator fails closed', () => {
  it('refuses the transition with one line when Jira is down', async () => {
    shop.fake.faults.add({ route: '/rest/api/3/issue/{issueIdOrKey}', status: 500 });
    const v = await shop.wf.validateTransition({ issue: { key: 'SHOP-1' }, gate: 'ready' });
    expect(v.result).toBe(false);
    expect(v.errorMessage).toMatch(/^ReadyGate could not check SHOP-1: /);
    expect(v.errorMessage).not.toContain('\n');
  });
});

describe('Jira requests per use case', () => {
  it('panel load 1 once roles are cached, approval 2, validator 1, badge 1', async () => {
    const fp = await makeReady();
    await panel('po'); // roles of this project now cached
    const count = async (f: () => Promise<unknown>): Promise<number> => {
      const before = shop.jira.requests();
      await f();
      return shop.jira.requests() - before;
    };
    expect(await count(() => panel('po'))).toBe(1);
    expect(await count(() => shop.wf.acceptStory(shop.as.po, { issue: 'SHOP-1', acFingerprint: fp }))).toBe(
      2,
    );
    expect(await count(() => shop.wf.validateTransition({ issue: { key: 'SHOP-1' }, gate: 'ready' }))).toBe(
      1,
    );
    expect(await count(() => shop.wf.loadBadge(shop.as.dev, { issue: 'SHOP-1' }))).toBe(1);
  });

  it('reads project roles again once the cache is a minute old', async () => {
    await panel('po');
    const before = shop.jira.requests();
    await panel('po');
    expect(shop.jira.requests() - before).toBe(1);
    shop.clock.advance(61_000);
    const later = shop.jira.requests();
    await panel('po');
    expect(shop.jira.requests() - later).toBeGreaterThan(1);
  });
});
