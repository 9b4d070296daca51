import { describe, expect, it } from 'vitest';
import { readCiAnswer } from './ci-answer.js';
import { generateKeyPair, sign } from './envelope.js';

const pair = generateKeyPair();
const other = generateKeyPair();
const NONCE = 'n0nce-0123456789abcdef';
const NOW = new Date('2026-12-03T12:00:00Z');
const payload = {
  v: 1,
  project: { id: '10000', key: 'ENR' },
  issues: [{ key: 'ENR-1', id: '100', records: [] }],
  unknown: [],
  outside: [],
  policy: null,
};
const answer = (at = NOW, nonce = NONCE, key = pair.privateKey) =>
  sign(payload, { kind: 'ci', nonce }, key, at);

describe('readCiAnswer', () => {
  it('accepts a fresh answer signed for this nonce', () => {
    const r = readCiAnswer(answer(), { keys: [pair.publicKey], nonce: NONCE, now: NOW });
    expect(r.ok && r.payload.issues[0]?.key).toBe('ENR-1');
  });
  it('refuses an answer made for another nonce (a replay)', () => {
    const r = readCiAnswer(answer(NOW, 'another-nonce-000000'), {
      keys: [pair.publicKey],
      nonce: NONCE,
      now: NOW,
    });
    expect(r.ok ? '' : r.reason).toBe('other-nonce');
  });
  it('refuses an answer signed by a key not listed', () => {
    const r = readCiAnswer(answer(NOW, NONCE, other.privateKey), {
      keys: [pair.publicKey],
      nonce: NONCE,
      now: NOW,
    });
    expect(r.ok ? '' : r.reason).toBe('unknown-key');
  });
  it('refuses an answer edited after signing', () => {
    const edited = structuredClone(answer()) as { payload: { unknown: string[] } };
    edited.payload.unknown = ['ENR-9'];
    const r = readCiAnswer(edited, { keys: [pair.publicKey], nonce: NONCE, now: NOW });
    expect(r.ok ? '' : r.reason).toBe('bad-signature');
  });
  it('refuses an answer older than the limit and one from the future beyond the skew', () => {
    const old = readCiAnswer(answer(new Date(NOW.getTime() - 301_000)), {
      keys: [pair.publicKey],
      nonce: NONCE,
      now: NOW,
    });
    expect(old.ok ? '' : old.reason).toBe('stale');
    const ahead = readCiAnswer(answer(new Date(NOW.getTime() + 30_000)), {
      keys: [pair.publicKey],
      nonce: NONCE,
      now: NOW,
    });
    expect(ahead.ok).toBe(true);
    const far = readCiAnswer(answer(new Date(NOW.getTime() + 120_000)), {
      keys: [pair.publicKey],
      nonce: NONCE,
      now: NOW,
    });
    expect(far.ok ? '' : far.reason).toBe('future');
  });
  it('refuses what is not an envelope', () => {
    expect(readCiAnswer({ hello: 1 }, { keys: [pair.publicKey], nonce: NONCE, now: NOW }).ok).toBe(false);
  });
});
