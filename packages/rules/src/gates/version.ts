import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';
import { extractCriteria, type CriteriaSet } from '../criteria/index.js';
import type { Story } from '../story.js';

/**
 * Version prefix of the version fingerprint. `v2:` since the AC fingerprints it includes moved to `ac2:`; a
 * sign-off or decision carrying `v1:` can never match and is stale for that reason, not because the version
 * changed.
 */
const PREFIX = 'v2:';

/** Whether a recorded version fingerprint was made by an older ReadyGate with another format. */
export function isOlderVersionFormat(fingerprint: string): boolean {
  return /^v\d+:/.test(fingerprint) && !fingerprint.startsWith(PREFIX);
}

/**
 * What QA's deciding evidence says for each current criterion, in order: `passed`, `failed` or `null` (none).
 * The same notion as the `qa.evidence` rule: evidence recorded in the QA role for the current AC fingerprint,
 * the newest per criterion decides, and a failure decides a tie. The fingerprint takes no policy or clock (the
 * gate and the pages must compute the same value), so it neither narrows QA to the policy's account ids nor
 * sets future-dated evidence apart: such evidence changing can only make a decision stale, never keep it fresh.
 */
function decidingOutcomes(story: Story, criteria: CriteriaSet): readonly ('passed' | 'failed' | null)[] {
  if (criteria.fingerprint === null) return [];
  const deciding = new Map<string, { at: number; result: 'passed' | 'failed' }>();
  for (const r of story.records) {
    if (r.kind !== 'qa.evidence' || r.acFingerprint !== criteria.fingerprint || r.by.role !== 'qa') continue;
    // An unreadable time cannot be ordered; it sorts first, so any readable evidence decides over it.
    const parsed = Date.parse(r.at);
    const at = Number.isNaN(parsed) ? Number.NEGATIVE_INFINITY : parsed;
    for (const id of r.covers) {
      const seen = deciding.get(id);
      if (seen === undefined || at > seen.at || (at === seen.at && r.result === 'failed'))
        deciding.set(id, { at, result: r.result });
    }
  }
  return criteria.criteria.map((c) => deciding.get(c.id)?.result ?? null);
}

/**
 * The fingerprint of a version's content: which issues it holds, their type, status category, business
 * severity, AC fingerprint and what QA's deciding evidence says per criterion. Sign-offs and the go decision
 * carry it; when it changes (an issue added, AC changed, evidence failed) they are stale.
 */
export function versionFingerprint(stories: readonly Story[]): string {
  const rows = stories
    .map((s) => {
      const criteria = extractCriteria(s);
      return [
        s.key,
        s.type,
        s.status.category,
        s.businessSeverity,
        criteria.fingerprint,
        decidingOutcomes(s, criteria),
      ];
    })
    .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
  return `${PREFIX}${createHash('sha256').update(canonicalJson(rows)).digest('hex').slice(0, 32)}`;
}
