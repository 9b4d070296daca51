import type { TransportIdentity } from '../src/errors.js';
import type { Transport, TransportRequest, TransportResponse } from '../src/transport.js';

/** A step of a script: an answer, a thrown network error, or a function of the request. */
export type Step =
  | Partial<TransportResponse>
  | { throw: unknown }
  | ((req: TransportRequest) => Promise<TransportResponse> | TransportResponse);

export interface Scripted {
  readonly transport: Transport;
  readonly sent: TransportRequest[];
  /** Method, path without query, query as an object, parsed JSON body. */
  readonly calls: () => { method: string; path: string; query: Record<string, string>; body: unknown }[];
}

export const ACME: TransportIdentity = {
  site: 'https://acme.atlassian.net',
  auth: { kind: 'basic', email: 'jane@acme.com' },
};

/** A transport that answers from a script, in order; the last step repeats. */
export function scripted(steps: readonly Step[], identity: TransportIdentity = ACME): Scripted {
  const sent: TransportRequest[] = [];
  let i = 0;
  const send = async (req: TransportRequest): Promise<TransportResponse> => {
    sent.push(req);
    const step = steps[Math.min(i++, steps.length - 1)];
    if (step === undefined) return { status: 200, headers: {}, body: '{}' };
    if (typeof step === 'function') return step(req);
    if ('throw' in step) throw step.throw;
    return { status: step.status ?? 200, headers: step.headers ?? {}, body: step.body ?? '' };
  };
  return {
    transport: Object.assign(send, { identity }),
    sent,
    calls: () =>
      sent.map((r) => {
        const u = new URL(r.path, 'http://x');
        return {
          method: r.method,
          path: u.pathname,
          query: Object.fromEntries(u.searchParams),
          body: r.body === undefined ? undefined : JSON.parse(r.body),
        };
      }),
  };
}

/** A JSON answer. */
export function json(value: unknown, status = 200, headers: Record<string, string> = {}): TransportResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

/** A sleep that records and returns at once. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; slept: number[] } {
  const slept: number[] = [];
  return {
    slept,
    sleep: (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
  };
}
