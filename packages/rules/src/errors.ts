/**
 * The one base of every error ReadyGate throws across a boundary. Each package narrows `code` to its own
 * literal union (`JiraError`: `auth | forbidden | …`, the action's `InputError`: `input.invalid`, …), and each
 * boundary (the action, the CLI, the Jira app's resolvers) recognises a known error with
 * `instanceof ReadyGateError`: its message is already the one line a person reads — what is wrong, who fixes
 * it, how — and never holds a secret. Anything else is unexpected, and said to be.
 */
export class ReadyGateError<C extends string = string> extends Error {
  constructor(
    /** Stable, machine-readable: callers branch on it, users may search for it. */
    readonly code: C,
    message: string,
  ) {
    super(message);
  }
}
