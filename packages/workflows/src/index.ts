export * from './ports.js';
export * from './inputs.js';
export * from './results.js';
export * from './errors.js';
export type { Workflows } from './api.js';
export { createWorkflows } from './workflows.js';
export { inputProblems } from './outcome.js';
export * from './sprint-jobs.js';
export * from './sprint-workflows.js';
