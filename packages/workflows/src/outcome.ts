import type * as z from 'zod';
import { formatPath } from '@readygate/rules';
import { JiraError } from '@readygate/jira';
import { WorkflowError, type InputProblem } from './errors.js';
import type { WorkflowFailure, WorkflowResult } from './results.js';

/** The first line of a message, bounded: nothing multi-line (a stack) reaches a user. */
export function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 300);
}

/** Any error as a failure value: codes for ours and Jira's, one bounded line for anything else. */
export function failureOf(err: unknown): WorkflowFailure {
  if (err instanceof WorkflowError) return { code: err.code, message: err.message, issues: err.issues };
  if (err instanceof JiraError) return { code: 'jira', message: err.message, issues: [] };
  const detail = err instanceof Error ? firstLine(err.message) : 'unknown error';
  return {
    code: 'storage',
    message: `ReadyGate could not finish (${detail}): try again; if it keeps failing, a Jira admin should check the app's logs.`,
    issues: [],
  };
}

/** Runs a use case body; expected refusals and unexpected errors both come back as values. */
export async function run<T>(body: () => Promise<T>): Promise<WorkflowResult<T>> {
  try {
    return { ok: true, value: await body() };
  } catch (err) {
    return { ok: false, error: failureOf(err) };
  }
}

/** A zod error as problems by path, for messages next to form fields. */
export function inputProblems(error: z.ZodError): InputProblem[] {
  return error.issues.map((i) => ({ code: `input.${i.code}`, path: formatPath(i.path), message: i.message }));
}

/** Parses a payload; a bad one is `invalid-input` with every problem by path and the first in the message. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = inputProblems(parsed.error);
  const first = issues[0];
  const where = first === undefined || first.path === '' ? '' : ` at "${first.path}"`;
  throw new WorkflowError(
    'invalid-input',
    `The ${what} request is invalid${where}: ${first?.message ?? 'unexpected input'}. Reload the panel and try again.`,
    issues,
  );
}
