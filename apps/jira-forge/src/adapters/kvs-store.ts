import { kvs, WhereConditions } from '@forge/kvs';
import type { KeyValueStore, StoredPage } from '@readygate/workflows';
import { isConflict } from './kvs-errors';

/** Most entries one KVS query page may return. */
const PAGE_MAX = 100;

/**
 * The use cases' record store on plain `@forge/kvs` keys, with the semantics `KeyValueStore` promises:
 * a missing key is `undefined`; `setIfAbsent` is one `kvs.set` with `FAIL_IF_EXISTS` (never inside a
 * transaction, where a plain key has no guard) whose conflict answers `false`; `query` pages by key prefix.
 */
export function kvsStore(): KeyValueStore {
  return {
    get: (key) => kvs.get<unknown>(key),
    set: (key, value) => kvs.set(key, value),
    async setIfAbsent(key, value) {
      try {
        await kvs.set(key, value, { keyPolicy: 'FAIL_IF_EXISTS' });
        return true;
      } catch (err) {
        if (isConflict(err)) return false;
        throw err;
      }
    },
    delete: (key) => kvs.delete(key),
    async query(prefix, options = {}): Promise<StoredPage> {
      let q = kvs
        .query()
        .where('key', WhereConditions.beginsWith(prefix))
        .limit(Math.min(PAGE_MAX, Math.max(1, options.limit ?? PAGE_MAX)));
      if (options.cursor !== undefined) q = q.cursor(options.cursor);
      const page = await q.getMany<unknown>();
      const results = page.results.map((r) => ({ key: r.key, value: r.value }));
      return page.nextCursor === undefined ? { results } : { results, nextCursor: page.nextCursor };
    },
  };
}
