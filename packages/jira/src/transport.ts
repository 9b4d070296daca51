import { ReadyGateError } from '@readygate/rules';
import { JiraError } from './errors.js';
import { redact, secretsOf } from './secrets.js';
import type { TransportIdentity } from './errors.js';

/** One HTTP request to Jira. `path` starts with `/rest/` and carries the query string. */
export interface TransportRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Aborts the request, the response body included. */
  readonly signal?: AbortSignal;
  /** Time for the whole exchange, the response body included; transports that can enforce it do. */
  readonly timeoutMs?: number;
}

/** Jira's answer. Header names are lower-case. */
export interface TransportResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Sends one request and resolves with any HTTP answer (including 4xx/5xx). Rejects only when no answer
 * arrived: network failure ({@link TransportError}) or abort through `signal`.
 */
export type Transport = ((req: TransportRequest) => Promise<TransportResponse>) & {
  /** Where and as whom the transport talks, for error messages. Optional for hand-made transports. */
  readonly identity?: TransportIdentity;
  /** Removes the transport's secrets from text Jira sent back (error bodies may echo a header). */
  readonly redact?: (text: string) => string;
};

/**
 * No answer arrived. `reason` is a short, secret-free cause such as `ECONNREFUSED`, `ENOTFOUND`,
 * `ECONNRESET` or `aborted`.
 */
export class TransportError extends ReadyGateError<'network'> {
  constructor(readonly reason: string) {
    super('network', `Jira request failed (${reason})`);
  }
}

/** How a Node or fetch transport authenticates. */
export type JiraAuth =
  | { readonly kind: 'basic'; readonly email: string; readonly token: string }
  | { readonly kind: 'bearer'; readonly token: string };

/** Options shared by the HTTP transports. */
export interface HttpTransportOptions {
  /**
   * `https://<site>.atlassian.net` or `https://api.atlassian.com/ex/jira/<cloudId>`. `http://` only for
   * loopback hosts; any other path is refused (see {@link parseSite}).
   */
  readonly baseUrl: string;
  readonly auth: JiraAuth;
  /** Extra headers on every request (e.g. a User-Agent). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A checked base URL: `origin + basePath` without a trailing slash, and no credentials. */
export interface Site {
  readonly url: URL;
  /** For messages: origin plus base path. */
  readonly display: string;
  readonly basePath: string;
}

/**
 * Validates a base URL. Credentials in the URL are refused (they would end up in logs); the message
 * never repeats them. `http://` is refused but for loopback hosts (basic credentials would travel in
 * clear), and so is a path other than the scoped-token gateway's `/ex/jira/<cloudId>`.
 */
export function parseSite(baseUrl: string): Site {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new JiraError(
      'config',
      'jira-url is not a URL: set it to your Jira Cloud site, e.g. https://acme.atlassian.net.',
    );
  }
  const display = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new JiraError(
      'config',
      `jira-url ${display} is not an http(s) URL: set it to your Jira Cloud site, e.g. https://acme.atlassian.net.`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new JiraError(
      'config',
      `jira-url ${display} contains credentials: remove them from the URL and pass the email and API token as secrets.`,
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw new JiraError(
      'config',
      `jira-url ${display} has a query or fragment: set it to the site only, e.g. https://acme.atlassian.net.`,
    );
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new JiraError(
      'config',
      `jira-url ${display} uses http://, which would send the Jira credentials in clear: Dev, set jira-url to the https:// address of your Jira Cloud site, e.g. https://acme.atlassian.net.`,
    );
  }
  const basePath = url.pathname.replace(/\/+$/, '');
  // Any other path would reach Jira as "the issue does not exist" later; say what is wrong now.
  if (basePath !== '' && !GATEWAY_PATH.test(basePath)) {
    throw new JiraError(
      'config',
      `jira-url ${display} has a path (${basePath}): Dev, set jira-url to the site only, e.g. https://acme.atlassian.net (scoped tokens: https://api.atlassian.com/ex/jira/<cloudId>).`,
    );
  }
  return { url, display, basePath };
}

/** The scoped-token gateway's base path, `/ex/jira/<cloudId>`. */
const GATEWAY_PATH = /^\/ex\/jira\/[A-Za-z0-9-]+$/;

/** Hosts where http:// never leaves the machine: 127.0.0.0/8, ::1 and localhost (tests, fakes). */
export function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The request headers both HTTP transports send; the Authorization value stays inside the transport. */
export function baseHeaders(
  auth: JiraAuth,
  extra: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  if (auth.token === '')
    throw new JiraError('config', 'The Jira API token is empty: set the jira-token secret.');
  const authorization =
    auth.kind === 'basic'
      ? `Basic ${Buffer.from(`${auth.email}:${auth.token}`, 'utf8').toString('base64')}`
      : `Bearer ${auth.token}`;
  return { accept: 'application/json', 'user-agent': 'readygate', ...extra, authorization };
}

/** The identity a transport reports for messages. */
export function identityOf(site: Site, auth: JiraAuth): TransportIdentity {
  return {
    site: site.display,
    auth: auth.kind === 'basic' ? { kind: 'basic', email: auth.email } : { kind: 'bearer' },
  };
}

/** Attaches an identity (and, for transports holding a secret, a redactor) to a transport function. */
export function withIdentity(
  send: (req: TransportRequest) => Promise<TransportResponse>,
  identity: TransportIdentity,
  auth?: JiraAuth,
): Transport {
  return Object.assign(send, auth === undefined ? { identity } : { identity, redact: redactor(auth) });
}

/** Replaces a token, each of its encodings and any Authorization-looking value with `[redacted]`. */
export function redactor(auth: JiraAuth): (text: string) => string {
  const secrets = secretsOf(auth);
  return (text) => redact(text, secrets);
}

/** A short, secret-free reason for an error thrown below the transport (Node's `code`, or fetch's `cause.code`). */
export function reasonOf(err: unknown): string {
  if (err instanceof TransportError) return err.reason;
  for (let e: unknown = err, depth = 0; typeof e === 'object' && e !== null && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return 'network error';
}
