import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RichText } from '../story.js';
import { extractCriteria } from './extract.js';
import { lintCriteria } from './lint.js';
import { shapeProblems } from './test-support/well-formed.js';

// Inputs a hostile or careless author can paste into Jira: one 5 MB line, 100,000 lines. Every parser must
// read them in one pass and never throw. No timing assertions (the bench measures speed), but a quadratic
// parser makes the larger cases take minutes, which the test runner's timeout turns into a failure.

const FIVE_MB = 5 * 1024 * 1024;
const LINES = 100_000;

/** Pieces that exercise each parser's branches: markers, Gherkin, labels, markup, tables, fences, spaces. */
const piece = fc.oneof(
  fc.constantFrom(
    'Given a member ',
    'When they save ',
    'Then it is shown ',
    'And ',
    'Scenario: x ',
    '- ',
    '* [ ] ',
    '1. ',
    '| a | b |',
    '```',
    '## Acceptance criteria',
    'AC:',
    '**bold**',
    '_',
    '*',
    '[a](',
    '](b)',
    '\\',
    ' ',
    '\t',
    '\u00a0',
    '\u001e',
    '.',
    '',
  ),
  fc.string({ maxLength: 12 }),
);

const md = (text: string): RichText => ({ format: 'markdown', text });
const adfParagraph = (texts: readonly string[]): RichText => ({
  format: 'adf',
  doc: {
    type: 'doc',
    version: 1,
    content: [
      {
        type: 'paragraph',
        content: texts.flatMap((text) => [{ type: 'text', text }, { type: 'hardBreak' }]),
      },
    ],
  },
});

function expectSane(source: { acceptanceCriteria: RichText | null; description: RichText | null }): void {
  const set = extractCriteria(source);
  expect(shapeProblems(set.criteria)).toEqual([]);
  expect(set.fingerprint === null).toBe(set.source === 'none');
  expect(() => lintCriteria(set.criteria)).not.toThrow();
}

// Megabytes of input per test: a linear parser takes a second or two here, but a loaded CI machine may take
// several times that, so these tests get more than the runner's 20 s default.
describe('extractCriteria on large inputs', { timeout: 60_000 }, () => {
  it('reads a 5 MB single line of any mix of pieces without throwing', () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), fc.boolean(), (pieces, asDescription) => {
        const unit = pieces.join('') || 'x';
        const line = unit.repeat(Math.ceil(FIVE_MB / unit.length));
        expectSane({ acceptanceCriteria: md(line), description: null });
        if (asDescription)
          expectSane({ acceptanceCriteria: null, description: md(`Acceptance criteria: ${line}`) });
        expectSane({ acceptanceCriteria: adfParagraph([line]), description: null });
      }),
      { numRuns: 5 },
    );
  });

  it('reads 100,000 lines of any mix of pieces without throwing', () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }), (pieces) => {
        const lines = Array.from({ length: LINES }, (_, i) => pieces[i % pieces.length] ?? '');
        expectSane({ acceptanceCriteria: md(lines.join('\n')), description: null });
        expectSane({ acceptanceCriteria: null, description: md(`## AC\n${lines.join('\n')}`) });
        expectSane({ acceptanceCriteria: adfParagraph(lines), description: null });
      }),
      { numRuns: 5 },
    );
  });

  // The next two are three times the sizes: a quadratic parser needs minutes (62 s and 67 s measured
  // before the fix), over this file's timeout; a linear one about a second.
  it('reads 300,000 Given steps as 300,000 criteria', () => {
    const text = Array.from({ length: 3 * LINES }, (_, i) => `Given step ${i}`).join('\n');
    expect(extractCriteria({ acceptanceCriteria: md(text), description: null }).criteria).toHaveLength(
      3 * LINES,
    );
  });

  it('reads 150,000 blank lines between criteria', () => {
    const text = `## Acceptance criteria\n- First\n\nA paragraph${'\n'.repeat(150_000)}- Second`;
    expect(
      extractCriteria({ acceptanceCriteria: null, description: md(text) }).criteria.map((c) => c.text),
    ).toEqual(['First', 'A paragraph', 'Second']);
  });

  it.each(['_', '-', '*', '- ', '#', '`', '|', '~', '#'.repeat(7)])(
    'reads a 5 MB markdown line made only of %j',
    (unit) => {
      const line = unit.repeat(Math.ceil(FIVE_MB / unit.length));
      expectSane({ acceptanceCriteria: md(line), description: null });
      expectSane({ acceptanceCriteria: md(`- a\n${line}\n- b`), description: null });
    },
  );

  it('reads a code block of 5 MB of line breaks inside a list item, in markdown and ADF', () => {
    const breaks = '\n'.repeat(FIVE_MB);
    expectSane({ acceptanceCriteria: md(`- Given a\n  \`\`\`\n${breaks}  \`\`\``), description: null });
    expectSane({
      acceptanceCriteria: {
        format: 'adf',
        doc: {
          type: 'doc',
          content: [
            {
              type: 'bulletList',
              content: [
                {
                  type: 'listItem',
                  content: [{ type: 'codeBlock', content: [{ type: 'text', text: `Given a${breaks}` }] }],
                },
              ],
            },
          ],
        },
      },
      description: null,
    });
  });

  it('reads a paragraph that starts with 100,000 hard breaks', () => {
    const texts = [...Array.from({ length: LINES }, () => ''), 'Acceptance criteria: the total is shown'];
    const set = extractCriteria({ acceptanceCriteria: null, description: adfParagraph(texts) });
    expect(set.criteria.map((c) => c.text)).toEqual(['the total is shown']);
  });
});
