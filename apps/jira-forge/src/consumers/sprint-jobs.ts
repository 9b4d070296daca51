import type { AsyncEvent } from '@forge/events';
import { sprintWorkflows } from '../adapters/sprint-workflows';

/**
 * The consumer of queue `readygate-sprint` (up to 900 s): runs one sprint job. Jobs are idempotent, so a
 * failure is thrown and the platform delivers the event again; a job that cannot parse is dropped with a log
 * line (delivering it again cannot help).
 */
export async function sprintJobs(event: AsyncEvent): Promise<void> {
  const result = await sprintWorkflows().runJob(event.body);
  if (result.ok) return;
  if (result.error.code === 'invalid-input') {
    console.warn(`readygate: sprint job dropped: ${result.error.message}`);
    return;
  }
  throw new Error(`readygate: sprint job failed, will be retried: ${result.error.message}`);
}
