import type { GherkinStep } from './types.js';

type Keyword = GherkinStep['keyword'];

/**
 * Reads a Gherkin step line (`Given …`, `when: …`). Outside code blocks a keyword must start with a capital
 * letter, so wrapped prose ("…\nwhen the user saves") is not mistaken for a step.
 */
export function matchStep(line: string, anyCase: boolean): GherkinStep | null {
  const first = line.charCodeAt(0);
  let keyword: Keyword;
  switch (first | 0x20) {
    case 0x67:
      keyword = 'Given';
      break;
    case 0x77:
      keyword = 'When';
      break;
    case 0x74:
      keyword = 'Then';
      break;
    case 0x61:
      keyword = 'And';
      break;
    case 0x62:
      keyword = 'But';
      break;
    default:
      return null;
  }
  if (!anyCase && first >= 0x61) return null;
  const n = keyword.length;
  const after = line.charCodeAt(n);
  if (after !== 0x20 && after !== 0x3a) return null;
  // Letter by letter, case-insensitively (`| 0x20` lowers ASCII letters): no strings built for a line that is
  // not a step, and every line is asked.
  for (let i = 1; i < n; i++) if ((line.charCodeAt(i) | 0x20) !== (keyword.charCodeAt(i) | 0x20)) return null;
  let start = n + 1;
  while (line.charCodeAt(start) === 0x20 || line.charCodeAt(start) === 0x3a) start++;
  if (start >= line.length) return null;
  return { keyword, text: line.slice(start) };
}

// Bounded pieces only, so no input can make it backtrack badly.
const HEADER = /^(scenario outline|scenario template|scenario|background)( [\w.#-]{1,8})? ?:(.*)$/i;
const CANONICAL: Record<string, string> = {
  'scenario outline': 'Scenario Outline',
  'scenario template': 'Scenario Template',
  scenario: 'Scenario',
  background: 'Background',
};

/** Reads a scenario header (`Scenario: …`, `Scenario Outline: …`, `Scenario 2: …`, `Background:`), in canonical case. */
export function matchHeader(line: string): string | null {
  const first = line.charCodeAt(0) | 0x20;
  // Most lines fail here or at the second letter, before the regex runs.
  if (first === 0x73) {
    if ((line.charCodeAt(1) | 0x20) !== 0x63) return null;
  } else if (first !== 0x62 || (line.charCodeAt(1) | 0x20) !== 0x61) {
    return null;
  }
  const m = HEADER.exec(line);
  if (!m) return null;
  const keyword = CANONICAL[(m[1] ?? '').toLowerCase()] ?? 'Scenario';
  const title = (m[3] ?? '').trim();
  return `${keyword}${m[2] ?? ''}:${title === '' ? '' : ` ${title}`}`;
}

/** Lines that belong to the open scenario without being steps: example tables, doc strings, `Examples:`. */
export function isScenarioContinuation(line: string): boolean {
  return line.startsWith('|') || line.startsWith('"""') || /^(examples|scenarios) ?:/i.test(line);
}
