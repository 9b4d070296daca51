/** A list marker at the start of a line of markdown or plain text. */
export interface ListMarker {
  /** Columns before the marker (a tab counts 4): deeper means nested. */
  indent: number;
  /** The item text after the marker and any checkbox. */
  content: string;
  /** Whether it carried a `[ ]`/`[x]` checkbox. */
  task: boolean;
  checked: boolean;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/**
 * Reads `- `, `* `, `+ `, `• `, `1. ` and `1) ` markers, with an optional `[ ]`/`[x]` checkbox. Written as a
 * scan rather than a regex because it runs on every line.
 */
export function parseListMarker(line: string): ListMarker | null {
  let i = 0;
  let indent = 0;
  for (; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x20) indent += 1;
    else if (c === 0x09) indent += 4;
    else break;
  }
  const c = line.charCodeAt(i);
  let j: number;
  if (c === 0x2d || c === 0x2a || c === 0x2b || c === 0x2022) {
    j = i + 1;
  } else if (c >= 0x30 && c <= 0x39) {
    j = i + 1;
    while (j - i < 9 && line.charCodeAt(j) >= 0x30 && line.charCodeAt(j) <= 0x39) j++;
    const d = line.charCodeAt(j);
    if (d !== 0x2e && d !== 0x29) return null;
    j++;
  } else {
    return null;
  }
  if (j < line.length && !isSpace(line.charCodeAt(j))) return null;
  while (j < line.length && isSpace(line.charCodeAt(j))) j++;
  let task = false;
  let checked = false;
  if (line.charCodeAt(j) === 0x5b && line.charCodeAt(j + 2) === 0x5d) {
    const box = line.charCodeAt(j + 1);
    const end = j + 3;
    if (
      (box === 0x20 || box === 0x78 || box === 0x58) &&
      (end >= line.length || isSpace(line.charCodeAt(end)))
    ) {
      task = true;
      checked = box !== 0x20;
      j = end;
    }
  }
  return { indent, content: line.slice(j).trim(), task, checked };
}
