import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCEPTANCE_CRITERIA_FIELD_ID, adf } from '@readygate/fake-jira';
import { DEFAULT_POLICY, parsePublicKey, POLICY_PROPERTY, readSignedPolicy, verify } from '@readygate/rules';
import { startShop, type Shop } from './test-support/shop.js';
import { createWorkflows } from './workflows.js';
import type { WorkflowResult } from './index.js';

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

function projectProperty(): unknown {
  return shop.fake.state.project('SHOP')?.properties[POLICY_PROPERTY];
}

describe('settings', () => {
  it('are for project admins only; nothing is saved for anyone else', async () => {
    const res = await shop.wf.saveSettings(shop.as.qa, { project: 'SHOP', policy: { version: 1 } });
    expect(res).toMatchObject({ ok: false, error: { code: 'forbidden-role' } });
    if (!res.ok) expect(res.error.message).toContain('Only a project admin');
    expect(shop.store.keys().filter((k) => k.startsWith('policy:'))).toEqual([]);
    expect(projectProperty()).toBeUndefined();
    const hidden = await shop.wf.loadSettings(shop.as.outsider, { project: 'SHOP' });
    expect(hidden).toMatchObject({ ok: false, error: { code: 'not-visible' } });
  });

  it('refuses an invalid policy with problems by path, saving nothing', async () => {
    const res = await shop.wf.saveSettings(shop.as.po, {
      project: 'SHOP',
      policy: { version: 1, gates: { ready: { issueTypes: ['Story'], rules: [{ id: 'ac.aproved' }] } } },
    });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('invalid-input');
    expect(res.error.issues.map((i) => i.path)).toContain('gates.ready.rules[0].id');
    expect(res.error.message).toMatch(
      /^The policy was not saved: 1 problem, the first at "gates\.ready\.rules\[0\]\.id": /,
    );
    expect(shop.store.keys().filter((k) => k.startsWith('policy:'))).toEqual([]);
  });

  it('saves the policy, mirrors it signed for the project, and the settings page shows it with the keys', async () => {
    const policy = { version: 1, fields: { acceptanceCriteria: ACCEPTANCE_CRITERIA_FIELD_ID } };
    const saved = value(await shop.wf.saveSettings(shop.as.po, { project: 'SHOP', policy }));
    expect(saved.policy.fields.acceptanceCriteria).toBe(ACCEPTANCE_CRITERIA_FIELD_ID);

    const keys = (await shop.wf.publicKeys()).map((k) => parsePublicKey(k.text));
    const read = readSignedPolicy(projectProperty(), keys, { id: '10000', key: 'SHOP' });
    expect(read).toMatchObject({ ok: true, source: 'signed policy of project SHOP' });
    if (read.ok) expect(read.policy.fields.acceptanceCriteria).toBe(ACCEPTANCE_CRITERIA_FIELD_ID);

    const view = value(await shop.wf.loadSettings(shop.as.po, { project: 'SHOP' }));
    expect(view.policySource).toBe('saved policy of project SHOP');
    expect(view.projectRoles).toEqual(['Product Owner', 'Business Analyst', 'QA', 'Developers']);
    expect(view.fields.map((f) => f.id)).toContain(ACCEPTANCE_CRITERIA_FIELD_ID);
    expect(view.publicKeys).toHaveLength(1);
    expect(view.workflowSnippet).toContain(`public-key: |\n      ${view.publicKeys[0]!.text}`);
  });

  it('applies the saved field map: the AC come from the dedicated field, also for an issue named by id', async () => {
    value(
      await shop.wf.saveSettings(shop.as.po, {
        project: 'SHOP',
        policy: { version: 1, fields: { acceptanceCriteria: ACCEPTANCE_CRITERIA_FIELD_ID } },
      }),
    );
    shop.fake.state.issue('SHOP-1')!.customFields[ACCEPTANCE_CRITERIA_FIELD_ID] = adf.doc(
      adf.bullets('Checkout shows the delivery date.'),
    );
    const byKey = value(await shop.wf.loadPanel(shop.as.dev, { issue: 'SHOP-1' }));
    expect(byKey.criteria.source).toBe('field');
    expect(byKey.criteria.items.map((c) => c.text)).toEqual(['Checkout shows the delivery date.']);
    const byId = value(await shop.wf.loadPanel(shop.as.dev, { issue: '30001' }));
    expect(byId.criteria).toEqual(byKey.criteria);
  });

  it('re-signs the project property on load when it was edited by hand', async () => {
    value(await shop.wf.saveSettings(shop.as.po, { project: 'SHOP', policy: { version: 1 } }));
    shop.fake.state.project('SHOP')!.properties[POLICY_PROPERTY] = { version: 1, gates: {} };
    value(await shop.wf.loadSettings(shop.as.po, { project: 'SHOP' }));
    const keys = (await shop.wf.publicKeys()).map((k) => parsePublicKey(k.text));
    const v = verify(projectProperty(), keys, { kind: 'project', id: '10000', key: 'SHOP' });
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.payload).toEqual(DEFAULT_POLICY);
  });
});

describe('keys', () => {
  it('are made on first use; a rotated key signs from then on and old envelopes keep verifying', async () => {
    const [first] = await shop.wf.publicKeys();
    expect(first).toMatchObject({ current: true });
    expect(first!.text).toMatch(/^readygate-ed25519:[A-Za-z0-9_-]{43}$/);
    const fp = value(await shop.wf.loadPanel(shop.as.po, { issue: 'SHOP-1' })).criteria.fingerprint!;
    value(await shop.wf.approveAc(shop.as.po, { issue: 'SHOP-1', acFingerprint: fp }));
    const oldEnvelope = shop.fake.state.issue('SHOP-1')!.properties['readygate'];

    const refused = await shop.wf.rotateKey(shop.as.dev, { project: 'SHOP' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden-role' } });

    shop.clock.advance(1000);
    const { publicKeys } = value(await shop.wf.rotateKey(shop.as.po, { project: 'SHOP' }));
    expect(publicKeys).toHaveLength(2);
    expect(publicKeys[0]).toMatchObject({ current: true });
    expect(publicKeys[1]).toMatchObject({ kid: first!.kid, current: false });

    const all = publicKeys.map((k) => parsePublicKey(k.text));
    expect(verify(oldEnvelope, all, { kind: 'issue', id: '30001', key: 'SHOP-1' }).ok).toBe(true);

    value(await shop.wf.acceptStory(shop.as.po, { issue: 'SHOP-1', acFingerprint: fp }));
    const fresh = shop.fake.state.issue('SHOP-1')!.properties['readygate'] as { kid: string };
    expect(fresh.kid).toBe(publicKeys[0]!.kid);
    expect(JSON.stringify(publicKeys)).not.toContain('private');
  });

  it('two first uses at once both sign envelopes that verify', async () => {
    const fps = await Promise.all(
      ['SHOP-1', 'SHOP-2'].map(async (issue) => {
        const p = value(await shop.wf.loadPanel(shop.as.po, { issue }));
        return p.criteria.fingerprint!;
      }),
    );
    await Promise.all([
      shop.wf.approveAc(shop.as.po, { issue: 'SHOP-1', acFingerprint: fps[0]! }),
      shop.wf.approveAc(shop.as.po, { issue: 'SHOP-2', acFingerprint: fps[1]! }),
    ]);
    const keys = (await shop.wf.publicKeys()).map((k) => parsePublicKey(k.text));
    for (const [key, id] of [
      ['SHOP-1', '30001'],
      ['SHOP-2', '30002'],
    ] as const) {
      const env = shop.fake.state.issue(key)!.properties['readygate'];
      expect(verify(env, keys, { kind: 'issue', id, key }).ok).toBe(true);
    }
  });

  it('lists the current key again if its public half went missing from storage', async () => {
    await shop.wf.publicKeys();
    for (const k of shop.store.keys().filter((k) => k.startsWith('pubkey:'))) await shop.store.delete(k);
    // A new process (the Forge app's next container) over the same storage and secrets.
    const wf = createWorkflows({
      store: shop.store,
      secrets: shop.secrets,
      jira: shop.jira,
      clock: shop.clock,
    });
    const fp = value(await wf.loadPanel(shop.as.po, { issue: 'SHOP-1' })).criteria.fingerprint!;
    value(await wf.approveAc(shop.as.po, { issue: 'SHOP-1', acFingerprint: fp }));
    const keys = (await wf.publicKeys()).map((k) => parsePublicKey(k.text));
    const env = shop.fake.state.issue('SHOP-1')!.properties['readygate'];
    expect(verify(env, keys, { kind: 'issue', id: '30001', key: 'SHOP-1' }).ok).toBe(true);
  });

  it('never shows the private key in a result', async () => {
    const view = value(await shop.wf.loadSettings(shop.as.po, { project: 'SHOP' }));
    const secret = (await shop.secrets.get('signing-key'))!;
    expect(secret).toMatch(/^readygate-ed25519-private:/);
    const body = secret.slice('readygate-ed25519-private:'.length);
    expect(JSON.stringify(view)).not.toContain(body);
    expect(JSON.stringify(await shop.wf.publicKeys())).not.toContain(body);
  });
});
