/**
 * PO-effectiveness metrics and failure-pattern signals, computed as pure functions over recorded sprint,
 * stakeholder-rating and release history. Parse untrusted history with {@link parseMetricsHistory} first.
 * @packageDocumentation
 */
export {
  AddedStorySchema,
  CommittedStorySchema,
  MetricsHistorySchema,
  ReleaseHistorySchema,
  RemovedStorySchema,
  ReviewOutcomeSchema,
  ReviewedStorySchema,
  SprintHistorySchema,
  StakeholderRatingSchema,
  parseMetricsHistory,
} from './history.js';
export type {
  AddedStory,
  CommittedStory,
  MetricsHistory,
  ReleaseHistory,
  RemovedStory,
  ReviewOutcome,
  ReviewedStory,
  SprintHistory,
  StakeholderRating,
} from './history.js';
export { METRIC_IDS, bandFor } from './metric-result.js';
export type {
  MetricBand,
  MetricDirection,
  MetricId,
  MetricInputs,
  MetricResult,
  MetricThresholds,
} from './metric-result.js';
export {
  METRIC_THRESHOLDS,
  acceptanceWithoutRework,
  backlogReadiness,
  computeMetrics,
  defectEscape,
  scopeChange,
  selectMetricsWindow,
  sprintGoalAchievement,
  stakeholderSatisfaction,
} from './metrics.js';
export type {
  AcceptanceInputs,
  BacklogReadinessInputs,
  DefectEscapeInputs,
  MetricsOptions,
  SatisfactionInputs,
  ScopeChangeInputs,
  SprintGoalInputs,
} from './metrics.js';
export { FAILURE_PATTERN_IDS, failurePatterns } from './failure-patterns.js';
export type { FailurePattern, FailurePatternId, FailurePatternOptions } from './failure-patterns.js';
