import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The committed action bundle: what a workflow's `uses:` runs. */
export const ACTION_BUNDLE = fileURLToPath(new URL('../../github-action/dist/index.js', import.meta.url));

/** What one run of the action left: exit code, its job summary and outputs. */
export interface ActionResult {
  readonly code: number;
  readonly summary: string;
  readonly verdict: string;
}

/**
 * Runs the built action with `node`, as the runner does: inputs as `INPUT_*`, the event payload in a file, and
 * GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files read back. Its files live in a temporary directory removed afterwards.
 */
export async function runActionBundle(options: {
  readonly event: string;
  readonly payload: unknown;
  readonly inputs: Readonly<Record<string, string>>;
  readonly githubApiUrl: string;
  readonly repository: string;
}): Promise<ActionResult> {
  if (!existsSync(ACTION_BUNDLE))
    throw new Error(`the action bundle ${ACTION_BUNDLE} is missing: build apps/github-action`);
  const dir = await mkdtemp(join(tmpdir(), 'readygate-demo-'));
  try {
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
      GITHUB_REPOSITORY: options.repository,
      GITHUB_API_URL: options.githubApiUrl,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '1',
      GITHUB_WORKSPACE: dir,
    };
    for (const [k, v] of Object.entries(options.inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
    const code = await new Promise<number>((resolve) => {
      execFile(process.execPath, [ACTION_BUNDLE], { env, cwd: dir, timeout: 30_000 }, (err) => {
        resolve(err === null ? 0 : typeof err.code === 'number' ? err.code : 1);
      });
    });
    const outputs = await readFile(outputPath, 'utf8');
    const verdict = /^verdict<<(.+)\n([^\n]*)\n\1$/m.exec(outputs)?.[2] ?? '';
    return { code, summary: await readFile(summaryPath, 'utf8'), verdict };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
