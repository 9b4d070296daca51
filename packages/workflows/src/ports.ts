import type { JiraClient } from '@readygate/jira';

/**
 * The ports the Jira app's use cases run on. The Forge app implements them with `@forge/kvs` and
 * `@forge/api`; tests and the CLI implement them in memory and over HTTP to the fake Jira. Nothing here
 * imports `@forge/*`.
 */

/** One entry of a {@link KeyValueStore} prefix query. */
export interface StoredEntry {
  readonly key: string;
  readonly value: unknown;
}

/** One page of a {@link KeyValueStore} prefix query. */
export interface StoredPage {
  readonly results: readonly StoredEntry[];
  /** Pass back to get the next page; absent on the last page. */
  readonly nextCursor?: string;
}

/**
 * The app's authoritative storage (Forge: plain `@forge/kvs` keys). The use cases keep gate records
 * APPEND-ONLY, one key per record (`rec:<issueId>:<time>:<random>`), written with {@link setIfAbsent} and
 * read back with a prefix {@link query}. Why: Forge offers compare-and-set only on custom entities, and only
 * `FAIL_IF_EXISTS` on a single plain `set`; a record that never rewrites another record cannot lose one when
 * two people act on one story at once, needs no retry loop and no manifest entity, and keeps the full history.
 *
 * Semantics the adapter must keep (the in-memory adapter keeps exactly these):
 * - keys match `[a-zA-Z0-9:._\s#-]`, at most 500 characters; values are JSON, at most 240 KiB;
 * - `get` of a missing key is `undefined`, never an error;
 * - `setIfAbsent` writes only when the key does not exist and answers whether it wrote (Forge: one plain
 *   `kvs.set` with the `FAIL_IF_EXISTS` policy, its `KEY_CONFLICT` (409) answered as `false`; never inside a
 *   transaction, where a plain key has no guard);
 * - `query` returns the entries whose key begins with `prefix`, at most `limit` (1–100) a page, in no promised
 *   order (the use cases sort by key); `cursor` continues a query.
 */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  setIfAbsent(key: string, value: unknown): Promise<boolean>;
  delete(key: string): Promise<void>;
  query(prefix: string, options?: { readonly cursor?: string; readonly limit?: number }): Promise<StoredPage>;
}

/**
 * Secret storage (Forge: `kvs.getSecret` / `kvs.setSecret`). Holds the current signing key's private half,
 * nothing else. A missing secret is `undefined`. Values never appear in logs, errors or results.
 */
export interface SecretStore {
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
}

/** A Jira group, as the user-groups lookup and project-role actors name it. */
export interface GroupRef {
  readonly groupId?: string;
  readonly name: string;
}

/** A project as a user sees it. */
export interface ProjectAccess {
  readonly id: string;
  readonly key: string;
  /** Whether the user may administer the project (Jira's `ADMINISTER_PROJECTS`): needed to change settings. */
  readonly canAdminister: boolean;
}

/**
 * Jira, as the app and as the calling user. Both are `@readygate/jira` clients; the Forge app builds them over
 * `forgeTransport` (`api.asApp().requestJira` / `api.asUser().requestJira`).
 */
export interface JiraPort {
  /** The client acting as the app: writes the `readygate` mirror, comments, reads roles, reads for validators. */
  asApp(): JiraClient;
  /**
   * The client acting as the caller. The use cases read the issue through it, so an issue key or id from the
   * browser that the caller cannot see is refused (Jira answers 404 to them).
   */
  asUser(accountId: string): JiraClient;
  /**
   * The groups a user belongs to; called only when a mapped project role has group actors (Forge:
   * `GET /rest/api/3/user/groups?accountId=…` as the app).
   */
  userGroups(accountId: string): Promise<readonly GroupRef[]>;
  /**
   * The project as the caller sees it, or `undefined` when they cannot see it (Forge: `GET
   * /rest/api/3/project/{projectIdOrKey}` and `GET /rest/api/3/mypermissions?projectKey=…&permissions=
   * ADMINISTER_PROJECTS`, both as the user). Used by the settings use cases only.
   */
  projectAsUser(accountId: string, projectIdOrKey: string): Promise<ProjectAccess | undefined>;
}

/** The clock; injectable so tests control record times and the role cache. */
export interface Clock {
  now(): Date;
}

/**
 * The person calling a use case. The account id comes from the platform (`context.accountId` in a Forge
 * resolver), never from the browser's payload.
 */
export interface Caller {
  readonly accountId: string;
  readonly displayName?: string;
}

/** Everything the use cases need. */
export interface WorkflowPorts {
  readonly store: KeyValueStore;
  readonly secrets: SecretStore;
  readonly jira: JiraPort;
  readonly clock: Clock;
  /** Random suffixes for record keys; defaults to `crypto.randomUUID`-based ids. */
  readonly randomId?: () => string;
  /** How long resolved roles stay cached, in ms. Default 60 000. */
  readonly roleCacheMs?: number;
}
