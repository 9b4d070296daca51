// A local HTTP proxy in front of the fake Jira that answers badly on purpose: it forwards every request,
// and lets a test replace or reshape the answer to the ones it picks (a proxy's HTML 404, `200 {}`, other
// issues than asked, endless paging, a body that drips in slowly, an error echoing the Authorization header).
import { createServer, request, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the proxy saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** What the upstream answered. */
export interface Upstream {
  readonly status: number;
  readonly body: string;
}

/**
 * Decides the answer: `undefined` forwards as is; a function receives the upstream answer and returns the
 * one to send; `drip` sends the answer's body a few bytes at a time, `everyMs` apart.
 */
export type Intercept = (
  req: SeenRequest,
) =>
  | undefined
  | { readonly status: number; readonly body: string; readonly type?: string }
  | { readonly reshape: (upstream: Upstream) => { status: number; body: string } }
  | { readonly drip: { readonly everyMs: number; readonly bytes: number } };

export interface Proxy {
  readonly url: string;
  intercept: Intercept;
  close(): Promise<void>;
}

function forward(target: URL, req: SeenRequest): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: target.host };
    const r = request(new URL(req.path, target), { method: req.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 502, body: Buffer.concat(chunks).toString() });
      });
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

function drip(res: ServerResponse, answer: Upstream, pace: { everyMs: number; bytes: number }): void {
  const { status, body } = answer;
  const { everyMs, bytes } = pace;
  res.writeHead(status, { 'content-type': 'application/json' });
  let at = 0;
  const timer = setInterval(() => {
    if (res.destroyed) {
      clearInterval(timer);
      return;
    }
    res.write(body.slice(at, at + bytes));
    at += bytes;
    if (at >= body.length) {
      clearInterval(timer);
      res.end();
    }
  }, everyMs);
  res.on('close', () => {
    clearInterval(timer);
  });
}

/** Starts a proxy to `target` on a free loopback port. */
export async function startProxy(target: string): Promise<Proxy> {
  const upstream = new URL(target);
  const proxy: Proxy = {
    url: '',
    intercept: () => undefined,
    close: () => Promise.resolve(),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: SeenRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      const plan = proxy.intercept(seen);
      void (async () => {
        if (plan && 'status' in plan) {
          res.writeHead(plan.status, { 'content-type': plan.type ?? 'application/json' });
          res.end(plan.body);
          return;
        }
        const answer = await forward(upstream, seen);
        if (plan && 'drip' in plan) {
          drip(res, answer, plan.drip);
          return;
        }
        const out = plan ? plan.reshape(answer) : answer;
        res.writeHead(out.status, { 'content-type': 'application/json' });
        res.end(out.body);
      })().catch(() => {
        res.writeHead(502);
        res.end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(proxy, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  });
}
