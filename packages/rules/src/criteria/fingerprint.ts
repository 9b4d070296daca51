import { hash } from 'node:crypto';
import { criterionKey, isBlank } from './normalise.js';
import type { Criterion } from './types.js';

/**
 * Version prefix of the fingerprint format, so a change of encoding or normalisation cannot match old
 * approvals. `ac1:` joined the keys with U+001E, which a criterion's text may hold, so two criteria and one
 * criterion containing that character fingerprinted alike; `ac2:` hashes the keys length-prefixed.
 */
export const FINGERPRINT_PREFIX = 'ac2:';

const FORMAT = /^ac\d+:/;

/**
 * Whether a recorded AC fingerprint was made by an older ReadyGate with another fingerprint format: it can
 * never match today's criteria, and the gates say so rather than "the AC changed".
 */
export function isOlderFingerprintFormat(fingerprint: string): boolean {
  return FORMAT.test(fingerprint) && !fingerprint.startsWith(FINGERPRINT_PREFIX);
}

/** Fingerprint of comparison keys (see `criterionKey`); blank ones are left out. */
export function fingerprintKeys(keys: readonly string[]): string | null {
  const kept: string[] = [];
  for (const key of keys) if (!isBlank(key)) kept.push(key);
  if (kept.length === 0) return null;
  kept.sort();
  // Each key as `<length>:<key>`: the lengths say where each key ends, so no two different lists encode
  // alike whatever characters the keys hold (and, unlike a JSON array, nothing has to be scanned to escape).
  // One-shot hash(): a Hash object per story costs more than the hashing itself.
  let text = '';
  for (const key of kept) text += `${key.length}:${key}`;
  return FINGERPRINT_PREFIX + hash('sha256', text, 'hex').slice(0, 32);
}

/**
 * Fingerprints a set of criteria for AC approvals, testability reviews and QA evidence: `ac2:` + 32 hex
 * digits of SHA-256 over the sorted, normalised criterion texts, each prefixed with its length, (steps included). Reordering, whitespace,
 * list style, checkbox state, ADF versus markdown, bold/italic, letter case and trailing punctuation leave
 * it unchanged; any change of wording changes it. Criteria without text are ignored.
 *
 * @returns `null` when no criterion has text.
 */
export function fingerprintCriteria(criteria: readonly Criterion[]): string | null {
  return fingerprintKeys(criteria.map((c) => criterionKey(c.text, c.steps)));
}
