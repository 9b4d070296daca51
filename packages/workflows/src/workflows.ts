import type { Workflows } from './api.js';
import type { WorkflowPorts } from './ports.js';

/** Builds the use cases over the given ports. */
export function createWorkflows(_ports: WorkflowPorts): Workflows {
  throw new Error('not implemented yet');
}
