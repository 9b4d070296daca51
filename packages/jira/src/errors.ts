import { ReadyGateError } from '@readygate/rules';
/** What went wrong talking to Jira; stable, so callers can branch on it. */
export type JiraErrorCode =
  | 'auth'
  | 'forbidden'
  | 'not-found'
  | 'rate-limited'
  | 'unavailable'
  | 'bad-request'
  | 'bad-response'
  | 'config'
  /** The client's overall deadline passed (or its run signal aborted) before Jira answered. */
  | 'deadline';

/**
 * An error from the Jira client. `message` is one line for the user, says what to do, and never holds
 * a token or an Authorization header. No `cause` is kept on purpose: network-layer errors may carry
 * request options, and this object is logged and rendered as is.
 */
export class JiraError extends ReadyGateError<JiraErrorCode> {
  override readonly name = 'JiraError';
  /** HTTP status of Jira's last answer, when there was one. */
  readonly status: number | undefined;
  /** Jira's own `errorMessages`/`errors`, when it sent any. */
  readonly jiraMessages: readonly string[];

  constructor(
    code: JiraErrorCode,
    message: string,
    details: { status?: number; jiraMessages?: readonly string[] } = {},
  ) {
    super(code, message);
    this.status = details.status;
    this.jiraMessages = details.jiraMessages ?? [];
  }
}

/** Where a transport points and as whom, for messages. Never holds a secret. */
export interface TransportIdentity {
  /** Site as the user configured it, without credentials, e.g. `https://acme.atlassian.net`. */
  readonly site: string;
  /** How requests authenticate, for the 401 message. */
  readonly auth:
    | { readonly kind: 'basic'; readonly email: string }
    | { readonly kind: 'bearer' }
    | { readonly kind: 'forge' };
}

/** Pulls `errorMessages` and `errors` out of a Jira error body; tolerant of anything. */
export function jiraMessagesOf(body: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  if (typeof parsed !== 'object' || parsed === null) return [];
  const out: string[] = [];
  const { errorMessages, errors } = parsed as { errorMessages?: unknown; errors?: unknown };
  if (Array.isArray(errorMessages))
    for (const m of errorMessages) if (typeof m === 'string' && m.trim() !== '') out.push(m.trim());
  if (typeof errors === 'object' && errors !== null) {
    for (const [field, m] of Object.entries(errors)) if (typeof m === 'string') out.push(`${field}: ${m}`);
  }
  return out;
}

/** True when a body is Jira's JSON error shape (`errorMessages` and/or `errors`), not a proxy's page. */
export function isJiraErrorBody(body: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return false;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
  const { errorMessages, errors } = parsed as { errorMessages?: unknown; errors?: unknown };
  return Array.isArray(errorMessages) || (typeof errors === 'object' && errors !== null);
}

function sentence(parts: readonly string[]): string {
  return parts.map((p) => p.replace(/\s+/g, ' ').replace(/[.!\s]+$/, '')).join('; ');
}

const TOKEN_PAGE = 'https://id.atlassian.com/manage-profile/security/api-tokens';

/** Message builders, one per outcome, so tests and docs can name the exact text. */
export const messages = {
  auth(id: TransportIdentity): string {
    switch (id.auth.kind) {
      case 'basic':
        return `Jira rejected the API token for ${id.auth.email} (401): create a new API token at ${TOKEN_PAGE} and update the secret.`;
      case 'bearer':
        return `Jira at ${id.site} rejected the bearer token (401): create a new scoped API token at ${TOKEN_PAGE} and update the secret.`;
      case 'forge':
        return `Jira at ${id.site} rejected the app's credentials (401): reinstall the ReadyGate app or ask a Jira admin to re-grant its access.`;
    }
  },
  forbidden(id: TransportIdentity, what: string, jira: readonly string[]): string {
    const who =
      id.auth.kind === 'basic' ? id.auth.email : id.auth.kind === 'forge' ? 'the ReadyGate app' : 'the token';
    const said = jira.length > 0 ? ` (Jira said: ${sentence(jira)})` : '';
    return `Jira did not allow ${who} to ${what} (403)${said}: ask a Jira admin to grant the needed project permission, or use an account that has it.`;
  },
  notFound(id: TransportIdentity, what: string): string {
    const who = id.auth.kind === 'basic' ? id.auth.email : 'this account';
    return `Jira at ${id.site} could not ${what} because it does not exist or ${who} cannot see it (404): check the key or id and the account's project access.`;
  },
  /** A 404 without Jira's JSON error body: a proxy or a wrong base path answered, not Jira. */
  notJira404(id: TransportIdentity, what: string): string {
    return `Jira at ${id.site} answered the request to ${what} with 404 but without Jira’s error body, so something other than Jira answered (a proxy, or a wrong base path): Dev, set jira-url to the Jira Cloud site itself, e.g. https://acme.atlassian.net, and make sure nothing between the runner and Jira rewrites requests.`;
  },
  /** Jira's "No project could be found with key …": the project does not exist or the account cannot browse it. */
  projectNotVisible(id: TransportIdentity, projectKey: string, jira: readonly string[]): string {
    const who =
      id.auth.kind === 'basic' ? id.auth.email : id.auth.kind === 'forge' ? 'the ReadyGate app' : 'the token';
    return `Jira at ${id.site} has no project ${projectKey} that ${who} can see (404, Jira said: ${sentence(jira)}), so its ReadyGate policy and records cannot be read: Jira admin, grant ${who} the Browse Projects permission in ${projectKey}; Dev, or check the project key.`;
  },
  /** Jira handed out the same next-page token twice: the answer would never end. */
  pagingRepeats(id: TransportIdentity, what: string): string {
    return `Jira at ${id.site} gave the same next-page token twice while answering the request to ${what}, so the answer would never end: run again; if it persists, a Jira admin should report it to Atlassian support.`;
  },
  /** Jira kept paging past the pages the request can need. */
  pagingEndless(id: TransportIdentity, what: string, pages: number): string {
    return `Jira at ${id.site} was still paging after ${pages} page${pages === 1 ? '' : 's'} while answering the request to ${what}, more than the ${pages} page${pages === 1 ? '' : 's'} allowed: run again; if it persists, a Jira admin should report it to Atlassian support.`;
  },
  /** The client's overall deadline passed. */
  deadline(id: TransportIdentity, what: string): string {
    return `The deadline for this ReadyGate run passed before Jira at ${id.site} answered the request to ${what}: run it again; if Jira is this slow often, check https://status.atlassian.com, and Dev, check that jira-url is the nearest Jira Cloud address.`;
  },
  /** A page of a key search brought none of the keys asked for, yet offered another page. */
  pagingFruitless(id: TransportIdentity, what: string): string {
    return `Jira at ${id.site} answered the request to ${what} with a page holding none of the issues asked for and offered yet another page, so the answer cannot be trusted: run again; if it persists, a Jira admin should report it to Atlassian support.`;
  },
  badRequest(what: string, jira: readonly string[]): string {
    const said = jira.length > 0 ? `: ${sentence(jira)}` : '';
    return `Jira rejected the request to ${what} (400)${said}. Check the keys, field ids and names in the ReadyGate configuration.`;
  },
  rateLimited(id: TransportIdentity, what: string, attempts: number, waitedMs: number): string {
    return `Jira at ${id.site} kept rate-limiting requests to ${what} (429) after ${attemptCount(attempts)} and ${seconds(waitedMs)} of waiting: run again in a few minutes, or run ReadyGate less often.`;
  },
  /** Jira asked for a pause (Retry-After) longer than the client may still wait. */
  waitTooLong(
    id: TransportIdentity,
    what: string,
    { status, askedMs, budgetMs }: { status: number; askedMs: number; budgetMs: number },
  ): string {
    return `Jira at ${id.site} asked to wait ${seconds(askedMs)} before the next request to ${what} (${status}), more than the ${seconds(budgetMs)} ReadyGate may wait in all: run again in a few minutes, or run ReadyGate less often.`;
  },
  unavailableStatus(id: TransportIdentity, what: string, status: number, attempts: number): string {
    return `Jira at ${id.site} failed to ${what} (${status}) after ${attemptCount(attempts)}: check https://status.atlassian.com and run again later.`;
  },
  unreachable(id: TransportIdentity, cause: string, attempts: number): string {
    const tries = attempts > 1 ? `, ${attempts} attempts` : '';
    return `Jira at ${id.site} could not be reached (${cause}${tries}): check jira-url.`;
  },
  timeout(id: TransportIdentity, what: string, timeoutMs: number, attempts: number): string {
    return `Jira at ${id.site} did not answer within ${seconds(timeoutMs)} to ${what} (timeout, ${attemptCount(attempts)}): check jira-url and https://status.atlassian.com, then run again.`;
  },
  badJson(id: TransportIdentity, what: string, status: number): string {
    return `Jira at ${id.site} answered the request to ${what} with something that is not JSON (${status}): check that jira-url is the Jira Cloud site, e.g. https://acme.atlassian.net.`;
  },
  badShape(id: TransportIdentity, what: string, path: string, problem: string): string {
    const where = path === '' ? '' : ` at ${path}`;
    return `Jira at ${id.site} answered the request to ${what} with an unexpected shape (${problem}${where}): check that jira-url is the Jira Cloud site, e.g. https://acme.atlassian.net.`;
  },
  unexpectedStatus(id: TransportIdentity, what: string, status: number): string {
    return `Jira at ${id.site} answered the request to ${what} with an unexpected status ${status}: check that jira-url is the Jira Cloud site, e.g. https://acme.atlassian.net.`;
  },
} as const;

function attemptCount(n: number): string {
  return n === 1 ? '1 attempt' : `${n} attempts`;
}

function seconds(ms: number): string {
  if (ms > 0 && ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? String(s) : s.toFixed(1)} s`;
}
