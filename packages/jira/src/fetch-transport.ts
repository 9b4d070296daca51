import { baseHeaders, identityOf, parseSite, reasonOf, TransportError, withIdentity } from './transport.js';
import type { HttpTransportOptions, Transport, TransportRequest, TransportResponse } from './transport.js';

/**
 * A transport on global `fetch`, for runtimes without `node:http`. On Node prefer {@link httpTransport}:
 * the first `fetch` loads undici, which costs about 230 ms of start-up.
 */
export function fetchTransport(options: HttpTransportOptions & { readonly fetch?: typeof fetch }): Transport {
  const site = parseSite(options.baseUrl);
  const headers = baseHeaders(options.auth, options.headers);
  const doFetch = options.fetch ?? globalThis.fetch;
  const send = async (req: TransportRequest): Promise<TransportResponse> => {
    // One controller for the caller's signal and the timeout, so both cover reading the body too.
    const ctrl = new AbortController();
    const state = { timedOut: false };
    const onAbort = (): void => {
      ctrl.abort();
    };
    if (req.signal?.aborted) throw new TransportError('aborted');
    req.signal?.addEventListener('abort', onAbort, { once: true });
    const timer =
      req.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            state.timedOut = true;
            ctrl.abort();
          }, req.timeoutMs);
    const init: RequestInit = {
      method: req.method,
      headers: { ...headers, ...req.headers },
      signal: ctrl.signal,
    };
    if (req.body !== undefined) init.body = req.body;
    let res: Response;
    let body: string;
    try {
      res = await doFetch(`${site.display}${req.path}`, init);
      body = await res.text();
    } catch (err) {
      throw new TransportError(state.timedOut ? 'timeout' : ctrl.signal.aborted ? 'aborted' : reasonOf(err));
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    }
    const out: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      out[k.toLowerCase()] = v;
    });
    return { status: res.status, headers: out, body };
  };
  return withIdentity(send, identityOf(site, options.auth), options.auth);
}
