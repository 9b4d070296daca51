import type { GherkinStep } from './types.js';

// Most lines are already clean, so a cheap test guards the rewriting replace.
const UNTIDY_SPACE = /\s\s|[^\S ]|^\s|\s$/;
const SPACES = /\s+/g;

/** Collapses runs of whitespace (NBSP and tabs included) to one space and trims. */
export function collapse(text: string): string {
  return UNTIDY_SPACE.test(text) ? text.replace(SPACES, ' ').trim() : text;
}

const HAS_INLINE_MARKUP = /[*_`\\[]/;
const LINK = /!?\[([^\]]*)\]\([^)\s]*\)/g;
const STRONG = /\*\*|__/g;
// A lone * or _ opening (after start, space or bracket) or closing (before end, space or punctuation) a word:
// snake_case and 5 * 3 keep theirs.
const EMPHASIS = /(^|[\s([{"'])[*_](?=\S)|(?<=\S)[*_](?=$|[\s)\]}.,;:!?"'])/g;
const ESCAPE = /\\([\\`*_{}[\]()#+\-.!|>~])/g;

/**
 * Removes markdown inline markup (emphasis, code spans, links, escapes) so that markdown text reads like
 * the same ADF text, whose formatting lives in marks.
 */
export function stripInlineMarkdown(text: string): string {
  if (!HAS_INLINE_MARKUP.test(text)) return text;
  return text
    .replace(LINK, '$1')
    .replace(STRONG, '')
    .replace(EMPHASIS, '$1')
    .replaceAll('`', '')
    .replace(ESCAPE, '$1');
}

const TRAILING = new Set([' ', '.', ',', ';', ':', '!', '?', '…']);
const CURLY = /[\u2018\u2019\u201c\u201d]/g;
const HAS_CURLY = /[\u2018\u2019\u201c\u201d]/;

/** The comparison form of a piece of criterion text: collapsed, lower case, straight quotes, no trailing punctuation. */
export function normaliseText(text: string): string {
  let t = collapse(text).toLowerCase();
  if (HAS_CURLY.test(t)) t = t.replace(CURLY, (c) => (c === '\u2018' || c === '\u2019' ? "'" : '"'));
  // A loop, not /[.,;…]+$/: that regex is quadratic on long runs of punctuation inside the text.
  let end = t.length;
  while (end > 0 && TRAILING.has(t.charAt(end - 1))) end--;
  return end === t.length ? t : t.slice(0, end);
}

/** The comparison form of a whole criterion, steps included: equal keys mean the same criterion. */
export function criterionKey(text: string, steps: readonly GherkinStep[]): string {
  let key = normaliseText(text);
  for (const step of steps) key += `\n${step.keyword.toLowerCase()} ${normaliseText(step.text)}`;
  return key;
}

/** 32-bit FNV-1a over UTF-16 code units, as 8 hex digits: cheap and stable enough for criterion ids. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Whether normalised text has nothing a reader could verify (no letter or digit). */
export function isBlank(normalised: string): boolean {
  return !/[\p{L}\p{N}]/u.test(normalised);
}
