import type { JiraAuth } from './transport.js';

/** What replaces a secret in any text that leaves the process. */
export const REDACTED = '[redacted]';

/** Authorization-looking text, whoever's it is (a header echoed with credentials we do not hold). */
const CREDENTIAL = /\b(basic|bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi;

/** Shorter strings are not redacted: they would mangle ordinary words and are no secret anyway. */
const MIN_SECRET = 4;

/**
 * Every encoding in which the client sends (or a server might echo) the credentials: the raw token, its
 * URL encoding, `email:token` in base64 (standard, URL-safe and JSON-escaped), and the whole
 * `Basic …`/`Bearer …` header values. Pass the result to {@link redact} before any text leaves the process.
 */
export function secretsOf(auth: JiraAuth): string[] {
  const out = new Set<string>();
  const add = (s: string): void => {
    if (s.length >= MIN_SECRET) out.add(s);
  };
  add(auth.token);
  add(encodeURIComponent(auth.token));
  if (auth.kind === 'basic') {
    const b64 = Buffer.from(`${auth.email}:${auth.token}`, 'utf8').toString('base64');
    add(b64);
    add(b64.replace(/=+$/, ''));
    add(b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
    add(b64.replace(/\//g, '\\/'));
    add(encodeURIComponent(b64));
    add(`Basic ${b64}`);
  } else {
    add(`Bearer ${auth.token}`);
  }
  // Longest first, so a header value goes whole before the token inside it is replaced.
  return [...out].sort((a, b) => b.length - a.length);
}

/**
 * Replaces every secret, and anything that looks like an Authorization value, with `[redacted]`.
 * Used for every message the Jira client builds; the apps use it for all their output.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= MIN_SECRET && out.includes(s)) out = out.split(s).join(REDACTED);
  return out.replace(CREDENTIAL, REDACTED);
}
