import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateKeyPair, sign, StorySchema } from '@readygate/rules';
import type { GateRecord, Story } from '@readygate/rules';
import { JiraError } from './errors.js';
import { fieldIdByName, fieldsFor, toStory } from './map-story.js';
import type { FieldMap } from './map-story.js';
import type { IssueBean } from './schemas.js';

const pair = generateKeyPair();
const stranger = generateKeyPair();
const AC_FIELD = 'customfield_10050';
const fields: FieldMap = { acceptanceCriteria: AC_FIELD, technicalSeverity: 'customfield_10060' };

const adf = (...paragraphs: string[]) => ({
  type: 'doc',
  version: 1,
  content: paragraphs.map((t) => ({ type: 'paragraph', content: [{ type: 'text', text: t }] })),
});

const status = (name: string, key: string) => ({
  self: 'https://acme.atlassian.net/rest/api/3/status/1',
  name,
  id: '1',
  statusCategory: { id: 2, key, colorName: 'blue-gray', name: 'To Do' },
});

const approval: GateRecord = {
  kind: 'ac.approval',
  by: { accountId: 'acc-po', displayName: 'Priya', role: 'po' },
  at: '2026-11-20T09:00:00.000Z',
  acFingerprint: 'fp-1',
};

/** A realistic IssueBean as the enhanced search returns it with fieldsFor(fields) and properties=readygate. */
function bean(over: Record<string, unknown> = {}, properties?: Record<string, unknown>): IssueBean {
  return {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: '10042',
    self: 'https://acme.atlassian.net/rest/api/3/issue/10042',
    key: 'ENR-42',
    fields: {
      summary: 'Enroll a dependent child',
      status: status('In Progress', 'indeterminate'),
      issuetype: { id: '10001', name: 'Story', subtask: false },
      description: adf('As a member I want to add my child.', 'Acceptance criteria', 'Given a member ...'),
      labels: ['enrollment', 'q4'],
      issuelinks: [],
      parent: {
        id: '10000',
        key: 'ENR-1',
        fields: { summary: 'Member enrollment', status: status('To Do', 'new') },
      },
      fixVersions: [{ self: 'x', id: '10100', name: '2.0', archived: false, released: false }],
      priority: { id: '2', name: 'High' },
      customfield_10016: 5,
      customfield_10020: [
        { id: 13, name: 'Enrollment 13', state: 'closed', boardId: 1 },
        { id: 14, name: 'Enrollment 14', state: 'active', boardId: 1, goal: 'members can enroll' },
      ],
      [AC_FIELD]: adf('Given a member with a child, when they add the child, then the child is covered.'),
      customfield_10060: { self: 'x', value: 'S2 - Major', id: '10200' },
      customfield_99999: { something: 'unknown' },
      ...over,
    },
    ...(properties === undefined ? {} : { properties }),
  };
}

const base = toStory(bean(), { fields, keys: [pair.publicKey] });

describe('toStory', () => {
  it('maps a realistic issue', () => {
    expect(StorySchema.parse(base)).toEqual(base);
    expect(base).toEqual<Story>({
      id: '10042',
      key: 'ENR-42',
      type: 'Story',
      status: { name: 'In Progress', category: 'indeterminate' },
      summary: 'Enroll a dependent child',
      description: {
        format: 'adf',
        doc: adf('As a member I want to add my child.', 'Acceptance criteria', 'Given a member ...'),
      },
      acceptanceCriteria: {
        format: 'adf',
        doc: adf('Given a member with a child, when they add the child, then the child is covered.'),
      },
      estimate: 5,
      labels: ['enrollment', 'q4'],
      links: [],
      parent: { key: 'ENR-1', summary: 'Member enrollment' },
      sprint: { id: 14, name: 'Enrollment 14', state: 'active' },
      fixVersions: [{ id: '10100', name: '2.0' }],
      businessSeverity: 'High',
      technicalSeverity: 'S2 - Major',
      records: [],
      untrusted: [],
    });
  });

  const link = (type: object, side: 'inwardIssue' | 'outwardIssue', other: object) => ({
    id: '1',
    self: 'x',
    type: { id: '10000', ...type },
    [side]: other,
  });
  const blocks = { name: 'Blocks', inward: 'is blocked by', outward: 'blocks' };
  const bug = {
    id: '10077',
    key: 'ENR-77',
    self: 'x',
    fields: {
      summary: 'Crash on save',
      status: status('Open', 'new'),
      priority: { name: 'Highest', id: '1' },
      issuetype: { name: 'Bug', id: '10004' },
    },
  };

  it.each<{ name: string; over: Record<string, unknown>; map?: FieldMap; expected: Partial<Story> }>([
    {
      name: 'AC as a plain-text field',
      over: { [AC_FIELD]: '- [ ] Given x then y' },
      expected: { acceptanceCriteria: { format: 'markdown', text: '- [ ] Given x then y' } },
    },
    { name: 'empty AC field', over: { [AC_FIELD]: null }, expected: { acceptanceCriteria: null } },
    {
      name: 'no AC field configured: AC stays in the description',
      over: {},
      map: {},
      expected: { acceptanceCriteria: null, technicalSeverity: null },
    },
    {
      name: 'description as text (API v2)',
      over: { description: 'h2. AC\n* one' },
      expected: { description: { format: 'markdown', text: 'h2. AC\n* one' } },
    },
    { name: 'no description', over: { description: null }, expected: { description: null } },
    {
      name: 'a link read from the story’s side when the other issue is inward',
      over: { issuelinks: [link(blocks, 'inwardIssue', bug)] },
      expected: {
        links: [
          {
            relation: 'is blocked by',
            key: 'ENR-77',
            type: 'Bug',
            statusCategory: 'new',
            summary: 'Crash on save',
            businessSeverity: 'Highest',
          },
        ],
      },
    },
    {
      name: 'a link read from the story’s side when the other issue is outward',
      over: {
        issuelinks: [
          link(blocks, 'outwardIssue', { ...bug, fields: { ...bug.fields, status: status('Done', 'done') } }),
        ],
      },
      expected: {
        links: [
          {
            relation: 'blocks',
            key: 'ENR-77',
            type: 'Bug',
            statusCategory: 'done',
            summary: 'Crash on save',
            businessSeverity: 'Highest',
          },
        ],
      },
    },
    {
      name: 'linked severity is unknown when business severity is a custom field',
      over: { issuelinks: [link(blocks, 'inwardIssue', bug)], customfield_10070: { value: 'Critical' } },
      map: { businessSeverity: 'customfield_10070' },
      expected: {
        businessSeverity: 'Critical',
        links: [
          {
            relation: 'is blocked by',
            key: 'ENR-77',
            type: 'Bug',
            statusCategory: 'new',
            summary: 'Crash on save',
            businessSeverity: null,
          },
        ],
      },
    },
    {
      name: 'severity as a string field',
      over: { customfield_10060: 'S1' },
      expected: { technicalSeverity: 'S1' },
    },
    { name: 'no priority', over: { priority: null }, expected: { businessSeverity: null } },
    {
      name: 'a future sprint when none is active',
      over: { customfield_10020: [{ id: 15, name: 'Enrollment 15', state: 'future' }] },
      expected: { sprint: { id: 15, name: 'Enrollment 15', state: 'future' } },
    },
    {
      name: 'only closed sprints',
      over: { customfield_10020: [{ id: 13, name: 'Enrollment 13', state: 'closed' }] },
      expected: { sprint: null },
    },
    {
      name: 'estimate from another field',
      over: { customfield_10028: 8 },
      map: { estimate: 'customfield_10028' },
      expected: { estimate: 8 },
    },
    { name: 'not estimated', over: { customfield_10016: null }, expected: { estimate: null } },
    {
      name: 'status category "No category" reads as not started',
      over: { status: { name: 'Triage', statusCategory: { key: 'undefined' } } },
      expected: { status: { name: 'Triage', category: 'new' } },
    },
    {
      name: 'a done issue',
      over: { status: status('Done', 'done') },
      expected: { status: { name: 'Done', category: 'done' } },
    },
  ])('$name', ({ over, map, expected }) => {
    const story = toStory(bean(over), { fields: map ?? fields, keys: [pair.publicKey] });
    expect(StorySchema.safeParse(story).success).toBe(true);
    expect(story).toMatchObject(expected);
  });

  it('keeps records whose envelope verifies for this issue', () => {
    const env = sign({ records: [approval] }, { kind: 'issue', id: '10042', key: 'ENR-42' }, pair.privateKey);
    const story = toStory(bean({}, { readygate: env }), { fields, keys: [pair.publicKey] });
    expect(story.records).toEqual([approval]);
    expect(story.untrusted).toEqual([]);
  });

  const subject = { kind: 'issue' as const, id: '10042', key: 'ENR-42' };
  const good = sign({ records: [approval] }, subject, pair.privateKey);
  it.each([
    {
      name: 'tampered',
      value: { ...good, payload: { records: [{ ...approval, acFingerprint: 'fp-forged' }] } },
      untrusted: {
        reason: 'bad-signature',
        message:
          'The ReadyGate record on issue ENR-42 (id 10042) was edited outside ReadyGate (signature does not match).',
      },
    },
    {
      name: 'copied from another issue',
      value: sign({ records: [approval] }, { kind: 'issue', id: '10041', key: 'ENR-41' }, pair.privateKey),
      untrusted: {
        reason: 'other-subject',
        message:
          'The ReadyGate record on issue ENR-42 (id 10042) was signed for issue ENR-41 (id 10041) and copied here.',
      },
    },
    {
      name: 'signed by a foreign key',
      value: sign({ records: [approval] }, subject, stranger.privateKey),
      untrusted: {
        reason: 'unknown-key',
        message: `The ReadyGate record on issue ENR-42 (id 10042) was signed by key ${stranger.publicKey.kid}, which is not the configured public key.`,
      },
    },
    {
      name: 'a plain "approved: true" written by hand',
      value: { approved: true },
      untrusted: {
        reason: 'malformed',
        message: 'The ReadyGate record on issue ENR-42 (id 10042) is not a signed envelope (v).',
      },
    },
    {
      name: 'signed but with records this version cannot read',
      value: sign({ records: [{ kind: 'ac.blessing' }] }, subject, pair.privateKey),
      untrusted: {
        reason: 'malformed',
        message:
          'The ReadyGate record on issue ENR-42 (id 10042) is signed but holds records this version of ReadyGate cannot read; update ReadyGate.',
      },
    },
  ])('an envelope that is $name counts as no record', ({ value, untrusted }) => {
    const story = toStory(bean({}, { readygate: value }), { fields, keys: [pair.publicKey] });
    expect(story.records).toEqual([]);
    expect(story.untrusted).toEqual([untrusted]);
  });

  it('does not trust an envelope holding a record dated after its signature', () => {
    const env = sign(
      { records: [{ ...approval, at: '2026-11-30T09:00:00.000Z' }] },
      subject,
      pair.privateKey,
      new Date('2026-11-21T10:00:00Z'),
    );
    const story = toStory(bean({}, { readygate: env }), { fields, keys: [pair.publicKey] });
    expect(story.records).toEqual([]);
    expect(story.untrusted).toEqual([
      {
        reason: 'future-dated',
        message:
          'The ReadyGate record on issue ENR-42 (id 10042) holds a record dated 2026-11-30T09:00:00.000Z, after the envelope was signed (2026-11-21T10:00:00.000Z), so it was not recorded by ReadyGate as it reads.',
      },
    ]);
  });

  it('has no records without the property', () => {
    expect(toStory(bean({}, { other: 1 }), { fields, keys: [pair.publicKey] })).toMatchObject({
      records: [],
      untrusted: [],
    });
  });

  it.each([
    [
      { id: '1', fields: { summary: 's', status: status('x', 'new') } },
      "Jira issue with id 1 came back without a key: search with the fields fieldsFor() lists, and check that the account may see the issue's fields.",
    ],
    [
      { id: '1', key: 'ENR-1' },
      "Jira issue ENR-1 came back without fields: search with the fields fieldsFor() lists, and check that the account may see the issue's fields.",
    ],
    [
      { id: '1', key: 'ENR-1', fields: { status: status('x', 'new') } },
      "Jira issue ENR-1 came back without fields.summary: search with the fields fieldsFor() lists, and check that the account may see the issue's fields.",
    ],
    [
      { id: '1', key: 'ENR-1', fields: { summary: 's' } },
      "Jira issue ENR-1 came back without fields.status with its statusCategory: search with the fields fieldsFor() lists, and check that the account may see the issue's fields.",
    ],
    [
      {
        id: '1',
        key: 'ENR-1',
        fields: {
          summary: 's',
          status: status('x', 'new'),
          issuelinks: [{ type: { inward: 'a', outward: 'b' }, inwardIssue: { key: 'ENR-2' } }],
        },
      },
      "Jira issue ENR-1 came back without the status of linked issue ENR-2 at fields.issuelinks[0]: search with the fields fieldsFor() lists, and check that the account may see the issue's fields.",
    ],
  ])('a missing required field names the issue: %j', (value, message) => {
    expect(() => toStory(value as IssueBean, { fields, keys: [] })).toThrow(
      new JiraError('bad-response', message),
    );
  });

  it('never throws anything but the typed error for arbitrary JSON', () => {
    const fieldsArb = fc.dictionary(
      fc.constantFrom(
        'summary',
        'status',
        'issuetype',
        'description',
        'labels',
        'issuelinks',
        'parent',
        'fixVersions',
        'priority',
        'customfield_10016',
        'customfield_10020',
        AC_FIELD,
      ),
      fc.jsonValue(),
    );
    const beanArb = fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          id: fc.oneof(fc.string(), fc.integer()),
          key: fc.string(),
          fields: fc.oneof(fieldsArb, fc.jsonValue()),
          properties: fc.oneof(fc.jsonValue(), fc.record({ readygate: fc.jsonValue() })),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(beanArb, (value) => {
        try {
          const story = toStory(value as IssueBean, { fields, keys: [pair.publicKey] });
          expect(StorySchema.safeParse(story).success).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(JiraError);
          expect((err as JiraError).code).toBe('bad-response');
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('fieldsFor', () => {
  it('asks for exactly what the mapping reads', () => {
    expect(fieldsFor({})).toEqual([
      'summary',
      'status',
      'issuetype',
      'description',
      'labels',
      'issuelinks',
      'parent',
      'fixVersions',
      'customfield_10016',
      'priority',
      'customfield_10020',
    ]);
    expect(
      fieldsFor({
        acceptanceCriteria: 'customfield_10050',
        estimate: null,
        sprint: null,
        businessSeverity: 'customfield_1',
        technicalSeverity: 'customfield_2',
      }),
    ).toEqual([
      'summary',
      'status',
      'issuetype',
      'description',
      'labels',
      'issuelinks',
      'parent',
      'fixVersions',
      'customfield_10050',
      'customfield_1',
      'customfield_2',
    ]);
  });
});

describe('fieldIdByName', () => {
  it('finds a custom field by its name, ignoring case', () => {
    const list = [
      { id: 'customfield_10050', name: 'Acceptance Criteria' },
      { id: 'customfield_10016', name: 'Story point estimate' },
    ];
    expect(fieldIdByName(list, 'acceptance criteria')).toBe('customfield_10050');
    expect(fieldIdByName(list, 'Team')).toBeUndefined();
  });
});
