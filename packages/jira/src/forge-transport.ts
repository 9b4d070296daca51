import { reasonOf, TransportError, withIdentity } from './transport.js';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';

/** The part of a Forge `Response` this transport reads. */
export interface ForgeResponseLike {
  readonly status: number;
  readonly headers: { forEach(cb: (value: string, key: string) => void): void };
  text(): Promise<string>;
}

/** `api.asApp().requestJira` or `api.asUser().requestJira`, bound, as the Forge app passes it in. */
export type RequestJira<R> = (
  route: R,
  init?: { method?: string; headers?: Record<string, string>; body?: string },
) => Promise<ForgeResponseLike>;

/** Forge's `route` template tag. */
export type RouteTag<R> = (strings: TemplateStringsArray, ...values: unknown[]) => R;

/**
 * A transport on Forge's `requestJira`, which authenticates the app or user itself. `@forge/api` stays
 * a dependency of the Forge app only: pass its `requestJira` (bound) and `route` in.
 *
 * The client builds every path with `encodeURIComponent` on each dynamic segment, so the whole path
 * is handed to `route` as one literal (the same trust `assumeTrustedRoute` expresses).
 */
export function forgeTransport<R>(options: {
  readonly requestJira: RequestJira<R>;
  readonly route: RouteTag<R>;
  readonly site?: string;
}): Transport {
  const send = async (req: TransportRequest): Promise<TransportResponse> => {
    if (req.signal?.aborted) throw new TransportError('aborted');
    const literal = Object.assign([req.path], { raw: [req.path] }) as unknown as TemplateStringsArray;
    const init: { method: string; headers: Record<string, string>; body?: string } = {
      method: req.method,
      headers: { accept: 'application/json', ...req.headers },
    };
    if (req.body !== undefined) init.body = req.body;
    let res: ForgeResponseLike;
    let body: string;
    try {
      res = await options.requestJira(options.route(literal), init);
      body = await res.text();
    } catch (err) {
      throw new TransportError(reasonOf(err));
    }
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      headers[k.toLowerCase()] = v;
    });
    return { status: res.status, headers, body };
  };
  return withIdentity(send, { site: options.site ?? 'this Jira site', auth: { kind: 'forge' } });
}
