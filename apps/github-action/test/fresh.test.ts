// The freshness inputs from the runner's side, against web triggers that misbehave: each failure is one line
// that says which (missing, late, does not verify) and who fixes it; the CI token is never printed. The app's
// real handler is exercised in apps/jira-forge/test/ci-fresh.test.ts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { STORIES } from './jira-fixture.js';
import { useHarness } from './harness.js';

const h = useHarness();
const TOKEN = 'rgci_0123456789ab_' + 'S'.repeat(43);

async function trigger(
  answer: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/x1/ci`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

const check = (inputs: Record<string, string>) =>
  h.checkPr({ branch: `feature/${STORIES.ready.toLowerCase()}`, title: 'Newborns' }, { inputs });

describe('freshness inputs', () => {
  it('readygate-url without readygate-token is an input error for the Dev', async () => {
    const run = await check({ 'readygate-url': 'https://example.test/x1/ci' });
    expect(run.code).toBe(1);
    expect(run.errors).toEqual([
      expect.stringMatching(/^Input readygate-url is set but readygate-token is empty: Dev, /),
    ]);
  });

  it('refuses a readygate-url over plain http to another machine: the CI token would travel in clear', async () => {
    const run = await check({
      'readygate-url': 'http://192.0.2.2/x1/ci',
      'readygate-token': TOKEN,
    });
    expect(run.code).toBe(1);
    expect(run.errors).toEqual([
      expect.stringMatching(/^Input readygate-url must be an https:\/\/ URL without credentials/),
    ]);
  });

  it('an unreachable web trigger fails the check as a missing answer', async () => {
    const t = await trigger((_req, res) => res.end());
    await t.close();
    const run = await check({ 'readygate-url': t.url, 'readygate-token': TOKEN });
    expect(run.code).toBe(1);
    expect(run.errors.join('\n')).toMatch(
      /could not be reached .*\(missing answer\): Dev, check input readygate-url/,
    );
    h.expectNoLeak(run, [TOKEN]);
  });

  it('an HTTP error echoing the Authorization header: a missing answer, and the token is not repeated', async () => {
    const t = await trigger((req, res) => {
      res.writeHead(500);
      res.end(`upstream failed for ${String(req.headers.authorization)}`);
    });
    try {
      const run = await check({ 'readygate-url': t.url, 'readygate-token': TOKEN });
      expect(run.code).toBe(1);
      expect(run.errors.join('\n')).toMatch(
        /answered HTTP 500 .*\(missing answer\): Jira admin, check the ReadyGate app/,
      );
      h.expectNoLeak(run, [TOKEN]);
      expect(run.stdout).toContain(`::add-mask::${TOKEN}`);
    } finally {
      await t.close();
    }
  });

  it('a web trigger that does not answer in time: a late answer, within the run deadline', async () => {
    const t = await trigger(() => undefined);
    try {
      const t0 = Date.now();
      const run = await check({ 'readygate-url': t.url, 'readygate-token': TOKEN, 'timeout-seconds': '10' });
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(run.code).toBe(1);
      expect(run.errors.join('\n')).toMatch(/did not answer within 3 s \(late answer\)/);
    } finally {
      await t.close();
    }
  }, 20_000);

  it('an answer that is not a signed ReadyGate answer does not verify', async () => {
    const t = await trigger((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ issues: [], policy: null }));
    });
    try {
      const run = await check({ 'readygate-url': t.url, 'readygate-token': TOKEN });
      expect(run.code).toBe(1);
      expect(run.errors.join('\n')).toMatch(/is not a signed ReadyGate answer \(answer does not verify\)/);
    } finally {
      await t.close();
    }
  });

  it('without the inputs the check passes as before and the summary warns that replay goes undetected', async () => {
    const run = await check({});
    expect(run.code).toBe(0);
    expect(run.summary).toContain('cannot be detected without the inputs readygate-url and readygate-token');
  });
});
