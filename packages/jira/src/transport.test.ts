import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JiraClient } from './client.js';
import { JiraError } from './errors.js';
import { fetchTransport } from './fetch-transport.js';
import { forgeTransport } from './forge-transport.js';
import { httpTransport } from './http-transport.js';
import { parseSite } from './transport.js';
import type { Transport } from './transport.js';

const TOKEN = 'ATATT3xFfGF0-very-secret-token';
const BASIC = Buffer.from(`jane@acme.com:${TOKEN}`).toString('base64');

let server: Server;
let base: string;
const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.url?.includes('/myself')) {
        res.writeHead(
          req.headers.authorization === `Basic ${BASIC}` || req.headers.authorization === `Bearer ${TOKEN}`
            ? 200
            : 401,
          {
            'content-type': 'application/json',
            'X-Seraph-LoginReason': 'OK',
          },
        );
        res.end(JSON.stringify({ accountId: 'acc-1', emailAddress: 'jane@acme.com' }));
      } else if (req.url?.includes('/slow')) {
        // never answers
      } else if (req.url?.includes('drip')) {
        // Headers at once, then one byte every 20 ms, never ending.
        res.writeHead(200, { 'content-type': 'application/json' });
        const t = setInterval(() => {
          res.write(' ');
        }, 20);
        res.on('close', () => {
          clearInterval(t);
        });
      } else {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errorMessages: [`Bad token ${TOKEN}`] }));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const makers: [string, (o: Parameters<typeof httpTransport>[0]) => Transport][] = [
  ['httpTransport', httpTransport],
  ['fetchTransport', fetchTransport],
];

describe.each(makers)('%s', (_name, make) => {
  it('sends basic auth, JSON headers and the body, keeping the base path', async () => {
    seen.length = 0;
    const t = make({
      baseUrl: `${base}/ex/jira/cloud-1/`,
      auth: { kind: 'basic', email: 'jane@acme.com', token: TOKEN },
    });
    const res = await t({
      method: 'POST',
      path: '/rest/api/3/myself?x=1',
      headers: { 'content-type': 'application/json' },
      body: '{"a":"é"}',
    });
    expect(res.status).toBe(200);
    expect(res.headers['x-seraph-loginreason']).toBe('OK');
    expect(JSON.parse(res.body)).toMatchObject({ accountId: 'acc-1' });
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/ex/jira/cloud-1/rest/api/3/myself?x=1',
      body: '{"a":"é"}',
    });
    expect(seen[0]!.headers).toMatchObject({
      authorization: `Basic ${BASIC}`,
      accept: 'application/json',
      'content-type': 'application/json',
    });
  });

  it('sends a bearer token', async () => {
    seen.length = 0;
    const t = make({ baseUrl: base, auth: { kind: 'bearer', token: TOKEN } });
    expect((await t({ method: 'GET', path: '/rest/api/3/myself', headers: {} })).status).toBe(200);
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('aborts through the signal', async () => {
    const t = make({ baseUrl: base, auth: { kind: 'bearer', token: TOKEN } });
    const ctrl = new AbortController();
    const p = t({ method: 'GET', path: '/rest/api/3/slow', headers: {}, signal: ctrl.signal });
    setTimeout(() => {
      ctrl.abort();
    }, 20);
    await expect(p).rejects.toMatchObject({ reason: 'aborted' });
  });

  it('ends a request whose headers arrived but whose body drips forever, at its timeout', async () => {
    const t = make({ baseUrl: base, auth: { kind: 'bearer', token: TOKEN } });
    await expect(
      t({ method: 'GET', path: '/rest/api/3/drip', headers: {}, timeoutMs: 150 }),
    ).rejects.toMatchObject({ reason: 'timeout' });
  });

  it('aborts a dripping body through the signal', async () => {
    const t = make({ baseUrl: base, auth: { kind: 'bearer', token: TOKEN } });
    const ctrl = new AbortController();
    const p = t({ method: 'GET', path: '/rest/api/3/drip', headers: {}, signal: ctrl.signal });
    setTimeout(() => {
      ctrl.abort();
    }, 100);
    await expect(p).rejects.toMatchObject({ reason: 'aborted' });
  });

  it('a client deadline ends a dripping body with a line that says the deadline passed', async () => {
    const c = new JiraClient({
      transport: make({ baseUrl: base, auth: { kind: 'bearer', token: TOKEN } }),
      deadline: Date.now() + 200,
    });
    await expect(c.getIssue('DRIP-1', { fields: ['drip'] })).rejects.toMatchObject({ code: 'deadline' });
  });

  it('never lets the token into an error, from Jira or from the network', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const errors: unknown[] = [];
    for (const auth of [
      { kind: 'basic', email: 'jane@acme.com', token: TOKEN },
      { kind: 'bearer', token: TOKEN },
    ] as const) {
      for (const baseUrl of [base, `http://127.0.0.1:${deadPort}`]) {
        const c = new JiraClient({
          transport: make({ baseUrl, auth }),
          retry: { attempts: 2, baseDelayMs: 1 },
        });
        errors.push(await c.getIssue('ENR-1').catch((e: unknown) => e));
      }
    }
    expect(errors.map((e) => (e as JiraError).code)).toEqual(['auth', 'unavailable', 'auth', 'unavailable']);
    expect((errors[1] as JiraError).message).toBe(
      `Jira at http://127.0.0.1:${deadPort} could not be reached (ECONNREFUSED, 2 attempts): check jira-url.`,
    );
    for (const e of errors) {
      const text = [String(e), JSON.stringify(e), inspect(e, { depth: 10, showHidden: true })].join('\n');
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(BASIC);
      expect(text.toLowerCase()).not.toContain('authorization');
    }
  });
});

describe('transport configuration', () => {
  it.each([
    [
      'acme.atlassian.net',
      'jira-url is not a URL: set it to your Jira Cloud site, e.g. https://acme.atlassian.net.',
    ],
    [
      'ftp://acme.atlassian.net',
      'jira-url ftp://acme.atlassian.net is not an http(s) URL: set it to your Jira Cloud site, e.g. https://acme.atlassian.net.',
    ],
    [
      `https://jane:${TOKEN}@acme.atlassian.net`,
      'jira-url https://acme.atlassian.net contains credentials: remove them from the URL and pass the email and API token as secrets.',
    ],
    [
      'https://acme.atlassian.net/?x=1',
      'jira-url https://acme.atlassian.net has a query or fragment: set it to the site only, e.g. https://acme.atlassian.net.',
    ],
  ])('refuses jira-url %s', (baseUrl, message) => {
    expect(() => httpTransport({ baseUrl, auth: { kind: 'bearer', token: TOKEN } })).toThrow(
      new JiraError('config', message),
    );
  });

  it.each([
    [
      'http://acme.atlassian.net',
      'jira-url http://acme.atlassian.net uses http://, which would send the Jira credentials in clear: Dev, set jira-url to the https:// address of your Jira Cloud site, e.g. https://acme.atlassian.net.',
    ],
    [
      'https://acme.atlassian.net/jira',
      'jira-url https://acme.atlassian.net/jira has a path (/jira): Dev, set jira-url to the site only, e.g. https://acme.atlassian.net (scoped tokens: https://api.atlassian.com/ex/jira/<cloudId>).',
    ],
    [
      'https://acme.atlassian.net/browse/ENR-1',
      'jira-url https://acme.atlassian.net/browse/ENR-1 has a path (/browse/ENR-1): Dev, set jira-url to the site only, e.g. https://acme.atlassian.net (scoped tokens: https://api.atlassian.com/ex/jira/<cloudId>).',
    ],
    [
      'https://api.atlassian.com/ex/jira/',
      'jira-url https://api.atlassian.com/ex/jira has a path (/ex/jira): Dev, set jira-url to the site only, e.g. https://acme.atlassian.net (scoped tokens: https://api.atlassian.com/ex/jira/<cloudId>).',
    ],
  ])('refuses jira-url %s before any request', (baseUrl, message) => {
    expect(() => httpTransport({ baseUrl, auth: { kind: 'bearer', token: TOKEN } })).toThrow(
      new JiraError('config', message),
    );
  });

  it.each([
    ['https://acme.atlassian.net/', 'https://acme.atlassian.net'],
    [
      'https://api.atlassian.com/ex/jira/0b0c0c0e-1234-5678-9abc-def012345678',
      'https://api.atlassian.com/ex/jira/0b0c0c0e-1234-5678-9abc-def012345678',
    ],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://127.9.0.1', 'http://127.9.0.1'],
    ['http://localhost:3000/', 'http://localhost:3000'],
    ['http://[::1]:3000', 'http://[::1]:3000'],
  ])('accepts jira-url %s', (baseUrl, display) => {
    expect(parseSite(baseUrl).display).toBe(display);
  });

  it('refuses an empty token', () => {
    expect(() =>
      fetchTransport({
        baseUrl: 'https://acme.atlassian.net',
        auth: { kind: 'basic', email: 'jane@acme.com', token: '' },
      }),
    ).toThrow('The Jira API token is empty: set the jira-token secret.');
  });

  it('uses the node:http transport when given a base URL', async () => {
    seen.length = 0;
    const c = new JiraClient({
      baseUrl: base,
      auth: { kind: 'basic', email: 'jane@acme.com', token: TOKEN },
    });
    await expect(c.myself()).resolves.toMatchObject({ accountId: 'acc-1' });
    expect(c.identity).toEqual({ site: base, auth: { kind: 'basic', email: 'jane@acme.com' } });
  });
});

describe('forgeTransport', () => {
  it('hands the whole path to route as one literal and returns the answer', async () => {
    const routed: { strings: readonly string[]; values: unknown[] }[] = [];
    const route = (strings: TemplateStringsArray, ...values: unknown[]) => {
      routed.push({ strings: [...strings], values });
      return { path: strings.join('') };
    };
    const calls: unknown[] = [];
    const requestJira = (r: { path: string }, init?: object) => {
      calls.push({ r, init });
      return Promise.resolve({
        status: 200,
        headers: new Headers({ 'Content-Type': 'application/json' }),
        text: () => Promise.resolve('{"accountId":"app"}'),
      });
    };
    const c = new JiraClient({ transport: forgeTransport({ requestJira, route }) });
    await expect(c.myself()).resolves.toEqual({ accountId: 'app' });
    expect(routed).toEqual([{ strings: ['/rest/api/3/myself'], values: [] }]);
    expect(calls).toEqual([
      { r: { path: '/rest/api/3/myself' }, init: { method: 'GET', headers: { accept: 'application/json' } } },
    ]);
  });

  it('names the app in a 401', async () => {
    const requestJira = () =>
      Promise.resolve({ status: 401, headers: new Headers(), text: () => Promise.resolve('') });
    const c = new JiraClient({
      transport: forgeTransport({ requestJira, route: (s: TemplateStringsArray) => s.join('') }),
    });
    await expect(c.myself()).rejects.toThrow(
      "Jira at this Jira site rejected the app's credentials (401): reinstall the ReadyGate app or ask a Jira admin to re-grant its access.",
    );
  });

  it('turns a thrown error into a reason without its text', async () => {
    const requestJira = () => Promise.reject(new TypeError('global.__forge_fetch__ is not a function'));
    const c = new JiraClient({
      transport: forgeTransport({
        requestJira,
        route: (s: TemplateStringsArray) => s.join(''),
        site: 'https://acme.atlassian.net',
      }),
      retry: { attempts: 1 },
    });
    await expect(c.myself()).rejects.toThrow(
      'Jira at https://acme.atlassian.net could not be reached (network error): check jira-url.',
    );
  });
});
