import { workflows } from '../adapters/workflows';

/**
 * `avi:jira:updated:issue` (ignoreSelf): when an approved story's AC change, the approval turns stale by its
 * fingerprint and, if the policy asks, the PO gets one comment. Product-event triggers have 25 s and no retry
 * of ours matters here: a failure is logged and the next edit or panel load sees the same state.
 */
export async function issueUpdated(event: unknown): Promise<void> {
  const result = await workflows().onIssueUpdated(event);
  if (!result.ok) console.warn(`readygate: issue-updated: ${result.error.message}`);
}
