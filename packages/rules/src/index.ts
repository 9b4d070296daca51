export * from './errors.js';
export * from './result.js';
export * from './roles.js';
export * from './story.js';
export * from './records.js';
export * from './canonical-json.js';
export * from './envelope.js';
export * from './criteria/index.js';
export * from './catalogue.js';
export * from './policy.js';
export type * from './gates/verdict.js';
export {
  evaluate,
  type EvaluateOptions,
  type GateSubjects,
  type StoriesSubject,
  type SprintSubject,
  type ReleaseSubject,
} from './gates/evaluate.js';
export { versionFingerprint } from './gates/version.js';
export * from './report/render.js';
export * from './metrics/index.js';
export * from './signed-data.js';
export * from './ci-answer.js';
