import { adfCriteria } from './adf.js';
import type { Built } from './builder.js';
import { fingerprintKeys } from './fingerprint.js';
import { markdownCriteria } from './markdown.js';
import { isBlank, rememberKeys } from './normalise.js';
import type { RichText } from '../story.js';
import type { CriteriaSet } from './types.js';

/** The parts of a story that hold acceptance criteria. */
export interface CriteriaSource {
  acceptanceCriteria: RichText | null;
  description: RichText | null;
}

interface CacheEntry {
  acceptanceCriteria: RichText | null;
  description: RichText | null;
  set: CriteriaSet;
}

// Several gates ask for the same story's criteria; parse once per story object. The entry remembers the
// inputs it was built from, so a story whose fields are replaced is parsed again.
const cache = new WeakMap<object, CacheEntry>();

const EMPTY: Built = { criteria: [], keys: [] };

function parse(text: RichText | null, sectionMode: boolean): Built {
  // Typed input, but stories also arrive from storage and tests: check the shape rather than trust it.
  const rich = text as { format?: unknown; doc?: unknown; text?: unknown } | null;
  if (typeof rich !== 'object' || rich === null) return EMPTY;
  if (rich.format === 'adf') return adfCriteria(rich.doc, sectionMode);
  if (rich.format === 'markdown' && typeof rich.text === 'string')
    return markdownCriteria(rich.text, sectionMode);
  return EMPTY;
}

function hasText(built: Built): boolean {
  return built.keys.some((key) => !isBlank(key));
}

/**
 * The acceptance criteria of a story: the dedicated AC field when it has any criterion with text
 * (`source: 'field'`, the whole field), else the "Acceptance criteria" section of the description
 * (`source: 'description'`), else none. Criteria without text (an empty bullet) are kept for the lint, but a
 * source holding only such criteria counts as empty, so `fingerprint` is `null` exactly when `source` is
 * `none`. Results are cached per story object, so every gate can call it.
 * Never throws, whatever the rich text holds.
 */
export function extractCriteria(story: CriteriaSource): CriteriaSet {
  if (typeof story !== 'object' || (story as unknown) === null)
    return { source: 'none', criteria: [], fingerprint: null };
  const cached = cache.get(story);
  if (
    cached !== undefined &&
    cached.acceptanceCriteria === story.acceptanceCriteria &&
    cached.description === story.description
  ) {
    return cached.set;
  }
  const set = compute(story);
  cache.set(story, { acceptanceCriteria: story.acceptanceCriteria, description: story.description, set });
  return set;
}

function compute(story: CriteriaSource): CriteriaSet {
  const field = parse(story.acceptanceCriteria, false);
  if (hasText(field)) {
    rememberKeys(field.criteria, field.keys);
    return { source: 'field', criteria: field.criteria, fingerprint: fingerprintKeys(field.keys) };
  }
  const description = parse(story.description, true);
  if (hasText(description)) {
    rememberKeys(description.criteria, description.keys);
    return {
      source: 'description',
      criteria: description.criteria,
      fingerprint: fingerprintKeys(description.keys),
    };
  }
  return { source: 'none', criteria: [], fingerprint: null };
}
