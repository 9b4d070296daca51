// The Forge platform, offline, for the real @forge/* packages: ONE fake of globalThis.__forge_fetch__, which
// @forge/api (requestJira), @forge/kvs and @forge/events all call. KVS is served by FakeKvs; Jira is forwarded
// over HTTP to packages/fake-jira with the acting person's credentials (as the app: the app's account; as a
// user: that user's, so Jira shows them only what they may see); a queue push answers 201 and its events wait
// until a test delivers them to the consumer (as often as it likes: the platform delivers at least once).
// Handlers are called the way the platform calls them, inside the invocation of one principal.
import { AsyncLocalStorage } from 'node:async_hooks';
import { start } from '@readygate/fake-jira';
import type { DatasetInput, FakeJira } from '@readygate/fake-jira';
import { forgeDataset, PEOPLE } from './dataset';
import type { Person } from './dataset';
import { FakeKvs } from './fake-kvs';

interface Target {
  readonly type?: string;
  readonly provider?: string;
  readonly remote?: string;
  readonly accountId?: string;
}

type ForgeFetch = (target: Target, path: string, init?: RequestInit) => Promise<Response>;

const invocation = new AsyncLocalStorage<{ accountId: string | undefined }>();

/** One fake installation of the app on one fake Jira site. */
export interface ForgeSite {
  readonly jira: FakeJira;
  readonly kvs: FakeKvs;
  /** Queue pushes seen (path and body). */
  readonly queued: { path: string; body: unknown }[];
  /** Queue events pushed and not delivered yet, oldest first. */
  readonly pending: QueuedEvent[];
  /**
   * Delivers the pending events (and those they push) to a consumer as the platform does, each `times` times
   * in a row (at-least-once delivery); resolves with how many events were delivered.
   */
  deliver(consumer: (event: QueuedEvent) => Promise<void>, times?: number): Promise<number>;
  /** Jira requests made so far, by whom (`app` or an account id) and what. */
  readonly jiraCalls: { as: string; method: string; path: string }[];
  /** Runs `fn` as the platform runs one invocation of `person` (asUser() acts as them). */
  as<T>(person: Person | undefined, fn: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

/** A queue event as a consumer receives it (`@forge/events` AsyncEvent). */
export interface QueuedEvent {
  readonly queueName: string;
  readonly jobId: string;
  readonly eventId: string;
  readonly body: Record<string, unknown>;
}

/** Starts a fake Jira and installs the one `__forge_fetch__` the real Forge packages call. */
export async function startForgeSite(
  options: { latencyMs?: number; dataset?: DatasetInput } = {},
): Promise<ForgeSite> {
  const jira = await start({ dataset: options.dataset ?? forgeDataset(), latencyMs: options.latencyMs ?? 0 });
  const kvs = new FakeKvs();
  const queued: { path: string; body: unknown }[] = [];
  const pending: QueuedEvent[] = [];
  let eventCount = 0;
  const jiraCalls: { as: string; method: string; path: string }[] = [];
  const tokenOf = (accountId: string): string | undefined =>
    jira.state.users.find((u) => u.accountId === accountId)?.bearerTokens[0];

  const forgeFetch: ForgeFetch = async (target, path, init) => {
    if (target.type === 'kvs') return kvs.handle(path, init);
    if (target.type === 'fpp' && target.remote === 'stargate' && path.startsWith('/webhook/queue/publish/')) {
      const body = JSON.parse(typeof init?.body === 'string' ? init.body : 'null') as {
        queueName?: string;
        jobId?: string;
        payload?: { body: Record<string, unknown> }[];
      } | null;
      queued.push({ path, body });
      for (const event of body?.payload ?? [])
        pending.push({
          queueName: body?.queueName ?? '',
          jobId: body?.jobId ?? '',
          eventId: `event-${++eventCount}`,
          // What the platform hands the consumer is a copy, never the object the trigger pushed.
          body: JSON.parse(JSON.stringify(event.body)) as Record<string, unknown>,
        });
      return new Response(JSON.stringify({}), { status: 201 });
    }
    if (target.type === 'fpp' && target.remote === 'jira') {
      let as: string;
      if (target.provider === 'app') as = PEOPLE.app.accountId;
      else if (target.provider === 'user') {
        // asUser() without an id acts as the invocation's principal, as the platform does.
        const principal = target.accountId ?? invocation.getStore()?.accountId;
        if (principal === undefined) throw new Error('asUser() outside a user invocation');
        as = principal;
      } else throw new Error(`requestJira with provider ${String(target.provider)} is not what the app uses`);
      const token = tokenOf(as);
      if (token === undefined) throw new Error(`no Jira account ${as} on the fake site`);
      jiraCalls.push({ as: as === PEOPLE.app.accountId ? 'app' : as, method: init?.method ?? 'GET', path });
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${token}`);
      const res = await fetch(`${jira.url}${path}`, {
        method: init?.method ?? 'GET',
        headers,
        body: init?.body ?? null,
      });
      return new Response(res.status === 204 ? null : await res.arrayBuffer(), {
        status: res.status,
        headers: res.headers,
      });
    }
    throw new Error(`__forge_fetch__: nothing fakes ${JSON.stringify(target)} ${path}`);
  };
  (globalThis as { __forge_fetch__?: ForgeFetch }).__forge_fetch__ = forgeFetch;

  return {
    jira,
    kvs,
    queued,
    pending,
    async deliver(consumer, times = 1) {
      let delivered = 0;
      for (let event = pending.shift(); event !== undefined; event = pending.shift()) {
        for (let i = 0; i < times; i++) {
          await invocation.run({ accountId: undefined }, () => consumer(event));
          delivered++;
        }
      }
      return delivered;
    },
    jiraCalls,
    as: (person, fn) =>
      invocation.run({ accountId: person === undefined ? undefined : PEOPLE[person].accountId }, fn),
    stop: () => jira.stop(),
  };
}

/** The resolver's product context for an issue, as the browser sends it (untrusted). */
export function issueContext(issue: { id: string; key: string }, projectKey = 'ENR') {
  return {
    extension: {
      type: 'jira:issuePanel',
      issue: { id: issue.id, key: issue.key, type: 'Story' },
      project: { key: projectKey },
    },
  };
}

/** What `Resolver.getDefinitions()` returns: the function module the platform invokes. */
type ResolverHandler = (
  request: { call: { functionKey: string; payload?: unknown }; context: Record<string, unknown> },
  runtime?: Record<string, unknown>,
) => Promise<unknown>;

/** Calls the `resolver` function as the platform does for an `invoke` from `person`'s browser. */
export function invokeAs(
  site: ForgeSite,
  handler: ResolverHandler,
  person: Person,
  functionKey: string,
  payload: unknown,
  context: Record<string, unknown> = {},
): Promise<unknown> {
  return site.as(person, () =>
    handler(
      { call: { functionKey, payload }, context },
      { principal: { accountId: PEOPLE[person].accountId } },
    ),
  );
}
