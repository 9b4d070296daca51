import type { GherkinStep } from './types.js';

type Keyword = GherkinStep['keyword'];

/** The step keyword a line's first character could start, or null. */
function keywordFor(first: number): Keyword | null {
  switch (first | 0x20) {
    case 0x67:
      return 'Given';
    case 0x77:
      return 'When';
    case 0x74:
      return 'Then';
    case 0x61:
      return 'And';
    case 0x62:
      return 'But';
    default:
      return null;
  }
}

/** Where a step line's text starts (after the keyword, spaces and colons), or -1 when the line is no step. */
function stepTextStart(line: string, anyCase: boolean): number {
  const first = line.charCodeAt(0);
  const keyword = keywordFor(first);
  if (keyword === null) return -1;
  if (!anyCase && first >= 0x61) return -1;
  const n = keyword.length;
  const after = line.charCodeAt(n);
  if (after !== 0x20 && after !== 0x3a) return -1;
  // Letter by letter, case-insensitively (`| 0x20` lowers ASCII letters): no strings built for a line that is
  // not a step, and every line is asked.
  for (let i = 1; i < n; i++) if ((line.charCodeAt(i) | 0x20) !== (keyword.charCodeAt(i) | 0x20)) return -1;
  let start = n + 1;
  while (line.charCodeAt(start) === 0x20 || line.charCodeAt(start) === 0x3a) start++;
  return start >= line.length ? -1 : start;
}

/**
 * Reads a Gherkin step line (`Given …`, `when: …`). Outside code blocks a keyword must start with a capital
 * letter, so wrapped prose ("…\nwhen the user saves") is not mistaken for a step.
 */
export function matchStep(line: string, anyCase: boolean): GherkinStep | null {
  const start = stepTextStart(line, anyCase);
  const keyword = keywordFor(line.charCodeAt(0));
  return start === -1 || keyword === null ? null : { keyword, text: line.slice(start) };
}

/** Whether {@link matchStep} reads the line as a step, without building the step. */
export function isStep(line: string, anyCase: boolean): boolean {
  return stepTextStart(line, anyCase) !== -1;
}

// Bounded pieces only, so no input can make it backtrack badly.
const HEADER = /^(scenario outline|scenario template|scenario|background)( [\w.#-]{1,8})? ?:(.*)$/i;
const CANONICAL: Record<string, string> = {
  'scenario outline': 'Scenario Outline',
  'scenario template': 'Scenario Template',
  scenario: 'Scenario',
  background: 'Background',
};

/** Whether a line could be a scenario header: most lines fail at the first or second letter, before the regex. */
function mayBeHeader(line: string): boolean {
  const first = line.charCodeAt(0) | 0x20;
  if (first === 0x73) return (line.charCodeAt(1) | 0x20) === 0x63;
  return first === 0x62 && (line.charCodeAt(1) | 0x20) === 0x61;
}

/** Reads a scenario header (`Scenario: …`, `Scenario Outline: …`, `Scenario 2: …`, `Background:`), in canonical case. */
export function matchHeader(line: string): string | null {
  if (!mayBeHeader(line)) return null;
  const m = HEADER.exec(line);
  if (!m) return null;
  const keyword = CANONICAL[(m[1] ?? '').toLowerCase()] ?? 'Scenario';
  const title = (m[3] ?? '').trim();
  return `${keyword}${m[2] ?? ''}:${title === '' ? '' : ` ${title}`}`;
}

/** Whether {@link matchHeader} reads the line as a header, without building it. */
export function isHeader(line: string): boolean {
  return mayBeHeader(line) && HEADER.test(line);
}

/** Lines that belong to the open scenario without being steps: example tables, doc strings, `Examples:`. */
export function isScenarioContinuation(line: string): boolean {
  return line.startsWith('|') || line.startsWith('"""') || /^(examples|scenarios) ?:/i.test(line);
}
