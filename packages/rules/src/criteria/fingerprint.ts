import { hash } from 'node:crypto';
import { criterionKey, isBlank } from './normalise.js';
import type { Criterion } from './types.js';

/** Version prefix of the fingerprint format, so a future change of normalisation cannot match old approvals. */
const PREFIX = 'ac1:';

/** Fingerprint of comparison keys (see `criterionKey`); blank ones are left out. */
export function fingerprintKeys(keys: readonly string[]): string | null {
  const kept: string[] = [];
  for (const key of keys) if (!isBlank(key)) kept.push(key);
  if (kept.length === 0) return null;
  kept.sort();
  // \u001e (record separator) cannot occur in collapsed text, so two different lists never join alike.
  // One-shot hash(): a Hash object per story costs more than the hashing itself.
  return PREFIX + hash('sha256', kept.join('\u001e'), 'hex').slice(0, 32);
}

/**
 * Fingerprints a set of criteria for AC approvals, testability reviews and QA evidence: `ac1:` + 32 hex
 * digits of SHA-256 over the sorted, normalised criterion texts (steps included). Reordering, whitespace,
 * list style, checkbox state, ADF versus markdown, bold/italic, letter case and trailing punctuation leave
 * it unchanged; any change of wording changes it. Criteria without text are ignored.
 *
 * @returns `null` when no criterion has text.
 */
export function fingerprintCriteria(criteria: readonly Criterion[]): string | null {
  return fingerprintKeys(criteria.map((c) => criterionKey(c.text, c.steps)));
}
