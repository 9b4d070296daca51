import { Queue } from '@forge/events';
import type { JobQueue, SprintJob } from '@readygate/workflows';

/** The queue the sprint triggers enqueue to; manifest.yml's consumer `readygate-sprint-jobs` reads it. */
export const SPRINT_QUEUE = 'readygate-sprint';

/** The sprint use cases' queue port on `@forge/events` (the use cases push ≤ 50 events at a time). */
export function forgeQueue(): JobQueue {
  const queue = new Queue({ key: SPRINT_QUEUE });
  return {
    async push(jobs: readonly SprintJob[]): Promise<void> {
      if (jobs.length === 0) return;
      await queue.push(jobs.map((body) => ({ body })));
    },
  };
}
