import { makeResolver } from '@forge/resolver';
import type { Request } from '@forge/resolver';
import {
  DecisionInputSchema,
  HealthInputSchema,
  ReleasesInputSchema,
  SignoffInputSchema,
  SprintOutcomeInputSchema,
} from '@readygate/workflows';
import { healthWorkflows, releaseWorkflows } from '../adapters/project-workflows';
import { sprintWorkflows } from '../adapters/sprint-workflows';
import { callerOf } from './caller';
import type { ProjectResolverDefinitions } from './project-definitions';
import { answer } from './respond';

/** The function module `project-resolver`: the Releases and PO health project pages. */
export const projectHandler = makeResolver<ProjectResolverDefinitions>({
  loadReleases: ({ payload, context }: Request) =>
    answer(ReleasesInputSchema, payload, (input) =>
      releaseWorkflows().loadReleases(callerOf(context), input),
    ),
  signOff: ({ payload, context }: Request) =>
    answer(SignoffInputSchema, payload, (input) => releaseWorkflows().signOff(callerOf(context), input)),
  decide: ({ payload, context }: Request) =>
    answer(DecisionInputSchema, payload, (input) => releaseWorkflows().decide(callerOf(context), input)),
  loadHealth: ({ payload, context }: Request) =>
    answer(HealthInputSchema, payload, (input) => healthWorkflows().loadHealth(callerOf(context), input)),
  // The same use case as the sprint check's: only the PO of the sprint's project may record it.
  recordSprintOutcome: ({ payload, context }: Request) =>
    answer(SprintOutcomeInputSchema, payload, (input) =>
      sprintWorkflows().recordSprintOutcome(callerOf(context), input),
    ),
});
