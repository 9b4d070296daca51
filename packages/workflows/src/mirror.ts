import {
  canonicalJson,
  IssueRecordsPayloadSchema,
  sign,
  verify,
  type GateRecord,
  type PrivateKey,
  type PublicKey,
} from '@readygate/rules';
import { RECORDS_PROPERTY, type JiraClient } from '@readygate/jira';
import type { MirrorStatus } from './results.js';

/** What is wrong with the `readygate` property, or nothing. */
export type MirrorProblem = NonNullable<MirrorStatus['problem']>;

/** A finding about the mirror, before any repair. */
export type MirrorFinding =
  { readonly ok: true } | { readonly ok: false; readonly problem: MirrorProblem; readonly what: string };

/**
 * Compares the issue's `readygate` property with the records in storage (the truth). In sync means: it verifies
 * for this very issue with one of the app's keys and holds exactly the stored records.
 */
export function checkMirror(
  property: unknown,
  issue: { readonly id: string; readonly key: string },
  records: readonly GateRecord[],
  keys: readonly PublicKey[],
): MirrorFinding {
  if (property === undefined || property === null) {
    return records.length === 0
      ? { ok: true }
      : {
          ok: false,
          problem: 'missing',
          what: `The ReadyGate record on ${issue.key} was missing from the issue`,
        };
  }
  const v = verify(property, keys, { kind: 'issue', id: issue.id, key: issue.key });
  if (!v.ok) {
    const problem: MirrorProblem =
      v.reason === 'bad-signature'
        ? 'edited'
        : v.reason === 'other-subject'
          ? 'copied'
          : v.reason === 'unknown-key'
            ? 'unknown-key'
            : 'malformed';
    return { ok: false, problem, what: v.message.replace(/\.$/, '') };
  }
  const payload = IssueRecordsPayloadSchema.safeParse(v.payload);
  if (payload.success && canonicalJson(payload.data.records) === canonicalJson(records)) return { ok: true };
  return {
    ok: false,
    problem: 'older',
    what: `The ReadyGate record on ${issue.key} is an older copy (signed ${v.envelope.signedAt.slice(0, 16).replace('T', ' ')} UTC) than the records the app holds`,
  };
}

/** Signs the issue's records with the current key and writes them to the `readygate` issue property, as the app. */
export async function writeMirror(
  app: JiraClient,
  issue: { readonly id: string; readonly key: string },
  records: readonly GateRecord[],
  key: PrivateKey,
  now: Date,
): Promise<void> {
  const envelope = sign({ records }, { kind: 'issue', id: issue.id, key: issue.key }, key, now);
  await app.setIssueProperty(issue.key, RECORDS_PROPERTY, envelope);
}
