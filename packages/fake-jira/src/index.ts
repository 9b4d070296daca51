export * from './dataset.js';
export * from './server.js';
export type { FaultSpec } from './faults.js';
export { FakeJiraState } from './state.js';
export type { BacklogMove } from './state.js';
export { SPRINT_FIELD_ID, STORY_POINTS_FIELD_ID } from './issue-json.js';
export { parseJql } from './jql.js';
export type { JqlClause, JqlField, JqlParseResult, JqlQuery } from './jql.js';
export {
  ACCEPTANCE_CRITERIA_FIELD_ID,
  adf,
  ISSUE_TYPES,
  LINK_TYPES,
  STATUSES,
  standardFields,
} from './datasets/common.js';
export { TINY_CREDENTIALS, tinyDataset } from './datasets/tiny.js';
export type { TinyOptions } from './datasets/tiny.js';
export {
  buildEnrollmentDataset,
  ENROLLMENT_DEMO_USERS,
  ENROLLMENT_IDS,
  enrollmentMetricsHistory,
} from './datasets/enrollment.js';
export type { EnrollmentOptions } from './datasets/enrollment.js';
