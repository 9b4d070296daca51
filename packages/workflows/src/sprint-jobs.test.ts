import { describe, expect, it } from 'vitest';
import { KEYS_PER_JOB, PUSH_MAX_BYTES, PUSH_MAX_EVENTS, pushBatches, type SprintJob } from './sprint-jobs.js';

const sprint = { id: 9, boardId: 3, name: 'Big sprint', goal: null, startDate: '2026-12-03T09:00:00.000Z' };
const gap = {
  rule: 'ready.ac-approved',
  owner: 'po' as const,
  message: 'The acceptance criteria are not approved by the PO for their current version.'.repeat(3),
  fix: 'PO: review the criteria in the ReadyGate panel and approve them.'.repeat(2),
};

function commentJobs(stories: number): SprintJob[] {
  const jobs: SprintJob[] = [];
  for (let i = 0; i < stories; i += KEYS_PER_JOB)
    jobs.push({
      kind: 'comment',
      scope: 'start:9',
      sprint,
      moved: true,
      stories: Array.from({ length: Math.min(KEYS_PER_JOB, stories - i) }, (_, j) => ({
        id: String(40000 + i + j),
        key: `ENR-${100 + i + j}`,
        gaps: [gap, gap, gap],
      })),
    });
  return jobs;
}

describe('queue pushes', () => {
  it('a 500-story sprint start splits into pushes Forge accepts (≤ 50 events, ≤ 200 KB), losing no job', () => {
    const jobs = commentJobs(500);
    const batches = pushBatches(jobs);
    expect(batches.length).toBeGreaterThan(1);
    for (const b of batches) {
      expect(b.length).toBeLessThanOrEqual(PUSH_MAX_EVENTS);
      expect(Buffer.byteLength(JSON.stringify(b.map((body) => ({ body }))))).toBeLessThanOrEqual(
        PUSH_MAX_BYTES,
      );
    }
    expect(batches.flat()).toEqual(jobs);
  });

  it('small jobs go 50 to a push', () => {
    const jobs = Array.from({ length: 120 }, (): SprintJob => ({ kind: 'sprint-closed', sprint }));
    expect(pushBatches(jobs).map((b) => b.length)).toEqual([50, 50, 20]);
  });
});
