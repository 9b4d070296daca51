import {
  generateKeyPair,
  parsePolicy,
  policyJsonSchema,
  SubjectSchema,
  verify,
  type Subject,
} from '@readygate/rules';
import { publicKeysFrom, readJson, type JiraFlags } from './config.js';
import { CliError, paint, type Io } from './io.js';

/** `readygate policy check <file>`: every problem in one pass, each with its path and how to fix it. */
export async function policyCheckCommand(file: string, flags: { json?: boolean }, io: Io): Promise<number> {
  const data = await readJson(file);
  const parsed = parsePolicy(data);
  const problems = parsed.ok ? [] : parsed.issues;
  if (flags.json === true) {
    io.out(`${JSON.stringify({ file, valid: parsed.ok, problems }, null, 2)}\n`);
    return parsed.ok ? 0 : 1;
  }
  if (parsed.ok) {
    io.out(`${file}: ${paint(io, 'green', 'valid policy')} (version ${parsed.value.version}).\n`);
    return 0;
  }
  io.out(
    `${file}: ${paint(io, 'red', `${problems.length} problem${problems.length === 1 ? '' : 's'}`)} (the PO or project admin fixes the policy):\n`,
  );
  for (const p of problems) io.out(`  ${p.message}\n`);
  io.out(
    'Fix each listed path: `readygate policy schema` shows every field with its allowed values and defaults, docs/policy.md every rule with its parameters.\n',
  );
  return 1;
}

/** `readygate policy schema`: the policy's JSON Schema, for editors. */
export function policySchemaCommand(io: Io): number {
  io.out(`${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
  return 0;
}

/** `readygate keygen`: a new key pair; the private half only to stdout, never to a log. */
export function keygenCommand(flags: { json?: boolean }, io: Io): number {
  const pair = generateKeyPair();
  if (flags.json === true) {
    io.out(
      `${JSON.stringify({ kid: pair.publicKey.kid, publicKey: pair.publicKey.text, privateKey: pair.privateKeyText })}\n`,
    );
    return 0;
  }
  io.out(
    `public key (kid ${pair.publicKey.kid}; a repository variable, READYGATE_PUBLIC_KEY): ${pair.publicKey.text}\n`,
  );
  io.out(`private key (store as a secret; never commit it): ${pair.privateKeyText}\n`);
  return 0;
}

function subjectFrom(text: string): Subject {
  const [kind, a, b] = text.split(':');
  const parsed = SubjectSchema.safeParse(
    kind === 'version' ? { kind, projectKey: a, versionId: b } : { kind, id: a, key: b },
  );
  if (!parsed.success)
    throw new CliError(
      `--subject must be issue:<id>:<key>, project:<id>:<key> or version:<projectKey>:<versionId>, got "${text}".`,
      2,
    );
  return parsed.data;
}

/** `readygate verify <file|->`: checks an envelope against the public key(s) and says why it fails. */
export async function verifyCommand(
  file: string,
  flags: JiraFlags & { subject?: string; json?: boolean },
  io: Io,
): Promise<number> {
  const keys = publicKeysFrom(flags, io);
  const data = await readJson(file);
  const claimed = SubjectSchema.safeParse((data as { subject?: unknown } | null)?.subject);
  const expected =
    flags.subject !== undefined ? subjectFrom(flags.subject) : claimed.success ? claimed.data : undefined;
  if (expected === undefined) {
    const msg = `${file} is not a signed ReadyGate envelope (no subject): read it from the issue property "readygate" or the project property "readygate.policy".`;
    if (flags.json === true)
      io.out(`${JSON.stringify({ valid: false, reason: 'malformed', message: msg })}\n`);
    else io.out(`${msg}\n`);
    return 1;
  }
  const result = verify(data, keys, expected);
  const checked =
    flags.subject !== undefined
      ? ''
      : ' (the subject it names; pass --subject to check where it was read from)';
  if (flags.json === true) {
    io.out(
      `${JSON.stringify(result.ok ? { valid: true, kid: result.envelope.kid, subject: result.envelope.subject, signedAt: result.envelope.signedAt } : { valid: false, reason: result.reason, message: result.message })}\n`,
    );
  } else if (result.ok) {
    io.out(
      `${paint(io, 'green', 'valid')}: signed by key ${result.envelope.kid} on ${result.envelope.signedAt} for ${JSON.stringify(result.envelope.subject)}${checked}.\n`,
    );
  } else io.out(`${paint(io, 'red', 'invalid')} (${result.reason}): ${result.message}\n`);
  return result.ok ? 0 : 1;
}
