import { createWorkflows } from '@readygate/workflows';
import type { Workflows } from '@readygate/workflows';
import { forgePorts } from './ports';

let instance: Workflows | undefined;

/**
 * One set of use cases per Forge container, so resolved project roles stay cached between invocations that
 * land on a warm container (what keeps a panel load at 2 Jira requests, see scripts/bench.ts).
 */
export function workflows(): Workflows {
  instance ??= createWorkflows(forgePorts());
  return instance;
}

/** Drops the cached use cases (and their role cache); for tests that change roles between calls. */
export function resetWorkflows(): void {
  instance = undefined;
}
