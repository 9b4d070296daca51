import { ROLE_LABEL, type Role } from '../roles.js';
import type { MetricsHistory, ReleaseHistory, SprintHistory } from './history.js';
import { sprintsInOrder } from './history.js';
import { METRIC_THRESHOLDS, hasGoal } from './metrics.js';

/** Stable ids of the recurring problems {@link failurePatterns} recognises. */
export const FAILURE_PATTERN_IDS = [
  'readiness.low-recurring',
  'scope.added-every-sprint',
  'scope.removed-recurring',
  'review.rework-consecutive',
  'review.rejections-recurring',
  'goal.missed-consecutive',
  'goal.not-set',
  'goal.not-decided',
  'release.defects-escaping',
] as const;
/** The id of one failure pattern. */
export type FailurePatternId = (typeof FAILURE_PATTERN_IDS)[number];

/** A recurring problem found in the history, with the role that owns the fix and how to fix it. */
export interface FailurePattern {
  readonly id: FailurePatternId;
  /** `warning` for problems that hurt delivery now, `info` for gaps in practice or records. */
  readonly severity: 'warning' | 'info';
  /** One line: what is wrong — Owner: how to fix it. */
  readonly message: string;
  readonly owner: Role;
  /** How to fix it, one sentence. */
  readonly fix: string;
  /** The sprint ids (or release version ids) that show the pattern, oldest first. */
  readonly evidence: readonly string[];
}

/** Options of {@link failurePatterns}. */
export interface FailurePatternOptions {
  /** How many of the most recent sprints to look at; a positive integer, 4 by default. */
  readonly lastSprints?: number;
}

/** A pattern's parts; its message is built from `what`, the owner and the fix. */
interface PatternParts extends Omit<FailurePattern, 'message'> {
  /** What recurs, one clause without a full stop. */
  readonly what: string;
}

function pattern(parts: PatternParts): FailurePattern {
  const { id, severity, owner, what, fix, evidence } = parts;
  return { id, severity, owner, fix, evidence, message: `${what} — ${ROLE_LABEL[owner]}: ${fix}` };
}

/** "Recurring" means in more than half of the sprints looked at, and in at least two. */
function recurring(count: number, of: number): boolean {
  return count >= 2 && count * 2 > of;
}

function sprintWord(n: number): string {
  return n === 1 ? 'sprint' : 'sprints';
}

/** "in 3 of the last 4 sprints", or "in all 3 of the last 3 sprints". */
function inHowMany(count: number, of: number): string {
  return count === of
    ? `in each of the last ${of} ${sprintWord(of)}`
    : `in ${count} of the last ${of} ${sprintWord(of)}`;
}

/** The newest run of items that match, counted back from the newest item. */
function newestRun<T>(items: readonly T[], matches: (item: T) => boolean): T[] {
  const run: T[] = [];
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item === undefined || !matches(item)) break;
    run.unshift(item);
  }
  return run;
}

const ids = (sprints: readonly SprintHistory[]): string[] => sprints.map((s) => s.sprintId);

function readinessPattern(sprints: readonly SprintHistory[]): FailurePattern[] {
  const planned = sprints.filter((s) => s.committed.length > 0);
  const limit = METRIC_THRESHOLDS['backlog-readiness'].warning;
  const low = planned.filter(
    (s) => (s.committed.filter((c) => c.readyAtPlanning).length * 100) / s.committed.length < limit,
  );
  if (!recurring(low.length, planned.length)) return [];
  return [
    pattern({
      id: 'readiness.low-recurring',
      severity: 'warning',
      owner: 'po',
      what: `Readiness at planning was below ${limit}% ${inHowMany(low.length, planned.length)}`,
      fix: 'refine the backlog before planning so the top stories pass the ready gate (AC approved, testability reviewed, estimated), and plan only ready stories.',
      evidence: ids(low),
    }),
  ];
}

function scopePatterns(sprints: readonly SprintHistory[]): FailurePattern[] {
  const ended = sprints.filter((s) => s.endedAt !== null);
  const found: FailurePattern[] = [];
  const added = ended.filter((s) => s.addedAfterStart.length > 0);
  if (ended.length >= 2 && added.length === ended.length) {
    found.push(
      pattern({
        id: 'scope.added-every-sprint',
        severity: 'warning',
        owner: 'po',
        what: `Stories were added mid-sprint ${inHowMany(added.length, ended.length)}`,
        fix: 'keep new requests in the backlog for the next planning unless they serve the sprint goal, and take equal work out when something must come in.',
        evidence: ids(added),
      }),
    );
  }
  const removed = ended.filter((s) => s.removedAfterStart.length > 0);
  if (recurring(removed.length, ended.length)) {
    found.push(
      pattern({
        id: 'scope.removed-recurring',
        severity: 'warning',
        owner: 'dev',
        what: `Stories were taken out mid-sprint ${inHowMany(removed.length, ended.length)}`,
        fix: 'forecast from recent velocity and commit to less at planning, so the sprint backlog holds.',
        evidence: ids(removed),
      }),
    );
  }
  return found;
}

function reviewPatterns(sprints: readonly SprintHistory[]): FailurePattern[] {
  const reviewedSprints = sprints.filter((s) => s.reviewed.length > 0);
  const found: FailurePattern[] = [];
  const rework = newestRun(reviewedSprints, (s) =>
    s.reviewed.some((r) => r.outcome === 'accepted-after-rework'),
  );
  if (rework.length >= 2) {
    found.push(
      pattern({
        id: 'review.rework-consecutive',
        severity: 'warning',
        owner: 'ba',
        what: `Stories were accepted only after rework in ${rework.length} consecutive reviewed sprints`,
        fix: 'make the acceptance criteria concrete with the PO and walk through them with Dev and QA before work starts, so the first demo matches.',
        evidence: ids(rework),
      }),
    );
  }
  const rejected = reviewedSprints.filter((s) => s.reviewed.some((r) => r.outcome === 'rejected'));
  if (recurring(rejected.length, reviewedSprints.length)) {
    found.push(
      pattern({
        id: 'review.rejections-recurring',
        severity: 'warning',
        owner: 'qa',
        what: `Stories were rejected at review in ${rejected.length} of the last ${reviewedSprints.length} reviewed sprints`,
        fix: 'check before review that passing QA evidence covers every acceptance criterion, and send stories back before the demo when it does not.',
        evidence: ids(rejected),
      }),
    );
  }
  return found;
}

function goalPatterns(sprints: readonly SprintHistory[]): FailurePattern[] {
  const found: FailurePattern[] = [];
  const decided = sprints.filter((s) => hasGoal(s) && s.goalMet !== null);
  const missed = newestRun(decided, (s) => s.goalMet === false);
  if (missed.length >= 2) {
    found.push(
      pattern({
        id: 'goal.missed-consecutive',
        severity: 'warning',
        owner: 'po',
        what: `The sprint goal was missed in the last ${missed.length} decided sprints`,
        fix: 'set one smaller goal that the committed stories serve, and protect it from mid-sprint changes.',
        evidence: ids(missed),
      }),
    );
  }
  const noGoal = sprints.filter((s) => !hasGoal(s));
  if (noGoal.length > 0) {
    found.push(
      pattern({
        id: 'goal.not-set',
        severity: recurring(noGoal.length, sprints.length) ? 'warning' : 'info',
        owner: 'po',
        what: `${noGoal.length} of the last ${sprints.length} ${sprintWord(sprints.length)} started without a sprint goal`,
        fix: 'agree a sprint goal at planning, and make the sprint gate require one in the policy.',
        evidence: ids(noGoal),
      }),
    );
  }
  const undecided = sprints.filter((s) => s.endedAt !== null && hasGoal(s) && s.goalMet === null);
  if (undecided.length > 0) {
    found.push(
      pattern({
        id: 'goal.not-decided',
        severity: 'info',
        owner: 'po',
        what: `${undecided.length} ended ${sprintWord(undecided.length)} ${undecided.length === 1 ? 'has' : 'have'} no record of whether the sprint goal was met`,
        fix: 'record at each sprint review whether the goal was met, so goal achievement can be measured.',
        evidence: ids(undecided),
      }),
    );
  }
  return found;
}

function releasePattern(releases: readonly ReleaseHistory[]): FailurePattern[] {
  const limit = METRIC_THRESHOLDS['defect-escape'].warning;
  const shipped = releases
    .filter((r) => r.storiesShipped > 0)
    .map((release, index) => ({ release, index, t: Date.parse(release.releasedAt) }))
    .sort((a, b) => a.t - b.t || a.index - b.index)
    .map((entry) => entry.release);
  const leaky = newestRun(shipped, (r) => (r.defectsFoundAfterRelease * 100) / r.storiesShipped > limit);
  if (leaky.length < 2) return [];
  return [
    pattern({
      id: 'release.defects-escaping',
      severity: 'warning',
      owner: 'qa',
      what: `More than ${limit}% of shipped stories had defects found after release in the last ${leaky.length} releases`,
      fix: 'add tests for the scenarios behind the escaped defects and require passing evidence for every criterion before done.',
      evidence: leaky.map((r) => r.versionId),
    }),
  ];
}

/**
 * Recognises recurring problems in the most recent sprints (4 by default) and releases: low readiness at
 * planning, scope added or removed mid-sprint, rework and rejections at review, missed, missing or
 * unrecorded sprint goals, and defects escaping releases. Warnings come before infos; each names the role
 * that owns the fix. Returns an empty list when nothing recurs.
 * @throws RangeError when `options.lastSprints` is not a positive integer (a programming error).
 */
export function failurePatterns(
  history: MetricsHistory,
  options: FailurePatternOptions = {},
): FailurePattern[] {
  const lastSprints = options.lastSprints ?? 4;
  if (!Number.isInteger(lastSprints) || lastSprints < 1) {
    throw new RangeError(`lastSprints must be a positive integer, got ${String(lastSprints)}`);
  }
  const sprints = sprintsInOrder(history.sprints).slice(-lastSprints);
  const found = [
    ...readinessPattern(sprints),
    ...scopePatterns(sprints),
    ...reviewPatterns(sprints),
    ...goalPatterns(sprints),
    ...releasePattern(history.releases),
  ];
  return [...found.filter((p) => p.severity === 'warning'), ...found.filter((p) => p.severity === 'info')];
}
