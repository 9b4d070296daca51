export type {
  CriteriaParseOptions,
  CriteriaSet,
  Criterion,
  CriterionKind,
  GherkinStep,
  UnreadContent,
} from './types.js';
export { criteriaFromAdf } from './adf.js';
export { criteriaFromMarkdown } from './markdown.js';
export { extractCriteria } from './extract.js';
export type { CriteriaSource } from './extract.js';
export { fingerprintCriteria } from './fingerprint.js';
export { DEFAULT_VAGUE_WORDS, lintCriteria } from './lint.js';
export type { CriteriaLint, CriteriaLintCode, LintOptions } from './lint.js';
