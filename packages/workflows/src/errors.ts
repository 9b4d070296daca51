import { ReadyGateError, type Problem } from '@readygate/rules';
import type * as z from 'zod';

/** A problem with a use case's input: a policy problem (from `parsePolicy`) or a payload problem. */
export interface InputProblem extends Omit<Problem, 'code'> {
  readonly code:
    | Problem['code']
    | `input.${z.core.$ZodIssueCode}`
    /** Evidence names a criterion that is not in the current AC. */
    | 'input.unknown-criterion'
    /** A policy typed as JSON that does not parse. */
    | 'input.not-json';
}

/** Why a use case refused or failed. */
export type WorkflowErrorCode =
  /** The caller does not hold the role the action needs. */
  | 'forbidden-role'
  /** The caller cannot see the issue or project named by the browser (or it does not exist). */
  | 'not-visible'
  /** The payload or policy is invalid; `issues` name the paths. */
  | 'invalid-input'
  /** The AC changed since the caller loaded them. */
  | 'stale'
  /** The story has no acceptance criteria to act on. */
  | 'no-criteria'
  /** Jira failed or answered unexpectedly (message from `@readygate/jira`, no secrets). */
  | 'jira'
  /** App storage failed. */
  | 'storage';

/** The one error type of this package: a code, a one-line message (what, who fixes it, how) and problems by path. */
export class WorkflowError extends ReadyGateError<WorkflowErrorCode> {
  override readonly name = 'WorkflowError';
  constructor(
    code: WorkflowErrorCode,
    message: string,
    readonly issues: readonly InputProblem[] = [],
  ) {
    super(code, message);
  }
}
