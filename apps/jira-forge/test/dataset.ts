// The site the app's tests run against: project ENR with a PO, a BA, a QA and a Dev in the project roles
// the default policy maps, an outsider who may browse project OTHER only, and the app's own account.
import { adf, ISSUE_TYPES, LINK_TYPES, STATUSES, standardFields } from '@readygate/fake-jira';
import type { DatasetInput } from '@readygate/fake-jira';

/** The people in the tests; the bearer token is how the harness makes Jira requests as each of them. */
export const PEOPLE = {
  po: { accountId: 'acc-po', displayName: 'Priya PO', email: 'po@example.test', bearerToken: 'bearer-po' },
  ba: { accountId: 'acc-ba', displayName: 'Ben BA', email: 'ba@example.test', bearerToken: 'bearer-ba' },
  qa: { accountId: 'acc-qa', displayName: 'Quinn QA', email: 'qa@example.test', bearerToken: 'bearer-qa' },
  dev: {
    accountId: 'acc-dev',
    displayName: 'Dana Dev',
    email: 'dev@example.test',
    bearerToken: 'bearer-dev',
  },
  outsider: {
    accountId: 'acc-outsider',
    displayName: 'Otto Outsider',
    email: 'outsider@example.test',
    bearerToken: 'bearer-outsider',
  },
  app: {
    accountId: 'acc-app-readygate',
    displayName: 'ReadyGate',
    email: 'app@example.test',
    bearerToken: 'bearer-app',
  },
} as const;

export type Person = keyof typeof PEOPLE;

/** The story the end-to-end tests walk through, and its criteria as the BA first wrote them. */
export const STORY = { id: '20001', key: 'ENR-1' } as const;
export const CRITERIA = [
  'Given a new member, when they submit the enrollment form, then they see a confirmation number',
  'Given a member with a dependant, when they add the dependant, then the dependant appears on the policy',
] as const;

export function storyDescription(criteria: readonly string[]): Record<string, unknown> {
  return adf.doc(
    adf.p('Members enroll online without calling the office.'),
    adf.h(3, 'Acceptance criteria'),
    adf.bullets(...criteria),
  );
}

export function forgeDataset(): DatasetInput {
  const at = '2026-11-20T09:00:00.000Z';
  const user = (p: (typeof PEOPLE)[Person], extra: Partial<DatasetInput['users'][number]> = {}) => ({
    accountId: p.accountId,
    displayName: p.displayName,
    email: p.email,
    bearerTokens: [p.bearerToken],
    ...extra,
  });
  return {
    name: 'jira-forge tests',
    users: [
      user(PEOPLE.po),
      user(PEOPLE.ba, { permissions: { editProjectProperties: false } }),
      user(PEOPLE.qa, { permissions: { editProjectProperties: false } }),
      user(PEOPLE.dev, { permissions: { editProjectProperties: false } }),
      user(PEOPLE.outsider, { permissions: { browseProjects: ['OTHER'], editProjectProperties: false } }),
      user(PEOPLE.app, { accountType: 'app' }),
    ],
    projects: [
      {
        id: '10000',
        key: 'ENR',
        name: 'Member Enrollment',
        roles: [
          { id: 10100, name: 'Product Owner', actors: [PEOPLE.po.accountId] },
          { id: 10101, name: 'Business Analyst', actors: [PEOPLE.ba.accountId] },
          { id: 10102, name: 'QA', actors: [PEOPLE.qa.accountId] },
          { id: 10103, name: 'Developers', actors: [PEOPLE.dev.accountId] },
        ],
      },
      { id: '10001', key: 'OTHER', name: 'Other project' },
    ],
    fields: standardFields(),
    linkTypes: LINK_TYPES,
    issues: [
      {
        id: STORY.id,
        key: STORY.key,
        projectKey: 'ENR',
        issuetype: ISSUE_TYPES.story,
        status: STATUSES.todo,
        summary: 'Enroll online',
        description: storyDescription(CRITERIA),
        storyPoints: 3,
        created: at,
        updated: at,
      },
      {
        id: '20002',
        key: 'ENR-2',
        projectKey: 'ENR',
        issuetype: ISSUE_TYPES.story,
        status: STATUSES.todo,
        summary: 'A story without criteria',
        created: at,
        updated: at,
      },
      {
        id: '29001',
        key: 'OTHER-1',
        projectKey: 'OTHER',
        issuetype: ISSUE_TYPES.story,
        status: STATUSES.todo,
        summary: 'Other project story',
        description: storyDescription(['Given x, when y, then z']),
        created: at,
        updated: at,
      },
    ],
  };
}
