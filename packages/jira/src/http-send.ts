import { ReadyGateError } from '@readygate/rules';
import type * as NodeHttpModule from 'node:http';
import type { Agent, IncomingMessage, request as httpRequest } from 'node:http';

type NodeHttp = typeof NodeHttpModule;

/** One HTTP(S) request, its body a string. */
export interface HttpSendRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute `http:` or `https:` URL. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Time for the whole exchange, the response body included. Default 15 000 ms. */
  readonly timeoutMs?: number;
  /** Aborts the request at any point, the response body included. */
  readonly signal?: AbortSignal;
  /** Largest response body read. Default 16 MiB. */
  readonly maxBodyBytes?: number;
}

/** A complete response. Header names are lower-case; repeated headers are joined with `, `. */
export interface HttpSendResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * No complete response arrived. `reason` is short and secret-free: Node's error code (`ECONNREFUSED`),
 * `timeout`, `aborted`, `too-large`, `invalid-url` or `unsupported`. The message names the host only.
 */
export class HttpSendError extends ReadyGateError<'network'> {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super('network', message);
  }
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_BODY = 16 * 1024 * 1024;

type Node = { request: typeof httpRequest; agent: Agent };
const loaded: { http?: Node; https?: Node } = {};

/**
 * `node:http`/`node:https` on first use, synchronously: `node:https` loads TLS (milliseconds of start-up
 * a run against an http:// fake never needs), and where no `node:` modules exist (Forge's bundle) merely
 * importing this package must still work. Keep-alive agents: a run sends several requests to one host, and
 * a TLS handshake each costs more than the request; Node unrefs idle sockets, so they never hold the process.
 */
function load(secure: boolean): Node {
  const name = secure ? 'https' : 'http';
  const have = loaded[name];
  if (have) return have;
  const m =
    typeof process === 'undefined' || typeof process.getBuiltinModule !== 'function'
      ? undefined
      : (process.getBuiltinModule(`node:${name}`) as NodeHttp | undefined);
  if (m === undefined) throw new HttpSendError('node:http is not available in this runtime', 'unsupported');
  const node = { request: m.request, agent: new m.Agent({ keepAlive: true }) };
  loaded[name] = node;
  return node;
}

/**
 * Sends one request over `node:http`/`node:https` and reads the whole response. Not global `fetch`: its
 * first use loads undici, about 230 ms of start-up on Node 20. The timeout and the signal cover the
 * whole exchange, so a body that drips in slowly still ends in time.
 * @throws HttpSendError when no complete response arrived.
 */
export function httpSend(req: HttpSendRequest): Promise<HttpSendResponse> {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return Promise.reject(new HttpSendError('invalid URL', 'invalid-url'));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return Promise.reject(new HttpSendError(`not an http(s) URL: ${url.protocol}`, 'invalid-url'));
  let node: Node;
  try {
    node = load(url.protocol === 'https:');
  } catch (e) {
    return Promise.reject(
      e instanceof Error ? e : new HttpSendError('node:http failed to load', 'unsupported'),
    );
  }
  const timeoutMs = Math.max(1, req.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const maxBody = req.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const host = url.host;
  return new Promise<HttpSendResponse>((resolve, reject) => {
    if (req.signal?.aborted) {
      reject(new HttpSendError(`request to ${host} aborted`, 'aborted'));
      return;
    }
    const headers: Record<string, string> = { ...req.headers };
    const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
    if (body !== undefined) headers['content-length'] = String(body.length);
    let settled = false;
    const finish = (): void => {
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (message: string, reason: string): void => {
      if (settled) return;
      finish();
      r.destroy();
      reject(new HttpSendError(message, reason));
    };
    const r = node.request(
      url,
      { method: req.method, headers, agent: node.agent },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBody) fail(`response from ${host} is larger than ${maxBody} bytes`, 'too-large');
          else chunks.push(c);
        });
        res.on('error', (e: NodeJS.ErrnoException) => {
          fail(`connection to ${host} broke`, codeOf(e, 'ECONNRESET'));
        });
        res.on('aborted', () => {
          fail(`connection to ${host} broke`, 'ECONNRESET');
        });
        res.on('end', () => {
          if (settled) return;
          finish();
          const out: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
          resolve({
            status: res.statusCode ?? 0,
            headers: out,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    const timer = setTimeout(() => {
      fail(`${host} did not answer in full within ${Math.round(timeoutMs / 100) / 10} s`, 'timeout');
    }, timeoutMs);
    const onAbort = (): void => {
      fail(`request to ${host} aborted`, 'aborted');
    };
    req.signal?.addEventListener('abort', onAbort, { once: true });
    r.on('error', (e: NodeJS.ErrnoException) => {
      const reason = codeOf(e, 'network error');
      fail(`cannot reach ${host} (${reason})`, reason);
    });
    r.end(body);
  });
}

function codeOf(e: NodeJS.ErrnoException, fallback: string): string {
  return typeof e.code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(e.code) ? e.code : fallback;
}
