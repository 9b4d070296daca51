// The fake KVS answers the real @forge/kvs client the way Forge's storage does; these are the semantics the
// app's record store relies on, exercised through the real client and the app's own adapter.
import { kvs, WhereConditions, Filter, FilterConditions } from '@forge/kvs';
import { beforeEach, describe, expect, it } from 'vitest';
import { kvsStore } from '../src/adapters/kvs-store';
import { kvsSecrets } from '../src/adapters/secret-store';
import { FakeKvs } from './fake-kvs';

let store: FakeKvs;
beforeEach(() => {
  store = new FakeKvs();
  (globalThis as { __forge_fetch__?: unknown }).__forge_fetch__ = (
    target: { type?: string },
    path: string,
    init?: RequestInit,
  ) => {
    if (target.type !== 'kvs') throw new Error('only KVS here');
    return store.handle(path, init);
  };
});

describe('plain keys through the real @forge/kvs client', () => {
  it('a missing key reads as undefined, not an error', async () => {
    await expect(kvs.get('nothing-here')).resolves.toBeUndefined();
    await expect(kvsStore().get('nothing-here')).resolves.toBeUndefined();
  });

  it('FAIL_IF_EXISTS writes once; the adapter answers the second writer false and keeps the first value', async () => {
    const s = kvsStore();
    const [a, b] = await Promise.all([
      s.setIfAbsent('rec:1:a', { by: 'po' }),
      s.setIfAbsent('rec:1:a', { by: 'qa' }),
    ]);
    expect([a, b].sort()).toEqual([false, true]);
    const kept = (await s.get('rec:1:a')) as { by: string };
    expect(kept.by).toBe(a ? 'po' : 'qa');
    await expect(kvs.set('rec:1:a', 1, { keyPolicy: 'FAIL_IF_EXISTS' })).rejects.toMatchObject({
      code: 'KEY_CONFLICT',
    });
  });

  it('a prefix query pages with cursors and never mixes in other prefixes', async () => {
    const s = kvsStore();
    for (let i = 0; i < 7; i++) await s.set(`rec:20001:${i}`, i);
    await s.set('rec:20002:0', 'other issue');
    const seen: unknown[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await s.query('rec:20001:', cursor === undefined ? { limit: 3 } : { limit: 3, cursor });
      seen.push(...page.results.map((r) => r.value));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== undefined);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const direct = await kvs.query().where('key', WhereConditions.beginsWith('rec:20002:')).getMany();
    expect(direct.results).toEqual([{ key: 'rec:20002:0', value: 'other issue' }]);
  });

  it('refuses keys Forge refuses (a slash) with its error code', async () => {
    await expect(kvs.set('rec/1', 1)).rejects.toMatchObject({ code: 'INVALID_KEY' });
  });

  it('a plain key inside a transaction has no guard; conditions work on custom entities only', async () => {
    await kvs.set('plain', 1);
    await kvs.transact().set('plain', 2).execute();
    expect(await kvs.get('plain')).toBe(2);

    await kvs.entity<{ version: number }>('story-state').set('ENR-1', { version: 1 });
    const stale = new Filter<{ version: number }>().and('version', FilterConditions.equalTo(0));
    await expect(
      kvs.transact().set('ENR-1', { version: 2 }, { entityName: 'story-state', conditions: stale }).execute(),
    ).rejects.toMatchObject({ responseDetails: { status: 409 } });
    const current = new Filter<{ version: number }>().and('version', FilterConditions.equalTo(1));
    await kvs
      .transact()
      .set('ENR-1', { version: 2 }, { entityName: 'story-state', conditions: current })
      .execute();
    expect(await kvs.entity<{ version: number }>('story-state').get('ENR-1')).toEqual({ version: 2 });
  });
});

describe('secrets', () => {
  it('live apart from plain keys; a missing secret is undefined', async () => {
    const secrets = kvsSecrets();
    await expect(secrets.get('signing-key')).resolves.toBeUndefined();
    await secrets.set('signing-key', 'private-half');
    await expect(secrets.get('signing-key')).resolves.toBe('private-half');
    await expect(kvs.get('signing-key')).resolves.toBeUndefined();
  });
});
