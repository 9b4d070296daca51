import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diffCriteria, summariseChanges } from './ac-diff.js';

const c = (id: string, text: string) => ({ id, text });

describe('what changed between two AC versions', () => {
  it('tells a rewording from an added and a removed criterion', () => {
    const before = [
      c('1', 'The cart shows the total price'),
      c('2', 'An empty cart says so'),
      c('3', 'Coupons apply'),
    ];
    const after = [
      c('1b', 'The cart shows the total price including VAT'),
      c('2', 'An empty cart says so'),
      c('4', 'Gift cards can be redeemed at checkout'),
    ];
    const d = diffCriteria(before, after);
    expect(d.reworded).toEqual([
      { from: 'The cart shows the total price', to: 'The cart shows the total price including VAT' },
    ]);
    expect(d.added).toEqual(['Gift cards can be redeemed at checkout']);
    expect(d.removed).toEqual(['Coupons apply']);
    expect(summariseChanges(d)).toBe('1 reworded, 1 added, 1 removed');
  });

  it('accounts for every criterion exactly once (property)', () => {
    const crit = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      text: fc.lorem({ maxCount: 6 }),
    });
    const list = fc.uniqueArray(crit, { selector: (x) => x.id, maxLength: 6 });
    fc.assert(
      fc.property(list, list, (before, after) => {
        const d = diffCriteria(before, after);
        const common = before.filter((b) => after.some((a) => a.id === b.id)).length;
        expect(d.added.length + d.reworded.length).toBe(after.length - common);
        expect(d.removed.length + d.reworded.length).toBe(before.length - common);
      }),
    );
  });
});
