import { describe, expect, it } from 'vitest';
import { JiraClient, type Transport, type TransportRequest } from '@readygate/jira';
import { PolicySchema } from '@readygate/rules';
import { RoleResolver } from './role-resolver.js';
import { ManualClock } from './testing.js';
import type { JiraPort } from './ports.js';

/** A Jira that knows one project role, "QA", holding one user and one group. */
function scriptedJira(): { port: JiraPort; paths: string[]; groupLookups: string[] } {
  const paths: string[] = [];
  const groupLookups: string[] = [];
  const answer = (body: unknown) => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const transport: Transport = (req: TransportRequest) => {
    paths.push(req.path);
    if (req.path === '/rest/api/3/project/SHOP/role')
      return Promise.resolve(answer({ QA: 'https://x.test/rest/api/3/project/10000/role/10102' }));
    if (req.path === '/rest/api/3/project/SHOP/role/10102')
      return Promise.resolve(
        answer({
          id: 10102,
          name: 'QA',
          actors: [
            {
              id: 1,
              displayName: 'Quin',
              type: 'atlassian-user-role-actor',
              actorUser: { accountId: 'u-quin' },
            },
            {
              id: 2,
              displayName: 'testers',
              type: 'atlassian-group-role-actor',
              actorGroup: { name: 'testers', displayName: 'testers', groupId: 'g-1' },
            },
          ],
        }),
      );
    return Promise.resolve({ status: 404, headers: {}, body: '{"errorMessages":["no"]}' });
  };
  const client = new JiraClient({ transport, retry: { attempts: 1 } });
  const port: JiraPort = {
    asApp: () => client,
    asUser: () => client,
    userGroups: (accountId) => {
      groupLookups.push(accountId);
      return Promise.resolve(accountId === 'u-tess' ? [{ groupId: 'g-1', name: 'renamed testers' }] : []);
    },
    projectAsUser: () => Promise.resolve(undefined),
  };
  return { port, paths, groupLookups };
}

const policy = PolicySchema.parse({
  version: 1,
  roles: { po: { accountIds: ['u-pia'] }, qa: { projectRoles: ['QA'] } },
});

describe('role resolution', () => {
  it('recognises account ids, role users and role groups (by group id), reading roles once a minute', async () => {
    const { port, paths, groupLookups } = scriptedJira();
    const clock = new ManualClock(new Date('2026-12-03T10:00:00Z'));
    const roles = new RoleResolver(port, clock, 60_000);
    expect(await roles.rolesOf('u-pia', 'SHOP', policy)).toEqual(['po']);
    expect(await roles.rolesOf('u-quin', 'SHOP', policy)).toEqual(['qa']);
    expect(await roles.rolesOf('u-tess', 'SHOP', policy)).toEqual(['qa']);
    expect(await roles.rolesOf('u-nobody', 'SHOP', policy)).toEqual([]);
    // Groups are read only when no account id or user actor matched (Quin's user actor did).
    expect(groupLookups).toEqual(['u-pia', 'u-tess', 'u-nobody']);
    expect(paths).toEqual(['/rest/api/3/project/SHOP/role', '/rest/api/3/project/SHOP/role/10102']);
    clock.advance(61_000);
    await roles.rolesOf('u-quin', 'SHOP', policy);
    expect(paths).toHaveLength(4);
  });
});
