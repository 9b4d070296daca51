import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import {
  generateKeyPair,
  parsePrivateKey,
  parsePublicKey,
  parsePublicKeys,
  publicKeyOf,
  sign,
  verify,
  type Subject,
} from './envelope.js';

const issue: Subject = { kind: 'issue', id: '10042', key: 'ENR-42' };
const payload = {
  records: [
    {
      kind: 'ac.approval',
      acFingerprint: 'ac1:abc',
      at: '2026-11-20T09:00:00Z',
      by: { accountId: 'po-1', role: 'po' },
    },
  ],
};
const pair = generateKeyPair();
const keys = [pair.publicKey];

class Point {
  constructor(readonly x: number) {}
}
const sparse: number[] = new Array<number>(3);
sparse[0] = 1;
sparse[2] = 3;

describe('canonicalJson', () => {
  it('sorts keys, drops undefined members and has no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined, d: { z: 1.5, y: -0 } })).toBe(
      '{"a":[true,null,"x"],"b":1,"d":{"y":0,"z":1.5}}',
    );
  });
  it('encodes equal values identically whatever the key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const reparsed: unknown = JSON.parse(JSON.stringify(v));
        expect(canonicalJson(reparsed)).toBe(canonicalJson(v));
      }),
    );
  });
  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/cannot encode NaN/);
  });

  it.each([
    ['a sparse array', { list: sparse }, /cannot encode a hole in a sparse array at \$\.list\[1\]/],
    ['undefined in an array', [1, undefined], /cannot encode undefined at \$\[1\]/],
    ['a Date', { at: new Date(0) }, /cannot encode a Date at \$\.at/],
    ['a Map', { m: new Map([['a', 1]]) }, /cannot encode a Map at \$\.m/],
    ['a Set', new Set([1]), /cannot encode a Set at \$/],
    ['a class instance', { x: new Point(1) }, /cannot encode a Point at \$\.x/],
    ['Infinity', [Infinity], /cannot encode Infinity at \$\[0\]/],
    ['-Infinity', { n: -Infinity }, /cannot encode -Infinity at \$\.n/],
    ['a bigint', { n: 1n }, /cannot encode a bigint at \$\.n/],
  ])('refuses %s with a message naming where it is', (_name, value, message) => {
    expect(() => canonicalJson(value)).toThrow(message);
  });

  it('accepts objects without a prototype, as JSON.parse never makes but Object.create(null) does', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: 1, a: 2 });
    expect(canonicalJson(bare)).toBe('{"a":2,"b":1}');
  });
});

describe('signed envelopes', () => {
  it('refuses to sign what JSON cannot represent instead of signing {}', () => {
    expect(() => sign(new Date('2026-11-21T10:00:00Z'), issue, pair.privateKey)).toThrow(
      /cannot encode a Date at \$\.payload/,
    );
    expect(() => sign({ records: new Map() }, issue, pair.privateKey)).toThrow(
      /a Map at \$\.payload\.records/,
    );
  });

  it('round-trips through JSON text as Jira stores it', () => {
    const env = sign(payload, issue, pair.privateKey, new Date('2026-11-21T10:00:00Z'));
    const stored: unknown = JSON.parse(JSON.stringify(env, null, 2));
    const result = verify(stored, keys, issue);
    expect(result).toMatchObject({ ok: true, payload });
  });

  it.each([
    [
      'an edited payload',
      (e: Record<string, unknown>) => ({ ...e, payload: { records: [] } }),
      'bad-signature',
      /edited outside ReadyGate/,
    ],
    [
      'an edited timestamp',
      (e: Record<string, unknown>) => ({ ...e, signedAt: '2030-01-01T00:00:00.000Z' }),
      'bad-signature',
      /edited outside ReadyGate/,
    ],
    [
      'another key',
      (e: Record<string, unknown>) => ({ ...e, kid: '0123456789abcdef' }),
      'unknown-key',
      /signed by key 0123456789abcdef/,
    ],
    [
      'a missing signature',
      (e: Record<string, unknown>) => ({ ...e, sig: undefined }),
      'malformed',
      /not a signed envelope \(sig\)/,
    ],
    ['a plain "approved: true"', () => ({ approved: true }), 'malformed', /not a signed envelope/],
  ])('rejects %s', (_name, mutate, reason, message) => {
    const env = sign(payload, issue, pair.privateKey) as unknown as Record<string, unknown>;
    const result = verify(mutate(env), keys, issue);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe(reason);
      expect(result.message).toMatch(message);
    }
  });

  it('rejects an envelope copied from another issue, naming both', () => {
    const env = sign(payload, { kind: 'issue', id: '10001', key: 'ENR-1' }, pair.privateKey);
    const result = verify(env, keys, issue);
    expect(result).toMatchObject({ ok: false, reason: 'other-subject' });
    if (!result.ok)
      expect(result.message).toBe(
        'The ReadyGate record on issue ENR-42 (id 10042) was signed for issue ENR-1 (id 10001) and copied here.',
      );
  });

  it('rejects an envelope kept after the issue was moved to another key', () => {
    const env = sign(payload, issue, pair.privateKey);
    expect(verify(env, keys, { kind: 'issue', id: '10042', key: 'PAY-7' })).toMatchObject({
      ok: false,
      reason: 'other-subject',
    });
  });

  it('rejects a signature made by another key pair that reuses the kid', () => {
    const forger = generateKeyPair();
    const forged = sign(payload, issue, { kid: pair.publicKey.kid, key: forger.privateKey.key });
    expect(verify(forged, keys, issue)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        const r = verify(v, keys, issue);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(['malformed', 'unknown-key', 'bad-signature', 'other-subject']).toContain(r.reason);
      }),
    );
  });

  it('never verifies a mutated envelope', () => {
    const env = sign(payload, issue, pair.privateKey);
    fc.assert(
      fc.property(
        fc.constantFrom('payload', 'subject', 'signedAt', 'sig'),
        fc.jsonValue(),
        (field, value) => {
          fc.pre(canonicalJson(value) !== canonicalJson((env as Record<string, unknown>)[field]));
          expect(verify({ ...env, [field]: value }, keys, issue).ok).toBe(false);
        },
      ),
    );
  });
});

describe('key text forms', () => {
  it('round-trips the public and the private key', () => {
    const pub = parsePublicKey(`  ${pair.publicKey.text}\n`);
    expect(pub.kid).toBe(pair.publicKey.kid);
    const priv = parsePrivateKey(pair.privateKeyText);
    expect(publicKeyOf(priv).text).toBe(pair.publicKey.text);
    expect(verify(sign(payload, issue, priv), [pub], issue).ok).toBe(true);
  });

  it.each([
    ['nothing', '', /not in ReadyGate's format/],
    ['a truncated key', pair.publicKey.text.slice(0, -3), /truncated or altered/],
    ['a PEM key', '-----BEGIN PUBLIC KEY-----', /not in ReadyGate's format/],
  ])('explains %s', (_name, text, message) => {
    expect(() => parsePublicKey(text)).toThrow(message);
  });

  it('reads a list of public keys, one a line or comma-separated, for key rotation', () => {
    const next = generateKeyPair().publicKey;
    const both = [pair.publicKey.kid, next.kid];
    expect(parsePublicKeys(`${pair.publicKey.text}\n${next.text}\n`).map((k) => k.kid)).toEqual(both);
    expect(parsePublicKeys(` ${pair.publicKey.text} , ${next.text}`).map((k) => k.kid)).toEqual(both);
    expect(() => parsePublicKeys(`${pair.publicKey.text}\nreadygate-ed25519:short`)).toThrow(
      /^Public key 2 of 2: The public key is truncated or altered/,
    );
    expect(() => parsePublicKeys(' \n ,')).toThrow(/^No public key given/);
  });

  it('does not repeat a bad private key in its error', () => {
    const secret = 'readygate-ed25519-private:c2VjcmV0LXRoYXQtbXVzdC1ub3QtbGVhaw';
    expect(() => parsePrivateKey(secret)).toThrow(/generate one with "readygate keygen"/);
    try {
      parsePrivateKey(secret);
    } catch (e) {
      expect((e as Error).message).not.toContain('c2VjcmV0');
    }
  });
});
