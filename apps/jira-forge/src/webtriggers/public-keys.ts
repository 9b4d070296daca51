import { workflows } from '../adapters/workflows';

/** What Forge passes a web trigger; header and query values arrive as arrays of strings. */
export interface WebTriggerRequest {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Record<string, string[] | undefined>;
  readonly queryParameters?: Record<string, string[] | undefined>;
  readonly body?: string;
}

/** What a web trigger answers. */
export interface WebTriggerResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string[]>;
  readonly body: string;
}

const json = (statusCode: number, value: unknown): WebTriggerResponse => ({
  statusCode,
  headers: { 'Content-Type': ['application/json'], 'Cache-Control': ['max-age=300'] },
  body: JSON.stringify(value),
});

/**
 * The public keys as JSON, for the GitHub Action and anyone verifying ReadyGate's records. A web trigger is a
 * public URL with no platform authentication, so it serves nothing but public keys, and only to GET.
 */
export async function publicKeys(request: WebTriggerRequest): Promise<WebTriggerResponse> {
  const method = (request.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD')
    return json(405, { error: `Method ${method} is not allowed: GET the public keys.` });
  const keys = await workflows().publicKeys();
  return json(200, {
    keys: keys.map((k) => ({ kid: k.kid, publicKey: k.text, current: k.current, createdAt: k.createdAt })),
    publicKeyInput: keys.map((k) => k.text).join('\n'),
  });
}
