import {
  canonicalJson,
  IssueRecordsPayloadSchema,
  sign,
  readSigned,
  type GateRecord,
  type PrivateKey,
  type PublicKey,
} from '@readygate/rules';
import { RECORDS_PROPERTY, type JiraClient } from '@readygate/jira';
import type { MirrorStatus } from './results.js';

/** Jira's limit on an entity property value, in characters of JSON. */
const PROPERTY_MAX = 32_768;
/** Room for the envelope around the payload (version, kid, subject, time, signature): well under 1 KiB. */
const ENVELOPE_ROOM = 1_024;

/**
 * The records the mirror carries: all of them while they fit in one issue property; past that, the newest record
 * of each kind first, then every record given for the newest AC version, then the rest, newest first, as long as
 * they fit. Storage keeps the full history either way; readers outside the app need the current state.
 */
export function mirrorRecords(records: readonly GateRecord[]): GateRecord[] {
  const budget = PROPERTY_MAX - ENVELOPE_ROOM;
  if (JSON.stringify({ records }).length <= budget) return [...records];
  const newestFingerprint = records.at(-1)?.acFingerprint;
  const order = new Set<number>();
  const seenKinds = new Set<string>();
  for (let i = records.length - 1; i >= 0; i--) {
    const kind = records[i]?.kind ?? '';
    if (!seenKinds.has(kind)) {
      seenKinds.add(kind);
      order.add(i);
    }
  }
  for (let i = records.length - 1; i >= 0; i--)
    if (records[i]?.acFingerprint === newestFingerprint) order.add(i);
  for (let i = records.length - 1; i >= 0; i--) order.add(i);
  const keep = new Set<number>();
  let size = JSON.stringify({ records: [] }).length;
  for (const i of order) {
    const add = JSON.stringify(records[i]).length + 1;
    if (size + add > budget) continue;
    keep.add(i);
    size += add;
  }
  return records.filter((_, i) => keep.has(i));
}

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
  const expected = mirrorRecords(records);
  if (property === undefined || property === null) {
    return expected.length === 0
      ? { ok: true }
      : {
          ok: false,
          problem: 'missing',
          what: `The ReadyGate record on ${issue.key} was missing from the issue`,
        };
  }
  const v = readSigned(
    property,
    keys,
    { kind: 'issue', id: issue.id, key: issue.key },
    IssueRecordsPayloadSchema,
  );
  if (!v.ok) {
    const { reason, message } = v.untrusted;
    const problem: MirrorProblem =
      reason === 'bad-signature'
        ? 'edited'
        : reason === 'other-subject'
          ? 'copied'
          : reason === 'unknown-key'
            ? 'unknown-key'
            : 'malformed';
    return { ok: false, problem, what: message.replace(/\.$/, '') };
  }
  if (v.envelope !== null && canonicalJson(v.value.records) === canonicalJson(expected)) return { ok: true };
  return {
    ok: false,
    problem: 'older',
    what: `The ReadyGate record on ${issue.key} is an older copy (signed ${(v.envelope?.signedAt ?? '').slice(0, 16).replace('T', ' ')} UTC) than the records the app holds`,
  };
}

/** What {@link writeMirror} writes: the issue's records, signed with `key` at `now`. */
export interface MirrorWrite {
  readonly issue: { readonly id: string; readonly key: string };
  readonly records: readonly GateRecord[];
  /** The current signing key. */
  readonly key: PrivateKey;
  readonly now: Date;
}

/** Signs the issue's records with the current key and writes them to the `readygate` issue property, as the app. */
export async function writeMirror(app: JiraClient, write: MirrorWrite): Promise<void> {
  const { issue, records, key, now } = write;
  const envelope = sign(
    { records: mirrorRecords(records) },
    { kind: 'issue', id: issue.id, key: issue.key },
    key,
    now,
  );
  await app.setIssueProperty(issue.key, RECORDS_PROPERTY, envelope);
}
