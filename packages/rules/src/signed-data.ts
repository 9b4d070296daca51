import * as z from 'zod';
import { verify, type Envelope, type PublicKey, type Subject } from './envelope.js';
import { DEFAULT_POLICY, parsePolicy, type Policy } from './policy.js';
import type { Problem } from './result.js';
import {
  IssueRecordsPayloadSchema,
  ReleaseRecordsPayloadSchema,
  type GateRecord,
  type ReleaseRecord,
} from './records.js';
import type { UntrustedRecord } from './story.js';

/** The Jira issue property where the app mirrors an issue's signed gate records. */
export const RECORDS_PROPERTY = 'readygate';

/** The Jira project property where the app keeps the project's signed policy. */
export const POLICY_PROPERTY = 'readygate.policy';

/** The Jira project property where the app keeps a version's signed release records. */
export function releaseProperty(versionId: string): string {
  return `readygate.release.${versionId}`;
}

/** What {@link readSigned} found: the verified payload (`null`: no property), or why it is not trusted. */
export type SignedRead<T> =
  | { readonly ok: true; readonly value: T; readonly envelope: Envelope }
  | { readonly ok: true; readonly value: null; readonly envelope: null }
  | { readonly ok: false; readonly untrusted: UntrustedRecord };

function describe(subject: Subject): string {
  switch (subject.kind) {
    case 'issue':
      return `The ReadyGate record on issue ${subject.key} (id ${subject.id})`;
    case 'project':
      return `The ReadyGate record on project ${subject.key}`;
    case 'version':
      return `The ReadyGate release record of version ${subject.versionId} of project ${subject.projectKey}`;
    case 'ci':
      return 'The ReadyGate CI answer';
  }
}

/**
 * The one way to read signed data from a Jira entity property: verifies the envelope against the trusted
 * public keys (any of them, for key rotation) and the subject it was read from, then parses the payload.
 * `null` or `undefined` (no property) reads as `{ ok: true, value: null }`. Never throws: an envelope that
 * does not verify, or whose payload `schema` rejects, is `{ ok: false, untrusted }` with one line that says why.
 */
export function readSigned<T>(
  value: unknown,
  keys: readonly PublicKey[],
  subject: Subject,
  schema: z.ZodType<T>,
): SignedRead<T> {
  if (value === null || value === undefined) return { ok: true, value: null, envelope: null };
  const checked = verify(value, keys, subject);
  if (!checked.ok) return { ok: false, untrusted: { reason: checked.reason, message: checked.message } };
  const payload = schema.safeParse(checked.payload);
  if (!payload.success)
    return {
      ok: false,
      untrusted: {
        reason: 'malformed',
        message: `${describe(subject)} is signed but holds records this version of ReadyGate cannot read; update ReadyGate.`,
      },
    };
  return { ok: true, value: payload.data, envelope: checked.envelope };
}

/**
 * Records and the untrusted entries that replace them. A record dated after its envelope was signed cannot
 * have been signed as it reads (the app signs what it has just recorded): the whole envelope is untrusted.
 */
function recordsOf<R extends { readonly at: string }>(
  read: SignedRead<{ records: R[] }>,
  subject: Subject,
): { records: R[]; untrusted: UntrustedRecord[] } {
  if (!read.ok) return { records: [], untrusted: [read.untrusted] };
  if (read.value === null) return { records: [], untrusted: [] };
  const signedAt = Date.parse(read.envelope.signedAt);
  const late = read.value.records.find((r) => !(Date.parse(r.at) <= signedAt));
  if (late !== undefined)
    return {
      records: [],
      untrusted: [
        {
          reason: 'future-dated',
          message: `${describe(subject)} holds a record dated ${late.at}, after the envelope was signed (${read.envelope.signedAt}), so it was not recorded by ReadyGate as it reads.`,
        },
      ],
    };
  return { records: read.value.records, untrusted: [] };
}

/**
 * Reads an issue's `readygate` property: the gate records whose envelope verifies for this very issue;
 * otherwise no records and an `untrusted` entry that says why (it fails `record.trusted`).
 */
export function readIssueRecords(
  value: unknown,
  keys: readonly PublicKey[],
  issue: { readonly id: string; readonly key: string },
): { records: GateRecord[]; untrusted: UntrustedRecord[] } {
  const subject: Subject = { kind: 'issue', id: issue.id, key: issue.key };
  return recordsOf(readSigned(value, keys, subject, IssueRecordsPayloadSchema), subject);
}

/** Reads a version's signed release records; an envelope that does not verify counts as no record and says why. */
export function readReleaseRecords(
  value: unknown,
  keys: readonly PublicKey[],
  version: { readonly projectKey: string; readonly versionId: string },
): { records: ReleaseRecord[]; untrusted: UntrustedRecord[] } {
  const subject: Subject = { kind: 'version', projectKey: version.projectKey, versionId: version.versionId };
  return recordsOf(readSigned(value, keys, subject, ReleaseRecordsPayloadSchema), subject);
}

/** The policy a reader should apply, where it came from, and what the user should know about that choice. */
export type SignedPolicy =
  | { readonly ok: true; readonly policy: Policy; readonly source: string }
  | { readonly ok: false; readonly message: string; readonly issues: readonly Problem[] };

/**
 * Turns the value of the project's `readygate.policy` property (a signed envelope, or `null` when absent)
 * into the policy to apply. An envelope that does not verify is an error, not a reason to fall back to the
 * default: the project's policy may be stricter than the default, and an edited property must not weaken the
 * gate. A verified policy that does not parse (the app is newer than this reader) is an error too, since
 * guessing would judge stories by rules nobody chose.
 */
export function readSignedPolicy(
  value: unknown,
  keys: readonly PublicKey[],
  project: { readonly id: string; readonly key: string },
): SignedPolicy {
  // Any payload verifies here; parsePolicy then checks it, with paths and did-you-mean hints.
  const read = readSigned(value, keys, { kind: 'project', id: project.id, key: project.key }, z.unknown());
  if (!read.ok) {
    return {
      ok: false,
      message:
        read.untrusted.reason === 'unknown-key'
          ? `The policy of project ${project.key} is signed by a key this reader was not given: Dev, add the current public key from the ReadyGate project settings to the reader's public keys (a list is fine).`
          : `The policy of project ${project.key} does not verify (edited or copied outside ReadyGate), so ReadyGate will not judge by it or by a weaker default: a Jira admin saves the policy again in the ReadyGate project settings.`,
      issues: [],
    };
  }
  if (read.envelope === null) return { ok: true, policy: DEFAULT_POLICY, source: 'built-in default policy' };
  const parsed = parsePolicy(read.value);
  if (!parsed.ok) {
    const first = parsed.issues[0]?.message ?? 'invalid';
    return {
      ok: false,
      message: `The signed policy of project ${project.key} is not one this reader understands (${first}): update it to the version that matches the ReadyGate app.`,
      issues: parsed.issues,
    };
  }
  return { ok: true, policy: parsed.value, source: `signed policy of project ${project.key}` };
}
