import { createSprintWorkflows } from '@readygate/workflows';
import type { SprintWorkflows } from '@readygate/workflows';
import { forgePorts } from './ports';
import { forgeQueue } from './queue';
import { putSprintProperty } from './sprint-property';

let instance: SprintWorkflows | undefined;

/** One set of sprint use cases per Forge container (the role cache lives in it). */
export function sprintWorkflows(): SprintWorkflows {
  instance ??= createSprintWorkflows({
    ...forgePorts(),
    queue: forgeQueue(),
    sprintProperty: putSprintProperty,
  });
  return instance;
}

/** Drops the cached use cases; for tests that change roles between calls. */
export function resetSprintWorkflows(): void {
  instance = undefined;
}
