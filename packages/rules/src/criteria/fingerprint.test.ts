import { describe, expect, it } from 'vitest';
import { criteriaFromAdf } from './adf.js';
import { fingerprintCriteria } from './fingerprint.js';
import { criteriaFromMarkdown } from './markdown.js';
import { DESCRIPTION_MARKDOWN, DESCRIPTION_WITH_HEADING } from './test-support/adf-fixtures.js';

const fp = (md: string) => fingerprintCriteria(criteriaFromMarkdown(md, { section: false }));

const BASE = `- Users can export the claims list as CSV
- The file has one row per claim
- Scenario: Export an empty list
  - Given no claims
  - When I export
  - Then I get a file with only the header row`;

describe('fingerprintCriteria', () => {
  it('has the documented format', () => {
    expect(fp(BASE)).toMatch(/^ac2:[0-9a-f]{32}$/);
  });

  it('reads struck-through text as deleted: striking "not" changes the fingerprint, in ADF and markdown', () => {
    type Run = { text: string; marks?: { type: string }[] };
    const adfItem = (...runs: Run[]) =>
      fingerprintCriteria(
        criteriaFromAdf(
          {
            type: 'doc',
            content: [
              {
                type: 'bulletList',
                content: [
                  {
                    type: 'listItem',
                    content: [{ type: 'paragraph', content: runs.map((r) => ({ type: 'text', ...r })) }],
                  },
                ],
              },
            ],
          },
          { section: false },
        ),
      );
    const approved = adfItem({ text: 'The member is not charged twice' });
    const struck = adfItem(
      { text: 'The member is ' },
      { text: 'not', marks: [{ type: 'strike' }] },
      { text: ' charged twice' },
    );
    expect(struck).not.toBe(approved);
    expect(struck).toBe(adfItem({ text: 'The member is charged twice' }));
    expect(fp('- The member is ~~not~~ charged twice')).toBe(struck);
    expect(fp('- The member is ~~not~~ charged twice')).not.toBe(fp('- The member is not charged twice'));
  });

  it('tells two criteria from one criterion that holds the old separator U+001E', () => {
    const two = fingerprintCriteria(criteriaFromMarkdown('- alpha\n- beta', { section: false }));
    const one = fingerprintCriteria(criteriaFromMarkdown('- alpha\u001ebeta', { section: false }));
    expect(two).not.toBeNull();
    expect(one).not.toBeNull();
    expect(one).not.toBe(two);
  });

  it.each([
    [
      'reordered',
      '- The file has one row per claim\n- Scenario: Export an empty list\n  - Given no claims\n  - When I export\n  - Then I get a file with only the header row\n- Users can export the claims list as CSV',
    ],
    [
      'numbered',
      '1. Users can export the claims list as CSV\n2. The file has one row per claim\n3. Scenario: Export an empty list\n   * Given no claims\n   * When I export\n   * Then I get a file with only the header row',
    ],
    [
      'a task list, some ticked',
      '- [x] Users can export the claims list as CSV\n- [ ] The file has one row per claim\n\n```\nScenario: Export an empty list\n  Given no claims\n  When I export\n  Then I get a file with only the header row\n```',
    ],
    [
      're-spaced and re-cased',
      '-   users can EXPORT the claims list   as CSV.\n\n- The file has one row per claim;\n- scenario:   Export an empty list\n  - Given no claims\n  - When I export\n  - Then I get a file with only the header row!',
    ],
    [
      'bold and italic',
      '- **Users** can export the _claims list_ as CSV\n- The file has *one row* per claim\n- Scenario: Export an empty list\n  - Given no claims\n  - When I export\n  - Then I get a file with only the header row',
    ],
    [
      'plain lines',
      'Users can export the claims list as CSV\nThe file has one row per claim\nScenario: Export an empty list\nGiven no claims\nWhen I export\nThen I get a file with only the header row',
    ],
  ])('does not change when the criteria are %s', (_name, variant) => {
    expect(fp(variant)).toBe(fp(BASE));
  });

  it('is the same for ADF and markdown of the same criteria', () => {
    const adf = fingerprintCriteria(criteriaFromAdf(DESCRIPTION_WITH_HEADING, { section: true }));
    expect(adf).not.toBeNull();
    expect(fingerprintCriteria(criteriaFromMarkdown(DESCRIPTION_MARKDOWN, { section: true }))).toBe(adf);
  });

  it.each([
    ['one word of an item', BASE.replace('one row', 'two rows')],
    ['one word of a step', BASE.replace('When I export', 'When I download')],
    ['a step keyword', BASE.replace('When I export', 'And I export')],
    ['an added criterion', `${BASE}\n- Dates use ISO 8601`],
    ['a removed criterion', BASE.replace('- The file has one row per claim\n', '')],
    ['a repeated criterion', `${BASE}\n- The file has one row per claim`],
  ])('changes with %s', (_name, variant) => {
    expect(fp(variant)).not.toBe(fp(BASE));
  });

  it('is null without criteria, and ignores empty ones', () => {
    expect(fingerprintCriteria([])).toBeNull();
    expect(fp('-\n- ')).toBeNull();
    expect(fp(`${BASE}\n-`)).toBe(fp(BASE));
  });
});
