import type { SprintCheckView, SprintOutcome, WorkflowResult } from '@readygate/workflows';

/** A sprint the backlog menu offers to check. */
export interface SprintChoice {
  readonly id: number;
  readonly name: string;
  readonly state: string;
}

/** The `sprint-resolver` function's definitions, as the sprint check modal calls them. */
export type SprintResolverDefinitions = {
  loadSprintCheck: (payload: { sprintId: number }) => WorkflowResult<SprintCheckView>;
  recordSprintOutcome: (payload: {
    sprintId: number;
    goalMet: boolean;
    satisfaction: number | null;
  }) => WorkflowResult<SprintOutcome>;
  boardSprints: (payload: { boardId: number }) => WorkflowResult<SprintChoice[]>;
};
