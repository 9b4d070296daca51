import type * as z from 'zod';

/**
 * The codes of problems the rules report: `policy.*` from `parsePolicy` (zod's own issue codes for the
 * policy's shape, ReadyGate's for rules), `metrics.invalid-history` from the metrics' history parser.
 */
export type ProblemCode =
  | `policy.${z.core.$ZodIssueCode}`
  | 'policy.unknown-rule'
  | 'policy.rule-not-in-gate'
  | 'policy.bad-params'
  | 'policy.duplicate-rule'
  | 'metrics.invalid-history';

/** One problem found in an input, with the path of the offending value. */
export interface Problem {
  /** Stable machine-readable code, e.g. `policy.unknown-rule`. */
  readonly code: ProblemCode;
  /** Dotted path of the offending value, e.g. `gates.ready.rules[2].id`; empty for the whole input. */
  readonly path: string;
  /** One line a person can act on. */
  readonly message: string;
}

/** Expected outcomes are values: either the parsed value or the problems that stopped it. */
export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly Problem[] };

/** Builds a successful {@link Result}. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Builds a failed {@link Result}. */
export function fail<T = never>(issues: readonly Problem[]): Result<T> {
  return { ok: false, issues };
}

/** Renders a zod-style path (`['gates', 'ready', 'rules', 2, 'id']`) as `gates.ready.rules[2].id`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}
