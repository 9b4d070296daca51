import { ciWorkflows } from '../adapters/ci-workflows';
import type { WebTriggerRequest, WebTriggerResponse } from './public-keys';

const NO_STORE = { 'Cache-Control': ['no-store'] };

const text = (
  statusCode: number,
  body: string,
  extra: Record<string, string[]> = {},
): WebTriggerResponse => ({
  statusCode,
  headers: { 'Content-Type': ['text/plain; charset=utf-8'], ...NO_STORE, ...extra },
  body,
});

/** A header's first value; Forge keeps the caller's case in names, so the lookup ignores case. */
function header(request: WebTriggerRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(request.headers ?? {})) if (k.toLowerCase() === wanted) return v?.[0];
  return undefined;
}

/**
 * The CI web trigger: POST `{ nonce, keys?, versionId? }` with `Authorization: Bearer <CI token>`; answers the
 * current records, policy and release records from app storage, signed with the nonce and the time. Web triggers
 * have no platform authentication: every request is authenticated here, before anything is read, and a bad,
 * revoked or missing token gets a bare 401 (nothing about the token or the issues).
 */
export async function ciAnswer(request: WebTriggerRequest): Promise<WebTriggerResponse> {
  const method = (request.method ?? '').toUpperCase();
  if (method !== 'POST') return text(405, 'Method not allowed: POST.', { Allow: ['POST'] });
  const res = await ciWorkflows().answer({
    authorization: header(request, 'authorization'),
    body: request.body,
  });
  if (res.status === 401) return text(401, '', { 'WWW-Authenticate': ['Bearer'] });
  if (res.status !== 200) return text(res.status, res.message);
  return {
    statusCode: 200,
    headers: { 'Content-Type': ['application/json'], ...NO_STORE },
    body: JSON.stringify(res.envelope),
  };
}
