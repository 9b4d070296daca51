import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IssueRefSchema } from './inputs.js';
import { startShop, type Shop } from './test-support/shop.js';

describe('issue references from the browser', () => {
  it('accept issue keys and numeric ids, and nothing that could change a REST path', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = IssueRefSchema.safeParse(s);
        if (r.success) expect(r.data).toMatch(/^(?:[A-Z][A-Z0-9_]*-[1-9]\d*|[1-9]\d*)$/);
      }),
    );
    expect(IssueRefSchema.safeParse('ENR-12').success).toBe(true);
    expect(IssueRefSchema.safeParse('10042').success).toBe(true);
    for (const bad of ['../ENR-12', 'ENR-12/properties', 'enr-12', 'ENR-0', '', 'ENR-12?x=1'])
      expect(IssueRefSchema.safeParse(bad).success).toBe(false);
  });
});

describe('any payload', () => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await startShop();
  });
  afterAll(async () => {
    await shop.stop();
  });

  it('is refused with one line and writes nothing, whatever the browser sends', async () => {
    const payload = fc.oneof(
      fc.anything(),
      fc.record(
        { issue: fc.constantFrom('SHOP-1', '30001', 'SHOP-999', 'x'), acFingerprint: fc.string() },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        payload,
        fc.constantFrom<'approveAc' | 'addEvidence' | 'rejectStory' | 'reviewTestability'>(
          'approveAc',
          'addEvidence',
          'rejectStory',
          'reviewTestability',
        ),
        async (input, action) => {
          const res = await shop.wf[action](shop.as.po, input);
          expect(res.ok).toBe(false);
          if (res.ok) return;
          expect(res.error.message).not.toContain('\n');
          expect(res.error.message).not.toMatch(/\bat .*\.ts:\d+/);
          expect(['invalid-input', 'not-visible', 'stale', 'forbidden-role']).toContain(res.error.code);
        },
      ),
      { numRuns: 60 },
    );
    expect(shop.store.keys().filter((k) => k.startsWith('rec:'))).toEqual([]);
  });
});
