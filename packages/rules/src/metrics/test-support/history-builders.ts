import type { MetricsHistory, ReleaseHistory, ReviewOutcome, SprintHistory } from '../history.js';

/** Shorthand for a sprint: counts become stories with generated keys. */
export interface SprintSpec {
  id?: string;
  goal?: string | null;
  goalMet?: boolean | null;
  /** Sprint number, used for the dates (sprint n starts on day 1 + 14 n of 2026). */
  n?: number;
  ended?: boolean;
  ready?: number;
  notReady?: number;
  added?: number;
  removed?: number;
  /** Estimate of every story; `null` for unestimated. */
  estimate?: number | null;
  reviewed?: readonly ReviewOutcome[];
}

let counter = 0;

function day(offset: number): string {
  return new Date(Date.UTC(2026, 0, 1 + offset)).toISOString();
}

/** Builds one sprint's history from a {@link SprintSpec}. */
export function sprint(spec: SprintSpec = {}): SprintHistory {
  const n = spec.n ?? counter++;
  const id = spec.id ?? `S${n}`;
  const estimate = spec.estimate === undefined ? 3 : spec.estimate;
  const keys = (prefix: string, count: number): string[] =>
    Array.from({ length: count }, (_, i) => `${id}-${prefix}${i + 1}`);
  return {
    sprintId: id,
    name: `Sprint ${id}`,
    goal: spec.goal === undefined ? 'Ship the thing' : spec.goal,
    goalMet: spec.goalMet === undefined ? true : spec.goalMet,
    startedAt: day(n * 14),
    endedAt: spec.ended === false ? null : day(n * 14 + 13),
    committed: [
      ...keys('R', spec.ready ?? 10).map((key) => ({ key, estimate, readyAtPlanning: true })),
      ...keys('N', spec.notReady ?? 0).map((key) => ({ key, estimate, readyAtPlanning: false })),
    ],
    addedAfterStart: keys('A', spec.added ?? 0).map((key) => ({ key, estimate, addedAt: day(n * 14 + 3) })),
    removedAfterStart: keys('X', spec.removed ?? 0).map((key) => ({ key, estimate })),
    reviewed: (spec.reviewed ?? []).map((outcome, i) => ({ key: `${id}-V${i + 1}`, outcome })),
  };
}

/** Builds a release record released on the given day of 2026. */
export function release(
  storiesShipped: number,
  defects: number,
  dayOfYear = 0,
  versionId = `V${dayOfYear}`,
): ReleaseHistory {
  return {
    versionId,
    name: `Release ${versionId}`,
    releasedAt: day(dayOfYear),
    storiesShipped,
    defectsFoundAfterRelease: defects,
  };
}

/** An empty history with the given parts. */
export function history(parts: Partial<MetricsHistory> = {}): MetricsHistory {
  return { sprints: [], ratings: [], releases: [], ...parts };
}

/** `n` outcomes of one kind, for review lists. */
export function times(n: number, outcome: ReviewOutcome): ReviewOutcome[] {
  return Array.from({ length: n }, () => outcome);
}
