import { httpSend, HttpSendError } from './http-send.js';
import { baseHeaders, identityOf, parseSite, TransportError, withIdentity } from './transport.js';
import type { HttpTransportOptions, Transport, TransportRequest, TransportResponse } from './transport.js';

/**
 * A transport on {@link httpSend} (`node:http`/`node:https`). The default for Node: it avoids loading
 * undici, which global `fetch` needs and which costs about 230 ms of start-up on Node 20. The request's
 * `timeoutMs` and `signal` cover the response body too.
 */
export function httpTransport(options: HttpTransportOptions): Transport {
  const site = parseSite(options.baseUrl);
  const headers = baseHeaders(options.auth, options.headers);
  const send = async (req: TransportRequest): Promise<TransportResponse> => {
    try {
      return await httpSend({
        method: req.method,
        url: site.display + req.path,
        headers: { ...headers, ...req.headers },
        ...(req.body === undefined ? {} : { body: req.body }),
        ...(req.signal === undefined ? {} : { signal: req.signal }),
        ...(req.timeoutMs === undefined ? {} : { timeoutMs: req.timeoutMs }),
      });
    } catch (e) {
      throw new TransportError(e instanceof HttpSendError ? e.reason : 'network error');
    }
  };
  return withIdentity(send, identityOf(site, options.auth), options.auth);
}
