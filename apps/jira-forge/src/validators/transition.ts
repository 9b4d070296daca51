import type { ValidatorResult } from '@readygate/workflows';
import { workflows } from '../adapters/workflows';

/**
 * A workflow validator: Forge passes `{ issue: { key }, transition, configuration }` and expects
 * `{ result, errorMessage }`. The use case reads storage (never the mirror) and fails closed; an error it did
 * not expect still refuses the transition with one line instead of letting a broken check wave it through.
 */
export async function validate(gate: 'ready' | 'done', event: unknown): Promise<ValidatorResult> {
  const issue =
    typeof event === 'object' && event !== null ? (event as { issue?: unknown }).issue : undefined;
  try {
    return await workflows().validateTransition({ issue, gate });
  } catch {
    return {
      result: false,
      errorMessage: `ReadyGate could not check the story (${gate}): try again; if it persists, a Dev checks the app's logs.`,
    };
  }
}

/** "Story is ready". */
export const validateReady = (event: unknown): Promise<ValidatorResult> => validate('ready', event);
/** "Story is done". */
export const validateDone = (event: unknown): Promise<ValidatorResult> => validate('done', event);
