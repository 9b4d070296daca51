import type { JiraClient } from '@readygate/jira';
import type { Policy, PublicKey } from '@readygate/rules';
import { collect, searchOptions } from './stories.js';

/**
 * The velocity of a board: points of the done stories of its last closed sprints (newest first, as many as the
 * policy's `sprint.velocitySprints`), what the sprint gate's capacity check compares a plan with.
 */
export async function boardVelocity(
  jira: JiraClient,
  board: {
    readonly boardId: number | undefined;
    readonly policy: Policy;
    readonly keys: readonly PublicKey[];
    readonly onSprint?: (name: string) => void;
  },
): Promise<number[]> {
  const { boardId, policy, keys, onSprint = () => undefined } = board;
  if (boardId === undefined) return [];
  const closed = (await jira.boardSprints(boardId, { state: ['closed'] }))
    .sort((a, b) => (b.completeDate ?? b.endDate ?? '').localeCompare(a.completeDate ?? a.endDate ?? ''))
    .slice(0, policy.sprint.velocitySprints);
  const out: number[] = [];
  for (const s of closed) {
    onSprint(s.name);
    const stories = await collect(jira.sprintIssues(s.id, searchOptions(policy)), policy, keys);
    out.push(
      stories.filter((st) => st.status.category === 'done').reduce((sum, st) => sum + (st.estimate ?? 0), 0),
    );
  }
  return out;
}
