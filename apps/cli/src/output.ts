import { renderMarkdown, renderText, type Verdict } from '@readygate/rules';
import { colourReport, type Io } from './io.js';

/** How a command prints its result. */
export type Format = 'text' | 'json' | 'markdown';

/** `--json` / `--markdown` → the format (text by default). */
export function formatOf(flags: { json?: boolean; markdown?: boolean }): Format {
  return flags.json === true ? 'json' : flags.markdown === true ? 'markdown' : 'text';
}

/** Prints verdicts in the chosen format and returns the exit code: 0 when every one passes, 1 otherwise. */
export function printVerdicts(
  io: Io,
  format: Format,
  verdicts: readonly Verdict[],
  context: { readonly extra?: Record<string, unknown>; readonly notes?: readonly string[] } = {},
): 0 | 1 {
  const { extra = {}, notes = [] } = context;
  const pass = verdicts.every((v) => v.pass);
  if (format === 'json') io.out(`${JSON.stringify({ pass, ...extra, notes, verdicts }, null, 2)}\n`);
  else if (format === 'markdown') {
    for (const note of notes) io.out(`> ${note}\n\n`);
    for (const v of verdicts) io.out(`${renderMarkdown(v).trimEnd()}\n\n`);
  } else {
    for (const note of notes) io.out(`${note}\n`);
    for (const v of verdicts) io.out(`${colourReport(io, renderText(v).trimEnd())}\n`);
  }
  return pass ? 0 : 1;
}
