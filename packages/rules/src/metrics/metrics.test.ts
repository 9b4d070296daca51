import { describe, expect, it } from 'vitest';
import type { StakeholderRating } from './history.js';
import {
  acceptanceWithoutRework,
  backlogReadiness,
  computeMetrics,
  defectEscape,
  scopeChange,
  sprintGoalAchievement,
  stakeholderSatisfaction,
} from './metrics.js';
import { bandFor } from './metric-result.js';
import { history, release, sprint, times } from './test-support/history-builders.js';

const decided = (met: number, missed: number) => [
  ...Array.from({ length: met }, () => sprint({ goalMet: true })),
  ...Array.from({ length: missed }, () => sprint({ goalMet: false })),
];

describe('sprintGoalAchievement', () => {
  it.each([
    { case: 'all met', sprints: decided(5, 0), value: 100, band: 'healthy' },
    { case: 'just above 80%', sprints: decided(5, 1), value: 83.333333333, band: 'healthy' },
    { case: 'exactly 80% is not above 80%', sprints: decided(4, 1), value: 80, band: 'watch' },
    { case: 'exactly 60% is not below 60%', sprints: decided(3, 2), value: 60, band: 'watch' },
    { case: 'below 60%', sprints: decided(1, 1), value: 50, band: 'warning' },
    { case: 'none met', sprints: decided(0, 3), value: 0, band: 'warning' },
  ])('$case → $value% $band', ({ sprints, value, band }) => {
    const result = sprintGoalAchievement(sprints);
    expect(result.value).toBeCloseTo(value, 6);
    expect(result.band).toBe(band);
  });

  it('counts only sprints with a goal and a PO decision', () => {
    const result = sprintGoalAchievement([
      sprint({ goalMet: true }),
      sprint({ goalMet: false }),
      sprint({ goal: null, goalMet: true }),
      sprint({ goal: '   ', goalMet: true }),
      sprint({ goalMet: null }),
    ]);
    expect(result.value).toBe(50);
    expect(result.inputs).toEqual({ sprints: 5, withoutGoal: 2, undecided: 1, decided: 2, met: 1 });
  });

  it.each([
    { sprints: decided(3, 1), text: '3 of 4 sprints met their goal (75%) — watch: healthy is above 80%.' },
    { sprints: decided(1, 0), text: '1 of 1 sprint met its goal (100%) — healthy: above 80%.' },
    {
      sprints: decided(1, 2),
      text: '1 of 3 sprints met their goal (33.3%) — warning: below 60%, healthy is above 80%.',
    },
  ])('explains "$text"', ({ sprints, text }) => {
    expect(sprintGoalAchievement(sprints).explanation).toBe(text);
  });

  it('reports no data without a decided sprint', () => {
    const result = sprintGoalAchievement([sprint({ goal: null }), sprint({ goalMet: null })]);
    expect(result).toMatchObject({ value: null, band: 'no-data' });
    expect(result.explanation).toMatch(/^No data: /);
  });
});

describe('backlogReadiness', () => {
  it.each([
    { case: 'all ready', ready: 10, notReady: 0, value: 100, band: 'healthy' },
    { case: 'just above 90%', ready: 91, notReady: 9, value: 91, band: 'healthy' },
    { case: 'exactly 90%', ready: 9, notReady: 1, value: 90, band: 'watch' },
    { case: 'exactly 75%', ready: 3, notReady: 1, value: 75, band: 'watch' },
    { case: 'just below 75%', ready: 74, notReady: 26, value: 74, band: 'warning' },
    { case: 'none ready', ready: 0, notReady: 5, value: 0, band: 'warning' },
  ])('$case → $value% $band', ({ ready, notReady, value, band }) => {
    const result = backlogReadiness([sprint({ ready, notReady })]);
    expect(result.value).toBe(value);
    expect(result.band).toBe(band);
  });

  it('pools the committed stories of every sprint', () => {
    const result = backlogReadiness([sprint({ ready: 10, notReady: 0 }), sprint({ ready: 6, notReady: 4 })]);
    expect(result.inputs).toEqual({ sprints: 2, committed: 20, ready: 16 });
    expect(result.explanation).toBe(
      '16 of 20 committed stories were ready at planning (80%) — watch: healthy is above 90%.',
    );
  });

  it('does not round a value onto a threshold it has not reached', () => {
    const result = backlogReadiness([sprint({ ready: 7499, notReady: 2501 })]);
    expect(result.band).toBe('warning');
    expect(result.explanation).toBe(
      '7499 of 10000 committed stories were ready at planning (74.99%) — warning: below 75%, healthy is above 90%.',
    );
  });

  it('reports no data when nothing was committed', () => {
    expect(backlogReadiness([sprint({ ready: 0 })])).toMatchObject({ value: null, band: 'no-data' });
    expect(backlogReadiness([]).band).toBe('no-data');
  });
});

describe('scopeChange', () => {
  it.each([
    { case: 'no change', added: 0, removed: 0, value: 0, band: 'healthy' },
    { case: 'just below 10%', added: 9, removed: 0, value: 9, band: 'healthy' },
    { case: 'exactly 10%', added: 5, removed: 5, value: 10, band: 'watch' },
    { case: 'exactly 25%', added: 20, removed: 5, value: 25, band: 'watch' },
    { case: 'above 25%', added: 20, removed: 6, value: 26, band: 'warning' },
    { case: 'more change than commitment', added: 150, removed: 0, value: 150, band: 'warning' },
  ])('$case → $value% $band', ({ added, removed, value, band }) => {
    const result = scopeChange([sprint({ ready: 100, added, removed })]);
    expect(result.value).toBe(value);
    expect(result.band).toBe(band);
  });

  it('counts stories when the committed points are too small to divide by', () => {
    const s = sprint({ ready: 0 });
    const result = scopeChange([
      {
        ...s,
        committed: [{ key: 'A-1', estimate: 5e-324, readyAtPlanning: false }],
        addedAfterStart: [{ key: 'A-2', estimate: 1, addedAt: s.startedAt }],
      },
    ]);
    expect(result.inputs.basis).toBe('count');
    expect(result.value).toBe(100);
    expect(result.explanation).not.toMatch(/Infinity|NaN/);
  });

  it('uses points when every story involved has an estimate', () => {
    const s = sprint({ ready: 0 });
    const result = scopeChange([
      {
        ...s,
        committed: [
          { key: 'A-1', estimate: 5, readyAtPlanning: true },
          { key: 'A-2', estimate: 5, readyAtPlanning: true },
        ],
        addedAfterStart: [{ key: 'A-3', estimate: 1, addedAt: s.startedAt }],
      },
    ]);
    expect(result.inputs).toMatchObject({ basis: 'points', countRate: 50, pointsRate: 10 });
    expect(result.value).toBe(10);
    expect(result.explanation).toBe(
      '1 point added and 0 removed mid-sprint against 10 committed (10%) — watch: healthy is below 10%.',
    );
  });

  it('falls back to counting stories when any estimate is missing', () => {
    const s = sprint({ ready: 0 });
    const result = scopeChange([
      {
        ...s,
        committed: [
          { key: 'A-1', estimate: 5, readyAtPlanning: true },
          { key: 'A-2', estimate: null, readyAtPlanning: true },
        ],
        removedAfterStart: [{ key: 'A-3', estimate: 2 }],
      },
    ]);
    expect(result.inputs).toMatchObject({
      basis: 'count',
      countRate: 50,
      pointsRate: null,
      committedPoints: null,
    });
    expect(result.value).toBe(50);
    expect(result.explanation).toBe(
      '0 stories added and 1 removed mid-sprint against 2 committed (50%) — warning: above 25%, healthy is below 10%.',
    );
  });

  it('falls back to counting stories when all estimates are zero', () => {
    const result = scopeChange([sprint({ ready: 4, added: 1, estimate: 0 })]);
    expect(result.inputs).toMatchObject({ basis: 'count', pointsRate: null });
    expect(result.value).toBe(25);
  });

  it('leaves out a sprint that is still running', () => {
    const result = scopeChange([
      sprint({ ready: 10, added: 0 }),
      sprint({ ready: 10, added: 10, ended: false }),
    ]);
    expect(result.inputs).toMatchObject({ sprints: 1, addedStories: 0 });
    expect(result.value).toBe(0);
  });

  it('reports no data without an ended sprint with committed stories', () => {
    expect(scopeChange([sprint({ ready: 10, ended: false })]).band).toBe('no-data');
    expect(scopeChange([sprint({ ready: 0, added: 3 })])).toMatchObject({ value: null, band: 'no-data' });
  });
});

describe('acceptanceWithoutRework', () => {
  it.each([
    { case: 'all first time', reviewed: times(4, 'accepted-first-time'), value: 100, band: 'healthy' },
    {
      case: 'just above 85%',
      reviewed: [...times(6, 'accepted-first-time'), 'rejected' as const],
      value: 85.714285714,
      band: 'healthy',
    },
    {
      case: 'exactly 85%',
      reviewed: [...times(17, 'accepted-first-time'), ...times(3, 'accepted-after-rework')],
      value: 85,
      band: 'watch',
    },
    {
      case: 'exactly 70%',
      reviewed: [...times(7, 'accepted-first-time'), ...times(3, 'rejected')],
      value: 70,
      band: 'watch',
    },
    {
      case: 'just below 70%',
      reviewed: [...times(69, 'accepted-first-time'), ...times(31, 'accepted-after-rework')],
      value: 69,
      band: 'warning',
    },
  ])('$case → $value% $band', ({ reviewed, value, band }) => {
    const result = acceptanceWithoutRework([sprint({ reviewed })]);
    expect(result.value).toBeCloseTo(value, 6);
    expect(result.band).toBe(band);
  });

  it('counts rejected stories against the rate and shows each outcome in the inputs', () => {
    const result = acceptanceWithoutRework([
      sprint({ reviewed: ['accepted-first-time', 'accepted-after-rework'] }),
      sprint({ reviewed: ['accepted-first-time', 'rejected'] }),
    ]);
    expect(result.inputs).toEqual({ reviewed: 4, acceptedFirstTime: 2, acceptedAfterRework: 1, rejected: 1 });
    expect(result.explanation).toBe(
      '2 of 4 reviewed stories were accepted without rework (50%) — warning: below 70%, healthy is above 85%.',
    );
  });

  it('reports no data before any review', () => {
    expect(acceptanceWithoutRework([sprint()])).toMatchObject({ value: null, band: 'no-data' });
  });
});

describe('stakeholderSatisfaction', () => {
  const ratings = (...scores: number[]): StakeholderRating[] =>
    scores.map((score) => ({ at: '2026-01-10T00:00:00Z', score }));

  it.each([
    { case: 'above 4.0', scores: [5, 4], value: 4.5, band: 'healthy' },
    { case: 'exactly 4.0', scores: [4, 4], value: 4, band: 'watch' },
    { case: '4.0 reached through decimals', scores: [3.2, 4.9, 3.9], value: 4, band: 'watch' },
    { case: 'exactly 3.5', scores: [3, 4], value: 3.5, band: 'watch' },
    { case: 'below 3.5', scores: [3, 3, 4], value: 3.333333333, band: 'warning' },
    { case: 'lowest', scores: [1], value: 1, band: 'warning' },
  ])('$case → $value $band', ({ scores, value, band }) => {
    const result = stakeholderSatisfaction(ratings(...scores));
    expect(result.value).toBeCloseTo(value, 6);
    expect(result.band).toBe(band);
  });

  it('explains the mean on the 1–5 scale', () => {
    expect(stakeholderSatisfaction(ratings(4, 4)).explanation).toBe(
      'Stakeholders rated 4.0 out of 5 on average over 2 ratings — watch: healthy is above 4.0.',
    );
    expect(stakeholderSatisfaction(ratings(3)).explanation).toBe(
      'Stakeholders rated 3.0 out of 5 on average over 1 rating — warning: below 3.5, healthy is above 4.0.',
    );
  });

  it('reports no data without ratings', () => {
    expect(stakeholderSatisfaction([])).toMatchObject({ value: null, band: 'no-data', unit: 'score' });
  });
});

describe('defectEscape', () => {
  it.each([
    { case: 'no escapes', releases: [release(20, 0)], value: 0, band: 'healthy' },
    { case: 'just below 5%', releases: [release(25, 1)], value: 4, band: 'healthy' },
    { case: 'exactly 5%', releases: [release(20, 1)], value: 5, band: 'watch' },
    { case: 'exactly 15%', releases: [release(20, 3)], value: 15, band: 'watch' },
    { case: 'above 15%', releases: [release(20, 4)], value: 20, band: 'warning' },
    {
      case: 'pooled over releases',
      releases: [release(10, 1, 0), release(30, 1, 30)],
      value: 5,
      band: 'watch',
    },
    { case: 'more defects than stories', releases: [release(2, 5)], value: 250, band: 'warning' },
  ])('$case → $value% $band', ({ releases, value, band }) => {
    const result = defectEscape(releases);
    expect(result.value).toBe(value);
    expect(result.band).toBe(band);
  });

  it('explains the counts behind the rate', () => {
    expect(defectEscape([release(10, 1, 0), release(30, 2, 30)]).explanation).toBe(
      '3 defects found after release against 40 stories shipped in 2 releases (7.5%) — watch: healthy is below 5%.',
    );
  });

  it('reports no data until a release shipped stories', () => {
    expect(defectEscape([])).toMatchObject({ value: null, band: 'no-data' });
    expect(defectEscape([release(0, 2)])).toMatchObject({ value: null, band: 'no-data' });
  });
});

describe('bandFor', () => {
  it.each([
    { value: 80.0000001, direction: 'higher-is-better', band: 'healthy' },
    { value: 80, direction: 'higher-is-better', band: 'watch' },
    { value: 60, direction: 'higher-is-better', band: 'watch' },
    { value: 59.9999999, direction: 'higher-is-better', band: 'warning' },
    { value: 9.9999999, direction: 'lower-is-better', band: 'healthy' },
    { value: 10, direction: 'lower-is-better', band: 'watch' },
    { value: 25, direction: 'lower-is-better', band: 'watch' },
    { value: 25.0000001, direction: 'lower-is-better', band: 'warning' },
    { value: null, direction: 'lower-is-better', band: 'no-data' },
  ] as const)('$value ($direction) → $band', ({ value, direction, band }) => {
    const thresholds =
      direction === 'higher-is-better'
        ? { healthy: 80, warning: 60, direction }
        : { healthy: 10, warning: 25, direction };
    expect(bandFor(value, thresholds)).toBe(band);
  });
});

describe('computeMetrics', () => {
  it('returns the six metrics in a fixed order', () => {
    const ids = computeMetrics(history()).map((m) => m.id);
    expect(ids).toEqual([
      'sprint-goal-achievement',
      'backlog-readiness',
      'scope-change',
      'acceptance-without-rework',
      'stakeholder-satisfaction',
      'defect-escape',
    ]);
    expect(computeMetrics(history()).every((m) => m.band === 'no-data')).toBe(true);
  });

  it('limits sprints, ratings and releases to the window of the last N sprints', () => {
    const h = history({
      // Out of order on purpose: the window follows start dates, not the recorded order.
      sprints: [
        sprint({ n: 3, goalMet: true }),
        sprint({ n: 1, goalMet: false }),
        sprint({ n: 2, goalMet: true }),
      ],
      ratings: [
        { at: '2026-01-20T00:00:00Z', score: 1 },
        { at: '2026-02-01T00:00:00Z', score: 5 },
      ],
      releases: [release(10, 9, 15, 'old'), release(10, 0, 40, 'new')],
    });
    const all = computeMetrics(h);
    const recent = computeMetrics(h, { lastSprints: 2 });
    expect(all[0]?.inputs).toMatchObject({ decided: 3, met: 2 });
    expect(recent[0]?.inputs).toMatchObject({ decided: 2, met: 2 });
    expect(recent[4]).toMatchObject({ value: 5, inputs: { ratings: 1 } });
    expect(recent[5]).toMatchObject({ value: 0, inputs: { releases: 1 } });
    expect(all[5]).toMatchObject({ value: 45 });
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects lastSprints = %s', (lastSprints) => {
    expect(() => computeMetrics(history(), { lastSprints })).toThrow(RangeError);
  });
});
