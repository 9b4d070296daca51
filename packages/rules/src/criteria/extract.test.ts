import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractCriteria } from './extract.js';
import { DESCRIPTION_WITH_HEADING } from './test-support/adf-fixtures.js';
import { shapeProblems } from './test-support/well-formed.js';
import type { RichText } from '../story.js';

const md = (text: string): RichText => ({ format: 'markdown', text });
const adf = (doc: unknown): RichText => ({ format: 'adf', doc });

describe('extractCriteria', () => {
  it('prefers the dedicated field and reads all of it', () => {
    const set = extractCriteria({
      acceptanceCriteria: md('- From the field'),
      description: adf(DESCRIPTION_WITH_HEADING),
    });
    expect(set.source).toBe('field');
    expect(set.criteria.map((c) => c.text)).toEqual(['From the field']);
    expect(set.fingerprint).toMatch(/^ac2:[0-9a-f]{32}$/);
  });

  it('falls back to the description section when the field is missing or has no criterion with text', () => {
    for (const acceptanceCriteria of [
      null,
      md(''),
      md('-\n- '),
      adf({ type: 'doc', version: 1, content: [] }),
    ]) {
      const set = extractCriteria({ acceptanceCriteria, description: adf(DESCRIPTION_WITH_HEADING) });
      expect(set.source).toBe('description');
      expect(set.criteria).toHaveLength(8);
    }
  });

  it('reports none when neither has criteria', () => {
    for (const description of [null, md('Just a story, no AC section.\n\n- a bullet'), md('## AC\n-')]) {
      expect(extractCriteria({ acceptanceCriteria: null, description })).toEqual({
        source: 'none',
        criteria: [],
        fingerprint: null,
      });
    }
  });

  it('reads the story as it is now when its fields are replaced', () => {
    const story = { acceptanceCriteria: md('- One'), description: null };
    expect(extractCriteria(story).criteria.map((c) => c.text)).toEqual(['One']);
    story.acceptanceCriteria = md('- Two');
    expect(extractCriteria(story).criteria.map((c) => c.text)).toEqual(['Two']);
  });

  it('never throws on rich text of any shape', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (a, d) => {
        const set = extractCriteria({ acceptanceCriteria: a as RichText, description: d as RichText });
        expect(shapeProblems(set.criteria)).toEqual([]);
        expect(set.fingerprint === null).toBe(set.source === 'none');
      }),
      { numRuns: 300 },
    );
  });
});
