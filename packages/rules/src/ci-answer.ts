import * as z from 'zod';
import { verify, type Envelope, type PublicKey } from './envelope.js';
import { GateRecordSchema, ReleaseRecordSchema } from './records.js';

/**
 * The app's answer to CI (the GitHub Action asking its web trigger): the CURRENT records of the stories asked
 * for, read from app storage, the current policy of their project and, for a release, its records — signed
 * together with the caller's nonce (subject `{ kind: 'ci', nonce }`) and the time, so an answer can be neither
 * edited nor replayed. A reader judges with it instead of the issue and project properties, which anyone who
 * may edit the issue can set back to an older, validly signed copy.
 */
export const CiAnswerPayloadSchema = z.object({
  v: z.literal(1),
  /** The project the CI token was issued for; the answer covers its issues only. */
  project: z.object({ id: z.string().min(1), key: z.string().min(1) }),
  /** Each asked key the app knows: its id and the records the app mirrors now (what storage holds). */
  issues: z.array(
    z.object({ key: z.string().min(1), id: z.string().min(1), records: z.array(GateRecordSchema) }),
  ),
  /** Asked keys of the token's project that Jira does not know. */
  unknown: z.array(z.string()),
  /** Asked keys of other projects: the token does not cover them. */
  outside: z.array(z.string()),
  /** The project's current policy (`null`: none saved, the built-in default applies). */
  policy: z.unknown().nullable(),
  /** For a release: the version's records as the app holds them. */
  release: z.object({ versionId: z.string().min(1), records: z.array(ReleaseRecordSchema) }).optional(),
});
/** A verified CI answer's content. */
export type CiAnswerPayload = z.infer<typeof CiAnswerPayloadSchema>;

/** Why a CI answer is refused. */
export type CiAnswerFailure =
  'malformed' | 'unknown-key' | 'bad-signature' | 'other-nonce' | 'stale' | 'future';

/** The outcome of {@link readCiAnswer}. */
export type CiAnswerRead =
  | { readonly ok: true; readonly payload: CiAnswerPayload; readonly envelope: Envelope }
  | { readonly ok: false; readonly reason: CiAnswerFailure; readonly message: string };

/** Limits of {@link readCiAnswer}. */
export interface CiAnswerLimits {
  /** Oldest answer accepted, in ms. Default 5 minutes. */
  readonly maxAgeMs?: number;
  /** How far the app's clock may run ahead of the reader's, in ms. Default 1 minute. */
  readonly skewMs?: number;
}

/** What {@link readCiAnswer} checks an answer against: the reader's keys, request and clock. */
export interface CiAnswerCheck extends CiAnswerLimits {
  /** The app's public keys; the answer must be signed by one of them. */
  readonly keys: readonly PublicKey[];
  /** The nonce this reader sent with its request; an answer carrying another is a replay. */
  readonly nonce: string;
  /** The reader's clock. */
  readonly now: Date;
}

/**
 * Verifies a CI answer: signed by one of `keys`, for THIS `nonce` (a replayed answer carries another), signed no
 * longer than `maxAgeMs` before `now` and not after `now` plus the clock skew, with a payload this reader
 * understands. Never throws; a refusal says which check failed in one line.
 */
export function readCiAnswer(value: unknown, check: CiAnswerCheck): CiAnswerRead {
  const { keys, nonce, now } = check;
  const maxAgeMs = check.maxAgeMs ?? 300_000;
  const skewMs = check.skewMs ?? 60_000;
  const checked = verify(value, keys, { kind: 'ci', nonce });
  if (!checked.ok) {
    const messages: Record<typeof checked.reason, string> = {
      malformed: 'is not a signed ReadyGate answer',
      'unknown-key': 'is signed by a key that is not among the public keys',
      'bad-signature': 'was edited in transit (its signature does not match)',
      'other-subject': 'was made for another request (its nonce is not the one sent): a replayed answer',
    };
    return {
      ok: false,
      reason: checked.reason === 'other-subject' ? 'other-nonce' : checked.reason,
      message: `The answer of the ReadyGate app ${messages[checked.reason]}`,
    };
  }
  const signedAt = Date.parse(checked.envelope.signedAt);
  const age = now.getTime() - signedAt;
  if (age > maxAgeMs)
    return {
      ok: false,
      reason: 'stale',
      message: `The answer of the ReadyGate app was signed ${Math.round(age / 1000)} s ago, more than the ${Math.round(maxAgeMs / 1000)} s allowed`,
    };
  if (-age > skewMs)
    return {
      ok: false,
      reason: 'future',
      message: `The answer of the ReadyGate app is dated ${Math.round(-age / 1000)} s in the future (clocks differ by more than ${Math.round(skewMs / 1000)} s)`,
    };
  const payload = CiAnswerPayloadSchema.safeParse(checked.payload);
  if (!payload.success)
    return {
      ok: false,
      reason: 'malformed',
      message: 'The answer of the ReadyGate app is signed but not one this version of ReadyGate can read',
    };
  return { ok: true, payload: payload.data, envelope: checked.envelope };
}
