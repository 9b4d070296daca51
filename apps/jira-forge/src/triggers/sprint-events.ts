import { sprintWorkflows } from '../adapters/sprint-workflows';

// Product-event triggers have 25 s and may not set a timeout: the start and close only enqueue a job for the
// consumer (src/consumers/sprint-jobs.ts). A failure to enqueue is thrown so the platform's log shows it.

/** `avi:jira-software:started:sprint`: enqueue the start's check and enforcement. */
export async function sprintStarted(event: unknown): Promise<void> {
  const result = await sprintWorkflows().onSprintStarted(event);
  if (!result.ok) throw new Error(`readygate: sprint started: ${result.error.message}`);
}

/** `avi:jira-software:closed:sprint`: enqueue recording the sprint's completion. */
export async function sprintClosed(event: unknown): Promise<void> {
  const result = await sprintWorkflows().onSprintClosed(event);
  if (!result.ok) throw new Error(`readygate: sprint closed: ${result.error.message}`);
}

/**
 * `avi:jira:updated:issue` (ignoreSelf): a story added to or removed from a started sprint is recorded with who
 * and when; an unready addition is judged (one issue read) and moved as at the start, its comment queued.
 */
export async function sprintScope(event: unknown): Promise<void> {
  const result = await sprintWorkflows().onSprintFieldChanged(event);
  if (!result.ok) console.warn(`readygate: sprint scope: ${result.error.message}`);
}
