import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePublicKey, readCiAnswer } from '@readygate/rules';
import { createCiWorkflows, type CiWorkflows } from './ci-workflows.js';
import { startShop, type Shop } from './test-support/shop.js';
import type { WorkflowResult } from './index.js';

let shop: Shop;
let ci: CiWorkflows;
beforeEach(async () => {
  shop = await startShop();
  ci = createCiWorkflows(
    { store: shop.store, secrets: shop.secrets, jira: shop.jira, clock: shop.clock },
    { ciUrl: () => Promise.resolve('https://example.test/x1/ci') },
  );
});
afterEach(async () => {
  await shop.stop();
});

function value<T>(r: WorkflowResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

const NONCE = 'nonce-abcdefghijklmnop';
const ask = (token: string | undefined, body: unknown) =>
  ci.answer({
    authorization: token === undefined ? undefined : `Bearer ${token}`,
    body: JSON.stringify(body),
  });

describe('CI tokens', () => {
  it('are issued by project admins only, shown once and stored only as a hash', async () => {
    const refused = await ci.issueCiToken(shop.as.qa, { project: 'SHOP', name: 'web' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden-role' } });
    expect(shop.store.keys().filter((k) => k.startsWith('ci-token:'))).toEqual([]);

    const issued = value(await ci.issueCiToken(shop.as.po, { project: 'SHOP', name: 'web' }));
    expect(issued.token).toMatch(/^rgci_[0-9a-f]{12}_/);
    expect(issued.snippet).toContain('readygate-url: https://example.test/x1/ci');
    expect(issued.snippet).toContain('secrets.READYGATE_CI_TOKEN');
    const stored = JSON.stringify(await Promise.all(shop.store.keys().map((k) => shop.store.get(k))));
    expect(stored).not.toContain(issued.token.slice(18));
    const listed = value(await ci.listCiTokens(shop.as.po, { project: 'SHOP' }));
    expect(JSON.stringify(listed)).not.toContain(issued.token.slice(18));
    expect(listed.tokens.map((t) => t.name)).toEqual(['web']);
  });

  it('several live at once; a revoked one answers 401 at once, the other still answers', async () => {
    const a = value(await ci.issueCiToken(shop.as.po, { project: 'SHOP', name: 'web' }));
    const b = value(await ci.issueCiToken(shop.as.po, { project: 'SHOP', name: 'api' }));
    expect((await ask(a.token, { nonce: NONCE, keys: ['SHOP-1'] })).status).toBe(200);
    const id = a.tokens.find((t) => t.name === 'web')!.id;
    value(await ci.revokeCiToken(shop.as.po, { project: 'SHOP', id }));
    expect(await ask(a.token, { nonce: NONCE, keys: ['SHOP-1'] })).toEqual({ status: 401 });
    expect((await ask(b.token, { nonce: NONCE, keys: ['SHOP-1'] })).status).toBe(200);
  });
});

describe('the CI answer', () => {
  it('answers 401 and nothing else to a missing, malformed or wrong token, whatever the keys', async () => {
    const good = value(await ci.issueCiToken(shop.as.po, { project: 'SHOP', name: 'web' })).token;
    const wrong = good.slice(0, -4) + (good.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const token of [undefined, '', 'nonsense', wrong])
      for (const keys of [['SHOP-1'], ['SHOP-999']])
        expect(await ask(token, { nonce: NONCE, keys })).toEqual({ status: 401 });
  });

  it('signs the current records, the policy and the nonce; says which keys it does not know or cover', async () => {
    const { token } = value(await ci.issueCiToken(shop.as.po, { project: 'SHOP', name: 'web' }));
    const res = await ask(token, { nonce: NONCE, keys: ['SHOP-1', 'SHOP-999', 'OTHER-1'] });
    expect(res.status).toBe(200);
    if (res.status !== 200) return;
    const keys = (await publicKeyTexts()).map((k) => parsePublicKey(k));
    const read = readCiAnswer(res.envelope, { keys, nonce: NONCE, now: shop.clock.now() });
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.payload.issues.map((i) => [i.key, i.id])).toEqual([['SHOP-1', '30001']]);
    expect(read.payload.unknown).toEqual(['SHOP-999']);
    expect(read.payload.outside).toEqual(['OTHER-1']);
    expect(read.payload.policy).toBeNull();
  });

  it('limits the keys and refuses a body that is not a CI request', async () => {
    const { token } = value(await ci.issueCiToken(shop.as.po, { project: 'SHOP', name: 'web' }));
    const many = Array.from({ length: 101 }, (_, i) => `SHOP-${i + 1}`);
    expect((await ask(token, { nonce: NONCE, keys: many })).status).toBe(400);
    expect((await ask(token, { nonce: 'short', keys: [] })).status).toBe(400);
    expect((await ci.answer({ authorization: `Bearer ${token}`, body: '{' })).status).toBe(400);
  });
});

async function publicKeyTexts(): Promise<string[]> {
  return (await shop.wf.publicKeys()).map((k) => k.text);
}
