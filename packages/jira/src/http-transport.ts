import type { Agent, IncomingMessage, request as httpRequest } from 'node:http';
import { baseHeaders, identityOf, parseSite, TransportError, withIdentity } from './transport.js';
import type { HttpTransportOptions, Transport, TransportRequest, TransportResponse } from './transport.js';

type RequestFn = typeof httpRequest;

/**
 * A transport on `node:http`/`node:https`. The default for Node: it avoids loading undici, which
 * global `fetch` needs and which costs about 230 ms of start-up on Node 20. Connections are kept
 * alive between requests and do not keep the process running.
 * The modules are loaded on first use so that importing this package works where `node:http` is absent.
 */
export function httpTransport(options: HttpTransportOptions): Transport {
  const site = parseSite(options.baseUrl);
  const headers = baseHeaders(options.auth, options.headers);
  const secure = site.url.protocol === 'https:';
  let loaded: Promise<{ request: RequestFn; agent: Agent }> | undefined;
  const load = (): Promise<{ request: RequestFn; agent: Agent }> =>
    (loaded ??= (secure ? import('node:https') : import('node:http')).then((m) => ({
      request: m.request,
      agent: new m.Agent({ keepAlive: true, maxSockets: 8 }),
    })));

  const send = async (req: TransportRequest): Promise<TransportResponse> => {
    const { request, agent } = await load();
    return new Promise<TransportResponse>((resolve, reject) => {
      if (req.signal?.aborted) {
        reject(new TransportError('aborted'));
        return;
      }
      const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
      const h: Record<string, string> = { ...headers, ...req.headers };
      if (body !== undefined) h['content-length'] = String(body.length);
      let settled = false;
      const fail = (reason: string): void => {
        if (settled) return;
        settled = true;
        req.signal?.removeEventListener('abort', onAbort);
        reject(new TransportError(reason));
      };
      const r = request(
        {
          protocol: site.url.protocol,
          hostname: site.url.hostname,
          port: site.url.port === '' ? undefined : Number(site.url.port),
          method: req.method,
          path: site.basePath + req.path,
          headers: h,
          agent,
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e: NodeJS.ErrnoException) => {
            fail(e.code ?? 'ECONNRESET');
          });
          res.on('aborted', () => {
            fail('ECONNRESET');
          });
          res.on('end', () => {
            if (settled) return;
            settled = true;
            req.signal?.removeEventListener('abort', onAbort);
            const out: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) {
              if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
            }
            resolve({
              status: res.statusCode ?? 0,
              headers: out,
              body: Buffer.concat(chunks).toString('utf8'),
            });
          });
        },
      );
      const onAbort = (): void => {
        fail('aborted');
        r.destroy();
      };
      req.signal?.addEventListener('abort', onAbort, { once: true });
      r.on('error', (e: NodeJS.ErrnoException) => {
        fail(typeof e.code === 'string' ? e.code : 'network error');
      });
      r.end(body);
    });
  };
  return withIdentity(send, identityOf(site, options.auth), options.auth);
}
