import { ReadyGateError } from '@readygate/rules';
/** Where a command writes, and whether it may colour its output. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Colour only on a terminal and only when NO_COLOR is unset (https://no-color.org). */
  readonly colour: boolean;
  /** Progress lines on stderr only when a person watches it. */
  readonly progress: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The real process's streams and environment. */
export function processIo(): Io {
  const noColor = (process.env['NO_COLOR'] ?? '') !== '';
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    colour: process.stdout.isTTY && !noColor,
    progress: process.stderr.isTTY,
    env: process.env,
  };
}

const ANSI = { red: 31, green: 32, yellow: 33, bold: 1, dim: 2 } as const;

/** Wraps `text` in an ANSI colour when colour is on. */
export function paint(io: Io, colour: keyof typeof ANSI, text: string): string {
  return io.colour ? `\u001b[${ANSI[colour]}m${text}\u001b[0m` : text;
}

/** Colours the PASS/FAIL/WARN words of a plain-text report. */
export function colourReport(io: Io, text: string): string {
  if (!io.colour) return text;
  return text
    .replace(/\bPASS\b|\[pass\]|✓/g, (m) => paint(io, 'green', m))
    .replace(/\bFAIL\b|\[FAIL\]|✗/g, (m) => paint(io, 'red', m))
    .replace(/\bWARN\b|\[warn\]|⚠/g, (m) => paint(io, 'yellow', m));
}

/** A failure that ends the command with an exit code and one line on stderr. */
export class CliError extends ReadyGateError<'cli.usage' | 'cli.failed'> {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(exitCode === 2 ? 'cli.usage' : 'cli.failed', message);
  }
}
