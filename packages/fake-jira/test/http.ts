import type { FakeJira } from '../src/index.js';

/** A response as tests read it. */
export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary Jira JSON
  readonly body: any;
}

/** Basic auth header for an email and API token. */
export function basic(email: string, token: string): string {
  return `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
}

/** A tiny HTTP client bound to a server and an Authorization header (or none). */
export function httpClient(server: FakeJira, authorization?: string) {
  return async (method: string, path: string, body?: unknown, raw?: string): Promise<TestResponse> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (authorization !== undefined) headers['authorization'] = authorization;
    const init: RequestInit = { method, headers };
    if (raw !== undefined || body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = raw ?? JSON.stringify(body);
    }
    const res = await fetch(server.url + path, init);
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
  };
}
