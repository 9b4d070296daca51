import type { GherkinStep } from './types.js';

const SPACES = /\s+/g;

/** Whether a UTF-16 code unit is whitespace as `\s` defines it. */
export function isSpaceCode(c: number): boolean {
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) return true;
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const UNTIDY = /[^\S ]| {2}/;

/** Collapses runs of whitespace (NBSP and tabs included) to one space and trims. */
export function collapse(text: string): string {
  const n = text.length;
  if (n === 0) return text;
  // Nearly every line is already tidy; proving it with one simple native test is cheaper than rewriting it.
  const tidy = !isSpaceCode(text.charCodeAt(0)) && !isSpaceCode(text.charCodeAt(n - 1)) && !UNTIDY.test(text);
  return tidy ? text : text.replace(SPACES, ' ').trim();
}

/** Whether text has any non-whitespace character. */
export function hasText(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isSpaceCode(text.charCodeAt(i))) return true;
  return false;
}

const HAS_INLINE_MARKUP = /[*_`\\[~]/;
const STRONG = /\*\*|__/g;
// Struck-through text is deleted text, so it goes with its markers. [^~]+ cannot run past the next tilde,
// so every stretch is scanned once: linear on any run of tildes.
const STRIKE = /~~[^~]+~~/g;
// A lone * or _ opening (after start, space or bracket) or closing (before end, space or punctuation) a word:
// snake_case and 5 * 3 keep theirs.
const EMPHASIS = /(^|[\s([{"'])[*_](?=\S)|(?<=\S)[*_](?=$|[\s)\]}.,;:!?"'])/g;
const ESCAPE = /\\([\\`*_{}[\]()#+\-.!|>~])/g;

/**
 * Replaces `[text](url)` and `![alt](url)` by their text. A scan, because the obvious regex is quadratic on
 * lines such as `[a](` repeated: a failed search for `)` is remembered so no stretch is searched twice.
 */
function stripLinks(text: string): string {
  if (!text.includes('](')) return text;
  let out = '';
  let copied = 0;
  let open = -1;
  let failedUpTo = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b) {
      open = i;
    } else if (c === 0x5d && open !== -1 && text.charCodeAt(i + 1) === 0x28) {
      let close = -1;
      if (i + 2 > failedUpTo) {
        let j = i + 2;
        while (j < text.length && text.charCodeAt(j) !== 0x29 && !isSpaceCode(text.charCodeAt(j))) j++;
        if (text.charCodeAt(j) === 0x29) close = j;
        else failedUpTo = j;
      }
      if (close !== -1) {
        const start = open > 0 && text.charCodeAt(open - 1) === 0x21 ? open - 1 : open;
        out += text.slice(copied, start) + text.slice(open + 1, i);
        copied = close + 1;
        i = close;
      }
      open = -1;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * Removes markdown inline markup (emphasis, code spans, links, escapes) so that markdown text reads like
 * the same ADF text, whose formatting lives in marks. Struck-through text (`~~x~~`) is removed with its
 * markers, as ADF's `strike` text is.
 */
export function stripInlineMarkdown(text: string): string {
  if (!HAS_INLINE_MARKUP.test(text)) return text;
  return stripLinks(text.includes('~~') ? text.replace(STRIKE, '') : text)
    .replace(STRONG, '')
    .replace(EMPHASIS, '$1')
    .replaceAll('`', '')
    .replace(ESCAPE, '$1');
}

const CURLY = /[\u2018\u2019\u201c\u201d]/g;
const HAS_CURLY = /[\u2018\u2019\u201c\u201d]/;

function isTrailing(c: number): boolean {
  return (
    c === 0x20 ||
    c === 0x2e ||
    c === 0x2c ||
    c === 0x3b ||
    c === 0x3a ||
    c === 0x21 ||
    c === 0x3f ||
    c === 0x2026
  );
}

/** Where the comparison form of collapsed text ends: trailing spaces and punctuation do not count. */
function normalisedEnd(text: string): number {
  // A loop, not /[.,;…]+$/: that regex is quadratic on long runs of punctuation inside the text.
  let end = text.length;
  while (end > 0 && isTrailing(text.charCodeAt(end - 1))) end--;
  return end;
}

function normaliseCollapsed(text: string): string {
  let t = text.toLowerCase();
  if (HAS_CURLY.test(t)) t = t.replace(CURLY, (c) => (c === '\u2018' || c === '\u2019' ? "'" : '"'));
  const end = normalisedEnd(t);
  return end === t.length ? t : t.slice(0, end);
}

/** The comparison form of a piece of criterion text: collapsed, lower case, straight quotes, no trailing punctuation. */
export function normaliseText(text: string): string {
  return normaliseCollapsed(collapse(text));
}

/** The comparison form of a whole criterion, steps included: equal keys mean the same criterion. */
export function criterionKey(text: string, steps: readonly GherkinStep[]): string {
  let key = normaliseText(text);
  for (const step of steps) key += `\n${step.keyword.toLowerCase()} ${normaliseText(step.text)}`;
  return key;
}

/** The comparison form of a criterion's own text when it is already collapsed. */
export function collapsedTextKey(text: string): string {
  return normaliseCollapsed(text);
}

// The keywords' comparison form, written out: toLowerCase() would build a new string for every step read.
const LOWER_KEYWORD = {
  Given: 'given',
  When: 'when',
  Then: 'then',
  And: 'and',
  But: 'but',
} as const satisfies Record<GherkinStep['keyword'], string>;

/** {@link criterionKey} from the text's key and steps that are already collapsed (the parsers' output). */
export function appendStepKeys(textKey: string, steps: readonly GherkinStep[]): string {
  let key = textKey;
  for (const step of steps) key += `\n${LOWER_KEYWORD[step.keyword]} ${normaliseCollapsed(step.text)}`;
  return key;
}

/**
 * 32-bit FNV-1a over UTF-16 code units, as an unsigned number: cheap and stable enough for criterion ids (the
 * fingerprint, which must resist forgery, uses SHA-256). See {@link criterionIdOf} for its text form.
 */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The character code of a hex digit 0–15, lower case. */
function hexCode(digit: number): number {
  return digit < 10 ? 0x30 + digit : 0x57 + digit;
}

/** `ac-` and a 32-bit hash as 8 hex digits: a criterion's id (before any `-2` of a repeat). */
export function criterionIdOf(hash: number): string {
  // One string built from char codes: `ac-${hash.toString(16).padStart(8, '0')}` costs about six times more
  // (toString(16) of a number above 2^31 takes V8's slow path), and this runs for every criterion read.
  return String.fromCharCode(
    0x61,
    0x63,
    0x2d,
    hexCode((hash >>> 28) & 15),
    hexCode((hash >>> 24) & 15),
    hexCode((hash >>> 20) & 15),
    hexCode((hash >>> 16) & 15),
    hexCode((hash >>> 12) & 15),
    hexCode((hash >>> 8) & 15),
    hexCode((hash >>> 4) & 15),
    hexCode(hash & 15),
  );
}

/**
 * {@link fnv1a} of a criterion key, or `-1` when its first `textLength` characters (the criterion text's
 * part) show the text was not collapsed: a space first, two spaces, or a tab, newline or NBSP. Checking
 * while hashing saves a separate pass over every criterion's text.
 */
export function hashTidyKey(key: string, textLength: number): number {
  let h = 0x811c9dc5;
  let prevSpace = true;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (i < textLength) {
      if (c === 0x20) {
        if (prevSpace) return -1;
        prevSpace = true;
      } else if (c < 0x20 ? c >= 0x09 && c <= 0x0d : c >= 0xa0 && isSpaceCode(c)) {
        return -1;
      } else {
        prevSpace = false;
      }
    }
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h >>> 0;
}

/** Whether normalised text has nothing a reader could verify (no letter or digit). */
export function isBlank(normalised: string): boolean {
  const c = normalised.charCodeAt(0);
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) return false;
  return !/[\p{L}\p{N}]/u.test(normalised);
}
