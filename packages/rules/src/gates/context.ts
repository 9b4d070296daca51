import type { Actor } from '../records.js';
import type { Policy } from '../policy.js';
import type { Role } from '../roles.js';

/**
 * True when the actor acted in `role` when the record was made and, if the policy lists account ids for the
 * role, is one of them. The app checked the Jira project role at write time and signed it into the record.
 */
export function actsAs(actor: Actor, role: Role, policy: Policy): boolean {
  if (actor.role !== role) return false;
  const ids = policy.roles[role].accountIds;
  return ids.length === 0 || ids.includes(actor.accountId);
}

/** `2026-11-20` from an ISO timestamp. */
export function day(iso: string): string {
  // The common case, a UTC timestamp as the app writes it, needs no date parsing (this runs once per story per gate).
  if (iso.length >= 20 && iso.charCodeAt(10) === 84 /* T */ && iso.endsWith('Z')) return iso.slice(0, 10);
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toISOString().slice(0, 10);
}

/** The name to show for an actor. */
export function who(actor: Actor): string {
  return actor.displayName ?? actor.accountId;
}

/** `1 story` / `3 stories`. */
export function plural(n: number, one: string, many: string = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Jira's usual severity and priority scales, most severe first. */
const SEVERITY_SCALES: readonly (readonly string[])[] = [
  ['highest', 'high', 'medium', 'low', 'lowest'],
  ['blocker', 'critical', 'major', 'minor', 'trivial'],
];

/**
 * Whether a defect's business severity blocks: it is one the policy lists, or on a known scale at or above
 * one the policy lists (blocking `High` blocks `Highest` too). Names compare case-insensitively.
 */
export function isBlockingSeverity(severity: string, blocking: readonly string[]): boolean {
  const s = severity.toLowerCase();
  const listed = blocking.map((b) => b.toLowerCase());
  if (listed.includes(s)) return true;
  for (const scale of SEVERITY_SCALES) {
    const rank = scale.indexOf(s);
    if (rank !== -1) return listed.some((b) => scale.includes(b) && rank <= scale.indexOf(b));
  }
  return false;
}
