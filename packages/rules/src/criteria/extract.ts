import { adfCriteria } from './adf.js';
import type { Built } from './builder.js';
import { fingerprintKeys } from './fingerprint.js';
import { markdownCriteria } from './markdown.js';
import { isBlank } from './normalise.js';
import type { RichText } from '../story.js';
import type { CriteriaSet } from './types.js';

/** The parts of a story that hold acceptance criteria. */
export interface CriteriaSource {
  acceptanceCriteria: RichText | null;
  description: RichText | null;
}

/** A story's criteria with their comparison keys. */
export interface KeyedCriteria {
  readonly set: CriteriaSet;
  /** The comparison key of each criterion of `set` (see `criterionKey`), in order. */
  readonly keys: readonly string[];
}

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
 * `none`.
 * Never throws, whatever the rich text holds.
 */
export function extractCriteria(story: CriteriaSource): CriteriaSet {
  if (typeof story !== 'object' || (story as unknown) === null)
    return { source: 'none', criteria: [], fingerprint: null };
  return criteriaWithKeys(story).set;
}

/** {@link extractCriteria} with each criterion's comparison key: the lint compares keys. */
export function criteriaWithKeys(story: CriteriaSource): KeyedCriteria {
  return compute(story);
}

function compute(story: CriteriaSource): KeyedCriteria {
  const field = parse(story.acceptanceCriteria, false);
  if (hasText(field)) {
    return {
      set: { source: 'field', criteria: field.criteria, fingerprint: fingerprintKeys(field.keys) },
      keys: field.keys,
    };
  }
  const description = parse(story.description, true);
  if (hasText(description)) {
    return {
      set: {
        source: 'description',
        criteria: description.criteria,
        fingerprint: fingerprintKeys(description.keys),
      },
      keys: description.keys,
    };
  }
  return { set: { source: 'none', criteria: [], fingerprint: null }, keys: [] };
}
