import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractCriteria } from './extract.js';
import { lintCriteria } from './lint.js';
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

describe('nothing a reader sees as acceptance criteria is invisible to the gate', () => {
  const texts = (set: { criteria: { text: string }[] }) => set.criteria.map((c) => c.text);
  const para = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
  const heading = (text: string) => ({
    type: 'heading',
    attrs: { level: 2 },
    content: [{ type: 'text', text }],
  });
  const bullets = (...items: string[]) => ({
    type: 'bulletList',
    content: items.map((t) => ({ type: 'listItem', content: [para(t)] })),
  });

  it('reads every heading that names acceptance criteria as part of the AC', () => {
    const markdown = md(
      '## Acceptance criteria\n- The total is shown\n\n## Notes\nAsk finance.\n\n## Additional acceptance criteria\n- The total is rounded to cents\n\n### More AC\n- A zero total shows "0.00"',
    );
    expect(texts(extractCriteria({ acceptanceCriteria: null, description: markdown }))).toEqual([
      'The total is shown',
      'The total is rounded to cents',
      'A zero total shows "0.00"',
    ]);
    const doc = adf({
      type: 'doc',
      content: [
        heading('Acceptance criteria'),
        bullets('The total is shown'),
        heading('Notes'),
        para('Ask finance.'),
        heading('More AC'),
        bullets('The total is rounded to cents'),
      ],
    });
    expect(texts(extractCriteria({ acceptanceCriteria: null, description: doc }))).toEqual([
      'The total is shown',
      'The total is rounded to cents',
    ]);
  });

  it('flags criteria-like items outside the AC section for the BA', () => {
    const description = md(
      '## Acceptance criteria\n- The total is shown\n\n## Notes\n- The export must include the tax line\n- Ask finance first\n\nGiven a member with no claims\nWhen they export\nThen the file has only a header',
    );
    const set = extractCriteria({ acceptanceCriteria: null, description });
    expect(texts(set)).toEqual(['The total is shown']);
    expect(lintCriteria(set.criteria, { unread: set.unread })).toEqual([
      {
        criterionId: null,
        code: 'outside-section',
        message:
          '2 items outside the "Acceptance criteria" section are written as criteria ("The export must include the tax line") — BA: move them under the "Acceptance criteria" heading, or reword them if not a criterion.',
      },
    ]);
    const clean = extractCriteria({
      acceptanceCriteria: null,
      description: md('## Acceptance criteria\n- The total is shown\n\n## Notes\n- Ask finance first'),
    });
    expect(clean.unread).toBeUndefined();
  });

  it('reads criteria in an image caption, at the top level and in a list item', () => {
    const image = (caption: string) => ({
      type: 'mediaSingle',
      content: [
        { type: 'media', attrs: { type: 'file', id: 'x' } },
        { type: 'caption', content: [{ type: 'text', text: caption }] },
      ],
    });
    const doc = adf({
      type: 'doc',
      content: [
        heading('Acceptance criteria'),
        bullets('The total is shown'),
        image('The chart shows one bar per month'),
        {
          type: 'bulletList',
          content: [{ type: 'listItem', content: [para('The legend'), image('names each plan')] }],
        },
      ],
    });
    expect(texts(extractCriteria({ acceptanceCriteria: null, description: doc }))).toEqual([
      'The total is shown',
      'The chart shows one bar per month',
      'The legend names each plan',
    ]);
  });

  it('reads criteria nested very deep, flags them, and fingerprints their text', () => {
    const nested = (text: string, depth: number): RichText => {
      let node: unknown = bullets(text);
      for (let i = 0; i < depth; i++)
        node = { type: 'bulletList', content: [{ type: 'listItem', content: [para(`level ${i}`), node] }] };
      return adf({ type: 'doc', content: [node] });
    };
    const deep = extractCriteria({
      acceptanceCriteria: nested('Refunds are refused after 30 days', 200),
      description: null,
    });
    expect(deep.criteria.some((c) => c.text.includes('Refunds are refused after 30 days'))).toBe(true);
    expect(lintCriteria(deep.criteria, { unread: deep.unread }).map((l) => l.code)).toContain('too-deep');
    const changed = extractCriteria({
      acceptanceCriteria: nested('Refunds are refused after 60 days', 200),
      description: null,
    });
    expect(changed.fingerprint).not.toBe(deep.fingerprint);
  });
});
