import { describe, expect, it } from 'vitest';
import { MemoryKeyValueStore } from './memory-store.js';
import { appendRecord, listRecords, queryAll, type StoredRecord } from './record-store.js';

describe('the in-memory store keeps Forge KVS semantics', () => {
  it('answers undefined for a missing key and refuses keys KVS refuses', async () => {
    const s = new MemoryKeyValueStore();
    expect(await s.get('nothing')).toBeUndefined();
    await expect(s.set('a/b', 1)).rejects.toThrow(/not allowed/);
    await expect(s.set('x'.repeat(501), 1)).rejects.toThrow(/not allowed/);
    await expect(s.set('big', 'x'.repeat(240 * 1024))).rejects.toThrow(/240 KiB/);
  });

  it('lets exactly one of many concurrent setIfAbsent calls win', async () => {
    const s = new MemoryKeyValueStore();
    const wins = await Promise.all(Array.from({ length: 50 }, (_, i) => s.setIfAbsent('claim', i)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await s.get('claim')).toBe(wins.indexOf(true));
  });

  it('interleaves concurrent callers, so a read-modify-write of one key really loses updates', async () => {
    // What the append-only design avoids: the same three writers on one list key keep only one item.
    const s = new MemoryKeyValueStore();
    await s.set('list', []);
    await Promise.all(
      ['a', 'b', 'c'].map(async (item) => {
        const list = (await s.get('list')) as string[];
        await s.set('list', [...list, item]);
      }),
    );
    expect(((await s.get('list')) as string[]).length).toBeLessThan(3);
  });

  it('pages a prefix query and returns only matching keys', async () => {
    const s = new MemoryKeyValueStore();
    for (let i = 0; i < 250; i++) await s.set(`rec:1:${String(i).padStart(3, '0')}`, i);
    await s.set('rec:10:000', 'other issue');
    await s.set('pubkey:x', 'other kind');
    const first = await s.query('rec:1:', { limit: 100 });
    expect(first.results).toHaveLength(100);
    expect(first.nextCursor).toBeDefined();
    const all = await queryAll(s, 'rec:1:');
    expect(new Set(all.map((e) => e.value))).toEqual(new Set(Array.from({ length: 250 }, (_, i) => i)));
    await expect(s.query('rec:', { limit: 101 })).rejects.toThrow(/limit/);
  });
});

describe('record storage', () => {
  const at = (n: number) => `2026-12-03T10:00:0${n}.000Z`;
  const rec = (n: number): StoredRecord => ({
    v: 1,
    record: { kind: 'ac.approval', by: { accountId: `a${n}`, role: 'po' }, at: at(n), acFingerprint: 'f' },
    criteria: [],
  });

  it('lists an issue’s records oldest first, whatever order the query answers in', async () => {
    const s = new MemoryKeyValueStore();
    let n = 0;
    for (const i of [3, 1, 2]) await appendRecord(s, '7', rec(i), () => `r${n++}`);
    await appendRecord(s, '70', rec(4), () => 'x');
    expect((await listRecords(s, '7')).map((r) => r.record.by.accountId)).toEqual(['a1', 'a2', 'a3']);
  });

  it('never overwrites: a colliding key is retried with a new random part', async () => {
    const s = new MemoryKeyValueStore();
    const ids = ['same', 'same', 'other'];
    await appendRecord(s, '7', rec(1), () => ids.shift() ?? 'z');
    await appendRecord(s, '7', rec(1), () => ids.shift() ?? 'z');
    expect(await listRecords(s, '7')).toHaveLength(2);
  });

  it('fails closed on an unreadable stored record instead of skipping it', async () => {
    const s = new MemoryKeyValueStore();
    await s.set('rec:7:0000000000001:x', { v: 1, record: { kind: 'story.acceptance' } });
    await expect(listRecords(s, '7')).rejects.toThrow(/unreadable/);
  });
});
