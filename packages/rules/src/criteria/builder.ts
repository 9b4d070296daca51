import { isHeader, isScenarioContinuation, isStep, matchHeader, matchStep } from './gherkin.js';
import { parseListMarker } from './list-marker.js';
import {
  appendStepKeys,
  collapse,
  collapsedTextKey,
  criterionIdOf,
  fnv1a,
  hashTidyKey,
} from './normalise.js';
import type { Criterion, CriterionKind, GherkinStep, UnreadContent } from './types.js';

/** Where a line came from, so a lone step that is not a scenario after all becomes that kind of criterion. */
export interface Origin {
  kind: 'paragraph' | 'item' | 'task';
  checked: boolean | undefined;
}

const PARAGRAPH: Origin = { kind: 'paragraph', checked: undefined };

interface OpenScenario {
  /** `Scenario: …` title, or null for loose steps without a header. */
  header: string | null;
  steps: GherkinStep[];
  origins: Origin[];
  /** Whether a step other than Given/And was seen: kept as a flag, as searching the steps on each new one is quadratic. */
  pastGiven: boolean;
}

/** What a parser produced: the criteria and, in the same order, their comparison keys. */
export interface Built {
  criteria: Criterion[];
  keys: string[];
  /** What the lint should flag (see {@link UnreadContent}); empty for most documents. */
  unread: UnreadContent[];
}

const SHOULD_MUST = /\b(?:should|must|shall)\b/i;

/** Appends every item of `from` to `into`: `into.push(...from)` overflows the call stack past ~100,000 items. */
export function appendAll(into: string[], from: readonly string[]): void {
  for (const item of from) into.push(item);
}

function isLowerStart(line: string): boolean {
  const c = line.charCodeAt(0);
  return c >= 0x61 && c <= 0x7a;
}

/**
 * Collects criteria from the blocks the ADF and markdown walkers feed it, so both formats share one idea of
 * Gherkin, items and paragraphs and therefore give the same ids and fingerprint for the same criteria.
 * Scenarios may span blocks (Jira users often press Enter after each step), so one stays open until a
 * block that cannot continue it arrives.
 */
export class CriteriaBuilder {
  private readonly criteria: Criterion[] = [];
  private readonly keys: string[] = [];
  private readonly seen = new Map<number, number>();
  private open: OpenScenario | null = null;
  private readonly notes: UnreadContent[] = [];
  private strays = 0;
  private strayExample = '';

  /** Whether a scenario is open, so `And`/`But` lines and example tables continue it. */
  get scenarioOpen(): boolean {
    return this.open !== null;
  }

  emit(kind: CriterionKind, rawText: string, steps: GherkinStep[], checked: boolean | undefined): void {
    let text = rawText;
    let textKey = collapsedTextKey(text);
    let key = appendStepKeys(textKey, steps);
    // Steps were collapsed when read. The text is checked while hashing; where its key is shorter (trailing
    // punctuation cut off) that check cannot see everything, so collapse() decides.
    let hash = textKey.length === text.length ? hashTidyKey(key, textKey.length) : -1;
    if (hash === -1) {
      const tidy = collapse(text);
      if (tidy !== text) {
        text = tidy;
        textKey = collapsedTextKey(text);
        key = appendStepKeys(textKey, steps);
      }
      hash = fnv1a(key);
    }
    // Keyed by the hash (a number: no string built or hashed again), not the text: equal texts share it, and
    // a rare collision only adds a suffix. As a signed 32-bit number, a small integer to V8 rather than a
    // boxed one for the half of the hashes above 2^31.
    const slot = hash | 0;
    const count = (this.seen.get(slot) ?? 0) + 1;
    this.seen.set(slot, count);
    const id = count === 1 ? criterionIdOf(hash) : `${criterionIdOf(hash)}-${count}`;
    // Two literal shapes rather than adding `checked` afterwards: one object shape per kind keeps every
    // later read of a criterion fast.
    const criterion: Criterion =
      checked === undefined ? { id, text, kind, steps } : { id, text, kind, steps, checked };
    this.criteria.push(criterion);
    this.keys.push(key);
  }

  private emitAs(origin: Origin, text: string): void {
    this.emit(origin.kind, text, [], origin.kind === 'task' ? (origin.checked ?? false) : undefined);
  }

  header(title: string): void {
    this.close();
    this.open = { header: title, steps: [], origins: [], pastGiven: false };
  }

  /** Adds a step; returns false for an `And`/`But` with no scenario to continue (the caller treats it as text). */
  step(step: GherkinStep, origin: Origin): boolean {
    const open = this.open;
    if (open === null && (step.keyword === 'And' || step.keyword === 'But')) return false;
    const text = collapse(step.text);
    const tidy = text === step.text ? step : { keyword: step.keyword, text };
    // Loose Given/When/Then runs often hold several scenarios back to back; a new Given starts the next one.
    const pastGiven = step.keyword !== 'Given' && step.keyword !== 'And';
    if (open === null || (open.header === null && step.keyword === 'Given' && open.pastGiven)) {
      this.close();
      this.open = { header: null, steps: [tidy], origins: [origin], pastGiven };
      return true;
    }
    open.steps.push(tidy);
    open.origins.push(origin);
    if (pastGiven) open.pastGiven = true;
    return true;
  }

  /** Appends a non-step line (an example table row, a wrapped step) to the open scenario. */
  continuation(line: string): void {
    const open = this.open;
    if (open === null) return;
    const text = collapse(line);
    const last = open.steps[open.steps.length - 1];
    if (last) last.text = `${last.text} ${text}`;
    else open.header = `${open.header ?? ''} ${text}`;
  }

  /**
   * Ends the open scenario. Loose steps count as a scenario only when they use at least two of
   * Given/When/Then; otherwise ("When the user saves, the form closes.") each is an ordinary criterion.
   */
  close(): void {
    const open = this.open;
    if (open === null) return;
    this.open = null;
    if (open.header !== null) {
      this.emit('scenario', open.header, open.steps, undefined);
      return;
    }
    let given = false;
    let when = false;
    let then = false;
    for (const s of open.steps) {
      if (s.keyword === 'Given') given = true;
      else if (s.keyword === 'When') when = true;
      else if (s.keyword === 'Then') then = true;
    }
    if (open.steps.length >= 2 && Number(given) + Number(when) + Number(then) >= 2) {
      this.emit('scenario', open.steps.map((s) => `${s.keyword} ${s.text}`).join(' '), open.steps, undefined);
      return;
    }
    for (let i = 0; i < open.steps.length; i++) {
      const s = open.steps[i];
      if (s !== undefined) this.emitAs(open.origins[i] ?? PARAGRAPH, `${s.keyword} ${s.text}`);
    }
  }

  /**
   * A paragraph's lines (split at hard breaks or newlines). Each line is a criterion, except that a line
   * starting in lower case continues the one before (wrapped text); Gherkin lines build scenarios.
   */
  paragraphLines(lines: readonly string[]): void {
    let pending = '';
    const flush = (): void => {
      if (pending !== '') this.emit('paragraph', pending, [], undefined);
      pending = '';
    };
    for (const raw of lines) {
      const line = raw.trim();
      if (line === '') continue;
      const header = matchHeader(line);
      if (header !== null) {
        flush();
        this.header(header);
        continue;
      }
      const step = matchStep(line, false);
      if (step !== null && (this.open !== null || (step.keyword !== 'And' && step.keyword !== 'But'))) {
        flush();
        this.step(step, PARAGRAPH);
        continue;
      }
      if (this.open !== null && isScenarioContinuation(line)) {
        this.continuation(line);
        continue;
      }
      const marker = parseListMarker(line);
      if (marker !== null) {
        flush();
        this.item(
          [[marker.content]],
          marker.task ? { kind: 'task', checked: marker.checked } : { kind: 'item', checked: undefined },
        );
        continue;
      }
      if (pending !== '' && isLowerStart(line)) {
        pending = `${pending} ${line}`;
        continue;
      }
      flush();
      this.close();
      pending = line;
    }
    flush();
  }

  /** A code block: Gherkin in it becomes scenarios; any other code is not a criterion. */
  codeLines(lines: readonly string[]): void {
    let gherkin = false;
    for (const raw of lines) {
      const line = raw.trim();
      if (isHeader(line) || isStep(line, true)) {
        gherkin = true;
        break;
      }
    }
    if (!gherkin) return;
    for (const raw of lines) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#') || line.startsWith('@')) continue;
      const header = matchHeader(line);
      if (header !== null) {
        this.header(header);
        continue;
      }
      const step = matchStep(line, true);
      if (step !== null && this.step(step, PARAGRAPH)) continue;
      // Lines before the first scenario (Feature:, narrative) are context, not criteria.
      this.continuation(line);
    }
    this.close();
  }

  /** A one-line item; `false` when it needs the general path (a blank line has none). */
  private singleLine(line: string, origin: Origin): boolean {
    const header = matchHeader(line);
    if (header !== null) {
      this.header(header);
      return true;
    }
    const step = matchStep(line, false);
    if (step !== null && this.step(step, origin)) return true;
    this.close();
    this.emitAs(origin, line);
    return true;
  }

  /**
   * One list or task item: `segments[0]` holds its own lines, each further segment the lines of one nested
   * item (depth-first). Nested items fold into the parent ("parent; child; child") unless the whole item is
   * a scenario.
   */
  item(segments: readonly (readonly string[])[], origin: Origin): void {
    const single = segments.length === 1 ? segments[0] : undefined;
    // Most items are one line: read it without gathering lines into an array first.
    if (single?.length === 1) {
      const line = (single[0] ?? '').trim();
      if (line !== '' && this.singleLine(line, origin)) return;
    }
    const lines: string[] = [];
    for (const segment of segments) {
      for (const raw of segment) {
        const line = raw.trim();
        if (line !== '') lines.push(line);
      }
    }
    const only = lines.length === 1 ? lines[0] : undefined;
    if (only !== undefined) {
      const header = matchHeader(only);
      if (header !== null) {
        this.header(header);
        return;
      }
      const step = matchStep(only, false);
      if (step !== null && this.step(step, origin)) return;
    }
    this.close();
    let firstGherkin = -1;
    let steps = 0;
    if (lines.length > 1) {
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i] ?? '';
        const header = isHeader(line);
        if (header || isStep(line, false)) {
          if (firstGherkin === -1) firstGherkin = i;
          if (header) steps += 2;
          else steps++;
        }
      }
    }
    if (steps < 2) {
      if (segments.length === 1) {
        this.emitAs(origin, lines.join(' '));
        return;
      }
      let text = '';
      for (const segment of segments) {
        const part = segment.join(' ').trim();
        if (part === '') continue;
        // "A dependent needs: name; date of birth" reads better than "needs:; name".
        text = text === '' ? part : `${text}${text.endsWith(':') ? ' ' : '; '}${part}`;
      }
      this.emitAs(origin, text);
      return;
    }
    if (firstGherkin > 0) this.emitAs(origin, lines.slice(0, firstGherkin).join(' '));
    for (let i = firstGherkin; i < lines.length; i++) {
      const line = lines[i] ?? '';
      const header = matchHeader(line);
      if (header !== null) {
        this.header(header);
        continue;
      }
      const step = matchStep(line, false);
      if (step !== null && this.step(step, origin)) continue;
      this.continuation(line);
    }
    this.close();
  }

  /** Notes content the lint should flag. */
  unread(reason: UnreadContent['reason'], count: number, example: string): void {
    this.notes.push({ reason, count, example: collapse(example) });
  }

  /**
   * Lines outside the AC section: counted for the lint when they are written as criteria (a Gherkin step or
   * scenario, or for a list item "should"/"must"/"shall").
   */
  straysOf(lines: readonly string[], isItem: boolean): void {
    let first = '';
    for (const line of lines) {
      const t = line.trim();
      if (t !== '') {
        first = t;
        break;
      }
    }
    if (first === '') return;
    const step = matchStep(first, false);
    const gherkin =
      matchHeader(first) !== null || (step !== null && step.keyword !== 'And' && step.keyword !== 'But');
    if (!gherkin && !(isItem && lines.some((l) => SHOULD_MUST.test(l)))) return;
    if (this.strays === 0) this.strayExample = first;
    this.strays++;
  }

  finish(): Built {
    this.close();
    if (this.strays > 0) this.unread('outside-section', this.strays, this.strayExample);
    return { criteria: this.criteria, keys: this.keys, unread: this.notes };
  }
}
