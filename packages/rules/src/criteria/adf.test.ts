import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { criteriaFromAdf } from './adf.js';
import { DESCRIPTION_WITH_BOLD_LABEL, DESCRIPTION_WITH_HEADING } from './test-support/adf-fixtures.js';
import { shapeProblems } from './test-support/well-formed.js';

const text = (t: string, ...marks: string[]) =>
  marks.length
    ? { type: 'text', text: t, marks: marks.map((type) => ({ type })) }
    : { type: 'text', text: t };
const p = (...content: object[]) => ({ type: 'paragraph', content });
const para = (t: string) => p(text(t));
const h = (level: number, t: string) => ({ type: 'heading', attrs: { level }, content: [text(t)] });
const li = (...content: object[]) => ({ type: 'listItem', content });
const item = (t: string, ...nested: object[]) => li(para(t), ...nested);
const ul = (...items: object[]) => ({ type: 'bulletList', content: items });
const task = (t: string, state: 'TODO' | 'DONE') => ({
  type: 'taskItem',
  attrs: { localId: t, state },
  content: [text(t)],
});
const tasks = (...items: object[]) => ({ type: 'taskList', attrs: { localId: 'tl' }, content: items });
const doc = (...content: object[]) => ({ type: 'doc', version: 1, content });
const br = { type: 'hardBreak' };

const summary = (d: unknown, section = true) =>
  criteriaFromAdf(d, { section }).map((c) => ({
    kind: c.kind,
    text: c.text,
    ...(c.steps.length ? { steps: c.steps.map((s) => `${s.keyword} ${s.text}`) } : {}),
    ...(c.checked === undefined ? {} : { checked: c.checked }),
  }));

describe('criteriaFromAdf on a Jira description', () => {
  const criteria = summary(DESCRIPTION_WITH_HEADING);

  it('reads only the "Acceptance criteria" section: not the intro, not the Notes after it', () => {
    const texts = criteria.map((c) => c.text).join('\n');
    expect(texts).not.toMatch(/policy holder, I want|Context bullet|Legal wants|ship it/);
    expect(criteria).toHaveLength(8);
  });

  it('makes each list item a criterion, folding nested bullets into their parent', () => {
    expect(criteria.slice(0, 3)).toEqual([
      { kind: 'item', text: 'The Add dependent button is shown on the plan page' },
      { kind: 'item', text: 'A dependent needs: first and last name; date of birth (YYYY-MM-DD)' },
      { kind: 'item', text: 'A maximum of 8 dependents can be added; @Priya Shah confirms the limit' },
    ]);
  });

  it('makes each task item a criterion with its checkbox state', () => {
    expect(criteria.slice(3, 5)).toEqual([
      { kind: 'task', text: 'Premium is recalculated after a dependent is added', checked: true },
      { kind: 'task', text: 'A confirmation email is sent to the policy holder', checked: false },
    ]);
  });

  it('reads Gherkin scenarios from a code block and from a paragraph with hard breaks', () => {
    expect(criteria.slice(5)).toEqual([
      {
        kind: 'scenario',
        text: 'Scenario: Add a dependent',
        steps: [
          'Given I am signed in as a policy holder',
          'When I add a dependent born on 2015-04-01',
          'Then the dependent is listed on my plan',
        ],
      },
      {
        kind: 'scenario',
        text: 'Scenario: Reject a ninth dependent',
        steps: [
          'Given my plan has 8 dependents',
          'When I add another dependent',
          'Then I see "You can add at most 8 dependents"',
        ],
      },
      {
        kind: 'scenario',
        text: 'Scenario: Remove a dependent',
        steps: [
          'Given my plan has a dependent',
          'When I remove the dependent',
          'Then the dependent is no longer listed',
          'And the premium is recalculated',
        ],
      },
    ]);
  });

  it('reads a section opened by a bold paragraph label and closed by the next bold label', () => {
    expect(summary(DESCRIPTION_WITH_BOLD_LABEL)).toEqual([
      { kind: 'item', text: 'An Export CSV button is on the claims list.' },
      { kind: 'item', text: 'The file has one row per claim with the columns shown on screen.' },
      { kind: 'item', text: 'Export of 10,000 claims finishes quickly.' },
    ]);
  });

  it('finds nothing in a description without an AC section, but everything in a dedicated field', () => {
    const d = doc(para('Some context.'), ul(item('A bullet')));
    expect(summary(d)).toEqual([]);
    expect(summary(d, false)).toEqual([
      { kind: 'paragraph', text: 'Some context.' },
      { kind: 'item', text: 'A bullet' },
    ]);
  });
});

describe('criteriaFromAdf sections and forms', () => {
  it.each([
    ['heading "Acceptance Criteria:"', [h(3, 'Acceptance Criteria:')]],
    ['heading "AC"', [h(2, 'AC')]],
    ['paragraph "AC:"', [para('AC:')]],
    ['bold paragraph "acceptance criteria"', [p(text('acceptance criteria', 'strong'))]],
    [
      'paragraph with an emoji before the label',
      [
        p(
          { type: 'emoji', attrs: { shortName: ':white_check_mark:', text: '✅' } },
          text(' Acceptance criteria'),
        ),
      ],
    ],
    ['heading with an abbreviation', [h(2, 'Acceptance Criteria (AC)')]],
  ])('opens the section at a %s', (_name, opener) => {
    expect(summary(doc(para('Intro.'), ...opener, ul(item('User can log out'))))).toEqual([
      { kind: 'item', text: 'User can log out' },
    ]);
  });

  it('keeps a deeper heading inside the section and stops at one of the same level', () => {
    const d = doc(
      h(2, 'Acceptance criteria'),
      h(3, 'Happy path'),
      ul(item('One')),
      h(3, 'Errors'),
      ul(item('Two')),
      h(2, 'Design'),
      ul(item('Three')),
    );
    expect(summary(d).map((c) => c.text)).toEqual(['One', 'Two']);
  });

  it('ends a lead-in section at any heading or rule', () => {
    expect(
      summary(doc(para('AC:'), ul(item('One')), h(4, 'Later'), ul(item('Two')))).map((c) => c.text),
    ).toEqual(['One']);
    expect(
      summary(doc(para('AC:'), ul(item('One')), { type: 'rule' }, ul(item('Two')))).map((c) => c.text),
    ).toEqual(['One']);
  });

  it('reads "AC: text" on one line, and label plus lines split by hard breaks', () => {
    expect(summary(doc(para('AC: Invoices can be downloaded as PDF')))).toEqual([
      { kind: 'paragraph', text: 'Invoices can be downloaded as PDF' },
    ]);
    expect(
      summary(
        doc(
          p(
            text('Acceptance criteria', 'strong'),
            br,
            text('Totals include VAT'),
            br,
            text('Totals are rounded to cents'),
          ),
        ),
      ),
    ).toEqual([
      { kind: 'paragraph', text: 'Totals include VAT' },
      { kind: 'paragraph', text: 'Totals are rounded to cents' },
    ]);
  });

  it('does not count a sub-title over a list as a criterion', () => {
    expect(
      summary(
        doc(h(2, 'AC'), para('Happy path:'), ul(item('One')), p(text('Errors', 'strong')), ul(item('Two'))),
      ).map((c) => c.text),
    ).toEqual(['One', 'Two']);
  });

  it('joins Gherkin lines written as separate paragraphs into one scenario', () => {
    const d = doc(
      h(2, 'AC'),
      para('Scenario: Log in'),
      para('Given I have an account'),
      para('When I sign in'),
      para('Then I see my dashboard'),
      para('Support can reset passwords.'),
    );
    expect(summary(d)).toEqual([
      {
        kind: 'scenario',
        text: 'Scenario: Log in',
        steps: ['Given I have an account', 'When I sign in', 'Then I see my dashboard'],
      },
      { kind: 'paragraph', text: 'Support can reset passwords.' },
    ]);
  });

  it('makes loose Given/When/Then lines one scenario, and a new Given the next one', () => {
    const d = doc(
      h(2, 'AC'),
      p(
        text('Given a cart'),
        br,
        text('When I pay'),
        br,
        text('Then I get a receipt'),
        br,
        text('Given an empty cart'),
        br,
        text('When I pay'),
        br,
        text('Then I see an error'),
      ),
    );
    expect(summary(d)).toEqual([
      {
        kind: 'scenario',
        text: 'Given a cart When I pay Then I get a receipt',
        steps: ['Given a cart', 'When I pay', 'Then I get a receipt'],
      },
      {
        kind: 'scenario',
        text: 'Given an empty cart When I pay Then I see an error',
        steps: ['Given an empty cart', 'When I pay', 'Then I see an error'],
      },
    ]);
  });

  it('reads a scenario written as a list item with nested steps, and steps as sibling items', () => {
    const d = doc(
      h(2, 'AC'),
      ul(
        item(
          'Scenario: Cancel an order',
          ul(item('Given an open order'), item('When I cancel it'), item('Then it is marked cancelled')),
        ),
      ),
      ul(item('Given a shipped order'), item('When I cancel it'), item('Then I am told to return it')),
    );
    expect(summary(d)).toEqual([
      {
        kind: 'scenario',
        text: 'Scenario: Cancel an order',
        steps: ['Given an open order', 'When I cancel it', 'Then it is marked cancelled'],
      },
      {
        kind: 'scenario',
        text: 'Given a shipped order When I cancel it Then I am told to return it',
        steps: ['Given a shipped order', 'When I cancel it', 'Then I am told to return it'],
      },
    ]);
  });

  it('leaves a lone "When …" sentence an ordinary criterion', () => {
    expect(summary(doc(h(2, 'AC'), ul(item('When the user saves, the form closes'))))).toEqual([
      { kind: 'item', text: 'When the user saves, the form closes' },
    ]);
  });

  it('folds a nested task list into the task before it', () => {
    const d = doc(
      h(2, 'AC'),
      tasks(task('Parent task', 'TODO'), tasks(task('Child task', 'DONE')), task('Next task', 'DONE')),
    );
    expect(summary(d)).toEqual([
      { kind: 'task', text: 'Parent task; Child task', checked: false },
      { kind: 'task', text: 'Next task', checked: true },
    ]);
  });

  it('keeps an empty bullet as an empty criterion (the lint reports it) but ignores empty paragraphs', () => {
    expect(summary(doc(h(2, 'AC'), p(), ul(li(p()), item('One'))))).toEqual([
      { kind: 'item', text: '' },
      { kind: 'item', text: 'One' },
    ]);
  });

  it('reads criteria inside panels and from table body rows', () => {
    const cell = (type: string, t: string) => ({ type, attrs: {}, content: [para(t)] });
    const table = {
      type: 'table',
      content: [
        { type: 'tableRow', content: [cell('tableHeader', 'Input'), cell('tableHeader', 'Result')] },
        {
          type: 'tableRow',
          content: [cell('tableCell', 'Empty email'), cell('tableCell', 'Shows "Email is required"')],
        },
      ],
    };
    const d = doc(
      h(2, 'AC'),
      { type: 'panel', attrs: { panelType: 'info' }, content: [ul(item('Inside a panel'))] },
      table,
    );
    expect(summary(d).map((c) => c.text)).toEqual([
      'Inside a panel',
      'Empty email | Shows "Email is required"',
    ]);
  });

  it('collapses non-breaking spaces, tabs and runs of spaces, keeping the id of the tidy text', () => {
    const [messy] = criteriaFromAdf(doc(ul(item('  Totals\u00a0include \t VAT  '))), { section: false });
    const [tidy] = criteriaFromAdf(doc(ul(item('Totals include VAT'))), { section: false });
    expect(messy?.text).toBe('Totals include VAT');
    expect(messy?.id).toBe(tidy?.id);
  });

  it('gives repeated criteria distinct ids', () => {
    const ids = criteriaFromAdf(doc(ul(item('Same'), item('same.'), item('Other'))), { section: false }).map(
      (c) => c.id,
    );
    expect(ids[1]).toBe(`${ids[0]}-2`);
    expect(new Set(ids).size).toBe(3);
  });
});

describe('criteriaFromAdf on arbitrary input', () => {
  const node: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    node: fc.record(
      {
        type: fc.constantFrom(
          'doc',
          'paragraph',
          'text',
          'heading',
          'bulletList',
          'orderedList',
          'listItem',
          'taskList',
          'taskItem',
          'codeBlock',
          'hardBreak',
          'rule',
          'table',
          'tableRow',
          'tableCell',
          'mention',
          'emoji',
          'panel',
          'x',
        ),
        text: fc.oneof(
          fc.string(),
          fc.constantFrom(
            'Acceptance criteria',
            'AC:',
            'Given a',
            'Then b',
            'Scenario: s',
            '- [x] t',
            'Notes',
          ),
          fc.integer(),
        ),
        attrs: fc.oneof(
          fc.record({
            level: fc.oneof(fc.integer(), fc.string()),
            state: fc.constantFrom('DONE', 'TODO', 1),
          }),
          fc.anything(),
        ),
        content: fc.oneof(fc.array(tie('node'), { maxLength: 4 }), fc.anything()),
        marks: fc.oneof(fc.constant([{ type: 'strong' }]), fc.anything()),
      },
      { requiredKeys: [] },
    ),
  })).node;

  it('never throws on any JSON and returns well-formed criteria', () => {
    fc.assert(
      fc.property(fc.oneof(node, fc.jsonValue()), fc.boolean(), (d, section) => {
        expect(shapeProblems(criteriaFromAdf(d, { section }))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('survives a document nested far deeper than Jira produces', () => {
    let deep: object = para('Deep');
    for (let i = 0; i < 10_000; i++) deep = { type: 'blockquote', content: [deep] };
    expect(() => criteriaFromAdf(doc(deep), { section: false })).not.toThrow();
  });
});
