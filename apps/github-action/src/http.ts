/**
 * A small HTTP(S) client on `node:http`/`node:https`. Not global `fetch`: loading undici costs ~230 ms of
 * start-up on Node 20, more than a whole check takes against a nearby server.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** One request. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Milliseconds until the request is abandoned; default 15 s. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** A response with its body read as text. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/** The request could not be sent or no response arrived. The message never contains the URL's credentials. */
export class NetworkError extends Error {
  readonly code = 'network';
  constructor(
    message: string,
    /** A short, secret-free cause: Node's error code (`ECONNREFUSED`), `timeout` or `aborted`. */
    readonly reason: string = 'network error',
  ) {
    super(message);
  }
}

// Keep-alive: a check sends several requests to the same host; a fresh TLS handshake each time costs more
// than the requests themselves. Idle sockets are unref'd by Node, so they do not hold the process open.
const httpAgent = new HttpAgent({ keepAlive: true });
// node:https loads TLS, several milliseconds of start-up: only when an https URL is asked for, and synchronously
// (process.getBuiltinModule), so a request needs no extra turn of the event loop.
let https: { request: typeof httpsRequest; agent: HttpsAgent } | undefined;
function loadHttps(): { request: typeof httpsRequest; agent: HttpsAgent } {
  if (https === undefined) {
    const m = process.getBuiltinModule('node:https');
    https = { request: m.request, agent: new m.Agent({ keepAlive: true }) };
  }
  return https;
}

/** Largest response body read; GitHub and Jira list pages are far smaller. */
const MAX_BODY = 16 * 1024 * 1024;

/** Sends a request and reads the whole response. Rejects only with {@link NetworkError}. */
export async function send(req: HttpRequest): Promise<HttpResponse> {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    throw new NetworkError('invalid URL');
  }
  const secure = url.protocol === 'https:';
  const tls = secure ? loadHttps() : null;
  return new Promise((resolve, reject) => {
    const doRequest = tls ? tls.request : httpRequest;
    const headers: Record<string, string> = { ...req.headers };
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
    const r = doRequest(
      url,
      { method: req.method, headers, agent: tls ? tls.agent : httpAgent, timeout: req.timeoutMs ?? 15_000 },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BODY) {
            res.destroy(new NetworkError(`response from ${url.host} is larger than ${MAX_BODY} bytes`));
            return;
          }
          chunks.push(c);
        });
        res.on('error', (e) => {
          reject(
            e instanceof NetworkError
              ? e
              : new NetworkError(`connection to ${url.host} broke: ${describe(e)}`, describe(e)),
          );
        });
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    r.on('timeout', () => {
      r.destroy(
        new NetworkError(
          `${url.host} did not answer within ${Math.round((req.timeoutMs ?? 15_000) / 1000)} s`,
          'timeout',
        ),
      );
    });
    r.on('error', (e) => {
      reject(
        e instanceof NetworkError
          ? e
          : new NetworkError(`cannot reach ${url.host}: ${describe(e)}`, describe(e)),
      );
    });
    req.signal?.addEventListener('abort', () => r.destroy(new NetworkError('aborted', 'aborted')), {
      once: true,
    });
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

function describe(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code) ? code : 'network error';
}
