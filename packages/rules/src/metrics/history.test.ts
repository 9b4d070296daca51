import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { failurePatterns } from './failure-patterns.js';
import { parseMetricsHistory, type MetricsHistory } from './history.js';
import { bandFor } from './metric-result.js';
import { computeMetrics } from './metrics.js';
import { history, sprint } from './test-support/history-builders.js';

describe('parseMetricsHistory', () => {
  it('accepts a recorded history', () => {
    const h = history({
      sprints: [sprint({ added: 1, removed: 1, reviewed: ['rejected'] })],
      ratings: [{ at: '2026-01-10T09:00:00+01:00', score: 4, by: 'ops' }],
    });
    expect(parseMetricsHistory(JSON.parse(JSON.stringify(h)))).toEqual({ ok: true, value: h });
  });

  it.each([
    {
      case: 'a score outside 1–5',
      patch: (h: MetricsHistory) => ({ ...h, ratings: [{ at: '2026-01-01T00:00:00Z', score: 6 }] }),
      path: 'ratings[0].score',
    },
    {
      case: 'an unknown review outcome',
      patch: (h: MetricsHistory) => ({
        ...h,
        sprints: [{ ...h.sprints[0], reviewed: [{ key: 'A-1', outcome: 'accepted' }] }],
      }),
      path: 'sprints[0].reviewed[0].outcome',
    },
    {
      case: 'a sprint that ends before it starts',
      patch: (h: MetricsHistory) => ({
        ...h,
        sprints: [{ ...h.sprints[0], endedAt: '2020-01-01T00:00:00Z' }],
      }),
      path: 'sprints[0].endedAt',
    },
    {
      case: 'a story committed twice',
      patch: (h: MetricsHistory) => ({
        ...h,
        sprints: [{ ...h.sprints[0], committed: [h.sprints[0]!.committed[0], h.sprints[0]!.committed[0]] }],
      }),
      path: 'sprints[0].committed[1].key',
    },
    {
      case: 'the same sprint twice',
      patch: (h: MetricsHistory) => ({ ...h, sprints: [h.sprints[0], h.sprints[0]] }),
      path: 'sprints[1].sprintId',
    },
    {
      case: 'a negative defect count',
      patch: (h: MetricsHistory) => ({
        ...h,
        releases: [
          {
            versionId: '1',
            name: '1.0',
            releasedAt: '2026-01-01T00:00:00Z',
            storiesShipped: 3,
            defectsFoundAfterRelease: -1,
          },
        ],
      }),
      path: 'releases[0].defectsFoundAfterRelease',
    },
    {
      case: 'a date without offset',
      patch: (h: MetricsHistory) => ({ ...h, ratings: [{ at: '2026-01-01', score: 3 }] }),
      path: 'ratings[0].at',
    },
    {
      case: 'missing ratings',
      patch: (h: MetricsHistory) => ({ sprints: h.sprints, releases: h.releases }),
      path: 'ratings',
    },
  ])('rejects $case, naming the path', ({ patch, path }) => {
    const result = parseMetricsHistory(patch(history({ sprints: [sprint()] })));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toContainEqual(expect.objectContaining({ code: 'metrics.invalid-history', path }));
    expect(result.issues.find((i) => i.path === path)?.message).toMatch(
      new RegExp(`^${path.replace(/[[\].]/g, '\\$&')}: `),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const result = parseMetricsHistory(input);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});

const MIN = Date.UTC(2020, 0, 1);
const MAX = Date.UTC(2030, 0, 1);
const iso = (ms: number): string => new Date(ms).toISOString();
const instant = fc.integer({ min: MIN, max: MAX });
const estimate = fc.option(
  fc.oneof(fc.integer({ min: 0, max: 40 }), fc.double({ min: 0, max: 100, noNaN: true })),
  { nil: null },
);
const key = fc.string({ minLength: 1, maxLength: 6 });

const sprintArb = fc
  .record({
    start: instant,
    length: fc.option(fc.integer({ min: 0, max: 30 * 86_400_000 }), { nil: null }),
    goal: fc.option(fc.string({ maxLength: 10 }), { nil: null }),
    goalMet: fc.option(fc.boolean(), { nil: null }),
    committed: fc.uniqueArray(fc.record({ key, estimate, readyAtPlanning: fc.boolean() }), {
      selector: (s) => s.key,
      maxLength: 12,
    }),
    added: fc.array(fc.record({ key, estimate }), { maxLength: 6 }),
    removed: fc.array(fc.record({ key, estimate }), { maxLength: 6 }),
    reviewed: fc.array(
      fc.record({
        key,
        outcome: fc.constantFrom('accepted-first-time', 'accepted-after-rework', 'rejected'),
      }),
      { maxLength: 10 },
    ),
  })
  .map((s) => ({
    name: 'sprint',
    goal: s.goal,
    goalMet: s.goalMet,
    startedAt: iso(s.start),
    endedAt: s.length === null ? null : iso(s.start + s.length),
    committed: s.committed,
    addedAfterStart: s.added.map((a) => ({ ...a, addedAt: iso(s.start) })),
    removedAfterStart: s.removed,
    reviewed: s.reviewed,
  }));

const historyArb = fc
  .record({
    sprints: fc.array(sprintArb, { maxLength: 8 }),
    ratings: fc.array(
      fc.record({ at: instant.map(iso), score: fc.double({ min: 1, max: 5, noNaN: true }) }),
      { maxLength: 8 },
    ),
    releases: fc.array(
      fc.record({
        versionId: key,
        name: fc.string(),
        releasedAt: instant.map(iso),
        storiesShipped: fc.nat({ max: 200 }),
        defectsFoundAfterRelease: fc.nat({ max: 200 }),
      }),
      { maxLength: 6 },
    ),
  })
  .map((h) => ({ ...h, sprints: h.sprints.map((s, i) => ({ sprintId: `S${i}`, ...s })) }));

describe('metrics over arbitrary valid histories', () => {
  it('parse, never throw, and stay within range', () => {
    fc.assert(
      fc.property(
        historyArb,
        fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
        (raw, lastSprints) => {
          const parsed = parseMetricsHistory(raw);
          expect(parsed.ok).toBe(true);
          if (!parsed.ok) return;
          const metrics = computeMetrics(parsed.value, lastSprints === undefined ? {} : { lastSprints });
          expect(metrics).toHaveLength(6);
          for (const m of metrics) {
            expect(m.band).toBe(bandFor(m.value, m.thresholds));
            expect(m.explanation).not.toBe('');
            expect(m.explanation).not.toContain('\n');
            expect(m.explanation).not.toMatch(/NaN|Infinity|undefined/);
            if (m.value === null) continue;
            expect(Number.isFinite(m.value)).toBe(true);
            if (m.unit === 'score') {
              expect(m.value).toBeGreaterThanOrEqual(1);
              expect(m.value).toBeLessThanOrEqual(5);
            } else {
              expect(m.value).toBeGreaterThanOrEqual(0);
              // Achievement rates are shares of a whole; change and defect rates may exceed 100%.
              if (m.thresholds.direction === 'higher-is-better') expect(m.value).toBeLessThanOrEqual(100);
            }
          }
          for (const p of failurePatterns(parsed.value, lastSprints === undefined ? {} : { lastSprints })) {
            expect(p.message).toContain(p.fix);
            expect(p.message).not.toContain('\n');
            expect(p.evidence.length).toBeGreaterThan(0);
          }
        },
      ),
    );
  });
});
