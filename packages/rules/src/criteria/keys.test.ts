import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { criteriaWithKeys, type CriteriaSource } from './extract.js';
import { criterionKey } from './normalise.js';
import {
  DESCRIPTION_MARKDOWN,
  DESCRIPTION_WITH_BOLD_LABEL,
  DESCRIPTION_WITH_HEADING,
} from './test-support/adf-fixtures.js';

// The gates' lint reads the keys the parser computed instead of normalising each criterion again; they must be
// the very keys `criterionKey` gives, or duplicates and empty criteria would be judged differently.
function expectParsedKeysMatch(story: CriteriaSource): void {
  const { set, keys } = criteriaWithKeys(story);
  expect(keys).toEqual(set.criteria.map((c) => criterionKey(c.text, c.steps)));
}

describe('parsed comparison keys', () => {
  it.each([
    ['ADF with a heading', { format: 'adf' as const, doc: DESCRIPTION_WITH_HEADING }],
    ['ADF with a bold label', { format: 'adf' as const, doc: DESCRIPTION_WITH_BOLD_LABEL }],
    ['markdown', { format: 'markdown' as const, text: DESCRIPTION_MARKDOWN }],
  ])('equal criterionKey for %s', (_name, description) => {
    const story = { acceptanceCriteria: null, description };
    expect(criteriaWithKeys(story).set.criteria.length).toBeGreaterThan(0);
    expectParsedKeysMatch(story);
  });

  it('equal criterionKey for any markdown AC field', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 40 }), { maxLength: 8 }), (lines) => {
        expectParsedKeysMatch({
          acceptanceCriteria: { format: 'markdown', text: lines.map((l) => `- ${l}`).join('\n') },
          description: null,
        });
      }),
    );
  });

  it('are worked out again when the story’s fields are replaced', () => {
    const story: { acceptanceCriteria: CriteriaSource['acceptanceCriteria']; description: null } = {
      acceptanceCriteria: { format: 'markdown', text: '- Given A' },
      description: null,
    };
    const first = criteriaWithKeys(story);
    story.acceptanceCriteria = { format: 'markdown', text: '- Then B' };
    const second = criteriaWithKeys(story);
    expect(second.keys).toEqual(['then b']);
    expect(second.set.fingerprint).not.toBe(first.set.fingerprint);
  });
});
