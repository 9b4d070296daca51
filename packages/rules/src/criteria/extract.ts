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

const EMPTY: Built = { criteria: [], keys: [], unread: [] };

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
 * `none`. Treat the result as read-only: the same set is shared by every caller for the same story.
 * Never throws, whatever the rich text holds.
 */
export function extractCriteria(story: CriteriaSource): CriteriaSet {
  if (typeof story !== 'object' || (story as unknown) === null)
    return { source: 'none', criteria: [], fingerprint: null };
  return criteriaWithKeys(story).set;
}

interface Cached extends KeyedCriteria {
  readonly acceptanceCriteria: RichText | null;
  readonly description: RichText | null;
}

// The one cache of the rules, for the benchmark (pnpm bench): judging the same stories with several gates
// (ready, done and merge, or a sprint's ready rules and then its done rules) parses each story's rich text
// once instead of once per gate, which saves about half of the judging time. Keyed by the story object and
// checked against its two fields, so a story whose fields are replaced is read again.
const cache = new WeakMap<object, Cached>();

/** {@link extractCriteria} with each criterion's comparison key: the lint compares keys. */
export function criteriaWithKeys(story: CriteriaSource): KeyedCriteria {
  const known = cache.get(story);
  if (
    known !== undefined &&
    known.acceptanceCriteria === story.acceptanceCriteria &&
    known.description === story.description
  )
    return known;
  const { set, keys } = compute(story);
  const fresh: Cached = {
    acceptanceCriteria: story.acceptanceCriteria,
    description: story.description,
    set,
    keys,
  };
  cache.set(story, fresh);
  return fresh;
}

/** A criteria set, with `unread` only when there is something to flag. */
function setOf(source: CriteriaSet['source'], built: Built): CriteriaSet {
  const set: CriteriaSet =
    source === 'none'
      ? { source, criteria: [], fingerprint: null }
      : { source, criteria: built.criteria, fingerprint: fingerprintKeys(built.keys) };
  if (built.unread.length > 0) set.unread = built.unread;
  return set;
}

function compute(story: CriteriaSource): KeyedCriteria {
  const field = parse(story.acceptanceCriteria, false);
  if (hasText(field)) return { set: setOf('field', field), keys: field.keys };
  const description = parse(story.description, true);
  if (hasText(description)) return { set: setOf('description', description), keys: description.keys };
  return { set: setOf('none', description), keys: [] };
}
