import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractCriteria } from './extract.js';
import { criterionKey, keysOf } from './normalise.js';
import { DESCRIPTION_MARKDOWN, DESCRIPTION_WITH_BOLD_LABEL, DESCRIPTION_WITH_HEADING } from './test-support/adf-fixtures.js';

// The lint reads the keys the parser computed instead of normalising each criterion again; they must be the
// very keys `criterionKey` gives, or duplicates and empty criteria would be judged differently.
function expectParsedKeysMatch(set: ReturnType<typeof extractCriteria>): void {
  expect(keysOf(set.criteria)).toEqual(set.criteria.map((c) => criterionKey(c.text, c.steps)));
}

describe('parsed comparison keys', () => {
  it.each([
    ['ADF with a heading', { format: 'adf' as const, doc: DESCRIPTION_WITH_HEADING }],
    ['ADF with a bold label', { format: 'adf' as const, doc: DESCRIPTION_WITH_BOLD_LABEL }],
    ['markdown', { format: 'markdown' as const, text: DESCRIPTION_MARKDOWN }],
  ])('equal criterionKey for %s', (_name, description) => {
    const set = extractCriteria({ acceptanceCriteria: null, description });
    expect(set.criteria.length).toBeGreaterThan(0);
    expectParsedKeysMatch(set);
  });

  it('equal criterionKey for any markdown AC field', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 40 }), { maxLength: 8 }), (lines) => {
        expectParsedKeysMatch(extractCriteria({ acceptanceCriteria: { format: 'markdown', text: lines.map((l) => `- ${l}`).join('\n') }, description: null }));
      }),
    );
  });

  it('are computed for arrays no parser made', () => {
    expect(keysOf([{ text: 'Given A', steps: [] }])).toEqual([criterionKey('Given A', [])]);
  });
});
