import type { KeyValueStore, SecretStore, StoredEntry, StoredPage } from './ports.js';

const KEY_RE = /^[a-zA-Z0-9:._\s#-]{1,500}$/;
const VALUE_MAX_BYTES = 240 * 1024;
const PAGE_MAX = 100;

function checkKey(key: string): void {
  if (!KEY_RE.test(key))
    throw new Error(
      `Storage key "${key.slice(0, 80)}" is not allowed: keys match [a-zA-Z0-9:._\\s#-] and have at most 500 characters.`,
    );
}

function encode(key: string, value: unknown): string {
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) throw new Error(`Storage value for "${key}" is not JSON.`);
  if (Buffer.byteLength(text, 'utf8') > VALUE_MAX_BYTES)
    throw new Error(`Storage value for "${key}" is larger than 240 KiB.`);
  return text;
}

/** Yields to other pending work, so concurrent callers interleave the way remote storage calls do. */
function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * An in-memory {@link KeyValueStore} with Forge KVS's semantics for plain keys: key and size limits, JSON values
 * (copied in and out), `undefined` for a missing key, an atomic `setIfAbsent` (FAIL_IF_EXISTS), and a paged prefix
 * query whose order is not promised (this one answers newest-written first, so callers that rely on order fail
 * here too). Every call yields once, so concurrent use cases really interleave.
 */
export class MemoryKeyValueStore implements KeyValueStore {
  readonly #data = new Map<string, string>();
  /** Storage calls made, for benches. */
  calls = 0;

  async get(key: string): Promise<unknown> {
    this.calls++;
    checkKey(key);
    await tick();
    const text = this.#data.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  }

  async set(key: string, value: unknown): Promise<void> {
    this.calls++;
    checkKey(key);
    const text = encode(key, value);
    await tick();
    this.#data.set(key, text);
  }

  async setIfAbsent(key: string, value: unknown): Promise<boolean> {
    this.calls++;
    checkKey(key);
    const text = encode(key, value);
    await tick();
    // The check and the write happen in one turn of the event loop: atomic, like FAIL_IF_EXISTS.
    if (this.#data.has(key)) return false;
    this.#data.set(key, text);
    return true;
  }

  async delete(key: string): Promise<void> {
    this.calls++;
    checkKey(key);
    await tick();
    this.#data.delete(key);
  }

  async query(prefix: string, options: { cursor?: string; limit?: number } = {}): Promise<StoredPage> {
    this.calls++;
    const limit = options.limit ?? 20;
    if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX)
      throw new Error(`Storage query limit must be 1 to ${PAGE_MAX}, got ${limit}.`);
    await tick();
    const keys = [...this.#data.keys()].filter((k) => k.startsWith(prefix)).reverse();
    const start = options.cursor === undefined ? 0 : Number(options.cursor);
    const slice = keys.slice(start, start + limit);
    const results: StoredEntry[] = slice.map((key) => ({
      key,
      value: JSON.parse(this.#data.get(key) ?? 'null') as unknown,
    }));
    const next = start + limit;
    return next < keys.length ? { results, nextCursor: String(next) } : { results };
  }

  /** Every key, for tests. */
  keys(): string[] {
    return [...this.#data.keys()].sort();
  }
}

/** An in-memory {@link SecretStore}. */
export class MemorySecretStore implements SecretStore {
  readonly #data = new Map<string, string>();

  async get(name: string): Promise<string | undefined> {
    await tick();
    return this.#data.get(name);
  }

  async set(name: string, value: string): Promise<void> {
    await tick();
    this.#data.set(name, value);
  }
}
