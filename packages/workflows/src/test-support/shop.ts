import {
  adf,
  ISSUE_TYPES,
  LINK_TYPES,
  start,
  STATUSES,
  standardFields,
  type DatasetInput,
  type FakeJira,
} from '@readygate/fake-jira';
import type { Role } from '@readygate/rules';
import { createWorkflows } from '../workflows.js';
import type { Workflows } from '../api.js';
import type { Caller } from '../ports.js';
import { httpJiraPort, ManualClock, memoryPorts, type CountingJiraPort } from '../testing.js';
import type { MemoryKeyValueStore, MemorySecretStore } from '../memory-store.js';

/** Test-only accounts of the "shop" data set (tokens open nothing but the fake). */
export const SHOP_USERS = {
  po: { accountId: 'shop-po', displayName: 'Pia (PO)', email: 'po@shop.test', token: 'shop-po-token' },
  ba: { accountId: 'shop-ba', displayName: 'Bo (BA)', email: 'ba@shop.test', token: 'shop-ba-token' },
  qa: { accountId: 'shop-qa', displayName: 'Quin (QA)', email: 'qa@shop.test', token: 'shop-qa-token' },
  dev: { accountId: 'shop-dev', displayName: 'Dee (Dev)', email: 'dev@shop.test', token: 'shop-dev-token' },
  /** Sees project OTHER only. */
  outsider: { accountId: 'shop-out', displayName: 'Otto', email: 'out@shop.test', token: 'shop-out-token' },
  app: { accountId: 'shop-app', displayName: 'ReadyGate', email: 'app@shop.test', token: 'shop-app-token' },
} as const;

/** The criteria of SHOP-1 as first written. */
export const SHOP1_CRITERIA = [
  'The cart shows the total price including VAT.',
  'Removing an item updates the total within 1 second.',
  'An empty cart shows the message "Your cart is empty".',
];

/** SHOP-1's description with the given criteria. */
export function shopDescription(criteria: readonly string[]): Record<string, unknown> {
  return adf.doc(
    adf.p('As a shopper, I want to see my cart total, so that I know what I will pay.'),
    adf.h(3, 'Acceptance criteria'),
    adf.bullets(...criteria),
  );
}

/** Project SHOP (id 10000): SHOP-1 and SHOP-2 (estimated stories with AC); project OTHER (id 10001) with OTHER-1. */
export function shopDataset(): DatasetInput {
  const at = '2026-11-30T09:00:00.000Z';
  const user = (u: (typeof SHOP_USERS)[keyof typeof SHOP_USERS], extra: object = {}) => ({
    accountId: u.accountId,
    displayName: u.displayName,
    email: u.email,
    apiTokens: [u.token],
    ...extra,
  });
  const U = SHOP_USERS;
  return {
    name: 'shop',
    users: [
      user(U.po),
      user(U.ba),
      user(U.qa),
      user(U.dev),
      user(U.outsider, { permissions: { browseProjects: ['OTHER'] } }),
      user(U.app, { accountType: 'app' }),
    ],
    projects: [
      {
        id: '10000',
        key: 'SHOP',
        name: 'Shop',
        roles: [
          { id: 10100, name: 'Product Owner', actors: [U.po.accountId] },
          { id: 10101, name: 'Business Analyst', actors: [U.ba.accountId] },
          { id: 10102, name: 'QA', actors: [U.qa.accountId] },
          { id: 10103, name: 'Developers', actors: [U.dev.accountId] },
        ],
      },
      { id: '10001', key: 'OTHER', name: 'Other' },
    ],
    fields: standardFields(),
    linkTypes: LINK_TYPES,
    issues: [
      {
        id: '30001',
        key: 'SHOP-1',
        projectKey: 'SHOP',
        issuetype: ISSUE_TYPES.story,
        status: STATUSES.todo,
        summary: 'Cart total',
        description: shopDescription(SHOP1_CRITERIA),
        storyPoints: 3,
        created: at,
        updated: at,
      },
      {
        id: '30002',
        key: 'SHOP-2',
        projectKey: 'SHOP',
        issuetype: ISSUE_TYPES.story,
        status: STATUSES.todo,
        summary: 'Checkout',
        description: shopDescription(['Paying by card shows a receipt number.']),
        storyPoints: 5,
        created: at,
        updated: at,
      },
      {
        id: '30101',
        key: 'OTHER-1',
        projectKey: 'OTHER',
        issuetype: ISSUE_TYPES.story,
        status: STATUSES.todo,
        summary: 'Elsewhere',
        created: at,
        updated: at,
      },
    ],
  };
}

/** A running shop: the fake Jira, in-memory ports, the use cases and a caller per role. */
export interface Shop {
  readonly fake: FakeJira;
  readonly jira: CountingJiraPort;
  readonly store: MemoryKeyValueStore;
  readonly secrets: MemorySecretStore;
  readonly clock: ManualClock;
  readonly wf: Workflows;
  readonly as: Readonly<Record<Role | 'outsider', Caller>>;
  stop(): Promise<void>;
}

/** Starts the fake Jira with the shop data set and builds the use cases over it. */
export async function startShop(options: { latencyMs?: number } = {}): Promise<Shop> {
  const fake = await start({ port: 0, dataset: shopDataset(), latencyMs: options.latencyMs ?? 0 });
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
  const caller = (u: { accountId: string; displayName: string }): Caller => ({
    accountId: u.accountId,
    displayName: u.displayName,
  });
  return {
    fake,
    jira,
    store: ports.store,
    secrets: ports.secrets,
    clock,
    wf: createWorkflows(ports),
    as: {
      po: caller(U.po),
      ba: caller(U.ba),
      qa: caller(U.qa),
      dev: caller(U.dev),
      outsider: caller(U.outsider),
    },
    stop: () => fake.stop(),
  };
}
