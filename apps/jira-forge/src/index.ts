// The app's function modules (manifest.yml `handler: index.<name>`): re-exports only.
export { handler as resolver } from './resolvers/index';
export { validateReady, validateDone } from './validators/transition';
export { issueUpdated } from './triggers/issue-updated';
export { publicKeys } from './webtriggers/public-keys';
export { ciAnswer } from './webtriggers/ci-answer';
export { sprintHandler as sprintResolver } from './resolvers/sprint';
export { sprintStarted, sprintClosed, sprintScope } from './triggers/sprint-events';
export { sprintJobs } from './consumers/sprint-jobs';
export { projectHandler as projectResolver } from './resolvers/project';
