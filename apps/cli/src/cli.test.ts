// The readygate command run as a user runs it: a subprocess, against the fake Jira over HTTP.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEnrollmentDataset, ENROLLMENT_DEMO_USERS, start, type FakeJira } from '@readygate/fake-jira';
import { DEFAULT_POLICY, generateKeyPair } from '@readygate/rules';

const CLI_DIR = fileURLToPath(new URL('..', import.meta.url));
const key = generateKeyPair();
let fake: FakeJira;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `readygate <args>` from the sources (tsx), with only the environment given (plus PATH). */
function cli(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--conditions=@readygate/source', '--import', 'tsx', 'src/main.ts', ...args],
      { cwd: CLI_DIR, env: { PATH: process.env['PATH'] ?? '', ...env } },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(stdin ?? '');
  });
}

const PO = ENROLLMENT_DEMO_USERS.po;
const jiraEnv = (): Record<string, string> => ({
  JIRA_URL: fake.url,
  JIRA_EMAIL: PO.email,
  JIRA_TOKEN: PO.apiToken,
  READYGATE_PUBLIC_KEY: key.publicKey.text,
});

beforeAll(async () => {
  fake = await start({
    port: 0,
    dataset: buildEnrollmentDataset({ privateKey: key.privateKey, now: new Date(), policy: DEFAULT_POLICY }),
  });
});
afterAll(async () => {
  await fake.stop();
});

const COMMANDS = [
  ['check'],
  ['sprint'],
  ['release'],
  ['policy'],
  ['policy', 'check'],
  ['policy', 'schema'],
  ['keygen'],
  ['verify'],
  ['fields'],
  ['demo'],
];

describe('readygate help and usage', () => {
  it('prints help to stdout and exits 0 for --help, -h and help', async () => {
    const runs = await Promise.all([cli(['--help']), cli(['-h']), cli(['help'])]);
    for (const r of runs) {
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Usage: readygate [options] [command]');
      expect(r.stdout).toContain('JIRA_TOKEN');
      expect(r.stderr).toBe('');
    }
  });

  it('has --help with examples on every command, and never runs the command when asked for help', async () => {
    const runs = await Promise.all(COMMANDS.map((c) => cli([...c, '--help'])));
    runs.forEach((r, i) => {
      expect(r.code, COMMANDS[i]?.join(' ')).toBe(0);
      expect(r.stdout, COMMANDS[i]?.join(' ')).toContain(`Usage: readygate ${COMMANDS[i]?.join(' ')}`);
      expect(r.stdout, COMMANDS[i]?.join(' ')).toContain('Examples:');
    });
    const keygen = runs[COMMANDS.findIndex((c) => c[0] === 'keygen')];
    expect(keygen?.stdout).not.toContain('readygate-ed25519-private:');
    const demo = runs[COMMANDS.findIndex((c) => c[0] === 'demo')];
    expect(demo?.stdout).not.toContain('ReadyGate demo —');
  });

  it('prints the version', async () => {
    const r = await cli(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: '0.1.0\n' });
  });

  it('names an unknown command or a missing argument, shows usage and exits 2', async () => {
    const [unknown, missing, none] = await Promise.all([cli(['chek', 'ENR-1']), cli(['check']), cli([])]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'chek'");
    expect(unknown.stderr).toContain('(Did you mean check?)');
    expect(unknown.stderr).toContain('Usage: readygate');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing required argument 'keys'");
    expect(missing.stderr).toContain('Usage: readygate check');
    expect(none.code).toBe(2);
    expect(none.stdout).toContain('Usage: readygate');
  });
});

describe('readygate against Jira', () => {
  it('says which configuration is missing and exits 2', async () => {
    const r = await cli(['check', 'ENR-102'], { READYGATE_PUBLIC_KEY: key.publicKey.text });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'readygate: Jira is not configured: set JIRA_URL (or --jira-url), JIRA_EMAIL (or --jira-email), JIRA_TOKEN (an API token from id.atlassian.com, read from the environment only).\n',
    );
    const noKey = await cli(['check', 'ENR-102'], { ...jiraEnv(), READYGATE_PUBLIC_KEY: '' });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/^readygate: No public key: set READYGATE_PUBLIC_KEY/);
  });

  it('refuses a bad token with one line that never repeats it', async () => {
    const token = 'wrong-token-s3cr3t-value';
    const r = await cli(['check', 'ENR-102'], { ...jiraEnv(), JIRA_TOKEN: token });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^readygate: .*(401|token|credentials)/i);
    expect(`${r.stdout}${r.stderr}`).not.toContain(token);
  });

  it('passes stories that meet the gate (exit 0) with a --json shape machines can read', async () => {
    const r = await cli(['check', 'ENR-102', 'ENR-103', '--gate', 'merge', '--json'], jiraEnv());
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as {
      pass: boolean;
      gate: string;
      missing: unknown[];
      verdicts: { gate: string; pass: boolean; stories: { key: string; pass: boolean }[] }[];
    };
    expect(json).toMatchObject({ pass: true, gate: 'merge', missing: [] });
    expect(json.verdicts.flatMap((v) => v.stories.map((s) => [s.key, s.pass]))).toEqual([
      ['ENR-102', true],
      ['ENR-103', true],
    ]);
  });

  it('fails a story that does not meet the gate (exit 1), in text and Markdown', async () => {
    const [text, md] = await Promise.all([
      cli(['check', 'ENR-105'], jiraEnv()),
      cli(['check', 'ENR-105', '--markdown'], jiraEnv()),
    ]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('FAIL  Merge gate failed for ENR-105');
    expect(text.stdout).toMatch(/ac\.approved: AC changed after PO approval/);
    expect(text.stdout).not.toContain('\u001b[');
    expect(md.code).toBe(1);
    expect(md.stdout).toMatch(/^> Policy for ENR: signed policy of project ENR\.$/m);
    expect(md.stdout).toContain('ENR-105');
  });

  it('fails closed on a key Jira does not return', async () => {
    const r = await cli(['check', 'ENR-102', 'ENR-999', '--json'], jiraEnv());
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { missing: { key: string }[] }).missing.map((m) => m.key)).toEqual([
      'ENR-999',
    ]);
  });

  it('checks a future sprint with capacity against the velocity of its board', async () => {
    const r = await cli(['sprint', '44', '--json'], jiraEnv());
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as {
      velocity: number[];
      sprint: { name: string; state: string };
      verdicts: { checks: { rule: string; outcome: string; message: string }[] }[];
    };
    expect(json.sprint).toEqual({ id: 44, name: 'Fast Track 3', state: 'future' });
    expect(json.velocity).toEqual([10, 8]);
    expect(json.verdicts[0]?.checks.find((c) => c.rule === 'sprint.capacity')?.message).toContain(
      '15 points committed, above the capacity of 9',
    );
    const bad = await cli(['sprint', 'forty'], jiraEnv());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('sprint id must be a number');
  });

  it('shows the release checklist and the state of the decision', async () => {
    const r = await cli(['release', '2.0', '--project', 'ENR'], jiraEnv());
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Release gate failed for version 2.0');
    expect(r.stdout).toContain('release.decision: No go/no-go decision recorded by the PO.');
    const missing = await cli(['release', '2.0'], jiraEnv());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--project <KEY>' not specified");
    const unknown = await cli(['release', '9.9', '--project', 'ENR'], jiraEnv());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Project ENR has no version "9.9"; its versions: 1.9, 2.0.');
  });

  it('lists the fields with their ids', async () => {
    const r = await cli(['fields', '--json'], jiraEnv());
    expect(r.code).toBe(0);
    const fields = JSON.parse(r.stdout) as { id: string; name: string }[];
    expect(fields.find((f) => /story point/i.test(f.name))?.id).toMatch(/^customfield_\d+$/);
  });

  it('never prints the token in any output', async () => {
    const runs = await Promise.all([
      cli(['check', 'ENR-102'], jiraEnv()),
      cli(['sprint', '43', '--json'], jiraEnv()),
      cli(['fields'], jiraEnv()),
    ]);
    for (const r of runs) expect(`${r.stdout}${r.stderr}`).not.toContain(PO.apiToken);
  });
});

describe('readygate without Jira', () => {
  it('runs the demo with --json: the same steps as data, nothing else on stdout', async () => {
    const r = await cli(['demo', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { steps: { step: string }[] };
    expect(json.steps.map((s) => s.step)).toEqual([
      'setup',
      'panel',
      'sprint',
      'sprint',
      'sprint-start',
      'pr',
      'pr',
      'pr-recheck',
      'release',
      'metrics',
    ]);
  });

  it('lists every problem of a policy in one pass, each with its path', async () => {
    const policy = {
      version: 1,
      gates: { ready: { rules: [{ id: 'ac.aproved', severity: 'fatal' }] } },
    };
    const r = await cli(['policy', 'check', '-'], {}, JSON.stringify(policy));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('gates.ready.rules[0].severity');
    expect(r.stdout).toContain(
      "gates.ready.rules[0].id: unknown rule 'ac.aproved' — did you mean 'ac.approved'?",
    );
    const ok = await cli(['policy', 'check', '-'], {}, JSON.stringify({ version: 1 }));
    expect(ok).toMatchObject({ code: 0, stdout: '-: valid policy (version 1).\n' });
    const notJson = await cli(['policy', 'check', '-'], {}, '{ version');
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/^readygate: - is not JSON \(.+\): fix the file\.\n$/);
  });

  it('prints the policy JSON Schema', async () => {
    const r = await cli(['policy', 'schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty('properties.gates');
  });

  it('makes a key pair', async () => {
    const r = await cli(['keygen', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      publicKey: expect.stringMatching(/^readygate-ed25519:/) as unknown,
      privateKey: expect.stringMatching(/^readygate-ed25519-private:/) as unknown,
    });
  });

  it('verifies an envelope and says why one fails', async () => {
    const env = { READYGATE_PUBLIC_KEY: key.publicKey.text };
    const property = (k: string): string => JSON.stringify(fake.state.issue(k)?.properties['readygate']);
    const [good, edited, copied] = await Promise.all([
      cli(['verify', '-', '--subject', 'issue:10102:ENR-102'], env, property('ENR-102')),
      cli(['verify', '-', '--json'], env, property('ENR-106')),
      cli(['verify', '-', '--subject', 'issue:10107:ENR-107'], env, property('ENR-107')),
    ]);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/^valid: signed by key [0-9a-f]{16}/);
    expect(edited.code).toBe(1);
    expect(JSON.parse(edited.stdout)).toMatchObject({ valid: false, reason: 'bad-signature' });
    expect(copied.code).toBe(1);
    expect(copied.stdout).toContain('was signed for issue ENR-102 (id 10102) and copied here');
    const noKey = await cli(['verify', '-'], {}, property('ENR-102'));
    expect(noKey.code).toBe(2);
  });
});
