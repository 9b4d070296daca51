import { isHeader, isStep } from './gherkin.js';

/** Labels that open an acceptance-criteria section, compared lower case without punctuation around them. */
const AC_LABELS = new Set([
  'acceptance criteria',
  'acceptance criterion',
  'acceptance criterias',
  'acceptance',
  'acceptance tests',
  'acceptance conditions',
  'conditions of acceptance',
  'ac',
  'acs',
  "ac's",
  'a/c',
]);

/** Labels of other description sections: they end an AC section that a lead-in line opened. */
const OTHER_LABELS = new Set([
  'notes',
  'note',
  'out of scope',
  'not in scope',
  'dependencies',
  'technical notes',
  'tech notes',
  'implementation notes',
  'design',
  'designs',
  'mockups',
  'assumptions',
  'open questions',
  'questions',
  'risks',
  'links',
  'references',
  'resources',
  'attachments',
  'description',
  'context',
  'summary',
  'user story',
  'story',
  'business value',
  'definition of done',
  'dod',
  'tasks',
  'sub-tasks',
  'subtasks',
  'test notes',
  'testing notes',
  'qa notes',
]);

const MAX_LABEL = 48;

// A label that names acceptance criteria among other words: "Additional acceptance criteria", "More AC",
// "Acceptance criteria - edge cases". Only for headings and lead-in lines ending in a colon, where a short
// line is a title; a bare line such as "Export AC as PDF" stays a criterion.
const NAMES_AC =
  /\bacceptance (?:criteria|criterion|criterias|tests|conditions)\b|(?:^|\s)(?:ac|acs|ac's|a\/c)(?:\s|$)/;

function isWordChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** What a line says as a section label, and the text after `Label:` on the same line. */
export interface Label {
  kind: 'ac' | 'other';
  rest: string;
}

/**
 * Recognises "Acceptance criteria", "AC:", "**Acceptance Criteria**", "✅ Acceptance criteria (AC)" and the
 * labels of other sections. Decorations (emoji, `#`, `*`, a parenthesised abbreviation) are ignored. A
 * `title` (a heading), or a line ending in a colon, also names the AC with other words ("Additional
 * acceptance criteria", "More AC:").
 */
export function classifyLabel(line: string, title = false): Label | null {
  let start = 0;
  while (start < line.length && !isWordChar(line.charCodeAt(start))) start++;
  if (start >= line.length) return null;
  // Labels are short: look for the colon only where a label could end, not along a whole paragraph.
  const limit = Math.min(line.length, start + MAX_LABEL + 1);
  let colon = -1;
  for (let i = start; i < limit; i++) {
    if (line.charCodeAt(i) === 0x3a) {
      colon = i;
      break;
    }
  }
  if (colon === -1 && line.length - start > MAX_LABEL) return null;
  let end = colon === -1 ? line.length : colon;
  while (end > start && !isWordChar(line.charCodeAt(end - 1)) && line.charCodeAt(end - 1) !== 0x29) end--;
  let label = line.slice(start, end).toLowerCase();
  if (label.endsWith(')')) {
    const open = label.lastIndexOf('(');
    if (open > 0) label = label.slice(0, open);
  }
  label = label.replace(/[\s*_]+/g, ' ').trim();
  const rest = colon === -1 ? '' : line.slice(colon + 1).replace(/^[\s*_]+/, '');
  if (AC_LABELS.has(label)) return { kind: 'ac', rest };
  if ((title || (colon !== -1 && rest === '')) && NAMES_AC.test(label)) return { kind: 'ac', rest };
  // "Note: totals exclude VAT" is content; only a bare "Notes" line heads another section.
  if (rest === '' && OTHER_LABELS.has(label)) return { kind: 'other', rest };
  return null;
}

/** Whether a line would be read as Gherkin (so it is content, never a label or a pseudo-heading). */
function isGherkin(line: string): boolean {
  return isHeader(line) || isStep(line, false);
}

/**
 * Tracks whether the walk is inside the acceptance-criteria section. A heading section ends at the next
 * heading of the same or a higher level; a section opened by a lead-in line ends at any heading, a rule,
 * another section's label or a bold pseudo-heading.
 */
export class SectionTracker {
  private inSection = false;
  /** Level of the heading that opened the section; 0 for a lead-in line. */
  private level = 0;

  constructor(private readonly sectionMode: boolean) {}

  /** Whether content here is criteria. */
  get active(): boolean {
    return !this.sectionMode || this.inSection;
  }

  heading(level: number, text: string): void {
    if (!this.sectionMode) return;
    const label = classifyLabel(text, true);
    if (this.inSection && (this.level === 0 || level <= this.level || label?.kind === 'other')) {
      this.inSection = false;
    }
    if (label?.kind === 'ac') {
      this.inSection = true;
      this.level = level;
    }
  }

  rule(): void {
    if (this.level === 0) this.inSection = false;
  }

  /**
   * Feeds a paragraph (its lines, collapsed) and returns the lines that are criteria content, or `null` when
   * none are. `allBold`: every character is bold; `nextIsList`: a list follows directly.
   */
  paragraph(lines: readonly string[], allBold: boolean, nextIsList: boolean): readonly string[] | null {
    const first = lines[0];
    if (first === undefined) return null;
    // A lone bold line is a title as much as a heading is ("**Additional acceptance criteria**").
    const label = classifyLabel(first, allBold && lines.length === 1);
    if (label?.kind === 'ac') {
      if (this.sectionMode && !this.inSection) {
        this.inSection = true;
        this.level = 0;
      }
      const content = lines.slice(1);
      if (label.rest !== '') content.unshift(label.rest);
      return content.length === 0 ? null : content;
    }
    if (label?.kind === 'other') {
      if (this.sectionMode) this.inSection = false;
      return null;
    }
    if (!this.active) return null;
    if (lines.length === 1 && !isGherkin(first.trimStart())) {
      if (allBold && this.sectionMode && this.level === 0 && first.length <= MAX_LABEL) {
        this.inSection = false;
        return null;
      }
      // "Happy path:" or a bold sub-title over a list introduces the list; it is not a criterion itself.
      if (nextIsList && (allBold || first.trimEnd().endsWith(':'))) return null;
    }
    return lines;
  }
}
