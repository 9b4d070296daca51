import type { DatasetInput } from '../dataset.js';
import {
  ACCEPTANCE_CRITERIA_FIELD_ID,
  ISSUE_TYPES,
  LINK_TYPES,
  STATUSES,
  adf,
  standardFields,
} from './common.js';

/** Credentials of the tiny data set's users. Test credentials only; they open nothing but the fake. */
export const TINY_CREDENTIALS = {
  /** May do everything. */
  admin: {
    accountId: 'acc-admin',
    email: 'admin@example.test',
    apiToken: 'tiny-admin-token',
    bearerToken: 'tiny-admin-bearer',
  },
  /** May read everything but edit no properties, add no comments and move nothing to the backlog. */
  viewer: {
    accountId: 'acc-viewer',
    email: 'viewer@example.test',
    apiToken: 'tiny-viewer-token',
    bearerToken: 'tiny-viewer-bearer',
  },
  /** May browse project OTHER only: TST issues answer 404. */
  outsider: {
    accountId: 'acc-outsider',
    email: 'outsider@example.test',
    apiToken: 'tiny-outsider-token',
    bearerToken: 'tiny-outsider-bearer',
  },
} as const;

/** Options of {@link tinyDataset}. */
export interface TinyOptions {
  /** How many extra stories TST-101… to put into sprint 1 (for paging tests). */
  readonly sprintStories?: number;
}

/**
 * A small, predictable data set for tests: project TST (id 10000) with stories TST-1..TST-5, a bug TST-6,
 * board 1 with sprints 1 (active, "TST Sprint 1") 2 (future) and 3 (closed), version 1.0 (id 10100),
 * roles Product Owner (10100), QA (10101) and Developers (10102), and project OTHER (id 10001) with OTHER-1.
 */
export function tinyDataset(options: TinyOptions = {}): DatasetInput {
  const at = '2026-11-02T09:00:00.000Z';
  const story = (
    n: number,
    extra: Partial<DatasetInput['issues'][number]> = {},
  ): DatasetInput['issues'][number] => ({
    id: String(20000 + n),
    key: `TST-${n}`,
    projectKey: 'TST',
    issuetype: ISSUE_TYPES.story,
    status: STATUSES.todo,
    summary: `Story ${n}`,
    description: adf.doc(
      adf.p(`Story ${n} description.`),
      adf.h(3, 'Acceptance criteria'),
      adf.bullets(`Criterion ${n}.1 holds`, `Criterion ${n}.2 holds`),
    ),
    created: at,
    updated: at,
    ...extra,
  });
  const extra = Array.from({ length: options.sprintStories ?? 0 }, (_, i) =>
    story(101 + i, { summary: `Sprint filler ${101 + i}`, sprints: [1] }),
  );
  return {
    name: 'tiny',
    users: [
      {
        accountId: TINY_CREDENTIALS.admin.accountId,
        displayName: 'Ada Admin',
        email: TINY_CREDENTIALS.admin.email,
        apiTokens: [TINY_CREDENTIALS.admin.apiToken],
        bearerTokens: [TINY_CREDENTIALS.admin.bearerToken],
      },
      {
        accountId: TINY_CREDENTIALS.viewer.accountId,
        displayName: 'Vic Viewer',
        email: TINY_CREDENTIALS.viewer.email,
        apiTokens: [TINY_CREDENTIALS.viewer.apiToken],
        bearerTokens: [TINY_CREDENTIALS.viewer.bearerToken],
        permissions: {
          editIssueProperties: false,
          editProjectProperties: false,
          addComments: false,
          scheduleIssues: false,
        },
      },
      {
        accountId: TINY_CREDENTIALS.outsider.accountId,
        displayName: 'Otto Outsider',
        email: TINY_CREDENTIALS.outsider.email,
        apiTokens: [TINY_CREDENTIALS.outsider.apiToken],
        bearerTokens: [TINY_CREDENTIALS.outsider.bearerToken],
        permissions: { browseProjects: ['OTHER'] },
      },
    ],
    projects: [
      {
        id: '10000',
        key: 'TST',
        name: 'Test project',
        roles: [
          { id: 10100, name: 'Product Owner', description: 'Owns the backlog', actors: ['acc-admin'] },
          { id: 10101, name: 'QA', description: 'Owns test evidence', actors: ['acc-viewer'] },
          { id: 10102, name: 'Developers', actors: ['acc-admin', 'acc-viewer'] },
        ],
        properties: { 'readygate.policy': { note: 'placeholder' } },
      },
      { id: '10001', key: 'OTHER', name: 'Other project' },
    ],
    fields: standardFields(),
    linkTypes: LINK_TYPES,
    boards: [{ id: 1, name: 'TST board', projectKey: 'TST' }],
    sprints: [
      {
        id: 1,
        boardId: 1,
        name: 'TST Sprint 1',
        state: 'active',
        goal: 'Ship the basics',
        startDate: '2026-11-02T09:00:00.000Z',
        endDate: '2026-11-16T09:00:00.000Z',
      },
      { id: 2, boardId: 1, name: 'TST Sprint 2', state: 'future' },
      {
        id: 3,
        boardId: 1,
        name: 'TST Sprint 0',
        state: 'closed',
        startDate: '2026-10-19T09:00:00.000Z',
        endDate: '2026-11-02T09:00:00.000Z',
        completeDate: '2026-11-02T08:00:00.000Z',
      },
    ],
    versions: [
      {
        id: '10100',
        projectKey: 'TST',
        name: '1.0',
        description: 'First release',
        releaseDate: '2026-12-01',
      },
      { id: '10101', projectKey: 'TST', name: '0.9', released: true, releaseDate: '2026-10-01' },
    ],
    issues: [
      story(1, {
        sprints: [3, 1],
        storyPoints: 3,
        labels: ['portal'],
        customFields: {
          [ACCEPTANCE_CRITERIA_FIELD_ID]: adf.doc(
            adf.bullets('Given a member, when they log in, then they see the dashboard'),
          ),
        },
        properties: { readygate: { v: 1, note: 'not a real envelope' } },
        links: [{ id: '30001', type: 'Blocks', direction: 'inward', key: 'TST-6' }],
        reporterAccountId: 'acc-admin',
        fixVersions: ['10100'],
      }),
      story(2, { sprints: [1], storyPoints: 5, parentKey: 'TST-5' }),
      story(3, { sprints: [1], status: STATUSES.inProgress }),
      story(4, { sprints: [2] }),
      story(5, { issuetype: ISSUE_TYPES.epic, summary: 'Epic five' }),
      story(6, {
        issuetype: ISSUE_TYPES.bug,
        summary: 'Login fails for dependants',
        priority: 'Highest',
        fixVersions: ['10100'],
        status: STATUSES.inProgress,
      }),
      ...extra,
      {
        id: '29001',
        key: 'OTHER-1',
        projectKey: 'OTHER',
        issuetype: ISSUE_TYPES.task,
        status: STATUSES.done,
        summary: 'Other project task',
        created: at,
        updated: at,
      },
    ],
  };
}
