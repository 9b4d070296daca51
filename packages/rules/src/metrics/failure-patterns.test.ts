import { describe, expect, it } from 'vitest';
import { failurePatterns, type FailurePatternId } from './failure-patterns.js';
import type { SprintHistory } from './history.js';
import { history, release, sprint, type SprintSpec } from './test-support/history-builders.js';

const sprints = (...specs: SprintSpec[]): SprintHistory[] => specs.map((spec, n) => sprint({ n, ...spec }));
const healthy: SprintSpec = { ready: 10, reviewed: ['accepted-first-time'] };

describe('failurePatterns', () => {
  it.each<{ case: string; specs: SprintSpec[]; expected: FailurePatternId[] }>([
    { case: 'a healthy team', specs: [healthy, healthy, healthy, healthy], expected: [] },
    {
      case: 'readiness below 75% in 3 of the last 4 sprints',
      specs: [{ ready: 7, notReady: 3 }, { ready: 10 }, { ready: 5, notReady: 5 }, { ready: 7, notReady: 3 }],
      expected: ['readiness.low-recurring'],
    },
    {
      case: 'readiness below 75% in only 2 of 4 sprints',
      specs: [{ ready: 7, notReady: 3 }, { ready: 10 }, { ready: 10 }, { ready: 7, notReady: 3 }],
      expected: [],
    },
    {
      case: 'readiness exactly 75% is not low',
      specs: [
        { ready: 3, notReady: 1 },
        { ready: 3, notReady: 1 },
        { ready: 3, notReady: 1 },
      ],
      expected: [],
    },
    {
      case: 'scope added in every sprint',
      specs: [{ added: 1 }, { added: 2 }, { added: 1 }],
      expected: ['scope.added-every-sprint'],
    },
    { case: 'scope added in some sprints', specs: [{ added: 1 }, {}, { added: 1 }], expected: [] },
    {
      case: 'a running sprint does not count for scope',
      specs: [{ added: 1 }, { added: 1 }, { ended: false }],
      expected: ['scope.added-every-sprint'],
    },
    {
      case: 'stories removed in most sprints',
      specs: [{ removed: 1 }, { removed: 2 }, {}],
      expected: ['scope.removed-recurring'],
    },
    {
      case: 'rework in 2 consecutive sprints',
      specs: [
        healthy,
        { reviewed: ['accepted-after-rework'] },
        { reviewed: ['accepted-first-time', 'accepted-after-rework'] },
      ],
      expected: ['review.rework-consecutive'],
    },
    {
      case: 'rework that stopped in the latest sprint',
      specs: [{ reviewed: ['accepted-after-rework'] }, { reviewed: ['accepted-after-rework'] }, healthy],
      expected: [],
    },
    {
      case: 'rejections in most reviewed sprints',
      specs: [{ reviewed: ['rejected'] }, { reviewed: ['rejected'] }, healthy],
      expected: ['review.rejections-recurring'],
    },
    {
      case: 'goal missed twice in a row',
      specs: [{}, { goalMet: false }, { goalMet: false }],
      expected: ['goal.missed-consecutive'],
    },
    {
      case: 'goal missed, then met',
      specs: [{ goalMet: false }, { goalMet: false }, { goalMet: true }],
      expected: [],
    },
    {
      case: 'one sprint without a goal',
      specs: [{}, { goal: null, goalMet: null }, {}],
      expected: ['goal.not-set'],
    },
    {
      case: 'ended sprint without a goal decision',
      specs: [{}, { goalMet: null }],
      expected: ['goal.not-decided'],
    },
    {
      case: 'a running sprint is not expected to have a decision yet',
      specs: [{}, { goalMet: null, ended: false }],
      expected: [],
    },
  ])('$case', ({ specs, expected }) => {
    expect(failurePatterns(history({ sprints: sprints(...specs) })).map((p) => p.id)).toEqual(expected);
  });

  it('looks only at the last 4 sprints by default', () => {
    const specs: SprintSpec[] = [{ goalMet: false }, { goalMet: false }, {}, {}, {}, {}];
    expect(failurePatterns(history({ sprints: sprints(...specs) }))).toEqual([]);
    expect(
      failurePatterns(history({ sprints: sprints(...specs) }), { lastSprints: 6 }).map((p) => p.id),
    ).toEqual([]);
    const missedLast: SprintSpec[] = [{}, {}, {}, {}, { goalMet: false }, { goalMet: false }];
    expect(
      failurePatterns(history({ sprints: sprints(...missedLast) }), { lastSprints: 2 }).map((p) => p.id),
    ).toEqual(['goal.missed-consecutive']);
  });

  it('says what is wrong, who owns the fix and how, in one line', () => {
    const [found] = failurePatterns(
      history({
        sprints: sprints(
          { ready: 7, notReady: 3 },
          { ready: 10 },
          { ready: 5, notReady: 5 },
          { ready: 7, notReady: 3 },
        ),
      }),
    );
    expect(found).toMatchObject({
      id: 'readiness.low-recurring',
      severity: 'warning',
      owner: 'po',
      evidence: ['S0', 'S2', 'S3'],
    });
    expect(found?.message).toBe(
      'Readiness at planning was below 75% in 3 of the last 4 sprints — PO: refine the backlog before planning so the top stories pass the ready gate (AC approved, testability reviewed, estimated), and plan only ready stories.',
    );
    expect(found?.message).not.toContain('\n');
  });

  it.each<{ id: FailurePatternId; owner: string; specs: SprintSpec[] }>([
    { id: 'scope.added-every-sprint', owner: 'PO', specs: [{ added: 1 }, { added: 1 }] },
    { id: 'scope.removed-recurring', owner: 'Dev', specs: [{ removed: 1 }, { removed: 1 }] },
    {
      id: 'review.rework-consecutive',
      owner: 'BA',
      specs: [{ reviewed: ['accepted-after-rework'] }, { reviewed: ['accepted-after-rework'] }],
    },
    {
      id: 'review.rejections-recurring',
      owner: 'QA',
      specs: [{ reviewed: ['rejected'] }, { reviewed: ['rejected'] }],
    },
  ])('$id is owned by $owner', ({ id, owner, specs }) => {
    const found = failurePatterns(history({ sprints: sprints(...specs) })).find((p) => p.id === id);
    expect(found?.message).toContain(` — ${owner}: `);
  });

  it('puts warnings before infos', () => {
    const found = failurePatterns(
      history({
        sprints: sprints({ goal: null, goalMet: null }, {}, {}),
        releases: [release(10, 5, 1), release(10, 5, 2)],
      }),
    );
    expect(found.map((p) => [p.id, p.severity])).toEqual([
      ['release.defects-escaping', 'warning'],
      ['goal.not-set', 'info'],
    ]);
  });

  it('warns when most recent sprints had no goal', () => {
    const found = failurePatterns(history({ sprints: sprints({ goal: null }, { goal: '' }, {}) }));
    expect(found).toEqual([
      expect.objectContaining({
        id: 'goal.not-set',
        severity: 'warning',
        message: expect.stringMatching(/^2 of the last 3 sprints started without a sprint goal — PO: /),
      }),
    ]);
  });

  it.each([
    {
      case: 'two leaky releases in a row',
      releases: [release(20, 0, 1), release(20, 4, 2), release(10, 2, 3)],
      found: true,
    },
    { case: 'exactly 15% is not leaky', releases: [release(20, 3, 1), release(20, 3, 2)], found: false },
    {
      case: 'the latest release was clean',
      releases: [release(20, 4, 1), release(20, 4, 2), release(20, 0, 3)],
      found: false,
    },
    {
      case: 'order follows release dates',
      releases: [release(20, 0, 3), release(20, 4, 1), release(20, 4, 2)],
      found: false,
    },
  ])('defects escaping: $case', ({ releases, found }) => {
    const ids = failurePatterns(history({ releases })).map((p) => p.id);
    expect(ids.includes('release.defects-escaping')).toBe(found);
  });

  it('rejects a window that is not a positive integer', () => {
    expect(() => failurePatterns(history(), { lastSprints: 0 })).toThrow(RangeError);
  });
});
