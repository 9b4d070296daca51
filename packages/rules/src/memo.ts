import type { CriteriaMemo } from './criteria/extract.js';
import type { GateMemo } from './gates/story-rules.js';

/**
 * What the rules work out once per story object and share between calls: its acceptance criteria (every gate
 * reads them) and what the gates derive from them (approval, evidence, facts). Each slot remembers the inputs
 * it was worked out from, so a story whose fields are replaced is worked out again.
 */
export interface StoryMemo {
  criteria?: CriteriaMemo;
  gates?: GateMemo;
}

// One WeakMap, one entry per story: each WeakMap entry is work for every garbage collection while the story
// lives, so separate caches per concern cost more than the work they save.
const memos = new WeakMap<object, StoryMemo>();

/** The memo of a story object, created empty on first use. */
export function memoOf(story: object): StoryMemo {
  let memo = memos.get(story);
  if (memo === undefined) {
    memo = {};
    memos.set(story, memo);
  }
  return memo;
}
