import { appendAll, CriteriaBuilder } from './builder.js';
import type { Built, Origin } from './builder.js';
import { hasText } from './normalise.js';
import { SectionTracker } from './section.js';
import type { Criterion, CriteriaParseOptions } from './types.js';

type AdfNode = Record<string, unknown>;

const NONE: readonly unknown[] = [];
// Jira documents are shallow; the cap only keeps hostile JSON from exhausting the stack. What lies deeper is
// still read (as flat text, without recursion, see deepText) and flagged by the lint: nothing a person sees
// in the AC may be invisible to the gate.
const MAX_DEPTH = 64;

/** What was found below MAX_DEPTH: how many places, and the first one's text for the lint's message. */
interface Deep {
  count: number;
  example: string;
}

/**
 * All the text under a node, one space between nodes, struck text left out. An explicit stack rather than
 * recursion, so any depth of nesting is read without exhausting the call stack.
 */
function deepText(root: AdfNode): string {
  const parts: string[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = asNode(stack.pop());
    if (node === null) continue;
    if (typeof node.text === 'string') {
      if (!isStruck(node)) parts.push(node.text);
      continue;
    }
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return parts.join(' ');
}

/** Reads what lies below MAX_DEPTH as text and counts it for the lint. */
function readDeep(node: AdfNode, deep: Deep): string {
  const text = deepText(node);
  if (hasText(text)) {
    if (deep.count === 0) deep.example = text;
    deep.count++;
  }
  return text;
}

function asNode(value: unknown): AdfNode | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as AdfNode) : null;
}

function childrenOf(node: AdfNode): readonly unknown[] {
  const content = node.content;
  return Array.isArray(content) ? content : NONE;
}

function attr(node: AdfNode, name: string): unknown {
  const attrs = asNode(node.attrs);
  return attrs === null ? undefined : attrs[name];
}

function attrText(node: AdfNode, name: string): string {
  const value = attr(node, name);
  return typeof value === 'string' ? value : '';
}

function hasMark(marks: unknown, type: string): boolean {
  if (!Array.isArray(marks)) return false;
  for (const mark of marks) if (asNode(mark)?.type === type) return true;
  return false;
}

/** Struck-through text is deleted text: it is not part of what a criterion says (striking "not" changes it). */
function isStruck(node: AdfNode): boolean {
  return hasMark(node.marks, 'strike');
}

function isList(type: unknown): boolean {
  return type === 'bulletList' || type === 'orderedList' || type === 'taskList';
}

/** The text of inline content split into lines at hard breaks and newlines, appended to `lines`. */
class InlineText {
  private current = '';
  /** Every non-blank text run is bold: the paragraph may be a pseudo-heading ("**Acceptance criteria**"). */
  allBold = true;
  private sawText = false;

  constructor(
    readonly lines: string[],
    private readonly deep: Deep,
  ) {}

  add(parent: AdfNode, depth: number): void {
    for (const child of childrenOf(parent)) {
      const node = asNode(child);
      if (node === null) continue;
      switch (node.type) {
        case 'text': {
          if (isStruck(node)) break;
          const text = typeof node.text === 'string' ? node.text : '';
          if (hasText(text)) {
            this.sawText = true;
            if (this.allBold && !hasMark(node.marks, 'strong')) this.allBold = false;
          }
          if (text.includes('\n')) {
            const parts = text.split('\n');
            this.current += parts[0] ?? '';
            for (let i = 1; i < parts.length; i++) this.breakLine(parts[i] ?? '');
          } else {
            this.current += text;
          }
          break;
        }
        case 'hardBreak':
          this.breakLine('');
          break;
        case 'mention':
        case 'status':
          this.current += attrText(node, 'text');
          break;
        case 'emoji':
          this.current += attrText(node, 'text') || attrText(node, 'shortName');
          break;
        case 'inlineCard':
          this.current += attrText(node, 'url');
          break;
        case 'date': {
          const ms = Number(attr(node, 'timestamp'));
          if (Number.isFinite(ms) && Math.abs(ms) < 8.64e15)
            this.current += new Date(ms).toISOString().slice(0, 10);
          break;
        }
        default:
          if (depth < MAX_DEPTH) this.add(node, depth + 1);
          else this.current += ` ${readDeep(node, this.deep)}`;
      }
    }
  }

  private breakLine(next: string): void {
    this.lines.push(this.current);
    this.current = next;
  }

  finish(): string[] {
    this.lines.push(this.current);
    this.current = '';
    if (!this.sawText) this.allBold = false;
    return this.lines;
  }
}

/** Reads a node's inline content into `into` (a new array by default), a line per hard break or newline. */
function inlineLines(node: AdfNode, depth: number, deep: Deep, into: string[] = []): InlineText {
  const text = new InlineText(into, deep);
  text.add(node, depth);
  text.finish();
  return text;
}

function codeLines(node: AdfNode): string[] {
  let text = '';
  for (const child of childrenOf(node)) {
    const t = asNode(child)?.text;
    if (typeof t === 'string') text += t;
  }
  return text.split('\n');
}

/** All text under a node, one space between blocks: for table cells. */
function plainText(node: AdfNode, depth: number, deep: Deep): string {
  if (typeof node.text === 'string') return isStruck(node) ? '' : node.text;
  if (node.type === 'hardBreak') return ' ';
  if (depth >= MAX_DEPTH) return readDeep(node, deep);
  let out = '';
  for (const child of childrenOf(node)) {
    const n = asNode(child);
    if (n !== null) out += `${plainText(n, depth + 1, deep)} `;
  }
  return out;
}

const ITEM: Origin = { kind: 'item', checked: undefined };
const TASK_DONE: Origin = { kind: 'task', checked: true };
const TASK_OPEN: Origin = { kind: 'task', checked: false };

interface PendingItem {
  segments: string[][];
  origin: Origin;
}

/** Walks an ADF document once, in document order, feeding the section tracker and the builder. */
class AdfWalker {
  private readonly builder = new CriteriaBuilder();
  private readonly section: SectionTracker;
  /** Content read below MAX_DEPTH inside the criteria. */
  private readonly deep: Deep = { count: 0, example: '' };

  constructor(sectionMode: boolean) {
    this.section = new SectionTracker(sectionMode);
  }

  run(doc: unknown): Built {
    const root = asNode(doc);
    if (root !== null) this.blocks(root.type === undefined ? NONE : [root], 0);
    if (this.deep.count > 0) this.builder.unread('too-deep', this.deep.count, this.deep.example);
    return this.builder.finish();
  }

  /** A throwaway Deep for text read where it cannot be criteria (headings, sections outside the AC). */
  private static ignored(): Deep {
    return { count: 0, example: '' };
  }

  private blocks(nodes: readonly unknown[], depth: number): void {
    for (let i = 0; i < nodes.length; i++) {
      const node = asNode(nodes[i]);
      if (node === null) continue;
      switch (node.type) {
        case 'heading': {
          this.builder.close();
          const level = attr(node, 'level');
          const text = inlineLines(node, depth + 1, AdfWalker.ignored()).lines.join(' ');
          this.section.heading(typeof level === 'number' ? level : 1, text);
          break;
        }
        case 'paragraph':
          this.paragraph(node, isList(asNode(nodes[i + 1])?.type), depth);
          break;
        case 'bulletList':
        case 'orderedList':
        case 'taskList':
          if (this.section.active) this.list(node, depth);
          else this.straysIn(node, depth);
          break;
        case 'codeBlock':
          if (this.section.active) this.builder.codeLines(codeLines(node));
          break;
        case 'rule':
          this.builder.close();
          this.section.rule();
          break;
        case 'table':
          if (this.section.active) this.table(node, depth);
          break;
        case 'mediaSingle':
          // An image's caption is text a reader sees in the section: its criteria count like a paragraph's.
          for (const child of childrenOf(node)) {
            const c = asNode(child);
            if (c?.type === 'caption') this.paragraph(c, false, depth + 1);
          }
          break;
        case 'text':
        case 'mediaGroup':
        case 'media':
        case 'extension':
          break;
        default:
          // doc, blockquote, panel, expand, layouts and containers Jira adds later hold more blocks.
          if (depth < MAX_DEPTH) this.blocks(childrenOf(node), depth + 1);
          else if (this.section.active) {
            const text = readDeep(node, this.deep);
            if (hasText(text)) this.builder.paragraphLines([text]);
          }
      }
    }
  }

  /**
   * A list outside the AC section: items written as criteria (Gherkin, "should"/"must") are noted for the
   * lint, since a reader may take them for criteria that the gate does not see.
   */
  private straysIn(list: AdfNode, depth: number): void {
    for (const child of childrenOf(list)) {
      const c = asNode(child);
      if (c === null) continue;
      if (c.type === 'listItem' || c.type === 'taskItem') {
        const own: string[] = [];
        if (c.type === 'taskItem') inlineLines(c, depth + 1, AdfWalker.ignored(), own);
        else
          for (const p of childrenOf(c)) {
            const n = asNode(p);
            if (n?.type === 'paragraph') inlineLines(n, depth + 2, AdfWalker.ignored(), own);
          }
        this.builder.straysOf(own, true);
      }
    }
  }

  private paragraph(node: AdfNode, nextIsList: boolean, depth: number): void {
    const deepBefore = this.deep.count;
    const inline = inlineLines(node, depth + 1, this.deep);
    const all = inline.lines;
    // Leading empty lines (a hard break first) would hide a label on the next line. Found by index and cut
    // once: cutting one line at a time is quadratic in the number of hard breaks.
    let first = 0;
    while (first < all.length - 1 && all[first]?.trim() === '') first++;
    const lines = first === 0 ? all : all.slice(first);
    const content = this.section.paragraph(
      lines.map((l) => l.trim()),
      inline.allBold,
      nextIsList,
    );
    if (content !== null) this.builder.paragraphLines(content);
    else {
      // Outside the criteria: deep text here is not the gate's concern, but Gherkin here is the lint's.
      this.deep.count = deepBefore;
      if (!this.section.active) this.builder.straysOf(lines, false);
    }
  }

  private list(node: AdfNode, depth: number): void {
    const kind = node.type === 'taskList' ? 'task' : 'item';
    let pending: PendingItem | null = null;
    for (const child of childrenOf(node)) {
      const c = asNode(child);
      if (c === null) continue;
      if (c.type === 'listItem' || c.type === 'taskItem') {
        if (pending !== null) this.builder.item(pending.segments, pending.origin);
        const origin: Origin =
          c.type === 'taskItem'
            ? attr(c, 'state') === 'DONE'
              ? TASK_DONE
              : TASK_OPEN
            : kind === 'task'
              ? TASK_OPEN
              : ITEM;
        pending = { segments: [[]], origin };
        this.collectItem(c, pending.segments, depth + 1);
      } else if (isList(c.type)) {
        // A task list nests by placing a list right after the item it belongs to.
        if (pending !== null) this.collectNested(c, pending.segments, depth + 1);
        else if (depth < MAX_DEPTH) this.list(c, depth + 1);
        else this.builder.paragraphLines([readDeep(c, this.deep)]);
      }
    }
    if (pending !== null) this.builder.item(pending.segments, pending.origin);
  }

  /** Adds an item's own lines to the last segment and each nested item as a segment of its own. */
  private collectItem(item: AdfNode, segments: string[][], depth: number): void {
    const own = segments[segments.length - 1] ?? [];
    if (item.type === 'taskItem') {
      inlineLines(item, depth, this.deep, own);
      return;
    }
    if (depth >= MAX_DEPTH) {
      own.push(readDeep(item, this.deep));
      return;
    }
    for (const child of childrenOf(item)) {
      const c = asNode(child);
      if (c === null) continue;
      if (c.type === 'paragraph' || c.type === 'heading') inlineLines(c, depth + 1, this.deep, own);
      else if (c.type === 'codeBlock') appendAll(own, codeLines(c));
      else if (isList(c.type)) this.collectNested(c, segments, depth + 1);
      else if (c.type === 'mediaSingle') {
        for (const m of childrenOf(c)) {
          const caption = asNode(m);
          if (caption?.type === 'caption') inlineLines(caption, depth + 2, this.deep, own);
        }
      } else this.collectItem({ type: 'listItem', content: c.content }, segments, depth + 1);
    }
  }

  private collectNested(list: AdfNode, segments: string[][], depth: number): void {
    if (depth >= MAX_DEPTH) {
      segments.push([readDeep(list, this.deep)]);
      return;
    }
    for (const child of childrenOf(list)) {
      const c = asNode(child);
      if (c === null) continue;
      if (c.type === 'listItem' || c.type === 'taskItem') {
        segments.push([]);
        this.collectItem(c, segments, depth + 1);
      } else if (isList(c.type)) {
        this.collectNested(c, segments, depth + 1);
      }
    }
  }

  /** Each body row of a table is a criterion, its cells joined with " | "; header rows are not. */
  private table(node: AdfNode, depth: number): void {
    this.builder.close();
    for (const row of childrenOf(node)) {
      const r = asNode(row);
      if (r === null || r.type !== 'tableRow') continue;
      const cells: string[] = [];
      let header = true;
      for (const cell of childrenOf(r)) {
        const c = asNode(cell);
        if (c === null) continue;
        if (c.type !== 'tableHeader') header = false;
        const text = plainText(c, depth + 2, this.deep).trim();
        if (text !== '') cells.push(text);
      }
      if (!header && cells.length > 0) this.builder.emit('item', cells.join(' | '), [], undefined);
    }
  }
}

/**
 * Reads acceptance criteria from an Atlassian Document Format document (Jira Cloud rich text). Any JSON is
 * accepted: nodes it does not know are skipped or searched for blocks, so it never throws.
 *
 * @param doc - The parsed ADF document (`{ type: 'doc', content: [...] }`).
 * @param options - `section: true` reads only the "Acceptance criteria" section (a description);
 *   `section: false` reads the whole document (a dedicated AC field).
 */
export function criteriaFromAdf(doc: unknown, options: CriteriaParseOptions): Criterion[] {
  return adfCriteria(doc, options.section).criteria;
}

/** {@link criteriaFromAdf} with the comparison keys, for the fingerprint. */
export function adfCriteria(doc: unknown, sectionMode: boolean): Built {
  return new AdfWalker(sectionMode).run(doc);
}
