import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseDataset } from './dataset.js';
import type { DatasetInput, Issue, User } from './dataset.js';
import { Faults } from './faults.js';
import type { FaultSpec } from './faults.js';
import { JiraJson, resolveFieldSelection } from './issue-json.js';
import { parseJql } from './jql.js';
import type { JqlQuery } from './jql.js';
import { FakeJiraState } from './state.js';

/** One request the server answered (or dropped), as tests read it. */
export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string | string[]>;
  /** Status sent; 0 when the connection was dropped by a fault. */
  readonly status: number;
  /** The parsed JSON request body, when there was one. */
  readonly body?: unknown;
  /** Set when a configured fault shaped the answer: it is not what Jira would have said. */
  readonly fault?: true;
}

/** Options of {@link start}. */
export interface StartOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Defaults to 127.0.0.1. */
  readonly host?: string;
  /** The site's content; validated with {@link parseDataset}. */
  readonly dataset: DatasetInput;
  /** Latency added to every request, in milliseconds. */
  readonly latencyMs?: number;
  /** Seed of the PRNG that decides fractional faults. */
  readonly seed?: number;
  /** The clock used for comments, backlog moves and property writes. */
  readonly now?: () => Date;
}

/** A running fake Jira. */
export interface FakeJira {
  /** Base URL, e.g. `http://127.0.0.1:53211`, without a trailing slash. */
  readonly url: string;
  /** The live site; API calls change it and tests may read or change it. */
  readonly state: FakeJiraState;
  /** Fault injection, configurable while the server runs. */
  readonly faults: { add(spec: FaultSpec): void; clear(): void };
  /** Every request so far, oldest first. */
  readonly requests: readonly LoggedRequest[];
  /** Empties {@link requests}. */
  resetLog(): void;
  /** Latency added to every request; may be changed while the server runs. */
  latencyMs: number;
  /** Stops listening and closes open connections. */
  stop(): Promise<void>;
}

interface Ctx {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly url: URL;
  readonly user: User;
  readonly body: unknown;
  readonly rawBody: string;
}

interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

type Handler = (ctx: Ctx) => Reply;

const err = (status: number, ...errorMessages: string[]): Reply => ({
  status,
  body: { errorMessages, errors: {} },
});
const ISSUE_NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';
const NOT_AUTHENTICATED = 'You are not authenticated. Authentication required to perform this operation.';
const PROPERTY_VALUE_MAX = 32768;
const SEARCH_MAX_WITH_FIELDS = 100;
const SEARCH_MAX_IDS_ONLY = 5000;
const BACKLOG_MAX = 50;

function queryRecord(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const k of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(k);
    out[k] = all.length === 1 ? (all[0] ?? '') : all;
  }
  return out;
}

function listParam(values: readonly string[]): string[] {
  return values
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Starts a fake Jira Cloud site on 127.0.0.1. */
export async function start(options: StartOptions): Promise<FakeJira> {
  const dataset = parseDataset(options.dataset);
  const state = new FakeJiraState(dataset);
  const faults = new Faults(options.seed ?? 42);
  const now = options.now ?? ((): Date => new Date());
  const log: LoggedRequest[] = [];
  const host = options.host ?? '127.0.0.1';
  let base = '';
  let pageFaults = 0;
  let json = new JiraJson(state, base);
  const customFieldIds = (): string[] => state.fields.filter((f) => f.custom).map((f) => f.id);

  const pageTokenSecret = createHash('sha256')
    .update(String(Date.now()) + String(Math.random()))
    .digest('hex')
    .slice(0, 8);
  const queryHash = (jql: string): string =>
    createHash('sha256')
      .update(pageTokenSecret + jql)
      .digest('base64url')
      .slice(0, 12);

  const authenticate = (req: IncomingMessage): User | undefined => {
    const h = req.headers.authorization ?? '';
    const m = /^(Basic|Bearer)\s+(.+)$/i.exec(h.trim());
    if (!m?.[1] || !m[2]) return undefined;
    if (m[1].toLowerCase() === 'bearer')
      return state.users.find((u) => u.active && u.bearerTokens.includes(m[2] ?? ''));
    const decoded = Buffer.from(m[2], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const email = decoded.slice(0, colon).toLowerCase();
    const token = decoded.slice(colon + 1);
    return state.users.find(
      (u) => u.active && u.email.toLowerCase() === email && u.apiTokens.includes(token),
    );
  };

  const canBrowse = (user: User, projectKey: string): boolean =>
    user.permissions.browseProjects?.includes(projectKey) ?? true;
  const visibleIssue = (user: User, idOrKey: string): Issue | undefined => {
    const i = state.issue(idOrKey);
    return i && canBrowse(user, i.projectKey) ? i : undefined;
  };

  // --- search -------------------------------------------------------------------------------------

  const matches = (q: JqlQuery, issue: Issue): boolean =>
    q.clauses.every((c) => {
      switch (c.field) {
        case 'key':
          return c.values.some((v) => v.toUpperCase() === issue.key || v === issue.id);
        case 'project': {
          const p = state.project(issue.projectKey);
          return c.values.some(
            (v) =>
              v.toUpperCase() === issue.projectKey ||
              v === p?.id ||
              v.toLowerCase() === p?.name.toLowerCase(),
          );
        }
        case 'sprint':
          return c.values.some((v) =>
            issue.sprints.some((s) => String(s) === v || state.sprint(s)?.name === v),
          );
        case 'fixVersion':
          return c.values.some((v) =>
            issue.fixVersions.some((id) => {
              const ver = state.version(id);
              return id === v || (ver?.name === v && ver.projectKey === issue.projectKey);
            }),
          );
      }
    });

  /** Jira validates values in a query before running it; unknown keys, sprints, versions and projects are 400s. */
  const validateValues = (q: JqlQuery, user: User): string[] => {
    const problems: string[] = [];
    for (const c of q.clauses) {
      for (const v of c.values) {
        switch (c.field) {
          case 'key': {
            if (/^\d+$/.test(v)) {
              if (!state.issues.some((i) => i.id === v && canBrowse(user, i.projectKey)))
                problems.push(`An issue with key '${v}' does not exist for field 'key'.`);
            } else if (!/^[A-Za-z][A-Za-z0-9_]*-\d+$/.test(v))
              problems.push(`The issue key '${v}' for field 'key' is invalid.`);
            else if (!visibleIssue(user, v))
              problems.push(`An issue with key '${v}' does not exist for field 'key'.`);
            break;
          }
          case 'project':
            if (
              !state.projects.some(
                (p) =>
                  (p.key === v.toUpperCase() || p.id === v || p.name.toLowerCase() === v.toLowerCase()) &&
                  canBrowse(user, p.key),
              )
            ) {
              problems.push(`The value '${v}' does not exist for the field 'project'.`);
            }
            break;
          case 'sprint':
            if (!state.sprints.some((s) => String(s.id) === v || s.name === v))
              problems.push(`The value '${v}' does not exist for the field 'sprint'.`);
            break;
          case 'fixVersion':
            if (!state.versions.some((ver) => ver.id === v || ver.name === v))
              problems.push(`The value '${v}' does not exist for the field 'fixVersion'.`);
            break;
        }
      }
    }
    return problems;
  };

  interface SearchInput {
    jql: string | undefined;
    nextPageToken: string | undefined;
    maxResults: string | number | undefined;
    fields: string[];
    properties: string[];
  }

  const search = (user: User, input: SearchInput): Reply => {
    if (input.jql === undefined || input.jql.trim() === '') {
      return err(
        400,
        'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
      );
    }
    const parsed = parseJql(input.jql);
    if (!parsed.ok) return err(400, ...parsed.errorMessages);
    const problems = validateValues(parsed.query, user);
    if (problems.length > 0) return err(400, ...problems);
    const properties = listParam(input.properties);
    if (properties.length > 5)
      return err(400, 'The maximum number of properties that can be requested is 5.');
    let max = 50;
    if (input.maxResults !== undefined) {
      const n = typeof input.maxResults === 'number' ? input.maxResults : Number(input.maxResults);
      if (!Number.isInteger(n) || n < 0)
        return err(400, `The value '${String(input.maxResults)}' is not a valid value for 'maxResults'.`);
      max = n;
    }
    const fields = resolveFieldSelection(input.fields, 'id', customFieldIds());
    max = Math.min(max, fields === null ? SEARCH_MAX_IDS_ONLY : SEARCH_MAX_WITH_FIELDS);
    let offset = 0;
    const qh = queryHash(input.jql);
    if (input.nextPageToken !== undefined && input.nextPageToken !== '') {
      const m = /^([A-Za-z0-9_-]{12})\.(\d+)$/.exec(
        Buffer.from(input.nextPageToken, 'base64url').toString('utf8'),
      );
      if (!m || m[1] !== qh) return err(400, 'The provided next page token is invalid or expired.');
      offset = Number(m[2]);
    }
    const q = parsed.query;
    const found = state.issues.filter((i) => canBrowse(user, i.projectKey) && matches(q, i));
    if (q.orderBy) {
      const dir = q.orderBy.direction === 'ASC' ? 1 : -1;
      const byKey = (a: Issue, b: Issue): number =>
        a.projectKey.localeCompare(b.projectKey) || Number(a.key.split('-')[1]) - Number(b.key.split('-')[1]);
      found.sort((a, b) => dir * (q.orderBy?.field === 'rank' ? (a.rank ?? 0) - (b.rank ?? 0) : byKey(a, b)));
    }
    const page = found.slice(offset, offset + Math.max(max, 0));
    const end = offset + page.length;
    const isLast = end >= found.length;
    const body: Record<string, unknown> = { issues: page.map((i) => json.issue(i, fields, properties)) };
    if (!isLast) body['nextPageToken'] = Buffer.from(`${qh}.${end}`).toString('base64url');
    body['isLast'] = isLast;
    return { status: 200, body };
  };

  const SEARCH_BODY_KEYS = new Set([
    'jql',
    'nextPageToken',
    'maxResults',
    'fields',
    'expand',
    'properties',
    'fieldsByKeys',
    'failFast',
    'reconcileIssues',
  ]);

  // --- properties ---------------------------------------------------------------------------------

  const putProperty = (store: Record<string, unknown>, key: string, raw: string): Reply => {
    if (key.length > 255) return err(400, 'The property key cannot be longer than 255 characters.');
    if (raw.trim() === '') return err(400, 'The property value cannot be empty.');
    let value: unknown;
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      return err(400, 'The property value must be a valid JSON.');
    }
    if (raw.length > PROPERTY_VALUE_MAX)
      return err(400, `The property value cannot be longer than ${PROPERTY_VALUE_MAX} characters.`);
    const existed = key in store;
    store[key] = value;
    return { status: existed ? 200 : 201 };
  };

  const propertyKeys = (store: Record<string, unknown>, selfBase: string): Reply => ({
    status: 200,
    body: { keys: Object.keys(store).map((k) => ({ self: `${selfBase}/${encodeURIComponent(k)}`, key: k })) },
  });

  const getProperty = (store: Record<string, unknown>, key: string): Reply =>
    key in store
      ? { status: 200, body: { key, value: store[key] } }
      : err(404, `The property with key '${key}' does not exist.`);

  const deleteProperty = (store: Record<string, unknown>, key: string): Reply => {
    if (!(key in store)) return err(404, `The property with key '${key}' does not exist.`);
    Reflect.deleteProperty(store, key);
    return { status: 204 };
  };

  const withIssue = (ctx: Ctx, f: (issue: Issue) => Reply): Reply => {
    const issue = visibleIssue(ctx.user, ctx.params['issueIdOrKey'] ?? '');
    return issue ? f(issue) : err(404, ISSUE_NOT_FOUND);
  };
  const withProject = (
    ctx: Ctx,
    f: (p: NonNullable<ReturnType<FakeJiraState['project']>>) => Reply,
  ): Reply => {
    const key = ctx.params['projectIdOrKey'] ?? '';
    const p = state.project(key);
    return p && canBrowse(ctx.user, p.key) ? f(p) : err(404, `No project could be found with key '${key}'.`);
  };

  // --- routes -------------------------------------------------------------------------------------

  const routes: { method: string; template: string; re: RegExp; names: string[]; handler: Handler }[] = [];
  const route = (method: string, template: string, handler: Handler): void => {
    const names: string[] = [];
    const pattern = template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    routes.push({ method, template, re: new RegExp(`^${pattern}$`), names, handler });
  };

  route('GET', '/rest/api/3/myself', (ctx) => ({ status: 200, body: json.myself(ctx.user) }));

  route('GET', '/rest/api/3/search/jql', (ctx) => {
    const sp = ctx.url.searchParams;
    return search(ctx.user, {
      jql: sp.get('jql') ?? undefined,
      nextPageToken: sp.get('nextPageToken') ?? undefined,
      maxResults: sp.get('maxResults') ?? undefined,
      fields: sp.getAll('fields'),
      properties: sp.getAll('properties'),
    });
  });

  route('POST', '/rest/api/3/search/jql', (ctx) => {
    const b = ctx.body;
    if (typeof b !== 'object' || b === null || Array.isArray(b))
      return err(400, 'The request body must be a JSON object.');
    const rec = b as Record<string, unknown>;
    for (const k of Object.keys(rec)) {
      if (!SEARCH_BODY_KEYS.has(k))
        return err(
          400,
          `Unrecognized field "${k}" (class SearchAndReconcileRequestBean), not marked as ignorable.`,
        );
    }
    const strings = (v: unknown, name: string): string[] | Reply => {
      if (v === undefined) return [];
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
      return err(
        400,
        `Cannot deserialize value of type \`java.util.ArrayList<java.lang.String>\` for field "${name}".`,
      );
    };
    const fields = strings(rec['fields'], 'fields');
    if (!Array.isArray(fields)) return fields;
    const properties = strings(rec['properties'], 'properties');
    if (!Array.isArray(properties)) return properties;
    const jql = rec['jql'];
    const token = rec['nextPageToken'];
    const max = rec['maxResults'];
    if (jql !== undefined && typeof jql !== 'string') return err(400, 'The field "jql" must be a string.');
    if (token !== undefined && token !== null && typeof token !== 'string')
      return err(400, 'The field "nextPageToken" must be a string.');
    if (max !== undefined && typeof max !== 'number')
      return err(400, 'The field "maxResults" must be a number.');
    return search(ctx.user, { jql, nextPageToken: token ?? undefined, maxResults: max, fields, properties });
  });

  route('GET', '/rest/api/3/issue/{issueIdOrKey}', (ctx) =>
    withIssue(ctx, (issue) => {
      const sp = ctx.url.searchParams;
      const properties = listParam(sp.getAll('properties'));
      const fields = resolveFieldSelection(sp.getAll('fields'), '*all', customFieldIds());
      const body = json.issue(issue, fields ?? new Set(), properties);
      return { status: 200, body };
    }),
  );

  route('GET', '/rest/api/3/issue/{issueIdOrKey}/properties', (ctx) =>
    withIssue(ctx, (issue) =>
      propertyKeys(issue.properties, `${base}/rest/api/3/issue/${issue.id}/properties`),
    ),
  );
  route('GET', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', (ctx) =>
    withIssue(ctx, (issue) => getProperty(issue.properties, ctx.params['propertyKey'] ?? '')),
  );
  route('PUT', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', (ctx) =>
    withIssue(ctx, (issue) => {
      if (!ctx.user.permissions.editIssueProperties)
        return err(403, 'You do not have permission to edit issue properties.');
      const r = putProperty(issue.properties, ctx.params['propertyKey'] ?? '', ctx.rawBody);
      if (r.status < 300) issue.updated = now().toISOString();
      return r;
    }),
  );
  route('DELETE', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', (ctx) =>
    withIssue(ctx, (issue) => {
      if (!ctx.user.permissions.editIssueProperties)
        return err(403, 'You do not have permission to edit issue properties.');
      return deleteProperty(issue.properties, ctx.params['propertyKey'] ?? '');
    }),
  );

  route('GET', '/rest/api/3/project/{projectIdOrKey}/properties', (ctx) =>
    withProject(ctx, (p) => propertyKeys(p.properties, `${base}/rest/api/3/project/${p.id}/properties`)),
  );
  route('GET', '/rest/api/3/project/{projectIdOrKey}/properties/{propertyKey}', (ctx) =>
    withProject(ctx, (p) => getProperty(p.properties, ctx.params['propertyKey'] ?? '')),
  );
  route('PUT', '/rest/api/3/project/{projectIdOrKey}/properties/{propertyKey}', (ctx) =>
    withProject(ctx, (p) => {
      if (!ctx.user.permissions.editProjectProperties)
        return err(403, `You do not have permission to administer project ${p.key}.`);
      return putProperty(p.properties, ctx.params['propertyKey'] ?? '', ctx.rawBody);
    }),
  );
  route('DELETE', '/rest/api/3/project/{projectIdOrKey}/properties/{propertyKey}', (ctx) =>
    withProject(ctx, (p) => {
      if (!ctx.user.permissions.editProjectProperties)
        return err(403, `You do not have permission to administer project ${p.key}.`);
      return deleteProperty(p.properties, ctx.params['propertyKey'] ?? '');
    }),
  );

  route('GET', '/rest/api/3/field', () => ({
    status: 200,
    body: state.fields.map((f) => {
      const out: Record<string, unknown> = {
        id: f.id,
        key: f.id,
        name: f.name,
        custom: f.custom,
        orderable: f.orderable,
        navigable: f.navigable,
        searchable: f.searchable,
        clauseNames: f.clauseNames,
      };
      if (f.schema) out['schema'] = f.schema;
      return out;
    }),
  }));

  route('GET', '/rest/api/3/project/{projectIdOrKey}/versions', (ctx) =>
    withProject(ctx, (p) => ({
      status: 200,
      body: state.versions.filter((v) => v.projectKey === p.key).map((v) => json.version(v)),
    })),
  );

  route('GET', '/rest/api/3/project/{projectIdOrKey}', (ctx) =>
    withProject(ctx, (p) => ({ status: 200, body: json.project(p) })),
  );
  // The project permissions the Jira app asks about. A project administrator here is whoever may edit the
  // project's properties (Jira requires Administer Projects for that), so data sets need no new flag.
  route('GET', '/rest/api/3/mypermissions', (ctx) => {
    const sp = ctx.url.searchParams;
    const asked = listParam(sp.getAll('permissions'));
    if (asked.length === 0) return err(400, 'The permissions query parameter is required.');
    const projectKey = sp.get('projectKey');
    const p = projectKey === null ? undefined : state.project(projectKey);
    if (projectKey !== null && (!p || !canBrowse(ctx.user, p.key)))
      return err(404, `No project could be found with key '${projectKey}'.`);
    const known: Record<string, { id: string; name: string; holds: boolean }> = {
      BROWSE_PROJECTS: { id: '10', name: 'Browse Projects', holds: p ? canBrowse(ctx.user, p.key) : true },
      ADMINISTER_PROJECTS: {
        id: '23',
        name: 'Administer Projects',
        holds: ctx.user.permissions.editProjectProperties,
      },
    };
    const permissions: Record<string, unknown> = {};
    for (const key of asked) {
      const k = known[key];
      if (!k) return err(400, `The permission '${key}' is not supported by this fake.`);
      permissions[key] = {
        id: k.id,
        key,
        name: k.name,
        type: 'PROJECT',
        description: k.name,
        havePermission: k.holds,
      };
    }
    return { status: 200, body: { permissions } };
  });
  route('GET', '/rest/api/3/project/{projectIdOrKey}/role', (ctx) =>
    withProject(ctx, (p) => ({
      status: 200,
      body: Object.fromEntries(
        p.roles.map((r) => [r.name, `${base}/rest/api/3/project/${p.id}/role/${r.id}`]),
      ),
    })),
  );
  route('GET', '/rest/api/3/project/{projectIdOrKey}/role/{id}', (ctx) =>
    withProject(ctx, (p) => {
      const idText = ctx.params['id'] ?? '';
      if (!/^\d+$/.test(idText)) return err(400, `The role id '${idText}' is not a number.`);
      const role = p.roles.find((r) => r.id === Number(idText));
      if (!role) return err(404, `No role with id ${idText} exists in project ${p.key}.`);
      return {
        status: 200,
        body: {
          self: `${base}/rest/api/3/project/${p.id}/role/${role.id}`,
          name: role.name,
          id: role.id,
          description: role.description,
          actors: role.actors.flatMap((accountId, n) => {
            const u = state.user(accountId);
            if (!u) return [];
            return [
              {
                id: role.id * 1000 + n + 1,
                displayName: u.displayName,
                type: 'atlassian-user-role-actor',
                actorUser: { accountId: u.accountId },
              },
            ];
          }),
        },
      };
    }),
  );

  route('GET', '/rest/api/3/issue/{issueIdOrKey}/comment', (ctx) =>
    withIssue(ctx, (issue) => {
      const startAt = Number(ctx.url.searchParams.get('startAt') ?? '0');
      const maxResults = Math.min(Number(ctx.url.searchParams.get('maxResults') ?? '100'), 5000);
      if (!Number.isInteger(startAt) || startAt < 0 || !Number.isInteger(maxResults) || maxResults < 0)
        return err(400, 'startAt and maxResults must be non-negative integers.');
      return { status: 200, body: json.commentPage(issue, startAt, maxResults) };
    }),
  );
  route('POST', '/rest/api/3/issue/{issueIdOrKey}/comment', (ctx) =>
    withIssue(ctx, (issue) => {
      // Jira answers a comment without permission with 400, not 403 (the spec lists no 403 here).
      if (!ctx.user.permissions.addComments)
        return err(400, 'You do not have the permission to comment on this issue.');
      const b = ctx.body as { body?: unknown } | null;
      const doc = b && typeof b === 'object' ? b.body : undefined;
      if (
        typeof doc !== 'object' ||
        doc === null ||
        (doc as { type?: unknown }).type !== 'doc' ||
        !Array.isArray((doc as { content?: unknown }).content)
      ) {
        return {
          status: 400,
          body: { errorMessages: [], errors: { comment: 'Comment body is not valid!' } },
        };
      }
      const c = state.addComment(issue, ctx.user.accountId, doc, now());
      return { status: 201, body: json.comment(c, issue) };
    }),
  );

  route('GET', '/rest/agile/1.0/sprint/{sprintId}', (ctx) => {
    const id = Number(ctx.params['sprintId']);
    const s = Number.isInteger(id) ? state.sprint(id) : undefined;
    if (!s)
      return err(
        404,
        `Sprint with id ${ctx.params['sprintId'] ?? ''} does not exist or you do not have permission to see it.`,
      );
    return { status: 200, body: json.sprint(s) };
  });

  // Sprint entity properties (Jira keeps them per sprint; the app stores its start report there). Kept beside the
  // data set, not in it: a data set describes a site before anyone acted.
  const sprintProperties = new Map<number, Record<string, unknown>>();
  const withSprint = (
    ctx: { params: Record<string, string | undefined> },
    fn: (store: Record<string, unknown>) => Reply,
  ): Reply => {
    const id = Number(ctx.params['sprintId']);
    const s = Number.isInteger(id) ? state.sprint(id) : undefined;
    if (!s)
      return err(
        404,
        `Sprint with id ${ctx.params['sprintId'] ?? ''} does not exist or you do not have permission to see it.`,
      );
    let store = sprintProperties.get(s.id);
    if (store === undefined) {
      store = {};
      sprintProperties.set(s.id, store);
    }
    return fn(store);
  };

  route('GET', '/rest/agile/1.0/sprint/{sprintId}/properties/{propertyKey}', (ctx) =>
    withSprint(ctx, (store) => getProperty(store, ctx.params['propertyKey'] ?? '')),
  );

  route('PUT', '/rest/agile/1.0/sprint/{sprintId}/properties/{propertyKey}', (ctx) =>
    withSprint(ctx, (store) =>
      ctx.user.permissions.scheduleIssues
        ? putProperty(store, ctx.params['propertyKey'] ?? '', ctx.rawBody)
        : err(403, 'You do not have permission to edit the properties of this sprint.'),
    ),
  );

  route('GET', '/rest/agile/1.0/board/{boardId}/sprint', (ctx) => {
    const id = Number(ctx.params['boardId']);
    const board = state.boards.find((b) => b.id === id);
    if (!board || !canBrowse(ctx.user, board.projectKey))
      return err(
        404,
        `Board ${ctx.params['boardId'] ?? ''} does not exist or you do not have permission to see it.`,
      );
    const sp = ctx.url.searchParams;
    const startAt = Number(sp.get('startAt') ?? '0');
    const requested = Number(sp.get('maxResults') ?? '50');
    if (!Number.isInteger(startAt) || startAt < 0 || !Number.isInteger(requested) || requested < 0)
      return err(400, 'startAt and maxResults must be non-negative integers.');
    const maxResults = Math.min(requested, 50);
    const states = listParam(sp.getAll('state'));
    for (const s of states)
      if (!['future', 'active', 'closed'].includes(s))
        return err(400, `The sprint state '${s}' is not valid: use future, active or closed.`);
    const order = { closed: 0, active: 1, future: 2 } as const;
    const all = state.sprints
      .filter((s) => s.boardId === board.id && (states.length === 0 || states.includes(s.state)))
      .sort((a, b) => order[a.state] - order[b.state]);
    const values = all.slice(startAt, startAt + maxResults);
    return {
      status: 200,
      body: {
        maxResults,
        startAt,
        isLast: startAt + values.length >= all.length,
        values: values.map((s) => json.sprint(s)),
      },
    };
  });

  route('POST', '/rest/agile/1.0/backlog/issue', (ctx) => {
    if (!ctx.user.permissions.scheduleIssues)
      return err(403, 'You do not have permission to move issues to the backlog (Schedule issues).');
    const b = ctx.body as { issues?: unknown } | null;
    const list = b && typeof b === 'object' ? b.issues : undefined;
    if (!Array.isArray(list) || list.length === 0 || !list.every((x) => typeof x === 'string'))
      return err(400, "The field 'issues' must be a non-empty list of issue keys or ids.");
    const keys = list;
    if (keys.length > BACKLOG_MAX)
      return err(400, `Cannot move more than ${BACKLOG_MAX} issues at once; ${keys.length} were given.`);
    const issues: Issue[] = [];
    const missing: string[] = [];
    for (const k of keys) {
      const i = visibleIssue(ctx.user, k);
      if (i) issues.push(i);
      else missing.push(k);
    }
    if (missing.length > 0)
      return err(
        400,
        ...missing.map((k) => `Issue '${k}' does not exist or you do not have permission to see it.`),
      );
    const t = now();
    for (const i of issues) state.moveToBacklog(i, ctx.user.accountId, t);
    return { status: 204 };
  });

  // --- plumbing -----------------------------------------------------------------------------------

  const send = (res: ServerResponse, reply: Reply): void => {
    const headers: Record<string, string> = { ...reply.headers };
    if (reply.body !== undefined) {
      const text = JSON.stringify(reply.body);
      headers['content-type'] = 'application/json;charset=UTF-8';
      res.writeHead(reply.status, headers);
      res.end(text);
    } else {
      res.writeHead(reply.status, headers);
      res.end();
    }
  };

  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        resolve(Buffer.concat(chunks).toString('utf8'));
      });
      req.on('error', reject);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    const rawBody = await readBody(req);
    let body: unknown;
    let bodyOk = true;
    if (rawBody.trim() !== '') {
      try {
        body = JSON.parse(rawBody) as unknown;
      } catch {
        bodyOk = false;
      }
    }
    const fault = faults.pick(method, path);
    const entry = (status: number): LoggedRequest => ({
      method,
      path,
      query: queryRecord(url),
      status,
      ...(body !== undefined ? { body } : {}),
      ...(fault ? { fault: true as const } : {}),
    });
    const delay = server.latencyMs + (fault?.latencyMs ?? 0);
    if (delay > 0) await sleep(delay);
    if (fault?.drop) {
      log.push(entry(0));
      req.socket.destroy();
      return;
    }
    if (fault?.status !== undefined) {
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
      if (fault.status === 429) {
        headers['x-ratelimit-reset'] = new Date(
          now().getTime() + (fault.retryAfter ?? 1) * 1000,
        ).toISOString();
        headers['ratelimit-reason'] = 'jira-burst-based';
      }
      const message =
        fault.status === 429
          ? 'Rate limit exceeded.'
          : fault.status === 503
            ? 'Service Unavailable'
            : 'Internal server error';
      log.push(entry(fault.status));
      send(res, { status: fault.status, body: { errorMessages: [message], errors: {} }, headers });
      return;
    }

    const spec = fault?.spec;
    if (spec?.answer) {
      log.push(entry(spec.answer.status));
      res.writeHead(spec.answer.status, { 'content-type': spec.answer.contentType ?? 'application/json' });
      res.end(spec.answer.body);
      return;
    }
    if (spec?.echoAuthorization) {
      const status = spec.echoAuthorization.status ?? 400;
      log.push(entry(status));
      send(
        res,
        err(
          status,
          `The Authorization header '${req.headers.authorization ?? ''}' is not valid for this request.`,
        ),
      );
      return;
    }
    // Search faults rewrite the request, so the answer stays a well-formed one of the fake's own.
    const isSearch = path === '/rest/api/3/search/jql';
    if (isSearch && (spec?.searchAnswers || spec?.endlessPaging)) {
      const jql = spec.searchAnswers ? `key in (${spec.searchAnswers.join(', ')})` : undefined;
      if (method === 'POST' && typeof body === 'object' && body !== null) {
        const b: Record<string, unknown> = { ...(body as Record<string, unknown>) };
        if (jql !== undefined) b['jql'] = jql;
        if (spec.endlessPaging) delete b['nextPageToken'];
        body = b;
      } else {
        if (jql !== undefined) url.searchParams.set('jql', jql);
        if (spec.endlessPaging) url.searchParams.delete('nextPageToken');
      }
    }

    let reply: Reply;
    const candidates = routes.filter((r) => r.re.test(path));
    const match = candidates.find((r) => r.method === method);
    const user = authenticate(req);
    if (candidates.length === 0)
      reply = err(404, `No API endpoint of the fake Jira matches ${method} ${path}.`);
    else if (!match) reply = { status: 405, headers: { allow: candidates.map((c) => c.method).join(', ') } };
    else if (!user) reply = err(401, NOT_AUTHENTICATED);
    else if (!bodyOk && method !== 'PUT')
      reply = err(400, 'Unexpected character in the request body: it is not valid JSON.');
    else {
      const m = match.re.exec(path);
      const params: Record<string, string> = {};
      match.names.forEach((n, i) => {
        params[n] = decodeURIComponent(m?.[i + 1] ?? '');
      });
      try {
        reply = match.handler({ req, res, method, path, params, url, user, body, rawBody });
      } catch (e) {
        reply = err(500, `The fake Jira failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (isSearch && spec?.endlessPaging && reply.status === 200 && typeof reply.body === 'object') {
      const token =
        spec.endlessPaging === 'same-token'
          ? 'ZmF1bHQtc2FtZQ'
          : Buffer.from(`fault-${++pageFaults}`).toString('base64url');
      reply = {
        ...reply,
        body: { ...(reply.body as Record<string, unknown>), nextPageToken: token, isLast: false },
      };
    }
    log.push(entry(reply.status));
    if (spec?.drip) await sendSlowly(res, reply, spec.drip);
    else send(res, reply);
  };

  /** Sends an answer a few bytes at a time (a drip fault); with `forever`, it never ends. */
  const sendSlowly = async (
    res: ServerResponse,
    reply: Reply,
    drip: NonNullable<FaultSpec['drip']>,
  ): Promise<void> => {
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    res.writeHead(reply.status, { ...reply.headers, 'content-type': 'application/json;charset=UTF-8' });
    const step = Math.max(1, drip.chunkBytes ?? 1);
    const bytes = Buffer.from(text, 'utf8');
    for (let i = 0; (i < bytes.length || drip.forever) && !res.destroyed; i += step) {
      res.write(i < bytes.length ? bytes.subarray(i, i + step) : ' ');
      await sleep(drip.intervalMs);
    }
    if (!res.destroyed) res.end();
  };

  const http: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, err(500, 'The fake Jira failed.'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const addr = http.address() as AddressInfo;
  base = `http://${host}:${addr.port}`;
  json = new JiraJson(state, base);

  const server: FakeJira = {
    url: base,
    state,
    faults: {
      add: (spec) => {
        faults.add(spec);
      },
      clear: () => {
        faults.clear();
      },
    },
    get requests(): readonly LoggedRequest[] {
      return log;
    },
    resetLog: () => {
      log.length = 0;
    },
    latencyMs: options.latencyMs ?? 0,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        http.closeAllConnections();
        http.close((e) => {
          if (e) reject(e);
          else resolve();
        });
      }),
  };
  return server;
}
