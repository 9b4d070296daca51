import { makeInvoke } from '@forge/bridge';
import type { WorkflowResult } from '@readygate/workflows';
import type { DefArguments } from '@forge/resolver/shared';
import type { ProjectResolverDefinitions as ResolverDefinitions } from '../resolvers/project-definitions';

type Defs = ResolverDefinitions;
const invoke = makeInvoke<Defs>();

/**
 * Calls one resolver function. A resolver answers every expected refusal as `{ ok: false, error }`; a call
 * that throws (the platform, the network) becomes one line too, so a screen never shows a stack trace.
 */
export async function call<K extends keyof Defs>(
  functionKey: K,
  ...payload: DefArguments<Defs, K>
): Promise<ReturnType<Defs[K]>> {
  try {
    return await invoke(functionKey, ...payload);
  } catch {
    const failed: WorkflowResult<never> = {
      ok: false,
      error: {
        code: 'jira',
        message:
          'ReadyGate could not reach its backend: reload the page; if it persists, a Dev checks the app logs.',
        issues: [],
      },
    };
    return failed as ReturnType<Defs[K]>;
  }
}
