import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign as edSign,
  verify as edVerify,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { ReadyGateError } from './errors.js';
import * as z from 'zod';
import { canonicalJson } from './canonical-json.js';

/**
 * What a signed envelope is about. An issue envelope names the issue's id AND key, so a record copied
 * onto another issue (or left behind by a key change the app did not re-sign) does not verify there.
 */
export const SubjectSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('issue'), id: z.string().min(1), key: z.string().min(1) }),
  z.object({ kind: z.literal('project'), id: z.string().min(1), key: z.string().min(1) }),
  z.object({ kind: z.literal('version'), projectKey: z.string().min(1), versionId: z.string().min(1) }),
  /** A CI answer of the app's web trigger, bound to the nonce the caller sent (see `readCiAnswer`). */
  z.object({ kind: z.literal('ci'), nonce: z.string().min(1) }),
]);
/** The thing an envelope is about. */
export type Subject = z.infer<typeof SubjectSchema>;

/** A signed envelope as stored in a Jira entity property. */
export const EnvelopeSchema = z.object({
  v: z.literal(1),
  alg: z.literal('Ed25519'),
  /** Id of the signing key: the first 16 hex digits of SHA-256 over the raw public key. */
  kid: z.string().regex(/^[0-9a-f]{16}$/),
  subject: SubjectSchema,
  /** When the app signed it (ISO 8601). */
  signedAt: z.iso.datetime({ offset: true }),
  payload: z.unknown(),
  /** base64url Ed25519 signature over the canonical JSON of every other field. */
  sig: z.string().regex(/^[A-Za-z0-9_-]{86}$/),
});
/** A signed envelope. */
export type Envelope = z.infer<typeof EnvelopeSchema>;

/** A public key that verifies envelopes, with its id. */
export interface PublicKey {
  readonly kid: string;
  readonly key: KeyObject;
  /** The text form users paste into settings and GitHub inputs: `readygate-ed25519:<base64url>`. */
  readonly text: string;
}

/** A private key that signs envelopes. Keep it in secret storage; never log it. */
export interface PrivateKey {
  readonly kid: string;
  readonly key: KeyObject;
}

/** A freshly generated key pair, with both halves in text form for storage. */
export interface KeyPair {
  readonly publicKey: PublicKey;
  readonly privateKey: PrivateKey;
  /** Text form of the private key: `readygate-ed25519-private:<base64url pkcs8>`. Store as a secret. */
  readonly privateKeyText: string;
}

const PUBLIC_PREFIX = 'readygate-ed25519:';
const PRIVATE_PREFIX = 'readygate-ed25519-private:';

function kidOf(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

function publicFromKeyObject(key: KeyObject): PublicKey {
  const jwk = key.export({ format: 'jwk' });
  const x = jwk.x ?? '';
  return { kid: kidOf(Buffer.from(x, 'base64url')), key, text: PUBLIC_PREFIX + x };
}

/** Generates an Ed25519 key pair for signing gate records. */
export function generateKeyPair(): KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pub = publicFromKeyObject(publicKey);
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  return {
    publicKey: pub,
    privateKey: { kid: pub.kid, key: privateKey },
    privateKeyText: PRIVATE_PREFIX + der.toString('base64url'),
  };
}

/** Why a key text could not be read. */
export class KeyFormatError extends ReadyGateError<'key.malformed'> {
  constructor(message: string) {
    super('key.malformed', message);
  }
}

/**
 * Reads a public key in text form (`readygate-ed25519:<base64url>`; surrounding white space is ignored).
 * @throws KeyFormatError with a message that says what a valid key looks like.
 */
export function parsePublicKey(text: string): PublicKey {
  const t = text.trim();
  const hint = `a ReadyGate public key looks like "${PUBLIC_PREFIX}" followed by 43 characters; copy it from the ReadyGate project settings page in Jira`;
  if (!t.startsWith(PUBLIC_PREFIX))
    throw new KeyFormatError(`The public key is not in ReadyGate's format: ${hint}.`);
  const x = t.slice(PUBLIC_PREFIX.length);
  if (!/^[A-Za-z0-9_-]{43}$/.test(x))
    throw new KeyFormatError(`The public key is truncated or altered: ${hint}.`);
  try {
    return publicFromKeyObject(createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' }));
  } catch {
    throw new KeyFormatError(`The public key is not a valid Ed25519 key: ${hint}.`);
  }
}

/**
 * Reads a list of public keys, one a line or separated by commas (blank entries ignored), so that a reader
 * can trust the old and the new key while the app's key is rotated.
 * @throws KeyFormatError naming which key of the list is wrong, or that the list is empty.
 */
export function parsePublicKeys(text: string): PublicKey[] {
  const parts = text
    .split(/[\n,]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0)
    throw new KeyFormatError(
      'No public key given: paste the ReadyGate public key from the project settings page in Jira (one a line, or separated by commas).',
    );
  return parts.map((part, i) => {
    try {
      return parsePublicKey(part);
    } catch (e) {
      if (!(e instanceof KeyFormatError) || parts.length === 1) throw e;
      throw new KeyFormatError(`Public key ${i + 1} of ${parts.length}: ${e.message}`);
    }
  });
}

/**
 * Reads a private key in text form. The error never repeats the text it was given.
 * @throws KeyFormatError
 */
export function parsePrivateKey(text: string): PrivateKey {
  const t = text.trim();
  const bad = new KeyFormatError(
    `The signing key is not a ReadyGate private key (expected "${PRIVATE_PREFIX}…"): generate one with "readygate keygen".`,
  );
  if (!t.startsWith(PRIVATE_PREFIX)) throw bad;
  let key: KeyObject;
  try {
    key = createPrivateKey({
      key: Buffer.from(t.slice(PRIVATE_PREFIX.length), 'base64url'),
      format: 'der',
      type: 'pkcs8',
    });
  } catch {
    throw bad;
  }
  if (key.asymmetricKeyType !== 'ed25519') throw bad;
  return { kid: publicFromKeyObject(createPublicKey(key)).kid, key };
}

/** The public half of a private key, for display on the settings page. */
export function publicKeyOf(privateKey: PrivateKey): PublicKey {
  return publicFromKeyObject(createPublicKey(privateKey.key));
}

function signingInput(e: Omit<Envelope, 'sig'>): Buffer {
  return Buffer.from(
    canonicalJson({
      v: e.v,
      alg: e.alg,
      kid: e.kid,
      subject: e.subject,
      signedAt: e.signedAt,
      payload: e.payload,
    }),
    'utf8',
  );
}

/**
 * Signs a payload about a subject. `now` is injectable for reproducible fixtures.
 * @throws TypeError when the payload holds what JSON cannot represent (a `Date`, a `Map`, a sparse array, …),
 *   see {@link canonicalJson}: signing it would sign something other than what the reader sees.
 */
export function sign(
  payload: unknown,
  subject: Subject,
  privateKey: PrivateKey,
  now: Date = new Date(),
): Envelope {
  const unsigned = {
    v: 1 as const,
    alg: 'Ed25519' as const,
    kid: privateKey.kid,
    subject,
    signedAt: now.toISOString(),
    payload,
  };
  const sig = edSign(null, signingInput(unsigned), privateKey.key).toString('base64url');
  return { ...unsigned, sig };
}

/** Why an envelope did not verify. */
export type VerifyFailureReason = 'malformed' | 'unknown-key' | 'bad-signature' | 'other-subject';
/** A verification failure with a one-line explanation. */
export interface VerifyFailure {
  readonly ok: false;
  readonly reason: VerifyFailureReason;
  readonly message: string;
}
/** The outcome of {@link verify}. */
export type VerifyResult =
  { readonly ok: true; readonly envelope: Envelope; readonly payload: unknown } | VerifyFailure;

function describe(s: Subject): string {
  switch (s.kind) {
    case 'issue':
      return `issue ${s.key} (id ${s.id})`;
    case 'project':
      return `project ${s.key}`;
    case 'version':
      return `version ${s.versionId} of project ${s.projectKey}`;
    case 'ci':
      return `the CI answer for nonce ${s.nonce.slice(0, 12)}`;
  }
}

function sameSubject(a: Subject, b: Subject): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * Verifies an envelope read from storage against trusted public keys and the subject it was read from.
 * Never throws: anything that is not a valid envelope is `malformed`.
 */
export function verify(value: unknown, keys: readonly PublicKey[], expected: Subject): VerifyResult {
  const parsed = EnvelopeSchema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? ` (${first.path.join('.')})` : '';
    return {
      ok: false,
      reason: 'malformed',
      message: `The ReadyGate record on ${describe(expected)} is not a signed envelope${where}.`,
    };
  }
  const env = parsed.data;
  const key = keys.find((k) => k.kid === env.kid);
  if (!key) {
    return {
      ok: false,
      reason: 'unknown-key',
      message: `The ReadyGate record on ${describe(expected)} was signed by key ${env.kid}, which is not the configured public key.`,
    };
  }
  let good: boolean;
  try {
    good = edVerify(null, signingInput(env), key.key, Buffer.from(env.sig, 'base64url'));
  } catch {
    good = false;
  }
  if (!good) {
    return {
      ok: false,
      reason: 'bad-signature',
      message: `The ReadyGate record on ${describe(expected)} was edited outside ReadyGate (signature does not match).`,
    };
  }
  if (!sameSubject(env.subject, expected)) {
    return {
      ok: false,
      reason: 'other-subject',
      message: `The ReadyGate record on ${describe(expected)} was signed for ${describe(env.subject)} and copied here.`,
    };
  }
  return { ok: true, envelope: env, payload: env.payload };
}
