import type { Policy, Role } from '@readygate/rules';
import type { RoleActor } from '@readygate/jira';
import type { Clock, GroupRef, JiraPort } from './ports.js';

const ROLES: readonly Role[] = ['po', 'ba', 'qa', 'dev'];

interface Cached<T> {
  readonly at: number;
  readonly value: Promise<T>;
}

/**
 * Which ReadyGate roles an account holds in a project, from the policy's mapping (`roles.<role>.projectRoles`
 * and `accountIds`). Project-role members are read as the app and cached per project for `ttlMs` (a role change
 * in Jira shows within a minute, and a panel load costs no role requests in between); a user's groups are read
 * only when a mapped role has group actors, and cached per account.
 */
export class RoleResolver {
  readonly #roleIds = new Map<string, Cached<Map<string, string>>>();
  readonly #actors = new Map<string, Cached<RoleActor[]>>();
  readonly #groups = new Map<string, Cached<readonly GroupRef[]>>();

  constructor(
    private readonly jira: JiraPort,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  /** The caller's roles in the project, in the order po, ba, qa, dev. */
  async rolesOf(accountId: string, projectKey: string, policy: Policy): Promise<Role[]> {
    const out: Role[] = [];
    const names = [
      ...new Set(ROLES.flatMap((r) => policy.roles[r].projectRoles.map((n) => n.trim().toLowerCase()))),
    ];
    let members: Map<string, RoleActor[]> | undefined;
    let groups: readonly GroupRef[] | undefined;
    for (const role of ROLES) {
      const mapping = policy.roles[role];
      if (mapping.accountIds.includes(accountId)) {
        out.push(role);
        continue;
      }
      if (mapping.projectRoles.length === 0) continue;
      members ??= await this.#projectMembers(projectKey, names);
      const actors = mapping.projectRoles.flatMap((name) => members?.get(name.trim().toLowerCase()) ?? []);
      if (actors.some((a) => a.kind === 'user' && a.accountId === accountId)) {
        out.push(role);
        continue;
      }
      const groupActors = actors.flatMap((a) => (a.kind === 'group' ? [a] : []));
      if (groupActors.length === 0) continue;
      groups ??= await this.#userGroups(accountId);
      const mine = groups;
      // Match by group id when both sides have one (names can be renamed), else by name.
      const inGroup = groupActors.some((a) =>
        mine.some((g) =>
          a.groupId !== undefined && g.groupId !== undefined ? a.groupId === g.groupId : a.name === g.name,
        ),
      );
      if (inGroup) out.push(role);
    }
    return out;
  }

  async #projectMembers(projectKey: string, names: readonly string[]): Promise<Map<string, RoleActor[]>> {
    const ids = await this.#cached(this.#roleIds, projectKey, async () => {
      const roles = await this.jira.asApp().projectRoles(projectKey);
      return new Map(roles.map((r) => [r.name.trim().toLowerCase(), r.id]));
    });
    const out = new Map<string, RoleActor[]>();
    await Promise.all(
      names.map(async (name) => {
        const id = ids.get(name);
        if (id === undefined) return;
        out.set(
          name,
          await this.#cached(this.#actors, `${projectKey}:${id}`, () =>
            this.jira.asApp().roleActors(projectKey, id),
          ),
        );
      }),
    );
    return out;
  }

  #cached<T>(map: Map<string, Cached<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const hit = map.get(key);
    if (hit !== undefined && this.clock.now().getTime() - hit.at < this.ttlMs) return hit.value;
    const value = load();
    map.set(key, { at: this.clock.now().getTime(), value });
    // A failed lookup is not cached: the next call asks again.
    value.catch(() => {
      if (map.get(key)?.value === value) map.delete(key);
    });
    return value;
  }

  #userGroups(accountId: string): Promise<readonly GroupRef[]> {
    return this.#cached(this.#groups, accountId, () => this.jira.userGroups(accountId));
  }

  /** The project's role names (for the settings form). */
  async roleNames(projectKey: string): Promise<string[]> {
    return (await this.jira.asApp().projectRoles(projectKey)).map((r) => r.name);
  }
}
