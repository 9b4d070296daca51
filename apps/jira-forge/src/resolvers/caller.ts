import type { Caller } from '@readygate/workflows';

/** The platform's resolver context: only `accountId` (overwritten by the runtime) is trusted here. */
export interface ResolverContext {
  readonly accountId?: string | undefined;
}

/** The caller from `context.accountId` only; a browser payload can never name who is acting. */
export function callerOf(context: ResolverContext): Caller {
  const accountId = context.accountId;
  if (typeof accountId !== 'string' || accountId === '')
    throw new Error('The resolver was invoked without a user (context.accountId is missing).');
  return { accountId };
}
