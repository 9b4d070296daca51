import { JiraClient, type JiraAuth, type RetryOptions } from '@readygate/jira';
import { MemoryKeyValueStore, MemorySecretStore } from './memory-store.js';
import type { Clock, GroupRef, JiraPort, ProjectAccess, WorkflowPorts } from './ports.js';

/**
 * Ports for tests, benches, the CLI and the demo: in-memory storage with Forge KVS's semantics, and Jira over HTTP
 * (the fake Jira, or a real site) with one credential per account. Not for production: the Forge app has its own
 * adapters.
 */

/** How {@link httpJiraPort} reaches Jira. */
export interface HttpJiraOptions {
  readonly baseUrl: string;
  /** The app's own credentials. */
  readonly app: JiraAuth;
  /** Credentials per account id, for `asUser`. An unknown account is refused. */
  readonly users: Readonly<Record<string, JiraAuth>>;
  /** Group memberships per account id (the fake Jira has no group API). */
  readonly groups?: Readonly<Record<string, readonly GroupRef[]>>;
  /**
   * Projects and their admins (the fake Jira has no project and permission endpoints): who may see a project is
   * decided by reading its roles as the user, so the fake's browse permissions still apply.
   */
  readonly projects?: Readonly<Record<string, { readonly id: string; readonly admins: readonly string[] }>>;
  readonly retry?: RetryOptions;
}

/** A {@link JiraPort} over HTTP, plus the clients it made, so a bench can count Jira requests per use case. */
export interface CountingJiraPort extends JiraPort {
  /** Requests sent by every client this port made (retries included). */
  requests(): number;
}

/** Builds a {@link JiraPort} over HTTP with `@readygate/jira` clients (one per account, reused). */
export function httpJiraPort(options: HttpJiraOptions): CountingJiraPort {
  const clients = new Map<string, JiraClient>();
  const retry: RetryOptions = options.retry ?? { attempts: 1 };
  const client = (name: string, auth: JiraAuth): JiraClient => {
    let c = clients.get(name);
    if (c === undefined) {
      c = new JiraClient({ baseUrl: options.baseUrl, auth, retry, sleep: () => Promise.resolve() });
      clients.set(name, c);
    }
    return c;
  };
  const asUser = (accountId: string): JiraClient => {
    const auth = options.users[accountId];
    if (auth === undefined)
      throw new Error(`No Jira credentials for account ${accountId} in this test setup.`);
    return client(`user:${accountId}`, auth);
  };
  return {
    asApp: () => client('app', options.app),
    asUser,
    userGroups: (accountId) => Promise.resolve(options.groups?.[accountId] ?? []),
    async projectAsUser(accountId, ref): Promise<ProjectAccess | undefined> {
      const entry = Object.entries(options.projects ?? {}).find(([key, p]) => key === ref || p.id === ref);
      if (entry === undefined) return undefined;
      const [key, p] = entry;
      try {
        await asUser(accountId).projectRoles(key);
      } catch {
        return undefined;
      }
      return { id: p.id, key, canAdminister: p.admins.includes(accountId) };
    },
    requests: () => [...clients.values()].reduce((n, c) => n + c.stats.requests, 0),
  };
}

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  /** Moves the clock forward. */
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** In-memory ports around a Jira port: the store and secrets are exposed so tests can look inside. */
export function memoryPorts(
  jira: JiraPort,
  clock: Clock,
): WorkflowPorts & { store: MemoryKeyValueStore; secrets: MemorySecretStore } {
  return { store: new MemoryKeyValueStore(), secrets: new MemorySecretStore(), jira, clock };
}

export { MemoryKeyValueStore, MemorySecretStore };
