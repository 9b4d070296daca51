import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, evaluate, readReleaseRecords, releaseProperty, type Story } from '@readygate/rules';
import { fieldsFor, toStory } from '@readygate/jira';
import { startSprintShop, type SprintShop } from './test-support/sprint-shop.js';
import type { ReleasesView, WorkflowResult } from './index.js';
import { SigningKeys } from './signing-keys.js';

let shop: SprintShop;
beforeEach(async () => {
  shop = await startSprintShop();
});
afterEach(async () => {
  await shop.stop();
});

function value<T>(r: WorkflowResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

const load = async (who: 'po' | 'ba' | 'qa' | 'dev' = 'po'): Promise<ReleasesView> =>
  value(await shop.releases.loadReleases(shop.as[who], { project: 'SHOP' }));

async function signAll(): Promise<void> {
  let fp = (await load()).checklist!.contentFingerprint;
  for (const role of ['ba', 'qa', 'dev'] as const) {
    const v = value(
      await shop.releases.signOff(shop.as[role], {
        project: 'SHOP',
        versionId: '500',
        role,
        summary: `${role} note`,
        ...(role === 'dev' ? { assessment: 'low-risk' } : {}),
        contentFingerprint: fp,
      }),
    );
    fp = v.checklist!.contentFingerprint;
    shop.clock.advance(60_000);
  }
  value(
    await shop.releases.decide(shop.as.po, {
      project: 'SHOP',
      versionId: '500',
      decision: 'go',
      rationale: 'Cart total is what customers asked for.',
      contentFingerprint: fp,
    }),
  );
}

/** The release gate as CI judges it: the version's issues from Jira and the signed project property. */
async function ciReleaseChecks(): Promise<Record<string, string>> {
  const keys = await new SigningKeys(shop.store, shop.secrets, shop.clock).publicKeys();
  const app = shop.jira.asApp();
  const stories: Story[] = [];
  for await (const b of app.versionIssues('SHOP', '1.0', {
    fields: fieldsFor({}),
    properties: ['readygate'],
  }))
    stories.push(toStory(b, { fields: {}, keys }));
  const read = readReleaseRecords(await app.getProjectProperty('SHOP', releaseProperty('500')), keys, {
    projectKey: 'SHOP',
    versionId: '500',
  });
  const verdict = evaluate(
    'release',
    { version: { id: '500', name: '1.0', projectKey: 'SHOP' }, stories, ...read },
    DEFAULT_POLICY,
  );
  return Object.fromEntries(verdict.checks.map((c) => [c.rule, c.outcome]));
}

describe('release go / no-go', () => {
  it('lists the unreleased version with its checklist', async () => {
    const page = await load('dev');
    expect(page.versions).toEqual([{ id: '500', name: '1.0', releaseDate: null }]);
    const c = page.checklist!;
    expect(c.issues).toBe(1);
    expect(c.done).toEqual({ pass: 0, total: 1 });
    expect(c.signoffs).toEqual({ ba: null, qa: null, dev: null });
    expect(c.decision).toBeNull();
  });

  it('refuses a sign-off by the wrong role and writes nothing', async () => {
    const fp = (await load()).checklist!.contentFingerprint;
    const r = await shop.releases.signOff(shop.as.dev, {
      project: 'SHOP',
      versionId: '500',
      role: 'qa',
      summary: 'all tests green',
      contentFingerprint: fp,
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('forbidden-role');
      expect(r.error.message).toMatch(/^Only the QA can sign off as QA for version 1\.0 \(you hold Dev\)/);
    }
    expect(shop.fake.state.project('SHOP')!.properties[releaseProperty('500')]).toBeUndefined();
    expect((await load()).checklist!.signoffs.qa).toBeNull();
  });

  it('signs the records into the project property; an issue added later makes the decision stale on the page and in CI', async () => {
    await signAll();
    const fresh = (await load()).checklist!;
    expect(fresh.decision).toMatchObject({
      stale: false,
      record: { decision: 'go', by: { accountId: 'shop-po' } },
    });
    expect(fresh.signoffs.dev).toMatchObject({ stale: false, record: { assessment: 'low-risk' } });
    expect((await ciReleaseChecks())['release.decision']).toBe('pass');

    shop.fake.state.issue('SHOP-2')!.fixVersions.push('500');
    const after = (await load()).checklist!;
    expect(after.issues).toBe(2);
    expect(after.decision?.stale).toBe(true);
    expect(after.signoffs.qa?.stale).toBe(true);
    expect((await ciReleaseChecks())['release.decision']).toBe('fail');
  });

  it('makes the decision stale on the page and in CI when QA evidence fails after it', async () => {
    await signAll();
    expect((await load()).checklist!.decision?.stale).toBe(false);
    const panel = value(await shop.wf.loadPanel(shop.as.qa, { issue: 'SHOP-1' }));
    shop.clock.advance(60_000);
    value(
      await shop.wf.addEvidence(shop.as.qa, {
        issue: 'SHOP-1',
        acFingerprint: panel.criteria.fingerprint!,
        url: 'https://ci.shop.test/runs/43',
        evidenceKind: 'automated-tests',
        result: 'failed',
        covers: [panel.criteria.items[0]!.id],
      }),
    );
    const after = (await load()).checklist!;
    expect(after.issues).toBe(1);
    expect(after.decision?.stale).toBe(true);
    expect(after.signoffs.qa?.stale).toBe(true);
    expect((await ciReleaseChecks())['release.decision']).toBe('fail');
  });

  it('refuses a decision on a version that changed since the page showed it', async () => {
    const fp = (await load()).checklist!.contentFingerprint;
    shop.fake.state.issue('SHOP-2')!.fixVersions.push('500');
    const r = await shop.releases.decide(shop.as.po, {
      project: 'SHOP',
      versionId: '500',
      decision: 'go',
      rationale: 'ok',
      contentFingerprint: fp,
    });
    expect(r.ok ? 'ok' : r.error.code).toBe('stale');
  });
});
