import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';
import { extractCriteria } from '../criteria/index.js';
import type { Story } from '../story.js';

/**
 * The fingerprint of a version's content: which issues it holds, their type, status category, business
 * severity and AC fingerprint. Sign-offs and the go decision carry it; when it changes they are stale.
 */
export function versionFingerprint(stories: readonly Story[]): string {
  const rows = stories
    .map((s) => [s.key, s.type, s.status.category, s.businessSeverity, extractCriteria(s).fingerprint])
    .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
  return `v1:${createHash('sha256').update(canonicalJson(rows)).digest('hex').slice(0, 32)}`;
}
