import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';
import { extractCriteria } from '../criteria/index.js';
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
 * The fingerprint of a version's content: which issues it holds, their type, status category, business
 * severity and AC fingerprint. Sign-offs and the go decision carry it; when it changes they are stale.
 */
export function versionFingerprint(stories: readonly Story[]): string {
  const rows = stories
    .map((s) => [s.key, s.type, s.status.category, s.businessSeverity, extractCriteria(s).fingerprint])
    .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
  return `${PREFIX}${createHash('sha256').update(canonicalJson(rows)).digest('hex').slice(0, 32)}`;
}
