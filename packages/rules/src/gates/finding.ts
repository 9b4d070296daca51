import type { Role } from '../roles.js';

/** What a rule found. `owner`/`fix` override the catalogue's when a specific cause has another owner. */
export type Finding =
  | { readonly pass: true; readonly message: string }
  | { readonly pass: false; readonly message: string; readonly owner?: Role; readonly fix?: string }
  | { readonly skip: true; readonly message: string };

/** A passing finding. */
export const pass = (message: string): Finding => ({ pass: true, message });

/** A failing finding; `owner` and `fix` when this cause is not the catalogue's usual one. */
export const failed = (message: string, owner?: Role, fix?: string): Finding =>
  owner === undefined
    ? { pass: false, message }
    : fix === undefined
      ? { pass: false, message, owner }
      : { pass: false, message, owner, fix };

/** The rule does not apply here. */
export const skip = (message: string): Finding => ({ skip: true, message });
