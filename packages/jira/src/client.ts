import type * as z from 'zod';
import { formatPath } from '@readygate/rules';
import { isJiraErrorBody, JiraError, jiraMessagesOf, messages } from './errors.js';
import type { TransportIdentity } from './errors.js';
import { httpTransport } from './http-transport.js';
import { checkIssueKeys, checkProjectKey, jqlString, keysJql } from './jql.js';
import {
  CommentSchema,
  EntityPropertySchema,
  IssueBeanSchema,
  JiraFieldSchema,
  MyselfSchema,
  ProjectRoleSchema,
  ProjectRolesSchema,
  SearchPageSchema,
  SprintPageSchema,
  SprintSchema,
  VersionSchema,
} from './schemas.js';
import type { IssueBean, JiraField, Myself, ProjectRoleRef, RoleActor, Sprint, Version } from './schemas.js';
import { redact, secretsOf } from './secrets.js';
import { reasonOf } from './transport.js';
import type { HttpTransportOptions, Transport, TransportRequest, TransportResponse } from './transport.js';

/** Bounds on retries. Every wait counts against `totalWaitMs`; a wait that would exceed it is not taken. */
export interface RetryOptions {
  /** Attempts per request, the first included. Default 4. */
  readonly attempts?: number;
  /** Most time spent sleeping between attempts of one request. Default 30 000 ms. */
  readonly totalWaitMs?: number;
  /** Per-attempt timeout. Default 10 000 ms. */
  readonly timeoutMs?: number;
  /** First backoff step; doubles each attempt, with full jitter. Default 500 ms. */
  readonly baseDelayMs?: number;
  /** Largest backoff step. Default 8 000 ms. */
  readonly maxDelayMs?: number;
}

/** How to build a client: a transport, or a base URL and credentials (then `httpTransport` is used). */
export type JiraClientOptions = (
  { readonly transport: Transport; readonly identity?: TransportIdentity } | HttpTransportOptions
) & {
  readonly retry?: RetryOptions;
  /** Injected for tests; defaults to `setTimeout`. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Injected for tests; in [0, 1). Defaults to `Math.random`. */
  readonly random?: () => number;
  /** Injected for tests; defaults to `Date.now`. */
  readonly now?: () => number;
  /**
   * Secrets to keep out of every message, e.g. `secretsOf(auth)` when the transport is built outside
   * this package. With `baseUrl` and `auth` they are derived from `auth`.
   */
  readonly secrets?: readonly string[];
  /**
   * One deadline for everything this client does (ms since the epoch, on the `now` clock), e.g. the
   * action's whole run: every attempt ends by it and no retry wait passes it; then a `deadline` JiraError.
   */
  readonly deadline?: number;
  /** Stops every request and retry wait when aborted (e.g. the run is out of time): a `deadline` JiraError. */
  readonly signal?: AbortSignal;
};

/** Requests made by a client, counted for benchmarks and logs. */
export interface JiraStats {
  /** Every request sent, retries included. */
  requests: number;
  /** Requests that were repeats of a failed attempt. */
  retries: number;
  /** Time spent sleeping before retries. */
  waitedMs: number;
}

/** Options of an issue search. */
export interface SearchOptions {
  /** Fields to return. See `fieldsFor`. Default `['summary']` (Jira's own default, ids only, would drop the keys). */
  readonly fields?: readonly string[];
  /** Issue property keys to return, at most 5 (e.g. `['readygate']`). */
  readonly properties?: readonly string[];
  /** Issues a page; Jira caps it (100 when fields are requested). Default 100. */
  readonly pageSize?: number;
  /** Most pages read; a search still paging after them fails closed. Default 200 (20 000 issues). */
  readonly maxPages?: number;
  readonly signal?: AbortSignal;
}

/** Why a key asked for is in {@link LoadedIssues.missing}: Jira cannot tell "no such issue" from "not allowed to see it". */
export const MISSING_REASON = 'not found or not visible to the token';

/** The issues found for a list of keys, and the keys Jira does not know (or the account cannot see). */
export interface LoadedIssues {
  /** Issues asked for, each once, in the order Jira returned them. */
  readonly issues: IssueBean[];
  /** Keys asked for that did not come back ({@link MISSING_REASON}). */
  readonly missing: string[];
  /** Keys of issues Jira returned without being asked: dropped, never judged. */
  readonly notAsked: string[];
}

interface Operation<T> {
  readonly method: TransportRequest['method'];
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly body?: unknown;
  /** Completes "could not …" / "the request to …" in messages, e.g. `read issue ENR-1`. */
  readonly what: string;
  /** `null` when the answer has no body (204). */
  readonly schema: z.ZodType<T> | null;
  /** False for requests that must not run twice (comments): then only answers that prove nothing happened are retried. */
  readonly idempotent?: boolean;
  /** Turns a 404 with Jira's error body into a value, or into a more precise error than "not found". */
  readonly on404?: (jira: readonly string[]) => { value: T } | JiraError | undefined;
  readonly signal?: AbortSignal | undefined;
}

const SEARCH_MAX_KEYS = 100;
const DEFAULT_MAX_PAGES = 200;
/** Issue properties one search may return (Jira refuses more). */
const SEARCH_MAX_PROPERTIES = 5;
const BACKLOG_MAX = 50;
/** Errors that prove the request never reached Jira, so even a non-idempotent one may be resent. */
const NOT_SENT = new Set(['ECONNREFUSED', 'EAI_AGAIN']);
/** Errors no retry will fix. */
const PERMANENT = new Set([
  'ENOTFOUND',
  'ERR_INVALID_URL',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function encode(segment: string | number): string {
  return encodeURIComponent(String(segment));
}

function queryString(query: Operation<unknown>['query']): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query))
    if (v !== undefined) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

type Attempt = { kind: 'answer'; res: TransportResponse } | { kind: 'no-answer'; reason: string };

/**
 * The Jira Cloud REST client. Every operation sends well-formed requests per Atlassian's OpenAPI
 * description, retries what is worth retrying, and fails with a {@link JiraError}.
 */
export class JiraClient {
  /** Requests sent so far. */
  readonly stats: JiraStats = { requests: 0, retries: 0, waitedMs: 0 };
  readonly #transport: Transport;
  readonly #identity: TransportIdentity;
  readonly #redact: (text: string) => string;
  readonly #attempts: number;
  readonly #totalWaitMs: number;
  readonly #timeoutMs: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #now: () => number;
  readonly #deadline: number;
  readonly #runSignal: AbortSignal | undefined;

  constructor(options: JiraClientOptions) {
    if ('transport' in options) {
      this.#transport = options.transport;
      this.#identity = options.identity ??
        options.transport.identity ?? { site: 'the Jira site', auth: { kind: 'bearer' } };
    } else {
      this.#transport = httpTransport(options);
      this.#identity = this.#transport.identity ?? { site: options.baseUrl, auth: { kind: 'bearer' } };
    }
    const own = this.#transport.redact;
    const secrets = [...(options.secrets ?? []), ...('auth' in options ? secretsOf(options.auth) : [])].sort(
      (a, b) => b.length - a.length,
    );
    this.#redact = (text) => redact(own ? own(text) : text, secrets);
    const r = options.retry ?? {};
    this.#attempts = Math.max(1, Math.floor(r.attempts ?? 4));
    this.#totalWaitMs = Math.max(0, r.totalWaitMs ?? 30_000);
    this.#timeoutMs = Math.max(1, r.timeoutMs ?? 10_000);
    this.#baseDelayMs = Math.max(0, r.baseDelayMs ?? 500);
    this.#maxDelayMs = Math.max(this.#baseDelayMs, r.maxDelayMs ?? 8_000);
    this.#sleep = options.sleep ?? defaultSleep;
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
    this.#deadline = options.deadline ?? Number.POSITIVE_INFINITY;
    this.#runSignal = options.signal;
  }

  /** Where and as whom this client talks, as shown in messages. */
  get identity(): TransportIdentity {
    return this.#identity;
  }

  // ---- search ----------------------------------------------------------------------------------

  /**
   * Enhanced JQL search (`POST /rest/api/3/search/jql`), following `nextPageToken` until the last page.
   * The JQL must be bounded (e.g. `sprint = 42`). A token given twice, or more than `maxPages` pages,
   * is a `bad-response` error: an answer that never ends is not a list of issues.
   */
  async *searchIssues(jql: string, options: SearchOptions = {}): AsyncGenerator<IssueBean, void, undefined> {
    for await (const page of this.#pages(jql, options, options.maxPages ?? DEFAULT_MAX_PAGES))
      yield* page.issues;
  }

  async *#pages(
    jql: string,
    options: SearchOptions,
    maxPages: number,
  ): AsyncGenerator<{ issues: IssueBean[]; more: boolean }, void, undefined> {
    checkSearchOptions(options);
    let nextPageToken: string | undefined;
    const seen = new Set<string>();
    for (let pages = 1; ; pages++) {
      const body: Record<string, unknown> = { jql, maxResults: options.pageSize ?? 100 };
      // With no fields Jira returns ids only; ask for one small field so every issue carries its key.
      body.fields = options.fields && options.fields.length > 0 ? [...options.fields] : ['summary'];
      if (options.properties && options.properties.length > 0) body.properties = [...options.properties];
      if (nextPageToken !== undefined) body.nextPageToken = nextPageToken;
      const page = await this.#call({
        method: 'POST',
        path: '/rest/api/3/search/jql',
        body,
        what: 'search issues',
        schema: SearchPageSchema,
        signal: options.signal,
      });
      const token = page.nextPageToken ?? undefined;
      const more = token !== undefined && page.isLast !== true;
      yield { issues: page.issues, more };
      if (!more) return;
      if (seen.has(token))
        throw new JiraError('bad-response', messages.pagingRepeats(this.#identity, 'search issues'));
      if (pages >= maxPages)
        throw new JiraError(
          'bad-response',
          messages.pagingEndless(this.#identity, 'search issues', maxPages),
        );
      seen.add(token);
      nextPageToken = token;
    }
  }

  /**
   * Loads issues by key: one search per 100 keys (`key in (...)`). Keys are validated first, so no
   * text from a branch name or PR title can reach JQL. Duplicates are asked for once.
   * Keys Jira reports as unknown are retried without them. Only issues asked for are returned (others
   * are listed in `notAsked`, never judged); each key that did not come back is in `missing`
   * ({@link MISSING_REASON}). Paging stops once every key is in; a search that still pages after as many
   * pages as it has keys fails closed.
   */
  async loadIssues(
    keys: readonly string[],
    options: Omit<SearchOptions, 'pageSize' | 'maxPages'> = {},
  ): Promise<LoadedIssues> {
    const unique = [...new Set(keys)];
    checkIssueKeys(unique);
    const found = new Map<string, IssueBean>();
    const notAsked: string[] = [];
    const unknownKeys = new Set<string>();
    for (const chunk of chunks(unique, SEARCH_MAX_KEYS)) {
      let ask = chunk;
      for (;;) {
        try {
          const wanted = new Set(ask);
          // Each page must bring at least one asked key, so a search for N keys needs at most N pages.
          for await (const page of this.#pages(
            keysJql(ask),
            { ...options, pageSize: ask.length },
            ask.length,
          )) {
            let fresh = 0;
            for (const issue of page.issues) {
              if (!wanted.has(issue.key)) {
                if (!notAsked.includes(issue.key)) notAsked.push(issue.key);
              } else if (!found.has(issue.key)) {
                found.set(issue.key, issue);
                fresh++;
              }
            }
            if (ask.every((k) => found.has(k))) break;
            if (page.more && fresh === 0)
              throw new JiraError('bad-response', messages.pagingFruitless(this.#identity, 'search issues'));
          }
          break;
        } catch (err) {
          // Jira answers 400 when a key in `key in (...)` does not exist and names it; drop those and ask again.
          const unknown =
            err instanceof JiraError && err.code === 'bad-request'
              ? ask.filter((k) => err.jiraMessages.some((m) => m.includes(`'${k}'`)))
              : [];
          if (unknown.length === 0) throw err;
          for (const k of unknown) unknownKeys.add(k);
          ask = ask.filter((k) => !unknown.includes(k));
          if (ask.length === 0) break;
        }
      }
    }
    const issues = [...found.values()];
    const missing: string[] = [];
    for (const k of unknownKeys) missing.push(k);
    for (const k of unique) if (!found.has(k) && !unknownKeys.has(k)) missing.push(k);
    return { issues, missing, notAsked };
  }

  /** `GET /rest/api/3/issue/{key}` with the given fields and properties. */
  getIssue(key: string, options: Omit<SearchOptions, 'pageSize'> = {}): Promise<IssueBean> {
    return this.#call({
      method: 'GET',
      path: `/rest/api/3/issue/${encode(key)}`,
      query: {
        fields: options.fields && options.fields.length > 0 ? options.fields.join(',') : undefined,
        properties:
          options.properties && options.properties.length > 0 ? options.properties.join(',') : undefined,
      },
      what: `read issue ${key}`,
      schema: IssueBeanSchema,
      signal: options.signal,
    });
  }

  // ---- properties ------------------------------------------------------------------------------

  /** An issue property's value, or `null` when the issue has no such property. */
  getIssueProperty(key: string, propertyKey: string): Promise<unknown> {
    return this.#getProperty(
      `/rest/api/3/issue/${encode(key)}/properties/${encode(propertyKey)}`,
      `read property ${propertyKey} of issue ${key}`,
    );
  }

  /** Creates or replaces an issue property (value ≤ 32 768 characters of JSON). */
  async setIssueProperty(key: string, propertyKey: string, value: unknown): Promise<void> {
    await this.#call({
      method: 'PUT',
      path: `/rest/api/3/issue/${encode(key)}/properties/${encode(propertyKey)}`,
      body: value,
      what: `write property ${propertyKey} of issue ${key}`,
      schema: null,
    });
  }

  /** Deletes an issue property; true when it existed. */
  deleteIssueProperty(key: string, propertyKey: string): Promise<boolean> {
    return this.#deleteProperty(
      `/rest/api/3/issue/${encode(key)}/properties/${encode(propertyKey)}`,
      `delete property ${propertyKey} of issue ${key}`,
    );
  }

  /**
   * A project property's value, or `null` when Jira says the project has no such property. A project the
   * account cannot see, or a 404 that is not Jira's, is a {@link JiraError}: never "no property".
   */
  getProjectProperty(projectKey: string, propertyKey: string): Promise<unknown> {
    return this.#getProperty(
      `/rest/api/3/project/${encode(projectKey)}/properties/${encode(propertyKey)}`,
      `read property ${propertyKey} of project ${projectKey}`,
      projectKey,
    );
  }

  /** Creates or replaces a project property. */
  async setProjectProperty(projectKey: string, propertyKey: string, value: unknown): Promise<void> {
    await this.#call({
      method: 'PUT',
      path: `/rest/api/3/project/${encode(projectKey)}/properties/${encode(propertyKey)}`,
      body: value,
      what: `write property ${propertyKey} of project ${projectKey}`,
      schema: null,
    });
  }

  /** Deletes a project property; true when it existed. */
  deleteProjectProperty(projectKey: string, propertyKey: string): Promise<boolean> {
    return this.#deleteProperty(
      `/rest/api/3/project/${encode(projectKey)}/properties/${encode(propertyKey)}`,
      `delete property ${propertyKey} of project ${projectKey}`,
    );
  }

  async #getProperty(path: string, what: string, projectKey?: string): Promise<unknown> {
    const got = await this.#call({
      method: 'GET',
      path,
      what,
      schema: EntityPropertySchema,
      on404: (jira) =>
        propertyMissing(null)(jira) ??
        (projectKey !== undefined && jira.some((m) => NO_PROJECT.test(m))
          ? new JiraError('not-found', messages.projectNotVisible(this.#identity, projectKey, jira), {
              status: 404,
              jiraMessages: jira,
            })
          : undefined),
    });
    return got === null ? null : got.value;
  }

  async #deleteProperty(path: string, what: string): Promise<boolean> {
    const existed = await this.#call<boolean | undefined>({
      method: 'DELETE',
      path,
      what,
      schema: null,
      on404: propertyMissing<boolean | undefined>(false),
    });
    return existed !== false;
  }

  // ---- fields, agile, versions, roles, comments, myself ----------------------------------------

  /** Every field of the site, to resolve custom field ids by name (see `fieldIdByName`). */
  listFields(): Promise<JiraField[]> {
    return this.#call({
      method: 'GET',
      path: '/rest/api/3/field',
      what: 'list fields',
      schema: JiraFieldSchema.array(),
    });
  }

  /** `GET /rest/agile/1.0/sprint/{id}`. */
  getSprint(sprintId: number): Promise<Sprint> {
    checkId(sprintId, 'sprint');
    return this.#call({
      method: 'GET',
      path: `/rest/agile/1.0/sprint/${sprintId}`,
      what: `read sprint ${sprintId}`,
      schema: SprintSchema,
    });
  }

  /** Every sprint of a board (paged by 50), optionally only in the given states. */
  async boardSprints(
    boardId: number,
    options: { readonly state?: readonly ('active' | 'future' | 'closed')[] } = {},
  ): Promise<Sprint[]> {
    checkId(boardId, 'board');
    const out: Sprint[] = [];
    for (let startAt = 0; ;) {
      const page = await this.#call({
        method: 'GET',
        path: `/rest/agile/1.0/board/${boardId}/sprint`,
        query: {
          startAt,
          maxResults: 50,
          state: options.state && options.state.length > 0 ? options.state.join(',') : undefined,
        },
        what: `list the sprints of board ${boardId}`,
        schema: SprintPageSchema,
      });
      out.push(...page.values);
      if (page.isLast !== false || page.values.length === 0) break;
      startAt += page.values.length;
    }
    return out;
  }

  /** The issues of a sprint, through JQL `sprint = N`. */
  async *sprintIssues(
    sprintId: number,
    options: SearchOptions = {},
  ): AsyncGenerator<IssueBean, void, undefined> {
    checkId(sprintId, 'sprint');
    yield* this.searchIssues(`sprint = ${sprintId}`, options);
  }

  /** Moves issues out of their sprint to the backlog, 50 a request. */
  async moveToBacklog(keys: readonly string[]): Promise<void> {
    const unique = [...new Set(keys)];
    checkIssueKeys(unique);
    for (const chunk of chunks(unique, BACKLOG_MAX)) {
      await this.#call({
        method: 'POST',
        path: '/rest/agile/1.0/backlog/issue',
        body: { issues: chunk },
        what: `move ${chunk.length === 1 ? `issue ${chunk[0] ?? ''}` : `${chunk.length} issues`} to the backlog`,
        schema: null,
      });
    }
  }

  /** `GET /rest/api/3/project/{key}/versions`. */
  projectVersions(projectKey: string): Promise<Version[]> {
    return this.#call({
      method: 'GET',
      path: `/rest/api/3/project/${encode(projectKey)}/versions`,
      what: `list the versions of project ${projectKey}`,
      schema: VersionSchema.array(),
    });
  }

  /** The issues of a version through JQL `project = KEY AND fixVersion = "name"`. */
  async *versionIssues(
    projectKey: string,
    versionName: string,
    options: SearchOptions = {},
  ): AsyncGenerator<IssueBean, void, undefined> {
    checkProjectKey(projectKey);
    yield* this.searchIssues(`project = ${projectKey} AND fixVersion = ${jqlString(versionName)}`, options);
  }

  /** The project's roles, with ids read from Jira's role URLs. */
  async projectRoles(projectKey: string): Promise<ProjectRoleRef[]> {
    const roles = await this.#call({
      method: 'GET',
      path: `/rest/api/3/project/${encode(projectKey)}/role`,
      what: `list the roles of project ${projectKey}`,
      schema: ProjectRolesSchema,
    });
    const out: ProjectRoleRef[] = [];
    for (const [name, url] of Object.entries(roles)) {
      const id = /\/role\/(\d+)\/?$/.exec(url)?.[1];
      if (id !== undefined) out.push({ id, name });
    }
    return out;
  }

  /** The users and groups in one project role. */
  async roleActors(projectKey: string, roleId: string | number): Promise<RoleActor[]> {
    const role = await this.#call({
      method: 'GET',
      path: `/rest/api/3/project/${encode(projectKey)}/role/${encode(roleId)}`,
      what: `read role ${String(roleId)} of project ${projectKey}`,
      schema: ProjectRoleSchema,
    });
    const out: RoleActor[] = [];
    for (const a of role.actors) {
      const accountId = a.actorUser?.accountId;
      if (accountId !== undefined) {
        out.push(
          a.displayName === undefined
            ? { kind: 'user', accountId }
            : { kind: 'user', accountId, displayName: a.displayName },
        );
      } else if (a.actorGroup !== undefined) {
        const name = a.actorGroup.name ?? a.actorGroup.displayName ?? a.displayName ?? '';
        out.push(
          a.actorGroup.groupId === undefined
            ? { kind: 'group', name }
            : { kind: 'group', groupId: a.actorGroup.groupId, name },
        );
      }
    }
    return out;
  }

  /** Adds a comment with an ADF body; returns the comment id. Not retried once Jira may have stored it. */
  async addComment(key: string, adfBody: unknown): Promise<{ id: string }> {
    const c = await this.#call({
      method: 'POST',
      path: `/rest/api/3/issue/${encode(key)}/comment`,
      body: { body: adfBody },
      what: `comment on issue ${key}`,
      schema: CommentSchema,
      idempotent: false,
    });
    return { id: c.id };
  }

  /** The account the client authenticates as. A cheap credentials check. */
  myself(): Promise<Myself> {
    return this.#call({
      method: 'GET',
      path: '/rest/api/3/myself',
      what: 'read the current user',
      schema: MyselfSchema,
    });
  }

  // ---- the one place requests are sent ---------------------------------------------------------

  /** Every error leaves through here, so no message or Jira text can carry a credential. */
  async #call<T>(op: Operation<T>): Promise<T> {
    try {
      return await this.#send(op);
    } catch (e) {
      if (!(e instanceof JiraError)) throw e;
      const clean = new JiraError(e.code, this.#redact(e.message), {
        ...(e.status === undefined ? {} : { status: e.status }),
        jiraMessages: e.jiraMessages.map(this.#redact),
      });
      throw clean;
    }
  }

  async #send<T>(op: Operation<T>): Promise<T> {
    const path = op.path + queryString(op.query);
    const headers: Record<string, string> = {};
    let body: string | undefined;
    if (op.body !== undefined) {
      body = JSON.stringify(op.body);
      headers['content-type'] = 'application/json';
    }
    const idempotent = op.idempotent ?? true;
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      const left = this.#deadline - this.#now();
      if (left <= 0 || this.#runSignal?.aborted) throw this.#deadlineError(op);
      if (attempt > 1) this.stats.retries++;
      this.stats.requests++;
      const outcome = await this.#once(
        { method: op.method, path, headers, ...(body === undefined ? {} : { body }) },
        op.signal,
        left,
      );
      if (outcome.kind === 'no-answer' && outcome.reason === 'deadline') throw this.#deadlineError(op);
      let delay: number | undefined;
      let giveUp: () => JiraError;
      if (outcome.kind === 'answer') {
        const { res } = outcome;
        if (res.status >= 200 && res.status < 300) return this.#parse(op, res);
        const jira = jiraMessagesOf(res.body).map(this.#redact);
        if (res.status === 404) {
          // Only Jira's own JSON error body says what is missing; anything else came from something else.
          if (!isJiraErrorBody(res.body))
            throw new JiraError('bad-response', messages.notJira404(this.#identity, op.what), {
              status: 404,
            });
          const v = op.on404?.(jira);
          if (v instanceof JiraError) throw v;
          if (v) return v.value;
        }
        const asked = res.status === 429 || res.status === 503 ? this.#retryAfter(res.headers) : undefined;
        if (res.status === 429 || res.status === 503) {
          delay = asked ?? this.#backoff(attempt);
        } else if (res.status >= 500 && idempotent) {
          delay = this.#backoff(attempt);
        } else {
          throw this.#statusError(op, { status: res.status, jira }, { attempts: attempt, waited });
        }
        giveUp = () =>
          // Jira's own pause outlasts the budget: say so, rather than "kept rate-limiting" after one try.
          asked !== undefined && attempt < this.#attempts && waited + asked > this.#totalWaitMs
            ? new JiraError(
                res.status === 429 ? 'rate-limited' : 'unavailable',
                messages.waitTooLong(this.#identity, op.what, {
                  status: res.status,
                  askedMs: asked,
                  budgetMs: this.#totalWaitMs,
                }),
                { status: res.status, jiraMessages: jira },
              )
            : this.#statusError(op, { status: res.status, jira }, { attempts: attempt, waited });
      } else {
        const { reason } = outcome;
        if (!PERMANENT.has(reason) && (idempotent || NOT_SENT.has(reason))) delay = this.#backoff(attempt);
        giveUp = () =>
          reason === 'timeout'
            ? new JiraError(
                'unavailable',
                messages.timeout(this.#identity, op.what, this.#timeoutMs, attempt),
              )
            : new JiraError('unavailable', messages.unreachable(this.#identity, reason, attempt));
      }
      if (delay === undefined || attempt >= this.#attempts || waited + delay > this.#totalWaitMs)
        throw giveUp();
      if (this.#now() + delay >= this.#deadline) throw this.#deadlineError(op);
      await this.#wait(delay);
      if (this.#runSignal?.aborted) throw this.#deadlineError(op);
      waited += delay;
      this.stats.waitedMs += delay;
    }
  }

  /**
   * One attempt, ended by its own timeout or by the client's deadline, whichever comes first (reason
   * `timeout` or `deadline`); a caller's abort is rethrown as is.
   */
  async #once(
    req: Omit<TransportRequest, 'signal' | 'timeoutMs'>,
    outer: AbortSignal | undefined,
    left: number,
  ): Promise<Attempt> {
    outer?.throwIfAborted();
    const ctrl = new AbortController();
    const byDeadline = left < this.#timeoutMs;
    const limit = Math.max(1, Math.min(this.#timeoutMs, left));
    const state: { ended?: 'timeout' | 'deadline' } = {};
    let onAbort: (() => void) | undefined;
    const onRunAbort = (): void => {
      state.ended = 'deadline';
      onAbort?.();
    };
    // Racing the transport lets the timeout hold even for transports that ignore `signal` (Forge).
    const stop = new Promise<never>((_, reject) => {
      onAbort = () => {
        ctrl.abort();
        reject(new Error('aborted'));
      };
      outer?.addEventListener('abort', onAbort, { once: true });
    });
    this.#runSignal?.addEventListener('abort', onRunAbort, { once: true });
    const timer = setTimeout(() => {
      state.ended = byDeadline ? 'deadline' : 'timeout';
      onAbort?.();
    }, limit);
    try {
      const res = await Promise.race([
        this.#transport({ ...req, signal: ctrl.signal, timeoutMs: limit }),
        stop,
      ]);
      return { kind: 'answer', res };
    } catch (err) {
      if (outer?.aborted) throw outer.reason;
      return { kind: 'no-answer', reason: state.ended ?? reasonOf(err) };
    } finally {
      clearTimeout(timer);
      if (onAbort) outer?.removeEventListener('abort', onAbort);
      this.#runSignal?.removeEventListener('abort', onRunAbort);
      stop.catch(() => undefined);
    }
  }

  /** A retry wait that the run's signal cuts short. */
  async #wait(ms: number): Promise<void> {
    const run = this.#runSignal;
    if (!run) return this.#sleep(ms);
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<void>((resolve) => {
      onAbort = () => {
        resolve();
      };
      run.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([this.#sleep(ms), aborted]);
    } finally {
      if (onAbort) run.removeEventListener('abort', onAbort);
    }
  }

  #deadlineError(op: Operation<unknown>): JiraError {
    return new JiraError('deadline', messages.deadline(this.#identity, op.what));
  }

  #parse<T>(op: Operation<T>, res: TransportResponse): T {
    if (op.schema === null) return undefined as T;
    let json: unknown;
    try {
      json = JSON.parse(res.body);
    } catch {
      throw new JiraError('bad-response', messages.badJson(this.#identity, op.what, res.status), {
        status: res.status,
      });
    }
    const parsed = op.schema.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new JiraError(
        'bad-response',
        messages.badShape(
          this.#identity,
          op.what,
          first ? formatPath(first.path) : '',
          first?.message.toLowerCase() ?? 'invalid',
        ),
        { status: res.status },
      );
    }
    return parsed.data;
  }

  #statusError(
    op: Operation<unknown>,
    answer: { status: number; jira: readonly string[] },
    tried: { attempts: number; waited: number },
  ): JiraError {
    const { status, jira } = answer;
    const { attempts, waited } = tried;
    const d = { status, jiraMessages: jira };
    const id = this.#identity;
    if (status === 401) return new JiraError('auth', messages.auth(id), d);
    if (status === 403) return new JiraError('forbidden', messages.forbidden(id, op.what, jira), d);
    if (status === 404) return new JiraError('not-found', messages.notFound(id, op.what), d);
    if (status === 400) return new JiraError('bad-request', messages.badRequest(op.what, jira), d);
    if (status === 429)
      return new JiraError('rate-limited', messages.rateLimited(id, op.what, attempts, waited), d);
    if (status >= 500)
      return new JiraError('unavailable', messages.unavailableStatus(id, op.what, status, attempts), d);
    return new JiraError('bad-response', messages.unexpectedStatus(id, op.what, status), d);
  }

  /** Retry-After (seconds or HTTP date), else X-RateLimit-Reset (ISO date); undefined when neither is usable. */
  #retryAfter(headers: Readonly<Record<string, string>>): number | undefined {
    const ra = headers['retry-after']?.trim();
    if (ra !== undefined && ra !== '') {
      if (/^\d+(\.\d+)?$/.test(ra)) return Math.ceil(Number(ra) * 1000);
      const at = Date.parse(ra);
      if (!Number.isNaN(at)) return Math.max(0, at - this.#now());
    }
    const reset = headers['x-ratelimit-reset']?.trim();
    if (reset !== undefined && reset !== '') {
      const at = Date.parse(reset);
      if (!Number.isNaN(at)) return Math.max(0, at - this.#now());
    }
    return undefined;
  }

  /** Exponential backoff with full jitter: uniform in [0, min(max, base·2^(n-1))]. */
  #backoff(attempt: number): number {
    const cap = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** (attempt - 1));
    return Math.round(this.#random() * cap);
  }
}

function checkId(id: number, what: string): void {
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new JiraError(
      'bad-request',
      `Not a Jira ${what} id: ${String(id)}; ${what} ids are positive whole numbers.`,
    );
}

/** Jira's own words for a missing entity property: `The property with key 'x' does not exist.` */
const PROPERTY_DOES_NOT_EXIST = /^The property with key '[^']*' does not exist\.?$/;
/** Jira's answer about a project the account cannot see (or that does not exist). */
const NO_PROJECT = /^No project could be found with key '[^']*'/;

/**
 * Only Jira's "the property does not exist" means "no such property"; a 404 about the issue or project,
 * or in other words, is an error (it would otherwise pass silently as "no policy").
 */
function propertyMissing<T>(value: T): (jira: readonly string[]) => { value: T } | undefined {
  return (jira) => (jira.some((m) => PROPERTY_DOES_NOT_EXIST.test(m)) ? { value } : undefined);
}

/** Creates a client. With `baseUrl` and `auth` it uses the `node:http` transport. */
export function createJiraClient(options: JiraClientOptions): JiraClient {
  return new JiraClient(options);
}

/** Jira's limits on a search, checked before anything is sent so a wrong call says what to change. */
function checkSearchOptions(options: SearchOptions): void {
  const properties = options.properties?.length ?? 0;
  if (properties > SEARCH_MAX_PROPERTIES) {
    throw new JiraError(
      'bad-request',
      `A Jira search returns at most ${SEARCH_MAX_PROPERTIES} issue properties; ${properties} were asked for: ask for fewer, or read the others with getIssueProperty.`,
    );
  }
  const size = options.pageSize;
  if (size !== undefined && (!Number.isInteger(size) || size < 1 || size > SEARCH_MAX_KEYS)) {
    throw new JiraError(
      'bad-request',
      `A Jira search page holds 1 to ${SEARCH_MAX_KEYS} issues; pageSize ${size} is outside that range.`,
    );
  }
}
