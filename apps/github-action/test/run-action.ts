// Runs the BUILT bundle the way the runner does: `node dist/index.js` with INPUT_* variables, the event
// payload in a file, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files to read back.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Builds the action from the current sources into the folder holding `file` (its entry, as dist/index.js). */
export async function buildBundle(file: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    execFile(
      process.execPath,
      ['scripts/build.mjs', '--out', dirname(file)],
      { cwd: APP_DIR },
      (err, _stdout, stderr) => {
        if (err) reject(new Error(`build failed: ${stderr}`));
        else resolve();
      },
    );
  });
}

/** What one run of the action left behind. */
export interface ActionRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
  /** `::error::` lines, decoded. */
  readonly errors: string[];
  readonly warnings: string[];
}

function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!m) continue;
    const [, name = '', delimiter] = m;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
    out[name] = value.join('\n');
  }
  return out;
}

const decode = (s: string) => s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');

export interface RunOptions {
  /** The bundle to run (tests: the one global-setup built). */
  readonly bundle: string;
  readonly event: string;
  readonly payload: unknown;
  readonly inputs: Record<string, string>;
  readonly env?: Record<string, string>;
}

/** Runs the bundle once. */
export async function runAction(options: RunOptions): Promise<ActionRun> {
  const dir = await mkdtemp(join(tmpdir(), 'readygate-action-'));
  const eventPath = join(dir, 'event.json');
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary.md');
  await writeFile(eventPath, JSON.stringify(options.payload));
  await writeFile(outputPath, '');
  await writeFile(summaryPath, '');
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_REPOSITORY: 'octo-org/enrollment',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_SHA: 'ffffffffffffffffffffffffffffffffffffffff',
    GITHUB_WORKSPACE: dir,
    ...options.env,
  };
  for (const [k, v] of Object.entries(options.inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>(
    (resolve) => {
      execFile(process.execPath, [options.bundle], { env, cwd: dir, timeout: 60_000 }, (err, out, errOut) => {
        resolve({
          code: err ? (typeof err.code === 'number' ? err.code : 1) : 0,
          stdout: out,
          stderr: errOut,
        });
      });
    },
  );
  const lines = stdout.split('\n');
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(await readFile(outputPath, 'utf8')),
    summary: await readFile(summaryPath, 'utf8'),
    errors: lines.filter((l) => l.startsWith('::error::')).map((l) => decode(l.slice('::error::'.length))),
    warnings: lines
      .filter((l) => l.startsWith('::warning::'))
      .map((l) => decode(l.slice('::warning::'.length))),
  };
}

/** Writes a file into a run's workspace: tests that need a policy file pass `GITHUB_WORKSPACE`. */
export async function workspaceWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'readygate-ws-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}
