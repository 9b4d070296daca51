import { makeInvoke } from '@forge/bridge';
import type { WorkflowResult } from '@readygate/workflows';
import type { DefArguments, DefResult, Definitions } from '@forge/resolver/shared';
import type { ResolverDefinitions } from '../resolvers/definitions';
import type { ProjectResolverDefinitions } from '../resolvers/project-definitions';
import type { SprintResolverDefinitions } from '../resolvers/sprint-definitions';

/**
 * A typed caller of one resolver's functions. A resolver answers every expected refusal as
 * `{ ok: false, error }`; a call that throws (the platform, the network) becomes one line too, so a screen
 * never shows a stack trace.
 */
function callerOf<Defs extends Definitions>() {
  const invoke = makeInvoke<Defs>();
  return async <K extends keyof Defs & string>(
    functionKey: K,
    ...payload: DefArguments<Defs, K>
  ): Promise<DefResult<Defs, K>> => {
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
      return failed as DefResult<Defs, K>;
    }
  };
}

/** The issue panel's, the issue context's and the settings page's resolver. */
export const call = callerOf<ResolverDefinitions>();
/** The project page's resolver (Releases, PO health). */
export const callProject = callerOf<ProjectResolverDefinitions>();
/** The sprint check modal's resolver. */
export const callSprint = callerOf<SprintResolverDefinitions>();
