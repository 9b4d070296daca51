import { asApp, asUser, route } from '@forge/api';
import type { Route } from '@forge/api';
import { JiraClient, JiraError } from '@readygate/jira';
import { forgeTransport } from '@readygate/jira/forge';
import type { Transport } from '@readygate/jira';
import type { RouteTag } from '@readygate/jira/forge';
import type { JiraPort, ProjectAccess } from '@readygate/workflows';
import * as z from 'zod';

const GroupsSchema = z.array(z.object({ name: z.string(), groupId: z.string().optional() }).loose());
const ProjectSchema = z.object({ id: z.string(), key: z.string() }).loose();
const MyPermissionsSchema = z
  .object({
    permissions: z.object({
      ADMINISTER_PROJECTS: z.object({ havePermission: z.boolean() }).loose().optional(),
    }),
  })
  .loose();

async function getJson<T>(
  transport: Transport,
  path: string,
  what: string,
  schema: z.ZodType<T>,
): Promise<T | undefined> {
  const res = await transport({ method: 'GET', path, headers: {} });
  if (res.status === 404) return undefined;
  if (res.status < 200 || res.status > 299)
    throw new JiraError(
      res.status === 403 ? 'forbidden' : res.status === 429 ? 'rate-limited' : 'unavailable',
      `Jira answered ${res.status} to ${what}: try again; if it persists, a Jira admin checks the ReadyGate app's access.`,
      { status: res.status },
    );
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    body = undefined;
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new JiraError(
      'bad-response',
      `Jira's answer to ${what} is not what ReadyGate expects: a Dev checks the site and the app's scopes.`,
      { status: res.status },
    );
  return parsed.data;
}

/**
 * Jira for the use cases, as the app and as the invoking user, over `@forge/api`'s `requestJira`.
 * `api.asUser()` acts as the person whose invocation this is (the platform's principal); the use cases only
 * ever pass that person's account id (`context.accountId`), so no other account can be named here.
 */
export function forgeJiraPort(): JiraPort {
  // The client hands each path to `route` as one literal with no interpolated values (see forgeTransport).
  const literal: RouteTag<Route> = (strings) => route(strings);
  const appTransport = forgeTransport({ requestJira: asApp().requestJira, route: literal });
  const userTransport = forgeTransport({ requestJira: asUser().requestJira, route: literal });
  const app = new JiraClient({ transport: appTransport });
  const user = new JiraClient({ transport: userTransport });
  return {
    asApp: () => app,
    asUser: () => user,
    async userGroups(accountId) {
      const groups = await getJson(
        appTransport,
        `/rest/api/3/user/groups?accountId=${encodeURIComponent(accountId)}`,
        `list the groups of ${accountId}`,
        GroupsSchema,
      );
      return (groups ?? []).map((g) =>
        g.groupId === undefined ? { name: g.name } : { name: g.name, groupId: g.groupId },
      );
    },
    async projectAsUser(_accountId, projectIdOrKey): Promise<ProjectAccess | undefined> {
      const enc = encodeURIComponent(projectIdOrKey);
      const project = await getJson(
        userTransport,
        `/rest/api/3/project/${enc}`,
        `read project ${projectIdOrKey}`,
        ProjectSchema,
      );
      if (project === undefined) return undefined;
      const mine = await getJson(
        userTransport,
        `/rest/api/3/mypermissions?projectKey=${encodeURIComponent(project.key)}&permissions=ADMINISTER_PROJECTS`,
        `check your permissions in project ${project.key}`,
        MyPermissionsSchema,
      );
      return {
        id: project.id,
        key: project.key,
        canAdminister: mine?.permissions.ADMINISTER_PROJECTS?.havePermission === true,
      };
    },
  };
}
