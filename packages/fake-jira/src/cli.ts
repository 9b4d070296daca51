#!/usr/bin/env node
/**
 * Starts the fake Jira on a fixed port, with the enrollment demo data set or one of your own:
 *   fake-jira [--port 4010]  (also after a `--`: `pnpm start -- --port 4010`) [--host 127.0.0.1] [--latency 0] [--no-policy] [--dataset file.json]
 * For the demo data set a fresh DEMO key pair is generated on every start; its public key is printed so the
 * demo can verify records.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_POLICY, generateKeyPair } from '@readygate/rules';
import { parseDataset, type Dataset } from './dataset.js';
import { buildEnrollmentDataset, ENROLLMENT_DEMO_USERS } from './datasets/enrollment.js';
import { start } from './server.js';

const USAGE =
  'Usage: fake-jira [--port 4010] [--host 127.0.0.1] [--latency ms] [--no-policy] [--dataset file.json]';

/** A data set file (JSON, see `DatasetInput`), or one line that says what is wrong with it and how to fix it. */
export function readDatasetFile(
  path: string,
): { ok: true; dataset: Dataset } | { ok: false; message: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return {
      ok: false,
      message: `cannot read the data set ${path} (${typeof code === 'string' ? code : 'read error'}): check the path.`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      message: `the data set ${path} is not JSON (${e instanceof Error ? e.message : 'parse error'}): fix the file.`,
    };
  }
  try {
    return { ok: true, dataset: parseDataset(json) };
  } catch (e) {
    return { ok: false, message: `${e instanceof Error ? e.message : 'invalid data set'} Fix ${path}.` };
  }
}

/** The command's options. */
export interface CliOptions {
  port?: string;
  host?: string;
  latency?: string;
  'no-policy'?: boolean;
  dataset?: string;
}

/**
 * Reads the command line. A `--` before the options is dropped: `pnpm start -- --port 4010` passes it through,
 * and without this `--port` after it would be read as a stray argument.
 * @throws TypeError (from `parseArgs`) naming an unknown option or a missing value.
 */
export function parseCliArgs(args: readonly string[]): CliOptions {
  const rest = args[0] === '--' ? args.slice(1) : [...args];
  return parseArgs({
    args: rest,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      latency: { type: 'string' },
      'no-policy': { type: 'boolean' },
      dataset: { type: 'string' },
    },
    strict: true,
  }).values;
}

/** What a data set holds that a user points a client at: boards, sprints (with state) and versions. */
export function datasetSummary(dataset: Dataset): string[] {
  return [
    'Boards:',
    ...dataset.boards.map((b) => `  ${String(b.id).padEnd(4)} ${b.name} (project ${b.projectKey})`),
    'Sprints:',
    ...dataset.sprints.map(
      (s) => `  ${String(s.id).padEnd(4)} ${s.name.padEnd(16)} ${s.state.padEnd(7)} board ${s.boardId}`,
    ),
    'Versions:',
    ...dataset.versions.map(
      (v) => `  ${v.id.padEnd(6)} ${v.name.padEnd(6)} ${v.released ? 'released' : 'unreleased'}`,
    ),
  ];
}

function fail(message: string): never {
  process.stderr.write(`fake-jira: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: CliOptions;
  try {
    values = parseCliArgs(process.argv.slice(2));
  } catch (e) {
    fail(`${e instanceof Error ? e.message : String(e)}. ${USAGE}`);
  }
  const port = Number(values.port ?? '4010');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port must be a port number, got "${values.port ?? ''}".`);
  const latencyMs = Number(values.latency ?? '0');
  if (!Number.isFinite(latencyMs) || latencyMs < 0)
    fail(`--latency must be milliseconds, got "${values.latency ?? ''}".`);
  if (values.dataset !== undefined) {
    const file = readDatasetFile(values.dataset);
    if (!file.ok) fail(file.message);
    let own;
    try {
      own = await start({ port, host: values.host ?? '127.0.0.1', dataset: file.dataset, latencyMs });
    } catch (e) {
      fail(
        `could not listen on port ${port}: ${e instanceof Error ? e.message : String(e)}. Choose another with --port.`,
      );
    }
    process.stdout.write(
      [
        `Fake Jira (data set "${file.dataset.name}" from ${values.dataset}) listening on ${own.url}`,
        ...datasetSummary(file.dataset),
        'Press Ctrl+C to stop.',
        '',
      ].join('\n'),
    );
    const stopOwn = (): void => {
      void own.stop().then(() => process.exit(0));
    };
    process.on('SIGINT', stopOwn);
    process.on('SIGTERM', stopOwn);
    return;
  }
  const keys = generateKeyPair();
  const dataset = buildEnrollmentDataset({
    privateKey: keys.privateKey,
    now: new Date(),
    ...(values['no-policy'] === true ? {} : { policy: DEFAULT_POLICY }),
  });
  let server;
  try {
    server = await start({ port, host: values.host ?? '127.0.0.1', dataset, latencyMs });
  } catch (e) {
    fail(
      `could not listen on port ${port}: ${e instanceof Error ? e.message : String(e)}. Choose another with --port.`,
    );
  }
  const lines = [
    `Fake Jira (member enrollment demo, project ENR) listening on ${server.url}`,
    '',
    'Demo credentials (basic auth email:token; they open nothing but this local fake):',
    ...Object.entries(ENROLLMENT_DEMO_USERS).map(
      ([role, u]) =>
        `  ${role.padEnd(6)} ${u.email}  ${u.apiToken}${'bearerToken' in u ? `  (bearer: ${u.bearerToken})` : ''}`,
    ),
    '',
    `DEMO public key (generated for this run only; records are signed with its private half):`,
    `  ${keys.publicKey.text}`,
    '',
    ...datasetSummary(parseDataset(dataset)),
    '',
    'Press Ctrl+C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = (): void => {
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Run only as the command (also through a symlink), not when a test imports readDatasetFile.
function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}
if (isEntryPoint()) void main();
