/**
 * ADF documents shaped the way Jira Cloud's REST API v3 returns them (doc version, localIds, orderedList
 * order, codeBlock language, marks), written by hand from real descriptions.
 */

/** A story description: intro, an "Acceptance criteria" heading with every list style and Gherkin form, then "Notes". */
export const DESCRIPTION_WITH_HEADING = {
  type: 'doc',
  version: 1,
  content: [
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'As a ' },
        { type: 'text', text: 'policy holder', marks: [{ type: 'em' }] },
        { type: 'text', text: ', I want to add dependents to my plan so that my family is covered.' },
      ],
    },
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Design: ' },
        {
          type: 'inlineCard',
          attrs: { url: 'https://www.figma.com/file/abc123/Dependents' },
        },
      ],
    },
    {
      type: 'bulletList',
      content: [
        {
          type: 'listItem',
          content: [
            {
              type: 'paragraph',
              content: [{ type: 'text', text: 'Context bullet that is not a criterion' }],
            },
          ],
        },
      ],
    },
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Acceptance criteria' }] },
    {
      type: 'bulletList',
      content: [
        {
          type: 'listItem',
          content: [
            {
              type: 'paragraph',
              content: [
                { type: 'text', text: 'The ' },
                { type: 'text', text: 'Add dependent', marks: [{ type: 'strong' }] },
                { type: 'text', text: ' button is shown on the plan page' },
              ],
            },
          ],
        },
        {
          type: 'listItem',
          content: [
            { type: 'paragraph', content: [{ type: 'text', text: 'A dependent needs:' }] },
            {
              type: 'bulletList',
              content: [
                {
                  type: 'listItem',
                  content: [{ type: 'paragraph', content: [{ type: 'text', text: 'first and last name' }] }],
                },
                {
                  type: 'listItem',
                  content: [
                    {
                      type: 'paragraph',
                      content: [
                        { type: 'text', text: 'date of birth (' },
                        { type: 'text', text: 'YYYY-MM-DD', marks: [{ type: 'code' }] },
                        { type: 'text', text: ')' },
                      ],
                    },
                  ],
                },
              ],
            },
          ],
        },
        {
          type: 'listItem',
          content: [
            {
              type: 'paragraph',
              content: [
                { type: 'text', text: 'A maximum of 8 dependents can be added; ' },
                {
                  type: 'mention',
                  attrs: { id: '5b10ac8d82e05b22cc7d4ef5', text: '@Priya Shah', accessLevel: '' },
                },
                { type: 'text', text: ' confirms the limit' },
              ],
            },
          ],
        },
      ],
    },
    {
      type: 'taskList',
      attrs: { localId: '6f2b5d1e-7a52-4c1f-9a55-3a7f1c2d9b01' },
      content: [
        {
          type: 'taskItem',
          attrs: { localId: 'a1', state: 'DONE' },
          content: [{ type: 'text', text: 'Premium is recalculated after a dependent is added' }],
        },
        {
          type: 'taskItem',
          attrs: { localId: 'a2', state: 'TODO' },
          content: [{ type: 'text', text: 'A confirmation email is sent to the policy holder' }],
        },
      ],
    },
    {
      type: 'codeBlock',
      attrs: { language: 'gherkin' },
      content: [
        {
          type: 'text',
          text: 'Feature: Dependents\n\n  Scenario: Add a dependent\n    Given I am signed in as a policy holder\n    When I add a dependent born on 2015-04-01\n    Then the dependent is listed on my plan\n\n  Scenario: Reject a ninth dependent\n    Given my plan has 8 dependents\n    When I add another dependent\n    Then I see "You can add at most 8 dependents"',
        },
      ],
    },
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Scenario: Remove a dependent', marks: [{ type: 'strong' }] },
        { type: 'hardBreak' },
        { type: 'text', text: 'Given my plan has a dependent' },
        { type: 'hardBreak' },
        { type: 'text', text: 'When I remove the dependent' },
        { type: 'hardBreak' },
        { type: 'text', text: 'Then the dependent is no longer listed' },
        { type: 'hardBreak' },
        { type: 'text', text: 'And the premium is recalculated' },
      ],
    },
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Notes' }] },
    {
      type: 'bulletList',
      content: [
        {
          type: 'listItem',
          content: [
            { type: 'paragraph', content: [{ type: 'text', text: 'Legal wants the copy reviewed' }] },
          ],
        },
      ],
    },
    { type: 'paragraph', content: [{ type: 'text', text: 'Then we ship it, should be fast.' }] },
  ],
} as const;

/** The same criteria written in markdown (as the CLI or Jira's wiki text would give them). */
export const DESCRIPTION_MARKDOWN = `As a *policy holder*, I want to add dependents to my plan so that my family is covered.

Design: https://www.figma.com/file/abc123/Dependents

- Context bullet that is not a criterion

## Acceptance criteria

1. The **Add dependent** button is shown on the plan page
2. A dependent needs:
   * first and last name
   * date of birth (\`YYYY-MM-DD\`)
3. A maximum of 8 dependents can be added; @Priya Shah confirms the limit

- [x] Premium is recalculated after a dependent is added
- [ ] A confirmation email is sent to the policy holder

\`\`\`gherkin
Feature: Dependents

  Scenario: Add a dependent
    Given I am signed in as a policy holder
    When I add a dependent born on 2015-04-01
    Then the dependent is listed on my plan

  Scenario: Reject a ninth dependent
    Given my plan has 8 dependents
    When I add another dependent
    Then I see "You can add at most 8 dependents"
\`\`\`

**Scenario: Remove a dependent**
Given my plan has a dependent
When I remove the dependent
Then the dependent is no longer listed
And the premium is recalculated

## Notes

- Legal wants the copy reviewed

Then we ship it, should be fast.
`;

/** A description whose AC section starts at a bold paragraph label and ends at the next bold label. */
export const DESCRIPTION_WITH_BOLD_LABEL = {
  type: 'doc',
  version: 1,
  content: [
    {
      type: 'paragraph',
      content: [{ type: 'text', text: 'Export the claims list so finance can reconcile it monthly.' }],
    },
    { type: 'paragraph', content: [] },
    {
      type: 'paragraph',
      content: [{ type: 'text', text: 'Acceptance Criteria:', marks: [{ type: 'strong' }] }],
    },
    {
      type: 'orderedList',
      attrs: { order: 1 },
      content: [
        {
          type: 'listItem',
          content: [
            {
              type: 'paragraph',
              content: [{ type: 'text', text: 'An Export CSV button is on the claims list.' }],
            },
          ],
        },
        {
          type: 'listItem',
          content: [
            {
              type: 'paragraph',
              content: [
                { type: 'text', text: 'The file has one row per claim with the columns shown on screen.' },
              ],
            },
          ],
        },
        {
          type: 'listItem',
          content: [
            {
              type: 'paragraph',
              content: [{ type: 'text', text: 'Export of 10,000 claims finishes quickly.' }],
            },
          ],
        },
      ],
    },
    {
      type: 'paragraph',
      content: [{ type: 'text', text: 'Out of scope', marks: [{ type: 'strong' }] }],
    },
    {
      type: 'bulletList',
      content: [
        {
          type: 'listItem',
          content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Excel format' }] }],
        },
      ],
    },
  ],
} as const;
