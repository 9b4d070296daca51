import { makeResolver } from '@forge/resolver';
import type { Request } from '@forge/resolver';
import { JiraError } from '@readygate/jira';
import { SprintCheckInputSchema, SprintOutcomeInputSchema } from '@readygate/workflows';
import * as z from 'zod';
import { forgeJiraPort } from '../adapters/jira-port';
import { sprintWorkflows } from '../adapters/sprint-workflows';
import { callerOf } from './caller';
import { answer } from './respond';
import type { SprintResolverDefinitions } from './sprint-definitions';

const BoardInputSchema = z.object({ boardId: z.number().int().positive() });

/** The function module `sprint-resolver`: the readiness check modal of the sprint and backlog menus. */
export const sprintHandler = makeResolver<SprintResolverDefinitions>({
  loadSprintCheck: ({ payload, context }: Request) =>
    answer(SprintCheckInputSchema, payload, (input) =>
      sprintWorkflows().loadSprintCheck(callerOf(context), input),
    ),
  recordSprintOutcome: ({ payload, context }: Request) =>
    answer(SprintOutcomeInputSchema, payload, (input) =>
      sprintWorkflows().recordSprintOutcome(callerOf(context), input),
    ),
  boardSprints: ({ payload, context }: Request) =>
    answer(BoardInputSchema, payload, async ({ boardId }) => {
      // As the user: a board they cannot see answers nothing.
      try {
        const sprints = await forgeJiraPort()
          .asUser(callerOf(context).accountId)
          .boardSprints(boardId, { state: ['future', 'active'] });
        return { ok: true, value: sprints.map((s) => ({ id: s.id, name: s.name, state: s.state })) };
      } catch (err) {
        if (err instanceof JiraError)
          return { ok: false, error: { code: 'jira', message: err.message, issues: [] } };
        throw err;
      }
    }),
});
