import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { criteriaFromAdf } from './adf.js';
import { criteriaFromMarkdown } from './markdown.js';
import { DESCRIPTION_MARKDOWN, DESCRIPTION_WITH_HEADING } from './test-support/adf-fixtures.js';
import { shapeProblems } from './test-support/well-formed.js';

const summary = (md: string, section = true) =>
  criteriaFromMarkdown(md, { section }).map((c) => ({
    kind: c.kind,
    text: c.text,
    ...(c.steps.length ? { steps: c.steps.map((s) => `${s.keyword} ${s.text}`) } : {}),
    ...(c.checked === undefined ? {} : { checked: c.checked }),
  }));
const texts = (md: string, section = true) => criteriaFromMarkdown(md, { section }).map((c) => c.text);

describe('criteriaFromMarkdown', () => {
  it('reads the markdown form of a description exactly as the ADF form, ids included', () => {
    expect(criteriaFromMarkdown(DESCRIPTION_MARKDOWN, { section: true })).toEqual(
      criteriaFromAdf(DESCRIPTION_WITH_HEADING, { section: true }),
    );
  });

  it.each([
    ['# heading', '# Acceptance criteria\n- One\n# Notes\n- Two'],
    ['Jira wiki heading', 'h3. Acceptance Criteria\n* One\nh3. Notes\n* Two'],
    ['lead-in line', 'Story text.\n\nAcceptance criteria:\n- One\n\n## Notes\n- Two'],
    ['bold lead-in', 'Story text.\n\n**AC**\n\n+ One\n\n**Out of scope**\n\n+ Two'],
    ['"AC:" then a rule', 'AC:\n1) One\n\n---\n\n1) Two'],
  ])('opens and closes the section at a %s', (_name, md) => {
    expect(texts(md)).toEqual(['One']);
  });

  it.each([
    ['- ', '- One\n- Two'],
    ['* ', '* One\n* Two'],
    ['+ ', '+ One\n+ Two'],
    ['1. ', '1. One\n2. Two'],
    ['1) ', '1) One\n10) Two'],
  ])('reads "%s" lists', (_marker, list) => {
    expect(summary(`## AC\n${list}`)).toEqual([
      { kind: 'item', text: 'One' },
      { kind: 'item', text: 'Two' },
    ]);
  });

  it('reads task lists with their state', () => {
    expect(summary('## AC\n- [ ] Open\n- [x] Done\n* [X] Also done')).toEqual([
      { kind: 'task', text: 'Open', checked: false },
      { kind: 'task', text: 'Done', checked: true },
      { kind: 'task', text: 'Also done', checked: true },
    ]);
  });

  it('folds nested items into their parent by indentation and keeps wrapped lines in their item', () => {
    const md =
      '## AC\n- Search finds:\n  - titles\n    - subtitles\n  - authors\n- Results are\n  paged by 20\n- Last';
    expect(texts(md)).toEqual([
      'Search finds: titles; subtitles; authors',
      'Results are paged by 20',
      'Last',
    ]);
  });

  it('reads Gherkin in a fenced block and in plain lines, and loose steps as one scenario', () => {
    const md = [
      '## AC',
      '~~~',
      'Scenario Outline: Sign in with <kind> account',
      '  Given a <kind> account',
      '  When I sign in',
      '  Then I see <page>',
      '  Examples:',
      '    | kind  | page      |',
      '    | admin | dashboard |',
      '~~~',
      '',
      'Given a locked account',
      'When I sign in',
      'Then I see "Account locked"',
    ].join('\n');
    expect(summary(md)).toEqual([
      {
        kind: 'scenario',
        text: 'Scenario Outline: Sign in with <kind> account',
        steps: [
          'Given a <kind> account',
          'When I sign in',
          'Then I see <page> Examples: | kind | page | | admin | dashboard |',
        ],
      },
      {
        kind: 'scenario',
        text: 'Given a locked account When I sign in Then I see "Account locked"',
        steps: ['Given a locked account', 'When I sign in', 'Then I see "Account locked"'],
      },
    ]);
  });

  it('makes each plain line a criterion, joining a line that continues a wrapped sentence', () => {
    expect(
      texts(
        'Acceptance criteria:\nUsers can export CSV\nExports include every\ncolumn on screen\nAdmins can export PDF',
      ),
    ).toEqual(['Users can export CSV', 'Exports include every column on screen', 'Admins can export PDF']);
  });

  it('ignores code that is not Gherkin and strips inline markup', () => {
    expect(
      texts(
        '## AC\n```json\n{ "a": 1 }\n```\n- The _status_ is `OPEN` per [the spec](https://x.test/spec)\n- snake_case stays',
      ),
    ).toEqual(['The status is OPEN per the spec', 'snake_case stays']);
  });

  it('turns a pipe table into one criterion per body row', () => {
    expect(texts('## AC\n| Input | Result |\n|---|---|\n| blank | error |\n| ok | saved |')).toEqual([
      'blank | error',
      'ok | saved',
    ]);
  });

  it('reads everything in a dedicated field, skipping the label itself', () => {
    expect(texts('Acceptance Criteria\n\n- One\n- Two', false)).toEqual(['One', 'Two']);
  });

  it('collapses whitespace even inside trailing punctuation', () => {
    expect(texts('- Done  !\t:\n- a \u00a0b .', false)).toEqual(['Done ! :', 'a b .']);
  });

  it('keeps an empty bullet as an empty criterion', () => {
    expect(summary('## AC\n-\n- One')).toEqual([
      { kind: 'item', text: '' },
      { kind: 'item', text: 'One' },
    ]);
  });

  it('never throws on any string and returns well-formed criteria', () => {
    const piece = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom(
        '\u00a0',
        '[a](',
        ')',
        ' !',
        '.',
        '\n',
        '\n\n',
        '  ',
        '\t',
        '## AC\n',
        'AC:\n',
        '- ',
        '- [x] ',
        '1) ',
        '```\n',
        'Scenario: s\n',
        'Given a\n',
        'Then b\n',
        'And c\n',
        '| a | b |\n',
        '**',
        '_',
        '---\n',
        'h2. Notes\n',
      ),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.boolean(), (parts, section) => {
        expect(shapeProblems(criteriaFromMarkdown(parts.join(''), { section }))).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });
});
