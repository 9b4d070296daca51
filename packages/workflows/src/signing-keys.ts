import * as z from 'zod';
import {
  generateKeyPair,
  parsePrivateKey,
  parsePublicKey,
  publicKeyOf,
  type PrivateKey,
  type PublicKey,
} from '@readygate/rules';
import { queryAll } from './record-store.js';
import type { Clock, KeyValueStore, SecretStore } from './ports.js';
import type { PublicKeyView } from './results.js';

/** The secret that holds the current private key. */
export const SIGNING_KEY_SECRET = 'signing-key';
const PUBKEY_PREFIX = 'pubkey:';

const PublicEntrySchema = z.object({ text: z.string(), createdAt: z.string() });

/**
 * The app's signing keys. The current private key is one secret; every public key ever made is a plain key
 * `pubkey:<kid>` that is never deleted, so envelopes signed before a rotation keep verifying. A public key is
 * registered BEFORE its private half becomes current: two first uses racing each make a key, and whichever ends
 * up current, both verify.
 */
export class SigningKeys {
  constructor(
    private readonly store: KeyValueStore,
    private readonly secrets: SecretStore,
    private readonly clock: Clock,
  ) {}

  /** Kids this instance has seen registered, so the check below runs once per key and process. */
  readonly #registered = new Set<string>();

  /** The key that signs now; made on first use. */
  async current(): Promise<PrivateKey> {
    const text = await this.secrets.get(SIGNING_KEY_SECRET);
    if (text === undefined) return this.rotate();
    const key = parsePrivateKey(text);
    if (!this.#registered.has(key.kid)) {
      // A current key whose public half is not listed would sign envelopes nobody can verify (e.g. app storage
      // restored without its secrets' history): list it before it signs.
      const pub = publicKeyOf(key);
      await this.store.setIfAbsent(`${PUBKEY_PREFIX}${pub.kid}`, {
        text: pub.text,
        createdAt: this.clock.now().toISOString(),
      });
      this.#registered.add(key.kid);
    }
    return key;
  }

  /** Makes a new key pair; it signs from now on. */
  async rotate(): Promise<PrivateKey> {
    const pair = generateKeyPair();
    await this.store.setIfAbsent(`${PUBKEY_PREFIX}${pair.publicKey.kid}`, {
      text: pair.publicKey.text,
      createdAt: this.clock.now().toISOString(),
    });
    await this.secrets.set(SIGNING_KEY_SECRET, pair.privateKeyText);
    // Read back: when two rotations race, the one stored last is current for everyone.
    const stored = await this.secrets.get(SIGNING_KEY_SECRET);
    this.#registered.add(pair.publicKey.kid);
    return parsePrivateKey(stored ?? pair.privateKeyText);
  }

  /** Every public key (those that verify), newest first. */
  async publicKeys(): Promise<PublicKey[]> {
    return (await this.#entries()).map((e) => e.key);
  }

  /** The public keys as the settings page and web trigger show them; makes the first key on first use. */
  async views(): Promise<PublicKeyView[]> {
    const current = publicKeyOf(await this.current());
    return (await this.#entries()).map((e) => ({
      kid: e.key.kid,
      text: e.key.text,
      current: e.key.kid === current.kid,
      createdAt: e.createdAt,
    }));
  }

  async #entries(): Promise<{ key: PublicKey; createdAt: string }[]> {
    const out: { key: PublicKey; createdAt: string }[] = [];
    for (const e of await queryAll(this.store, PUBKEY_PREFIX)) {
      const parsed = PublicEntrySchema.safeParse(e.value);
      if (!parsed.success) continue;
      try {
        out.push({ key: parsePublicKey(parsed.data.text), createdAt: parsed.data.createdAt });
      } catch {
        // Not a key this version can read: it verifies nothing, so it is not listed.
      }
    }
    return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  }
}
