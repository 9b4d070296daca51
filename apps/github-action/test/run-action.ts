// Runs the BUILT bundle the way the runner does: `node dist/index.js` with INPUT_* variables, the event
// payload in a file, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files to read back.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
export const BUNDLE = join(APP_DIR, 'dist', 'index.js');

async function newest(dir: string): Promise<number> {
  let max = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) max = Math.max(max, await newest(p));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      max = Math.max(max, (await stat(p)).mtimeMs);
  }
  return max;
}

/** Builds dist/index.js when it is missing or older than any source it bundles. */
export async function ensureBundle(): Promise<void> {
  const sources = await Promise.all(
    ['src', '../../packages/rules/src', '../../packages/jira/src'].map((d) => newest(join(APP_DIR, d))),
  );
  const built = await stat(BUNDLE).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  if (built >= Math.max(...sources)) return;
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, ['scripts/build.mjs'], { cwd: APP_DIR }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`build failed: ${stderr}`));
      else resolve();
    });
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
      execFile(process.execPath, [BUNDLE], { env, cwd: dir, timeout: 60_000 }, (err, out, errOut) => {
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
