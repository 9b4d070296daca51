import { appendAll, CriteriaBuilder } from './builder.js';
import type { Built, Origin } from './builder.js';
import { parseListMarker } from './list-marker.js';
import { stripInlineMarkdown } from './normalise.js';
import { classifyLabel, SectionTracker } from './section.js';
import type { Criterion, CriteriaParseOptions } from './types.js';

const LINE_BREAK = /\r\n?|\n/;
// The closing #s are trimmed in code: a lazy (.*?) before [ #]*$ would be quadratic on long lines.
const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/;
const WIKI_HEADING = /^ {0,3}h([1-6])\.[ \t]+(.*)$/;
const FENCE = /^( *)(`{3,}|~{3,})/;
const TABLE_SEPARATOR = /^[\s|:-]+$/;

function indentOf(line: string): number {
  let n = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x20) n += 1;
    else if (c === 0x09) n += 4;
    else break;
  }
  return n;
}

/**
 * A thematic break: up to three spaces, then three or more of the same `-`, `*` or `_`, spaces and tabs
 * between. A scan, not /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/: a repeated group makes the regex engine
 * recurse per repetition, which overflows the stack (RangeError) on a 5 MB line of underscores.
 */
function isRule(line: string): boolean {
  let i = 0;
  while (i < 3 && line.charCodeAt(i) === 0x20) i++;
  const mark = line.charCodeAt(i);
  if (mark !== 0x2d && mark !== 0x2a && mark !== 0x5f) return false;
  let count = 0;
  for (; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === mark) count++;
    else if (c !== 0x20 && c !== 0x09) return false;
  }
  return count >= 3;
}

function trimClosingHashes(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 0x23 || text.charCodeAt(end - 1) === 0x20)) end--;
  return text.slice(0, end);
}

function isBoldLine(line: string): boolean {
  return (
    (line.startsWith('**') && (line.endsWith('**') || line.endsWith('**:'))) ||
    (line.startsWith('__') && line.endsWith('__'))
  );
}

interface OpenItem {
  indent: number;
  segments: string[][];
  origin: Origin;
  active: boolean;
}

/** Reads markdown or plain text line by line, feeding the section tracker and the builder. */
class MarkdownWalker {
  private readonly builder = new CriteriaBuilder();
  private readonly section: SectionTracker;
  private paragraph: string[] = [];
  private paragraphBold = false;
  private item: OpenItem | null = null;
  private blankBefore = false;

  constructor(sectionMode: boolean) {
    this.section = new SectionTracker(sectionMode);
  }

  run(text: string): Built {
    const lines = text.split(LINE_BREAK);
    for (let i = 0; i < lines.length; i++) {
      const raw = lines[i] ?? '';
      const trimmed = raw.trim();
      if (trimmed === '') {
        // Looking ahead only when a paragraph waits: every blank line looking past the blank lines after it
        // is quadratic in a long run of them.
        if (this.paragraph.length > 0) this.flushParagraph(this.nextIsList(lines, i + 1));
        this.blankBefore = true;
        continue;
      }
      const fence = FENCE.exec(raw);
      if (fence !== null) {
        i = this.fenced(lines, i, fence[2] ?? '```', (fence[1] ?? '').length);
        this.blankBefore = false;
        continue;
      }
      const first = trimmed.charCodeAt(0);
      if (first === 0x23 || first === 0x68) {
        const heading = ATX_HEADING.exec(raw) ?? WIKI_HEADING.exec(raw);
        if (heading !== null) {
          this.flushAll();
          this.builder.close();
          const level = heading[1]?.startsWith('#') ? heading[1].length : Number(heading[1]);
          this.section.heading(level, stripInlineMarkdown(trimClosingHashes(heading[2] ?? '')));
          this.blankBefore = false;
          continue;
        }
      }
      if ((first === 0x2d || first === 0x2a || first === 0x5f) && isRule(raw)) {
        this.flushAll();
        this.builder.close();
        this.section.rule();
        this.blankBefore = false;
        continue;
      }
      const marker = parseListMarker(raw);
      if (marker !== null) {
        this.flushParagraph(true);
        const content = stripInlineMarkdown(marker.content);
        if (this.item !== null && marker.indent > this.item.indent) {
          this.item.segments.push([content]);
        } else {
          this.flushItem();
          const origin: Origin = marker.task
            ? { kind: 'task', checked: marker.checked }
            : { kind: 'item', checked: undefined };
          this.item = { indent: marker.indent, segments: [[content]], origin, active: this.section.active };
        }
        this.blankBefore = false;
        continue;
      }
      const item = this.item;
      if (
        item !== null &&
        (indentOf(raw) > item.indent || !this.blankBefore) &&
        classifyLabel(trimmed) === null
      ) {
        item.segments[item.segments.length - 1]?.push(stripInlineMarkdown(trimmed));
        this.blankBefore = false;
        continue;
      }
      this.flushItem();
      if (first === 0x7c && this.paragraph.length === 0 && !this.builder.scenarioOpen) {
        i = this.table(lines, i);
        this.blankBefore = false;
        continue;
      }
      if (this.paragraph.length === 0) this.paragraphBold = isBoldLine(trimmed);
      this.paragraph.push(stripInlineMarkdown(trimmed));
      this.blankBefore = false;
    }
    this.flushAll();
    return this.builder.finish();
  }

  private nextIsList(lines: readonly string[], from: number): boolean {
    for (let i = from; i < lines.length; i++) {
      const line = lines[i] ?? '';
      if (line.trim() !== '') return parseListMarker(line) !== null;
    }
    return false;
  }

  private flushParagraph(nextIsList: boolean): void {
    if (this.paragraph.length === 0) return;
    const lines = this.paragraph;
    this.paragraph = [];
    const content = this.section.paragraph(lines, this.paragraphBold, nextIsList);
    if (content !== null) this.builder.paragraphLines(content);
    else if (!this.section.active) this.builder.straysOf(lines, false);
  }

  private flushItem(): void {
    const item = this.item;
    if (item === null) return;
    this.item = null;
    if (item.active) this.builder.item(item.segments, item.origin);
    else this.builder.straysOf(item.segments.flat(), true);
  }

  private flushAll(): void {
    this.flushParagraph(false);
    this.flushItem();
  }

  /** Reads a fenced code block; returns the index of its last line. */
  private fenced(lines: readonly string[], start: number, fence: string, indent: number): number {
    const body: string[] = [];
    let i = start + 1;
    for (; i < lines.length; i++) {
      const line = lines[i] ?? '';
      const t = line.trimStart();
      if (t.startsWith(fence) && t.slice(fence.length).trim() === '') break;
      body.push(line);
    }
    const item = this.item;
    if (item !== null && indent > item.indent) {
      const last = item.segments[item.segments.length - 1];
      if (last !== undefined) appendAll(last, body);
    } else {
      this.flushAll();
      if (this.section.active) this.builder.codeLines(body);
    }
    return Math.min(i, lines.length - 1);
  }

  /** A pipe table: each body row is a criterion (cells joined with " | "); returns the index of its last line. */
  private table(lines: readonly string[], start: number): number {
    let end = start;
    while (end + 1 < lines.length && (lines[end + 1] ?? '').trimStart().startsWith('|')) end++;
    const hasHeader = end > start && TABLE_SEPARATOR.test(lines[start + 1] ?? '');
    if (!this.section.active) return end;
    this.builder.close();
    for (let i = hasHeader ? start + 2 : start; i <= end; i++) {
      const cells = (lines[i] ?? '')
        .split('|')
        .map((c) => stripInlineMarkdown(c.trim()))
        .filter((c) => c !== '');
      if (cells.length > 0) this.builder.emit('item', cells.join(' | '), [], undefined);
    }
    return end;
  }
}

/**
 * Reads acceptance criteria from markdown or plain text: ATX (`#`) and Jira wiki (`h2.`) headings, lead-in
 * lines, `-`/`*`/`+`/`1.`/`1)` lists, `- [ ]`/`- [x]` task lists, nested lists (folded into their parent),
 * fenced code blocks with Gherkin and Gherkin in plain lines. Never throws.
 *
 * @param text - The markdown or plain text.
 * @param options - `section: true` reads only the "Acceptance criteria" section; `false` reads all of it.
 */
export function criteriaFromMarkdown(text: string, options: CriteriaParseOptions): Criterion[] {
  return markdownCriteria(text, options.section).criteria;
}

/** {@link criteriaFromMarkdown} with the comparison keys, for the fingerprint. */
export function markdownCriteria(text: string, sectionMode: boolean): Built {
  return new MarkdownWalker(sectionMode).run(typeof text === 'string' ? text : '');
}
