import type { MetricsHistory, ReleaseHistory, SprintHistory, StakeholderRating } from './history.js';
import { sprintsInOrder } from './history.js';
import {
  buildResult,
  cleanNumber,
  percent,
  type MetricResult,
  type MetricThresholds,
} from './metric-result.js';

/** Thresholds from the PO-effectiveness model; values equal to a threshold are `watch`. */
export const METRIC_THRESHOLDS = {
  'sprint-goal-achievement': { healthy: 80, warning: 60, direction: 'higher-is-better' },
  'backlog-readiness': { healthy: 90, warning: 75, direction: 'higher-is-better' },
  'scope-change': { healthy: 10, warning: 25, direction: 'lower-is-better' },
  'acceptance-without-rework': { healthy: 85, warning: 70, direction: 'higher-is-better' },
  'stakeholder-satisfaction': { healthy: 4, warning: 3.5, direction: 'higher-is-better' },
  'defect-escape': { healthy: 5, warning: 15, direction: 'lower-is-better' },
} as const satisfies Record<string, MetricThresholds>;

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A sprint goal counts as set when it has any non-blank text. */
export function hasGoal(sprint: SprintHistory): boolean {
  return sprint.goal !== null && sprint.goal.trim() !== '';
}

/** Inputs of {@link sprintGoalAchievement}. */
export interface SprintGoalInputs extends Record<string, number> {
  sprints: number;
  withoutGoal: number;
  undecided: number;
  decided: number;
  met: number;
}

/**
 * Sprint goal achievement rate: sprints whose goal the PO judged met at review, out of the sprints that had
 * a goal and a decision. Sprints without a goal or still undecided are counted in the inputs only.
 */
export function sprintGoalAchievement(sprints: readonly SprintHistory[]): MetricResult<SprintGoalInputs> {
  const withGoal = sprints.filter(hasGoal);
  const decided = withGoal.filter((s) => s.goalMet !== null);
  const met = decided.filter((s) => s.goalMet === true).length;
  return buildResult({
    id: 'sprint-goal-achievement',
    title: 'Sprint goal achievement',
    unit: 'percent',
    thresholds: METRIC_THRESHOLDS['sprint-goal-achievement'],
    value: percent(met, decided.length),
    inputs: {
      sprints: sprints.length,
      withoutGoal: sprints.length - withGoal.length,
      undecided: withGoal.length - decided.length,
      decided: decided.length,
      met,
    },
    describe: (shown) =>
      `${met} of ${plural(decided.length, 'sprint', 'sprints')} met ${decided.length === 1 ? 'its' : 'their'} goal (${shown})`,
    noData: 'No data: no sprint has both a goal and the PO’s met/not-met call from its review yet.',
  });
}

/** Inputs of {@link backlogReadiness}. */
export interface BacklogReadinessInputs extends Record<string, number> {
  sprints: number;
  committed: number;
  ready: number;
}

/** Backlog readiness rate at planning: committed stories that passed the `ready` gate when the sprint started. */
export function backlogReadiness(sprints: readonly SprintHistory[]): MetricResult<BacklogReadinessInputs> {
  let committed = 0;
  let ready = 0;
  for (const sprint of sprints) {
    committed += sprint.committed.length;
    ready += sprint.committed.filter((story) => story.readyAtPlanning).length;
  }
  return buildResult({
    id: 'backlog-readiness',
    title: 'Backlog readiness at planning',
    unit: 'percent',
    thresholds: METRIC_THRESHOLDS['backlog-readiness'],
    value: percent(ready, committed),
    inputs: { sprints: sprints.length, committed, ready },
    describe: (shown) =>
      `${ready} of ${plural(committed, 'committed story was', 'committed stories were')} ready at planning (${shown})`,
    noData: 'No data: no sprint has committed stories recorded at its start yet.',
  });
}

/** Inputs of {@link scopeChange}. `basis` says whether the value is by story points or by story count. */
export interface ScopeChangeInputs extends Record<string, number | string | null> {
  basis: 'points' | 'count';
  sprints: number;
  committedStories: number;
  addedStories: number;
  removedStories: number;
  committedPoints: number | null;
  addedPoints: number | null;
  removedPoints: number | null;
  /** (added + removed) / committed by count, in percent. */
  countRate: number | null;
  /** (added + removed) / committed by points, in percent; `null` unless every story involved has an estimate. */
  pointsRate: number | null;
}

function sumEstimates(stories: readonly { estimate: number | null }[]): number | null {
  let sum = 0;
  for (const story of stories) {
    if (story.estimate === null) return null;
    sum += story.estimate;
  }
  return sum;
}

function addOrNull(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a + b;
}

/**
 * Mid-sprint scope change rate: (stories added + stories removed after the start) / stories committed at the
 * start, over ended sprints only (a running sprint's scope may still change). By points when every committed,
 * added and removed story in those sprints has an estimate and the committed points are above zero; by count
 * otherwise. Both rates are in the inputs. Can exceed 100%.
 */
export function scopeChange(sprints: readonly SprintHistory[]): MetricResult<ScopeChangeInputs> {
  const ended = sprints.filter((s) => s.endedAt !== null);
  let committedStories = 0;
  let addedStories = 0;
  let removedStories = 0;
  let committedPoints: number | null = 0;
  let addedPoints: number | null = 0;
  let removedPoints: number | null = 0;
  for (const sprint of ended) {
    committedStories += sprint.committed.length;
    addedStories += sprint.addedAfterStart.length;
    removedStories += sprint.removedAfterStart.length;
    committedPoints = addOrNull(committedPoints, sumEstimates(sprint.committed));
    addedPoints = addOrNull(addedPoints, sumEstimates(sprint.addedAfterStart));
    removedPoints = addOrNull(removedPoints, sumEstimates(sprint.removedAfterStart));
  }
  const countRate = percent(addedStories + removedStories, committedStories);
  const pointsRate =
    committedPoints === null || addedPoints === null || removedPoints === null
      ? null
      : percent(addedPoints + removedPoints, committedPoints);
  const basis = pointsRate === null ? 'count' : 'points';
  const points = (n: number | null): number => cleanNumber(n ?? 0);
  return buildResult({
    id: 'scope-change',
    title: 'Mid-sprint scope change',
    unit: 'percent',
    thresholds: METRIC_THRESHOLDS['scope-change'],
    value: basis === 'points' ? pointsRate : countRate,
    inputs: {
      basis,
      sprints: ended.length,
      committedStories,
      addedStories,
      removedStories,
      committedPoints: committedPoints === null ? null : cleanNumber(committedPoints),
      addedPoints: addedPoints === null ? null : cleanNumber(addedPoints),
      removedPoints: removedPoints === null ? null : cleanNumber(removedPoints),
      countRate,
      pointsRate,
    },
    describe: (shown) =>
      basis === 'points'
        ? `${plural(points(addedPoints), 'point', 'points')} added and ${points(removedPoints)} removed mid-sprint against ${points(committedPoints)} committed (${shown})`
        : `${plural(addedStories, 'story', 'stories')} added and ${removedStories} removed mid-sprint against ${committedStories} committed (${shown})`,
    noData: 'No data: no ended sprint has committed stories recorded at its start yet.',
  });
}

/** Inputs of {@link acceptanceWithoutRework}. */
export interface AcceptanceInputs extends Record<string, number> {
  reviewed: number;
  acceptedFirstTime: number;
  acceptedAfterRework: number;
  rejected: number;
}

/**
 * Story acceptance rate at review without rework: stories the PO accepted the first time they were shown,
 * out of all stories judged at review (rejected ones count against the rate).
 */
export function acceptanceWithoutRework(sprints: readonly SprintHistory[]): MetricResult<AcceptanceInputs> {
  const inputs: AcceptanceInputs = { reviewed: 0, acceptedFirstTime: 0, acceptedAfterRework: 0, rejected: 0 };
  for (const story of sprints.flatMap((s) => s.reviewed)) {
    inputs.reviewed++;
    if (story.outcome === 'accepted-first-time') inputs.acceptedFirstTime++;
    else if (story.outcome === 'accepted-after-rework') inputs.acceptedAfterRework++;
    else inputs.rejected++;
  }
  return buildResult({
    id: 'acceptance-without-rework',
    title: 'Acceptance at review without rework',
    unit: 'percent',
    thresholds: METRIC_THRESHOLDS['acceptance-without-rework'],
    value: percent(inputs.acceptedFirstTime, inputs.reviewed),
    inputs,
    describe: (shown) =>
      `${inputs.acceptedFirstTime} of ${plural(inputs.reviewed, 'reviewed story was', 'reviewed stories were')} accepted without rework (${shown})`,
    noData: 'No data: no story has a PO accept/reject decision from a sprint review yet.',
  });
}

/** Inputs of {@link stakeholderSatisfaction}. */
export interface SatisfactionInputs extends Record<string, number> {
  ratings: number;
  sum: number;
}

/** Stakeholder satisfaction: the mean of the 1–5 ratings. */
export function stakeholderSatisfaction(
  ratings: readonly StakeholderRating[],
): MetricResult<SatisfactionInputs> {
  const sum = cleanNumber(ratings.reduce((total, rating) => total + rating.score, 0));
  const value = ratings.length === 0 ? null : cleanNumber(sum / ratings.length);
  return buildResult({
    id: 'stakeholder-satisfaction',
    title: 'Stakeholder satisfaction',
    unit: 'score',
    thresholds: METRIC_THRESHOLDS['stakeholder-satisfaction'],
    value,
    inputs: { ratings: ratings.length, sum },
    describe: (shown) =>
      `Stakeholders rated ${shown} out of 5 on average over ${plural(ratings.length, 'rating', 'ratings')}`,
    noData: 'No data: no stakeholder satisfaction rating has been recorded yet.',
  });
}

/** Inputs of {@link defectEscape}. */
export interface DefectEscapeInputs extends Record<string, number> {
  releases: number;
  storiesShipped: number;
  defectsFoundAfterRelease: number;
}

/**
 * Defect escape rate after release: defects found after release / stories shipped, pooled over the releases
 * (total defects over total stories, so a small release does not weigh as much as a large one). Can exceed
 * 100% when more defects escape than stories shipped.
 */
export function defectEscape(releases: readonly ReleaseHistory[]): MetricResult<DefectEscapeInputs> {
  let storiesShipped = 0;
  let defects = 0;
  for (const release of releases) {
    storiesShipped += release.storiesShipped;
    defects += release.defectsFoundAfterRelease;
  }
  return buildResult({
    id: 'defect-escape',
    title: 'Defect escape after release',
    unit: 'percent',
    thresholds: METRIC_THRESHOLDS['defect-escape'],
    value: percent(defects, storiesShipped),
    inputs: { releases: releases.length, storiesShipped, defectsFoundAfterRelease: defects },
    describe: (shown) =>
      `${plural(defects, 'defect', 'defects')} found after release against ${plural(storiesShipped, 'story', 'stories')} shipped in ${plural(releases.length, 'release', 'releases')} (${shown})`,
    noData: 'No data: no release with shipped stories has been recorded yet.',
  });
}

/** Options of {@link computeMetrics}. */
export interface MetricsOptions {
  /**
   * Only the last N sprints (by start time). Ratings and releases are then limited to the same period: from
   * the start of the earliest of those sprints. A positive integer.
   */
  readonly lastSprints?: number;
}

/** The part of the history that falls into the window of the last N sprints. */
export function selectMetricsWindow(history: MetricsHistory, options: MetricsOptions = {}): MetricsHistory {
  const { lastSprints } = options;
  if (lastSprints === undefined) return history;
  if (!Number.isInteger(lastSprints) || lastSprints < 1) {
    throw new RangeError(`lastSprints must be a positive integer, got ${String(lastSprints)}`);
  }
  const sprints = sprintsInOrder(history.sprints).slice(-lastSprints);
  const first = sprints[0];
  if (first === undefined) return { ...history, sprints };
  const since = Date.parse(first.startedAt);
  return {
    sprints,
    ratings: history.ratings.filter((r) => Date.parse(r.at) >= since),
    releases: history.releases.filter((r) => Date.parse(r.releasedAt) >= since),
  };
}

/**
 * Computes the six PO-effectiveness metrics, in a fixed order: sprint goal achievement, backlog readiness,
 * scope change, acceptance without rework, stakeholder satisfaction, defect escape.
 * @throws RangeError when `options.lastSprints` is not a positive integer (a programming error).
 */
export function computeMetrics(history: MetricsHistory, options: MetricsOptions = {}): MetricResult[] {
  const window = selectMetricsWindow(history, options);
  return [
    sprintGoalAchievement(window.sprints),
    backlogReadiness(window.sprints),
    scopeChange(window.sprints),
    acceptanceWithoutRework(window.sprints),
    stakeholderSatisfaction(window.ratings),
    defectEscape(window.releases),
  ];
}
