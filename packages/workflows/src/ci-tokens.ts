import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { queryAll } from './record-store.js';
import type { KeyValueStore } from './ports.js';

/**
 * CI tokens: bearer secrets a project admin issues on the settings page so CI can ask the app's web trigger for
 * fresh, signed answers. A token is shown once; storage keeps only its SHA-256 (`ci-token:<id>`), its name, its
 * project and who made it. Several may be live (one per repository); revoking one stops it at once.
 *
 * Form: `rgci_<id>_<secret>` — `id` (12 hex digits) finds the stored entry without scanning; `secret` is 32
 * random bytes (base64url). The whole token is hashed, and compared with `timingSafeEqual`.
 */

const PREFIX = 'ci-token:';
const TOKEN = /^rgci_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
/** Most live tokens one project may hold: enough for one per repository, few enough to review. */
export const CI_TOKENS_MAX = 25;

const StoredCiTokenSchema = z.object({
  v: z.literal(1),
  projectId: z.string(),
  projectKey: z.string(),
  name: z.string(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
  createdBy: z.string(),
  revokedAt: z.string().optional(),
  revokedBy: z.string().optional(),
});
type StoredCiToken = z.infer<typeof StoredCiTokenSchema>;

/** A CI token as the settings page lists it: never the secret, never the hash. */
export interface CiTokenView {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly revokedAt?: string;
}

/** The project a valid token speaks for. */
export interface CiTokenHolder {
  readonly tokenId: string;
  readonly name: string;
  readonly project: { readonly id: string; readonly key: string };
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
/** Compared against when no entry exists, so an unknown id costs the same hash and comparison as a known one. */
const DUMMY = sha256('readygate-ci-token-that-does-not-exist');

function viewOf(id: string, t: StoredCiToken): CiTokenView {
  return {
    id,
    name: t.name,
    createdAt: t.createdAt,
    createdBy: t.createdBy,
    ...(t.revokedAt === undefined ? {} : { revokedAt: t.revokedAt }),
  };
}

async function entries(store: KeyValueStore): Promise<{ id: string; token: StoredCiToken }[]> {
  const out: { id: string; token: StoredCiToken }[] = [];
  for (const e of await queryAll(store, PREFIX)) {
    const parsed = StoredCiTokenSchema.safeParse(e.value);
    if (parsed.success) out.push({ id: e.key.slice(PREFIX.length), token: parsed.data });
  }
  return out;
}

/** The project's tokens, newest first (revoked ones too, marked). */
export async function listCiTokens(store: KeyValueStore, projectId: string): Promise<CiTokenView[]> {
  return (await entries(store))
    .filter((e) => e.token.projectId === projectId)
    .sort((a, b) => (a.token.createdAt < b.token.createdAt ? 1 : -1))
    .map((e) => viewOf(e.id, e.token));
}

/** The token {@link issueCiToken} makes: for which project, under which name, by whom and when. */
export interface CiTokenIssue {
  readonly project: { readonly id: string; readonly key: string };
  /** Shown on the settings page, e.g. the repository; unique among the project's live tokens. */
  readonly name: string;
  /** The account id of the admin who issues it. */
  readonly by: string;
  readonly now: Date;
}

/** Issues a token; the returned `token` is the only time the secret exists outside the caller's hands. */
export async function issueCiToken(
  store: KeyValueStore,
  issue: CiTokenIssue,
): Promise<{ token: string; view: CiTokenView } | { error: string }> {
  const { project, name, by, now } = issue;
  const live = (await listCiTokens(store, project.id)).filter((t) => t.revokedAt === undefined);
  if (live.length >= CI_TOKENS_MAX)
    return {
      error: `Project ${project.key} already has ${CI_TOKENS_MAX} live CI tokens: revoke the ones no repository uses, then issue a new one.`,
    };
  if (live.some((t) => t.name === name))
    return {
      error: `A live CI token named "${name}" exists: choose another name, or revoke that one first.`,
    };
  for (let attempt = 0; attempt < 5; attempt++) {
    const id = randomBytes(6).toString('hex');
    const token = `rgci_${id}_${randomBytes(32).toString('base64url')}`;
    const stored: StoredCiToken = {
      v: 1,
      projectId: project.id,
      projectKey: project.key,
      name,
      hash: sha256(token).toString('hex'),
      createdAt: now.toISOString(),
      createdBy: by,
    };
    if (await store.setIfAbsent(`${PREFIX}${id}`, stored)) return { token, view: viewOf(id, stored) };
  }
  return { error: 'Could not store the CI token (storage kept refusing new keys): try again.' };
}

/** The token {@link revokeCiToken} revokes: which one of which project, by whom and when. */
export interface CiTokenRevocation {
  readonly projectId: string;
  /** The token's id (12 hex digits), as the settings page lists it. */
  readonly id: string;
  /** The account id of the admin who revokes it. */
  readonly by: string;
  readonly now: Date;
}

/** Revokes a token of the project; answers whether it was live. */
export async function revokeCiToken(store: KeyValueStore, revocation: CiTokenRevocation): Promise<boolean> {
  const { projectId, id, by, now } = revocation;
  if (!/^[0-9a-f]{12}$/.test(id)) return false;
  const parsed = StoredCiTokenSchema.safeParse(await store.get(`${PREFIX}${id}`));
  if (!parsed.success || parsed.data.projectId !== projectId || parsed.data.revokedAt !== undefined)
    return false;
  await store.set(`${PREFIX}${id}`, { ...parsed.data, revokedAt: now.toISOString(), revokedBy: by });
  return true;
}

/**
 * The holder of a live token given as `Authorization: Bearer <token>`, or `undefined` — for a missing,
 * malformed, unknown or revoked token alike, so a caller learns nothing about which.
 */
export async function authenticateCiToken(
  store: KeyValueStore,
  authorization: string | undefined,
): Promise<CiTokenHolder | undefined> {
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? '');
  const token = m?.[1] ?? '';
  const parts = TOKEN.exec(token);
  const given = sha256(token);
  const id = parts?.[1];
  const parsed =
    id === undefined ? undefined : StoredCiTokenSchema.safeParse(await store.get(`${PREFIX}${id}`));
  const stored = parsed?.success === true ? parsed.data : undefined;
  const expected = stored === undefined ? DUMMY : Buffer.from(stored.hash, 'hex');
  const same = timingSafeEqual(given, expected);
  if (!same || stored === undefined || id === undefined || stored.revokedAt !== undefined) return undefined;
  return { tokenId: id, name: stored.name, project: { id: stored.projectId, key: stored.projectKey } };
}
