import { criterionKey, isBlank, normaliseText } from './normalise.js';
import type { Criterion, UnreadContent } from './types.js';

/**
 * What a lint found: a vague word, a scenario without a Then step, an empty criterion, a repeated criterion,
 * criteria-like items outside the AC section, AC content nested deeper than ReadyGate walks.
 */
export type CriteriaLintCode =
  'vague-word' | 'no-outcome' | 'empty' | 'duplicate' | 'outside-section' | 'too-deep';

/** One thing a tester could not verify in a criterion. */
export interface CriteriaLint {
  /** The criterion it is about; `null` for `outside-section` and `too-deep`, which are about the document. */
  criterionId: string | null;
  code: CriteriaLintCode;
  /** One line: which criterion, what is wrong, and how the BA fixes it. */
  message: string;
}

const SPEED_HINT = 'state a measurable outcome (e.g. "within 2 seconds")';
const USABILITY_HINT =
  'state an observable outcome (e.g. "in at most 3 clicks" or "without opening the help")';
const LIST_HINT = 'list every case explicitly';
const CONDITION_HINT = 'name the exact condition and result (e.g. "shows the message \'Email is required\'")';
const PLACEHOLDER_HINT = 'replace the placeholder with the actual requirement';
const RESULT_HINT = 'state the observable result a tester can check';

const HINTS: Readonly<Record<string, string>> = {
  fast: SPEED_HINT,
  quick: SPEED_HINT,
  quickly: SPEED_HINT,
  slow: SPEED_HINT,
  performant: SPEED_HINT,
  efficient: SPEED_HINT,
  efficiently: SPEED_HINT,
  'user-friendly': USABILITY_HINT,
  'user friendly': USABILITY_HINT,
  easy: USABILITY_HINT,
  easily: USABILITY_HINT,
  intuitive: USABILITY_HINT,
  intuitively: USABILITY_HINT,
  simple: USABILITY_HINT,
  straightforward: USABILITY_HINT,
  etc: LIST_HINT,
  'and so on': LIST_HINT,
  'and/or': LIST_HINT,
  'as appropriate': CONDITION_HINT,
  'as needed': CONDITION_HINT,
  'as required': CONDITION_HINT,
  'if necessary': CONDITION_HINT,
  appropriate: CONDITION_HINT,
  tbd: PLACEHOLDER_HINT,
  tbc: PLACEHOLDER_HINT,
  tba: PLACEHOLDER_HINT,
};

/**
 * Words and phrases a tester cannot verify. Matched as whole words, case-insensitively; pass your own list
 * to `lintCriteria` to replace it.
 */
export const DEFAULT_VAGUE_WORDS: readonly string[] = Object.freeze([
  ...Object.keys(HINTS),
  'robust',
  'seamless',
  'seamlessly',
  'should work',
  'properly',
  'adequate',
  'adequately',
  'reasonable',
  'reasonably',
  'sufficient',
  'flexible',
  'optimal',
]);

/** The fix for a vague word; a team's own word (even `constructor`) gets the general hint. */
function hintFor(word: string): string {
  return Object.hasOwn(HINTS, word) ? (HINTS[word] ?? RESULT_HINT) : RESULT_HINT;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const patterns = new WeakMap<readonly string[], RegExp | null>();

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `a|b|…` with the alternatives that begin alike grouped (`\\b(?:f(?:ast\\b|…)|…)`), so at each position the
 * engine tries one group instead of every word. Only alternatives with the same first token can match at the
 * same position, and their order within a group is kept, so the regex matches exactly what the flat one does.
 */
function groupByFirstChar(alternatives: readonly string[]): string {
  const groups = new Map<string, string[]>();
  for (const alt of alternatives) {
    // The first token: `\b` and then one character or one escape (`\\.`), or just that character or escape.
    const m = /^(\\b)?(\\.|[^\\])/.exec(alt);
    const head = m === null ? '' : m[0];
    const list = groups.get(head);
    if (list === undefined) groups.set(head, [alt.slice(head.length)]);
    else list.push(alt.slice(head.length));
  }
  const bounded: string[] = [];
  const parts: string[] = [];
  for (const [head, rests] of groups) {
    const group = rests.length === 1 ? `${head}${rests[0] ?? ''}` : `${head}(?:${rests.join('|')})`;
    if (group.startsWith('\\b')) bounded.push(group.slice(2));
    else parts.push(group);
  }
  // One \b in front of all the groups that need it: a position that is no word boundary fails one test rather
  // than one per group. Those groups begin with a word character and the others do not, so no two of them can
  // match at the same position and their order does not matter.
  if (bounded.length > 0) parts.unshift(`\\b(?:${bounded.join('|')})`);
  return parts.join('|');
}

/**
 * One alternation of literal words between letter/digit boundaries: linear, no backtracking blow-up. The words
 * are normalised like criterion keys (lower case, straight quotes, no trailing punctuation), since the lint
 * scans keys.
 */
function patternFor(words: readonly string[]): RegExp | null {
  const cached = patterns.get(words);
  if (cached !== undefined) return cached;
  const alternatives = words
    .map((w) => normaliseText(w))
    .filter((w) => w !== '')
    .sort((a, b) => b.length - a.length)
    .map(
      (w) => `${/^\w/.test(w) ? '\\b' : ''}${escape(w).replace(/ +/g, '\\s+')}${/\w$/.test(w) ? '\\b' : ''}`,
    );
  // \b lets the engine skip most positions fast; it only knows ASCII letters, so code checks the rest.
  const pattern = alternatives.length === 0 ? null : new RegExp(groupByFirstChar(alternatives), 'g');
  patterns.set(words, pattern);
  return pattern;
}

/** A criterion's text in quotes, cut at a word near 60 characters: only built for a criterion that has a problem. */
function quote(text: string): string {
  if (text.length <= 60) return `"${text}"`;
  const cut = text.lastIndexOf(' ', 57);
  return `"${text.slice(0, cut > 30 ? cut : 57).trimEnd()}…"`;
}

function hasMatch(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(text);
}

/**
 * The vague words in a criterion's comparison key: its text and steps, already lower case with whitespace
 * collapsed, so one scan covers the whole criterion.
 */
function vagueWordsIn(key: string, pattern: RegExp): string[] {
  const found: string[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(key); m !== null; m = pattern.exec(key)) {
    const end = m.index + m[0].length;
    if ((m.index > 0 && WORD_CHAR.test(key.charAt(m.index - 1))) || WORD_CHAR.test(key.charAt(end))) continue;
    const word = m[0].replace(/\s+/g, ' ');
    if (!found.includes(word)) found.push(word);
  }
  return found;
}

/**
 * Flags what a tester cannot verify: vague words (`vague-word`), a scenario without a Then step
 * (`no-outcome`), a criterion without text (`empty`) and a criterion that repeats an earlier one
 * (`duplicate`). Results follow the order of the criteria; each message names the criterion and the fix.
 *
 * Pass a criteria set's `unread` to flag criteria-like items outside the AC section and AC content nested
 * too deep.
 */
export function lintCriteria(criteria: readonly Criterion[], options?: LintOptions): CriteriaLint[] {
  return lintKeyed(
    criteria,
    criteria.map((c) => criterionKey(c.text, c.steps)),
    options,
  );
}

/** Options of {@link lintCriteria}. */
export interface LintOptions {
  /** Replaces {@link DEFAULT_VAGUE_WORDS} (for a team's own glossary). */
  readonly vagueWords?: readonly string[] | undefined;
  /** A criteria set's `unread` (see `extractCriteria`): flagged after the criteria's own problems. */
  readonly unread?: readonly UnreadContent[] | undefined;
}

function unreadLint(u: UnreadContent): CriteriaLint {
  if (u.reason === 'too-deep')
    return {
      criterionId: null,
      code: 'too-deep',
      message: `Part of the acceptance criteria is nested too deep to read as criteria (${quote(u.example)}) — BA: flatten the list so that each criterion is an item of its own.`,
    };
  const n = u.count;
  return {
    criterionId: null,
    code: 'outside-section',
    message: `${n === 1 ? '1 item' : `${n} items`} outside the "Acceptance criteria" section ${n === 1 ? 'is' : 'are'} written as criteria (${quote(u.example)}) — BA: move ${n === 1 ? 'it' : 'them'} under the "Acceptance criteria" heading, or reword ${n === 1 ? 'it' : 'them'} if not a criterion.`,
  };
}

/**
 * {@link lintCriteria} with the criteria's comparison keys already worked out (`keys[i]` is that of
 * `criteria[i]`). `parsed`: the criteria come straight from a parser, whose ids mark every repeat with a
 * suffix (`ac-1a2b3c4d-2`), so a set without a suffixed id needs no search for duplicates.
 */
export function lintKeyed(
  criteria: readonly Criterion[],
  keys: readonly string[],
  options?: LintOptions,
  parsed = false,
): CriteriaLint[] {
  const pattern = patternFor(options?.vagueWords ?? DEFAULT_VAGUE_WORDS);
  const lints: CriteriaLint[] = [];
  // The lint runs on every story the ready gate judges; most have no repeat, which their ids show.
  const seen = parsed && criteria.every((c) => c.id.length === 11) ? null : new Set<string>();
  for (let index = 0; index < criteria.length; index++) {
    const c = criteria[index];
    if (c === undefined) continue;
    const key = keys[index] ?? '';
    if (isBlank(key)) {
      lints.push({
        criterionId: c.id,
        code: 'empty',
        message: `Criterion ${index + 1} is empty — BA: write the criterion or delete the empty item.`,
      });
      continue;
    }
    if (seen?.has(key) === true) {
      lints.push({
        criterionId: c.id,
        code: 'duplicate',
        message: `${quote(c.text)} appears more than once — BA: delete the repeat or make each criterion distinct.`,
      });
    }
    seen?.add(key);
    // Most criteria hold no vague word: one test proves it, without the list vagueWordsIn builds.
    if (pattern !== null && hasMatch(pattern, key)) {
      for (const word of vagueWordsIn(key, pattern)) {
        lints.push({
          criterionId: c.id,
          code: 'vague-word',
          message: `${quote(c.text)} uses the vague word "${word}" — BA: ${hintFor(word)}.`,
        });
      }
    }
    if (
      c.kind === 'scenario' &&
      !c.text.startsWith('Background') &&
      !c.steps.some((s) => s.keyword === 'Then')
    ) {
      lints.push({
        criterionId: c.id,
        code: 'no-outcome',
        message: `${quote(c.text)} has no Then step — BA: add a Then step that states the observable result.`,
      });
    }
  }
  for (const u of options?.unread ?? []) lints.push(unreadLint(u));
  return lints;
}
