import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JiraClient } from './client.js';
import { JiraError } from './errors.js';
import { redact, secretsOf } from './secrets.js';
import type { JiraAuth, Transport, TransportRequest, TransportResponse } from './transport.js';

const EMAIL = 'jane@acme.com';
const TOKEN = 'ATATT3xFfGF0+very/secret=token';
const BASIC: JiraAuth = { kind: 'basic', email: EMAIL, token: TOKEN };
const BEARER: JiraAuth = { kind: 'bearer', token: TOKEN };

function encodings(auth: JiraAuth): string[] {
  const b64 = Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64');
  const common = [TOKEN, encodeURIComponent(TOKEN), `Bearer ${TOKEN}`];
  return auth.kind === 'basic'
    ? [
        ...common,
        b64,
        `Basic ${b64}`,
        b64.replace(/=+$/, ''),
        b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
        b64.replace(/\//g, '\\/'),
        encodeURIComponent(b64),
      ]
    : common;
}

/** A transport the way the action builds one: it sends the Authorization header and knows nothing of redaction. */
function echoing(
  auth: JiraAuth,
  status: number,
  body: (authorization: string, url: string) => string,
): Transport {
  const authorization =
    auth.kind === 'basic'
      ? `Basic ${Buffer.from(`${auth.email}:${auth.token}`).toString('base64')}`
      : `Bearer ${auth.token}`;
  return Object.assign(
    (req: TransportRequest): Promise<TransportResponse> =>
      Promise.resolve({
        status,
        headers: { 'content-type': 'application/json' },
        body: body(authorization, `https://acme.atlassian.net${req.path}&token=${encodeURIComponent(TOKEN)}`),
      }),
    { identity: { site: 'https://acme.atlassian.net', auth: { kind: 'bearer' as const } } },
  );
}

const echoes: [string, number, (authorization: string, url: string) => string][] = [
  [
    'the Authorization header in errorMessages',
    403,
    (a) => JSON.stringify({ errorMessages: [`Header Authorization: ${a} not allowed`] }),
  ],
  [
    'the header value bare in errors',
    400,
    (a) => JSON.stringify({ errorMessages: [], errors: { authorization: a.split(' ')[1] } }),
  ],
  ['the raw token', 400, () => JSON.stringify({ errorMessages: [`token ${TOKEN} is revoked`] })],
  ['the header JSON-escaped', 400, (a) => `{"errorMessages":["got ${a.replace(/\//g, '\\\\/')}"]}`],
  ['the request URL with the token', 400, (_a, url) => JSON.stringify({ errorMessages: [`bad URL ${url}`] })],
  ['a 500 body echoing everything', 500, (a, url) => JSON.stringify({ errorMessages: [`${a} at ${url}`] })],
];

describe('no encoding of the credentials reaches an error', () => {
  for (const auth of [BASIC, BEARER]) {
    it.each(echoes)(`${auth.kind}: %s`, async (_name, status, body) => {
      const c = new JiraClient({
        transport: echoing(auth, status, body),
        secrets: secretsOf(auth),
        retry: { attempts: 1 },
      });
      const e = await c.getIssue('ENR-1').catch((x: unknown) => x);
      expect(e).toBeInstanceOf(JiraError);
      const text = [
        (e as JiraError).message,
        ...(e as JiraError).jiraMessages,
        inspect(e, { depth: 10, showHidden: true }),
        JSON.stringify(e),
      ].join('\n');
      for (const secret of encodings(auth)) expect(text).not.toContain(secret);
      expect(text).toContain('[redacted]');
    });
  }

  it('secretsOf lists every encoding the client sends, longest first', () => {
    for (const auth of [BASIC, BEARER]) {
      const s = secretsOf(auth);
      for (const e of encodings(auth).filter((x) => x !== `Bearer ${TOKEN}` || auth.kind === 'bearer'))
        expect(s).toContain(e);
      expect([...s].sort((a, b) => b.length - a.length)).toEqual(s);
    }
  });

  it('redact leaves no secret in any text it is given', () => {
    const secrets = secretsOf(BASIC);
    fc.assert(
      fc.property(fc.string(), fc.constantFrom(...encodings(BASIC)), fc.string(), (a, secret, b) => {
        const out = redact(`${a}${secret}${b}`, secrets);
        expect(out).not.toContain(TOKEN);
        expect(out).not.toContain(Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64'));
      }),
    );
  });

  it('redact leaves text without secrets as it was', () => {
    expect(redact('Issue ENR-1 does not exist.', secretsOf(BASIC))).toBe('Issue ENR-1 does not exist.');
  });
});
