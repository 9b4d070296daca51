import { invoke } from '@forge/bridge';
import type { WorkflowResult } from '@readygate/workflows';

/**
 * Calls one resolver definition. A resolver answers every expected refusal as `{ ok: false, error }`; a call
 * that throws (the platform, the network) becomes one line too, so a screen never shows a stack trace.
 */
export async function call<T>(
  functionKey: string,
  payload: Record<string, unknown>,
): Promise<WorkflowResult<T>> {
  try {
    // Without `metadata` the bridge answers the resolver's value as is (not wrapped in { body, metadata }).
    return (await invoke<WorkflowResult<T>>(functionKey, payload)) as WorkflowResult<T>;
  } catch {
    return {
      ok: false,
      error: {
        code: 'jira',
        message:
          'ReadyGate could not reach its backend: reload the page; if it persists, a Dev checks the app logs.',
        issues: [],
      },
    };
  }
}
