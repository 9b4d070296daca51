/**
 * The GitHub Actions runner contract, spoken directly: inputs from `INPUT_*` variables, outputs and the
 * job summary appended to the files named by `GITHUB_OUTPUT` and `GITHUB_STEP_SUMMARY`, and workflow
 * commands (`::add-mask::`, `::error::`) on stdout.
 *
 * Why not `@actions/core`: v3 imports its OIDC client eagerly, which pulls in `@actions/http-client` and
 * undici; bundled, that is ~415 KB and ~50 ms of start-up on Node 20 for a handful of lines of protocol.
 *
 * Every string that leaves through here passes {@link Runner.redact}, so a registered secret cannot reach
 * the log, the outputs or the summary even if some message were to quote it.
 */
import { appendFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';

/** Where the runner's channels go; injectable so tests can capture them. */
export interface RunnerIo {
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (line: string) => void;
  readonly appendFile: (path: string, data: string) => void;
}

const defaultIo: RunnerIo = {
  env: process.env,
  stdout: (line) => process.stdout.write(`${line}\n`),
  appendFile: (path, data) => {
    appendFileSync(path, data, 'utf8');
  },
};

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** The runner's side of a step: inputs, outputs, summary, masking and annotations. */
export class Runner {
  private readonly secrets: string[] = [];
  private failed = false;
  /** Files that could not be written, each reported once. */
  private readonly broken = new Set<string>();

  constructor(private readonly io: RunnerIo = defaultIo) {}

  /** An input as the runner passes it (`INPUT_<NAME>`, hyphens kept, upper-cased), trimmed; `''` when unset. */
  input(name: string): string {
    return (this.io.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
  }

  /** An environment variable of the job, `''` when unset. */
  env(name: string): string {
    return this.io.env[name] ?? '';
  }

  /** Masks a value in the job log and removes it from everything this runner writes. */
  setSecret(value: string): void {
    if (value === '') return;
    this.secrets.push(value);
    // Longest first, so a secret that contains another is replaced whole.
    this.secrets.sort((a, b) => b.length - a.length);
    this.io.stdout(`::add-mask::${escapeData(value)}`);
  }

  /** Replaces every registered secret in a text with `***`. */
  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join('***');
    return out;
  }

  /** Sets a step output through the `GITHUB_OUTPUT` file (multi-line safe). */
  setOutput(name: string, value: string): void {
    const delimiter = `ghadelimiter_${randomUUID()}`;
    this.append(
      'GITHUB_OUTPUT',
      'the step outputs',
      `${name}<<${delimiter}\n${this.redact(value)}\n${delimiter}\n`,
    );
  }

  /** Appends Markdown to the job summary. */
  appendSummary(markdown: string): void {
    this.append('GITHUB_STEP_SUMMARY', 'the job summary', `${this.redact(markdown)}\n`);
  }

  /** Appends to a runner file; a file that cannot be written fails the step with one line, once. */
  private append(variable: string, what: string, data: string): void {
    const file = this.env(variable);
    if (file === '' || this.broken.has(variable)) return;
    try {
      this.io.appendFile(file, data);
    } catch (e) {
      this.broken.add(variable);
      const errno = (e as { code?: unknown } | null)?.code;
      const code = typeof errno === 'string' ? ` (${errno})` : '';
      this.setFailed(
        `ReadyGate could not write ${what} to the file ${variable} names${code}: Dev, the runner should provide a writable ${variable}; do not override it in the workflow.`,
      );
    }
  }

  /** A debug line, shown only when the runner's debug logging is on. */
  debug(message: string): void {
    this.io.stdout(`::debug::${escapeData(this.redact(message))}`);
  }

  /** A plain log line. */
  info(message: string): void {
    this.io.stdout(this.redact(message));
  }

  /** A notice annotation. */
  notice(message: string): void {
    this.io.stdout(`::notice::${escapeData(this.redact(message))}`);
  }

  /** A warning annotation. */
  warning(message: string): void {
    this.io.stdout(`::warning::${escapeData(this.redact(message))}`);
  }

  /** An error annotation that also fails the step. */
  setFailed(message: string): void {
    this.failed = true;
    this.io.stdout(`::error::${escapeData(this.redact(message))}`);
  }

  /** Whether {@link setFailed} was called. */
  get hasFailed(): boolean {
    return this.failed;
  }
}
