import { appendAll, CriteriaBuilder } from './builder.js';
import type { Built, Origin } from './builder.js';
import { hasText } from './normalise.js';
import { SectionTracker } from './section.js';
import type { Criterion, CriteriaParseOptions } from './types.js';

type AdfNode = Record<string, unknown>;

const NONE: readonly unknown[] = [];
// Jira documents are shallow; the cap only keeps hostile JSON from exhausting the stack.
const MAX_DEPTH = 64;

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

  constructor(readonly lines: string[]) {}

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
function inlineLines(node: AdfNode, depth: number, into: string[] = []): InlineText {
  const text = new InlineText(into);
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
function plainText(node: AdfNode, depth: number): string {
  if (typeof node.text === 'string') return isStruck(node) ? '' : node.text;
  if (node.type === 'hardBreak') return ' ';
  if (depth >= MAX_DEPTH) return '';
  let out = '';
  for (const child of childrenOf(node)) {
    const n = asNode(child);
    if (n !== null) out += `${plainText(n, depth + 1)} `;
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

  constructor(sectionMode: boolean) {
    this.section = new SectionTracker(sectionMode);
  }

  run(doc: unknown): Built {
    const root = asNode(doc);
    if (root !== null) this.blocks(root.type === undefined ? NONE : [root], 0);
    return this.builder.finish();
  }

  private blocks(nodes: readonly unknown[], depth: number): void {
    for (let i = 0; i < nodes.length; i++) {
      const node = asNode(nodes[i]);
      if (node === null) continue;
      switch (node.type) {
        case 'heading': {
          this.builder.close();
          const level = attr(node, 'level');
          const text = inlineLines(node, depth + 1).lines.join(' ');
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
        case 'text':
        case 'mediaSingle':
        case 'mediaGroup':
        case 'media':
        case 'extension':
          break;
        default:
          // doc, blockquote, panel, expand, layouts and containers Jira adds later hold more blocks.
          if (depth < MAX_DEPTH) this.blocks(childrenOf(node), depth + 1);
      }
    }
  }

  private paragraph(node: AdfNode, nextIsList: boolean, depth: number): void {
    const inline = inlineLines(node, depth + 1);
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
      } else if (isList(c.type) && depth < MAX_DEPTH) {
        // A task list nests by placing a list right after the item it belongs to.
        if (pending !== null) this.collectNested(c, pending.segments, depth + 1);
        else this.list(c, depth + 1);
      }
    }
    if (pending !== null) this.builder.item(pending.segments, pending.origin);
  }

  /** Adds an item's own lines to the last segment and each nested item as a segment of its own. */
  private collectItem(item: AdfNode, segments: string[][], depth: number): void {
    const own = segments[segments.length - 1] ?? [];
    if (item.type === 'taskItem') {
      inlineLines(item, depth, own);
      return;
    }
    if (depth >= MAX_DEPTH) return;
    for (const child of childrenOf(item)) {
      const c = asNode(child);
      if (c === null) continue;
      if (c.type === 'paragraph' || c.type === 'heading') inlineLines(c, depth + 1, own);
      else if (c.type === 'codeBlock') appendAll(own, codeLines(c));
      else if (isList(c.type)) this.collectNested(c, segments, depth + 1);
      else if (c.type !== 'mediaSingle')
        this.collectItem({ type: 'listItem', content: c.content }, segments, depth + 1);
    }
  }

  private collectNested(list: AdfNode, segments: string[][], depth: number): void {
    if (depth >= MAX_DEPTH) return;
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
        const text = plainText(c, depth + 2).trim();
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
