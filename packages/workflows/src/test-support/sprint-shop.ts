import { start, type FakeJira } from '@readygate/fake-jira';
import { createWorkflows } from '../workflows.js';
import type { Workflows } from '../api.js';
import type { Caller } from '../ports.js';
import type { SprintJob } from '../sprint-jobs.js';
import { createSprintWorkflows, type SprintWorkflows } from '../sprint-workflows.js';
import { httpJiraPort, ManualClock, memoryPorts, type CountingJiraPort } from '../testing.js';
import type { MemoryKeyValueStore, MemorySecretStore } from '../memory-store.js';
import { createReleaseWorkflows, type ReleaseWorkflows } from '../release-workflows.js';
import { SHOP_USERS, shopDataset } from './shop.js';

/**
 * The shop with board 1 and sprint 7 ("Cart 1", future) holding SHOP-1 and SHOP-2, version 1.0 (id 500) holding
 * SHOP-1; a queue kept in memory.
 */
export interface SprintShop {
  readonly fake: FakeJira;
  readonly jira: CountingJiraPort;
  readonly store: MemoryKeyValueStore;
  readonly clock: ManualClock;
  readonly wf: Workflows;
  readonly sprints: SprintWorkflows;
  readonly releases: ReleaseWorkflows;
  readonly secrets: MemorySecretStore;
  /** Jobs pushed and not yet delivered. */
  readonly queue: SprintJob[];
  /** Every job ever pushed. */
  readonly pushed: SprintJob[];
  readonly as: Readonly<Record<'po' | 'ba' | 'qa' | 'dev', Caller>>;
  stop(): Promise<void>;
}

/** Starts the fake Jira with the shop and a sprint. */
export async function startSprintShop(): Promise<SprintShop> {
  const ds = shopDataset();
  // Both shop stories are in sprint 7; SHOP-1 is also in version 1.0 (id 500).
  const issues = ds.issues.map((i) =>
    i.projectKey === 'SHOP' ? { ...i, sprints: [7], fixVersions: i.key === 'SHOP-1' ? ['500'] : [] } : i,
  );
  const fake = await start({
    port: 0,
    dataset: {
      ...ds,
      issues,
      boards: [{ id: 1, name: 'Shop board', projectKey: 'SHOP' }],
      sprints: [{ id: 7, boardId: 1, name: 'Cart 1', state: 'future', goal: 'Customers see what they pay' }],
      versions: [{ id: '500', projectKey: 'SHOP', name: '1.0' }],
    },
  });
  const basic = (u: { email: string; token: string }) =>
    ({ kind: 'basic', email: u.email, token: u.token }) as const;
  const U = SHOP_USERS;
  const jira = httpJiraPort({
    baseUrl: fake.url,
    app: basic(U.app),
    users: Object.fromEntries(Object.values(U).map((u) => [u.accountId, basic(u)])),
    projects: { SHOP: { id: '10000', admins: [U.po.accountId] }, OTHER: { id: '10001', admins: [] } },
  });
  const clock = new ManualClock(new Date('2026-12-03T10:00:00.000Z'));
  const ports = memoryPorts(jira, clock);
  const queue: SprintJob[] = [];
  const pushed: SprintJob[] = [];
  const sprints = createSprintWorkflows({
    ...ports,
    sprintProperty: async (sprintId, key, value) => {
      const auth = Buffer.from(`${U.app.email}:${U.app.token}`).toString('base64');
      const res = await fetch(`${fake.url}/rest/agile/1.0/sprint/${sprintId}/properties/${key}`, {
        method: 'PUT',
        headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
        body: JSON.stringify(value),
      });
      if (!res.ok) throw new Error(`sprint property: ${res.status}`);
    },
    queue: {
      push: (jobs) => {
        queue.push(...jobs);
        pushed.push(...jobs);
        return Promise.resolve();
      },
    },
  });
  const caller = (u: { accountId: string; displayName: string }): Caller => ({
    accountId: u.accountId,
    displayName: u.displayName,
  });
  return {
    fake,
    jira,
    store: ports.store,
    clock,
    wf: createWorkflows(ports),
    sprints,
    releases: createReleaseWorkflows(ports),
    secrets: ports.secrets,
    queue,
    pushed,
    as: { po: caller(U.po), ba: caller(U.ba), qa: caller(U.qa), dev: caller(U.dev) },
    stop: () => fake.stop(),
  };
}
