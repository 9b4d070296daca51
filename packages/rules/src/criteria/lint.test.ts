import { describe, expect, it } from 'vitest';
import { DEFAULT_VAGUE_WORDS, lintCriteria } from './lint.js';
import { criteriaFromMarkdown } from './markdown.js';
import type { CriteriaLintCode } from './lint.js';

const lint = (md: string, vagueWords?: readonly string[]) =>
  lintCriteria(criteriaFromMarkdown(md, { section: false }), vagueWords ? { vagueWords } : undefined).map(
    (l) => [l.code, l.message] as const,
  );
const codes = (md: string) => lint(md).map(([code]) => code);

describe('lintCriteria', () => {
  it('gives a team word that is an Object prototype key the general hint, not inherited code', () => {
    expect(lint('- The constructor is shown', ['constructor'])).toEqual([
      [
        'vague-word',
        '"The constructor is shown" uses the vague word "constructor" — BA: state the observable result a tester can check.',
      ],
    ]);
  });

  it.each<[string, string, CriteriaLintCode[]]>([
    ['a measurable criterion', '- The page loads within 2 seconds', []],
    ['a vague speed word', '- The page loads fast', ['vague-word']],
    ['a vague word in any case', '- Search is QUICK', ['vague-word']],
    ['a hyphenated vague word', '- The form is user-friendly', ['vague-word']],
    ['a vague phrase across spaces', '- Errors are handled   as appropriate', ['vague-word']],
    ['"etc." at the end', '- Export to CSV, PDF, etc.', ['vague-word']],
    ['a placeholder alone', '- TBD', ['vague-word']],
    ['two vague words', '- Setup is simple and robust', ['vague-word', 'vague-word']],
    [
      'a vague word in a step',
      '- Scenario: s\n  - Given a cart\n  - When I pay\n  - Then it works properly',
      ['vague-word'],
    ],
    [
      'a vague phrase made of a step keyword and its text',
      '- Scenario: s\n  - Given a cart\n  - And so on\n  - Then I get a receipt',
      ['vague-word'],
    ],
    ['a vague word in curly quotes', '- The “simple” flow is kept', ['vague-word']],
    [
      'only part of a word',
      '- Breakfast is listed; the product is simpleminded-proof; a fastener is shown',
      [],
    ],
    ['a scenario without Then', '- Scenario: Pay\n  - Given a cart\n  - When I pay', ['no-outcome']],
    [
      'a scenario with Then',
      '- Scenario: Pay\n  - Given a cart\n  - When I pay\n  - Then I get a receipt',
      [],
    ],
    ['a scenario title without steps', 'Scenario: Pay', ['no-outcome']],
    ['a Background without Then', '```\nBackground:\n  Given a signed-in user\n```', []],
    ['an empty bullet', '-\n- Real one', ['empty']],
    ['a bullet of punctuation', '- ...', ['empty']],
    ['a repeated criterion', '- Totals include VAT\n- totals include VAT.', ['duplicate']],
  ])('%s', (_name, md, expected) => {
    expect(codes(md)).toEqual(expected);
  });

  it('names the criterion, the word, the owner and the fix', () => {
    expect(lint('- The page loads fast')).toEqual([
      [
        'vague-word',
        '"The page loads fast" uses the vague word "fast" — BA: state a measurable outcome (e.g. "within 2 seconds").',
      ],
    ]);
    const [[, noOutcome] = []] = lint('- Scenario: Pay\n  - Given a cart');
    expect(noOutcome).toBe(
      '"Scenario: Pay" has no Then step — BA: add a Then step that states the observable result.',
    );
    const [[, empty] = []] = lint('- One\n-');
    expect(empty).toBe('Criterion 2 is empty — BA: write the criterion or delete the empty item.');
  });

  it('shortens long criterion text in messages', () => {
    const [[, message] = []] = lint(`- ${'word '.repeat(40)}fast`);
    expect(message).toMatch(/^"(word ){10}word…" uses the vague word "fast"/);
  });

  it('uses a team list instead of the defaults', () => {
    expect(codes('- The page loads fast')).toEqual(['vague-word']);
    expect(lint('- The page loads fast; reports are nice', ['nice'])).toEqual([
      [
        'vague-word',
        '"The page loads fast; reports are nice" uses the vague word "nice" — BA: state the observable result a tester can check.',
      ],
    ]);
    expect(lint('- Works fast', [])).toEqual([]);
  });

  it('matches a team word written with capitals or trailing punctuation', () => {
    expect(
      lint('- Ship it ASAP! Then tell Sales.', ['ASAP!', 'Sales.']).map(
        ([, m]) => m.match(/vague word "([^"]+)"/)?.[1],
      ),
    ).toEqual(['asap', 'sales']);
  });

  it('points each lint at its criterion', () => {
    const criteria = criteriaFromMarkdown('- Good one\n- Easy one', { section: false });
    expect(lintCriteria(criteria).map((l) => l.criterionId)).toEqual([criteria[1]?.id]);
  });

  it('ships the vague words the BA guide lists', () => {
    for (const word of [
      'fast',
      'quickly',
      'user-friendly',
      'easy',
      'intuitive',
      'simple',
      'etc',
      'as appropriate',
      'as needed',
      'tbd',
      'tbc',
      'and so on',
      'robust',
      'seamless',
      'should work',
      'properly',
      'adequate',
      'reasonable',
    ]) {
      expect(DEFAULT_VAGUE_WORDS).toContain(word);
    }
  });
});
