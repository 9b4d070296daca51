import { readFile } from 'node:fs/promises';
import { createJiraClient, JiraError, type JiraClient, type StoryPolicy } from '@readygate/jira';
import { KeyFormatError, parsePolicy, parsePublicKeys, type PublicKey } from '@readygate/rules';
import { CliError, type Io } from './io.js';

/** Options every Jira command takes (flags win over the environment). */
export interface JiraFlags {
  readonly jiraUrl?: string;
  readonly jiraEmail?: string;
  readonly publicKey?: string;
  readonly policy?: string;
}

/**
 * A Jira client from `--jira-url`/`JIRA_URL`, `--jira-email`/`JIRA_EMAIL` and `JIRA_TOKEN`. The token is read
 * from the environment only: a flag would leave it in shell history and process lists.
 */
export function jiraFrom(flags: JiraFlags, io: Io): JiraClient {
  const baseUrl = flags.jiraUrl ?? io.env['JIRA_URL'];
  const email = flags.jiraEmail ?? io.env['JIRA_EMAIL'];
  const token = io.env['JIRA_TOKEN'];
  const missing = [
    baseUrl ? null : 'JIRA_URL (or --jira-url)',
    email ? null : 'JIRA_EMAIL (or --jira-email)',
    token ? null : 'JIRA_TOKEN',
  ].filter((m): m is string => m !== null);
  if (!baseUrl || !email || !token || missing.length > 0)
    throw new CliError(
      `Jira is not configured: set ${missing.join(', ')} (an API token from id.atlassian.com, read from the environment only).`,
      2,
    );
  try {
    return createJiraClient({ baseUrl, auth: { kind: 'basic', email, token } });
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : 'Jira is not configured correctly.', 2);
  }
}

/** Public keys from `--public-key`/`READYGATE_PUBLIC_KEY` (one a line or comma-separated, for key rotation). */
export function publicKeysFrom(flags: JiraFlags, io: Io): PublicKey[] {
  const text = flags.publicKey ?? io.env['READYGATE_PUBLIC_KEY'];
  if (text === undefined || text.trim() === '')
    throw new CliError(
      'No public key: set READYGATE_PUBLIC_KEY (or --public-key) to the key on the ReadyGate project settings page in Jira, so signed records can be trusted.',
      2,
    );
  try {
    return parsePublicKeys(text);
  } catch (e) {
    throw new CliError(e instanceof KeyFormatError ? e.message : 'The public key cannot be read.', 2);
  }
}

/** A policy file from `--policy`/`READYGATE_POLICY`, or `undefined` to use each project's signed policy. */
export async function policyFrom(flags: JiraFlags, io: Io): Promise<StoryPolicy | undefined> {
  const file = flags.policy ?? io.env['READYGATE_POLICY'];
  if (file === undefined || file === '') return undefined;
  const data = await readJson(file);
  const parsed = parsePolicy(data);
  if (!parsed.ok)
    throw new CliError(
      `${file} is not a valid policy (${parsed.issues.length} problem${parsed.issues.length === 1 ? '' : 's'}): run "readygate policy check ${file}" to list them.`,
      2,
    );
  return { policy: parsed.value, source: `policy file ${file}` };
}

/** Reads a JSON file (or stdin for `-`), or fails with one line that says how to fix it. */
export async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new CliError(
      `cannot read ${file} (${typeof code === 'string' ? code : 'read error'}): check the path.`,
      2,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(
      `${file} is not JSON (${e instanceof Error ? (e.message.split('\n', 1)[0] ?? '') : 'parse error'}): fix the file.`,
      2,
    );
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Turns a Jira failure into the CLI's exit codes: credentials and permissions are configuration (2); anything
 * else means the gate could not be judged, which is a failure (1, gates fail closed).
 */
export function jiraFailure(e: unknown): CliError {
  if (e instanceof CliError) return e;
  if (e instanceof JiraError)
    return new CliError(
      e.message,
      e.code === 'auth' || e.code === 'config' || e.code === 'forbidden' ? 2 : 1,
    );
  throw e;
}
