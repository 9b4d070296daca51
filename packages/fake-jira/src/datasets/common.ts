import type { DatasetInput } from '../dataset.js';
import { SPRINT_FIELD_ID, STORY_POINTS_FIELD_ID } from '../issue-json.js';

/** Id of the "Acceptance criteria" rich-text custom field in the bundled data sets. */
export const ACCEPTANCE_CRITERIA_FIELD_ID = 'customfield_10050';

type FieldInput = DatasetInput['fields'][number];

/** The fields of a Jira Cloud software site, as `GET /rest/api/3/field` lists them (trimmed to what matters). */
export function standardFields(): FieldInput[] {
  const sys = (id: string, name: string, type: string, items?: string): FieldInput => ({
    id,
    name,
    custom: false,
    schema: { type, system: id, ...(items ? { items } : {}) },
    clauseNames: [id],
  });
  return [
    sys('summary', 'Summary', 'string'),
    sys('issuetype', 'Issue Type', 'issuetype'),
    sys('status', 'Status', 'status'),
    sys('description', 'Description', 'string'),
    sys('labels', 'Labels', 'array', 'string'),
    sys('priority', 'Priority', 'priority'),
    sys('issuelinks', 'Linked Issues', 'array', 'issuelinks'),
    sys('parent', 'Parent', 'issuelink'),
    sys('fixVersions', 'Fix versions', 'array', 'version'),
    sys('project', 'Project', 'project'),
    sys('reporter', 'Reporter', 'user'),
    sys('assignee', 'Assignee', 'user'),
    sys('created', 'Created', 'datetime'),
    sys('updated', 'Updated', 'datetime'),
    sys('comment', 'Comment', 'comments-page'),
    {
      id: SPRINT_FIELD_ID,
      name: 'Sprint',
      custom: true,
      schema: {
        type: 'array',
        items: 'json',
        custom: 'com.pyxis.greenhopper.jira:gh-sprint',
        customId: 10020,
      },
      clauseNames: ['cf[10020]', 'Sprint'],
    },
    {
      id: STORY_POINTS_FIELD_ID,
      name: 'Story point estimate',
      custom: true,
      schema: { type: 'number', custom: 'com.pyxis.greenhopper.jira:jsw-story-points', customId: 10016 },
      clauseNames: ['cf[10016]', 'Story point estimate'],
    },
    {
      id: ACCEPTANCE_CRITERIA_FIELD_ID,
      name: 'Acceptance criteria',
      custom: true,
      schema: {
        type: 'string',
        custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textarea',
        customId: 10050,
      },
      clauseNames: ['cf[10050]', 'Acceptance criteria'],
    },
  ];
}

/** Jira's usual issue types. */
export const ISSUE_TYPES = {
  story: { id: '10001', name: 'Story', subtask: false, hierarchyLevel: 0 },
  bug: { id: '10004', name: 'Bug', subtask: false, hierarchyLevel: 0 },
  task: { id: '10002', name: 'Task', subtask: false, hierarchyLevel: 0 },
  epic: { id: '10000', name: 'Epic', subtask: false, hierarchyLevel: 1 },
} as const;

/** Jira's default workflow statuses. */
export const STATUSES = {
  todo: { id: '10000', name: 'To Do', category: 'new' },
  inProgress: { id: '3', name: 'In Progress', category: 'indeterminate' },
  inReview: { id: '10002', name: 'In Review', category: 'indeterminate' },
  done: { id: '10001', name: 'Done', category: 'done' },
} as const;

/** Jira's default link types. */
export const LINK_TYPES = [
  { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
  { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
  { id: '10002', name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates' },
];

/** A small ADF document builder for data sets. */
export const adf = {
  doc: (...content: unknown[]): Record<string, unknown> => ({ type: 'doc', version: 1, content }),
  p: (text: string): Record<string, unknown> => ({
    type: 'paragraph',
    content: text === '' ? [] : [{ type: 'text', text }],
  }),
  h: (level: number, text: string): Record<string, unknown> => ({
    type: 'heading',
    attrs: { level },
    content: [{ type: 'text', text }],
  }),
  bullets: (...items: string[]): Record<string, unknown> => ({
    type: 'bulletList',
    content: items.map((t) => ({
      type: 'listItem',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: t }] }],
    })),
  }),
  ordered: (...items: string[]): Record<string, unknown> => ({
    type: 'orderedList',
    attrs: { order: 1 },
    content: items.map((t) => ({
      type: 'listItem',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: t }] }],
    })),
  }),
  code: (language: string, text: string): Record<string, unknown> => ({
    type: 'codeBlock',
    attrs: { language },
    content: [{ type: 'text', text }],
  }),
};
