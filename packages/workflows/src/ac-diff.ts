import type { CriterionSnapshot } from './record-store.js';
import type { AcChanges } from './results.js';

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

/** Share of words two texts have in common (Jaccard), 0..1. */
function similarity(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  if (wa.size === 0 && wb.size === 0) return 1;
  let common = 0;
  for (const w of wa) if (wb.has(w)) common++;
  return common / (wa.size + wb.size - common);
}

/** Below this share of common words, a removed and an added criterion are two changes, not one rewording. */
const REWORDED_MIN = 0.4;

/**
 * What changed from one AC version to another. Criteria ids are hashes of the normalised text, so an id present in
 * both is unchanged; a removed and an added criterion that share most of their words count as one rewording
 * (best pairs first), the rest as removed and added.
 */
export function diffCriteria(
  before: readonly CriterionSnapshot[],
  after: readonly CriterionSnapshot[],
): AcChanges {
  const beforeIds = new Set(before.map((c) => c.id));
  const afterIds = new Set(after.map((c) => c.id));
  const removed = before.filter((c) => !afterIds.has(c.id));
  const added = after.filter((c) => !beforeIds.has(c.id));
  const pairs: { r: number; a: number; score: number }[] = [];
  removed.forEach((r, ri) => {
    added.forEach((a, ai) => {
      const score = similarity(r.text, a.text);
      if (score >= REWORDED_MIN) pairs.push({ r: ri, a: ai, score });
    });
  });
  pairs.sort((x, y) => y.score - x.score || x.r - y.r || x.a - y.a);
  const usedR = new Set<number>();
  const usedA = new Set<number>();
  const reworded: { from: string; to: string }[] = [];
  for (const p of pairs) {
    if (usedR.has(p.r) || usedA.has(p.a)) continue;
    usedR.add(p.r);
    usedA.add(p.a);
    reworded.push({ from: removed[p.r]?.text ?? '', to: added[p.a]?.text ?? '' });
  }
  return {
    added: added.filter((_, i) => !usedA.has(i)).map((c) => c.text),
    removed: removed.filter((_, i) => !usedR.has(i)).map((c) => c.text),
    reworded,
    known: true,
  };
}

/** `1 reworded, 1 added` — or `changed` when nothing specific is known. */
export function summariseChanges(c: AcChanges): string {
  const parts: string[] = [];
  if (c.reworded.length > 0) parts.push(`${c.reworded.length} reworded`);
  if (c.added.length > 0) parts.push(`${c.added.length} added`);
  if (c.removed.length > 0) parts.push(`${c.removed.length} removed`);
  return parts.length > 0 ? parts.join(', ') : 'reordered or reformatted';
}
