import { JiraError } from '@readygate/jira';
import { inputProblems, WorkflowError } from '@readygate/workflows';
import type { WorkflowFailure, WorkflowResult } from '@readygate/workflows';
import type * as z from 'zod';

/** What every resolver answers the browser: the use case's result, or one failure line (never a stack trace). */
export type Answer<T> = WorkflowResult<T>;

/** A payload the browser sent that does not fit the schema: one line naming the first bad path. */
export function invalidPayload(error: z.ZodError): WorkflowFailure {
  const issues = inputProblems(error);
  const first = issues[0];
  const where = first && first.path !== '' ? `${first.path}: ` : '';
  return {
    code: 'invalid-input',
    message: `The request from the panel is not valid (${where}${first?.message ?? 'unreadable'}): reload the page and try again.`,
    issues,
  };
}

/**
 * Parses the payload with the use case's schema, runs the use case with the platform's caller, and turns the
 * known errors into an answer. Anything else is a bug and is rethrown, so Forge logs it.
 */
export async function answer<S extends z.ZodType, T>(
  schema: S,
  payload: unknown,
  run: (input: z.infer<S>) => Promise<WorkflowResult<T>>,
): Promise<Answer<T>> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) return { ok: false, error: invalidPayload(parsed.error) };
  try {
    return await run(parsed.data);
  } catch (err) {
    if (err instanceof WorkflowError)
      return { ok: false, error: { code: err.code, message: err.message, issues: err.issues } };
    if (err instanceof JiraError)
      return { ok: false, error: { code: 'jira', message: err.message, issues: [] } };
    throw err;
  }
}
