import { createHealthWorkflows, createReleaseWorkflows } from '@readygate/workflows';
import type { HealthWorkflows, ReleaseWorkflows } from '@readygate/workflows';
import { forgePorts } from './ports';

let releases: ReleaseWorkflows | undefined;
let health: HealthWorkflows | undefined;

/** The Releases page's use cases, one per Forge container (the role cache lives in it). */
export function releaseWorkflows(): ReleaseWorkflows {
  releases ??= createReleaseWorkflows(forgePorts());
  return releases;
}

/** The PO health page's use case. */
export function healthWorkflows(): HealthWorkflows {
  health ??= createHealthWorkflows(forgePorts());
  return health;
}

/** Drops the cached use cases; for tests that change roles between calls. */
export function resetProjectWorkflows(): void {
  releases = undefined;
  health = undefined;
}
