// Jira requests and wall time per panel load, action and validator call, through the real resolver and the real
// @forge packages over the fake platform, with 100 ms added to every Jira request (the fake's latency injection).
// Goals (issue #9): panel load ≤ 2 Jira requests once roles are cached, an approval ≤ 3, a validator ≤ 1, each
// under 0.5 s at that latency.
import { performance } from 'node:perf_hooks';
import { PEOPLE, STORY } from '../test/dataset';
import type { Person } from '../test/dataset';
import { invokeAs, issueContext, startForgeSite } from '../test/forge-platform';

const LATENCY_MS = 100;
const site = await startForgeSite({ latencyMs: LATENCY_MS });
const { handler } = await import('../src/resolvers/index');
const { validateReady, validateDone } = await import('../src/validators/transition');

interface Row {
  what: string;
  requests: number;
  ms: number;
  goal?: { requests: number; ms: number };
}
const rows: Row[] = [];

async function measure<T>(what: string, fn: () => Promise<T>, goal?: Row['goal']): Promise<T> {
  const before = site.jiraCalls.length;
  const t0 = performance.now();
  const out = await fn();
  const row: Row = { what, requests: site.jiraCalls.length - before, ms: performance.now() - t0 };
  if (goal) row.goal = goal;
  rows.push(row);
  return out;
}

type Answer =
  | { ok: true; value: { criteria: { fingerprint: string; items: { id: string }[] } } }
  | { ok: false; error: { message: string } };
const call = async (person: Person, key: string, payload: unknown): Promise<Answer> => {
  const r = (await invokeAs(site, handler, person, key, payload, issueContext(STORY))) as Answer;
  if (!r.ok) throw new Error(`${key} as ${person}: ${r.error.message}`);
  return r;
};
const load = (person: Person) => call(person, 'loadPanel', { issue: STORY.key });

try {
  const first = await measure('panel load, roles not cached yet', () => load('po'));
  if (!first.ok) throw new Error('unreachable');
  const { fingerprint, items } = first.value.criteria;
  await measure('panel load (roles cached)', () => load('po'), { requests: 2, ms: 500 });
  await measure('issue context badge (roles cached)', () => call('po', 'loadBadge', { issue: STORY.key }), {
    requests: 2,
    ms: 500,
  });
  const action = { issue: STORY.key, acFingerprint: fingerprint };
  await measure('BA: mark AC ready', () => call('ba', 'markAcReady', action));
  await measure('QA: testability review', () =>
    call('qa', 'reviewTestability', { ...action, testable: true }),
  );
  await measure('PO: approve AC', () => call('po', 'approveAc', action), { requests: 3, ms: 500 });
  await measure('QA: add evidence', () =>
    call('qa', 'addEvidence', {
      ...action,
      url: 'https://ci.example.test/runs/1',
      evidenceKind: 'automated-tests',
      result: 'passed',
      covers: items.map((c) => c.id),
    }),
  );
  await measure('PO: accept story', () => call('po', 'acceptStory', action));
  await measure('panel load after the actions (roles cached)', () => load('dev'), { requests: 2, ms: 500 });
  await measure(
    'validator "Story is ready"',
    () => site.as(undefined, () => validateReady({ issue: { key: STORY.key } })),
    {
      requests: 1,
      ms: 500,
    },
  );
  await measure(
    'validator "Story is done"',
    () => site.as(undefined, () => validateDone({ issue: { key: STORY.key } })),
    {
      requests: 1,
      ms: 500,
    },
  );
} finally {
  await site.stop();
}

console.log(
  `ReadyGate Jira app, ${LATENCY_MS} ms per Jira request (accounts: ${Object.keys(PEOPLE).join(', ')})`,
);
console.log('what'.padEnd(46), 'Jira requests'.padStart(13), 'wall ms'.padStart(9), '  goal');
let missed = 0;
for (const r of rows) {
  const ok = r.goal === undefined || (r.requests <= r.goal.requests && r.ms < r.goal.ms);
  if (!ok) missed++;
  const goal = r.goal ? `≤ ${r.goal.requests} req, < ${r.goal.ms} ms ${ok ? 'met' : 'MISSED'}` : '';
  console.log(r.what.padEnd(46), String(r.requests).padStart(13), r.ms.toFixed(0).padStart(9), ` ${goal}`);
}
if (missed > 0) console.log(`${missed} goal(s) missed.`);

// ---- a 500-story sprint start (issue #11) ----------------------------------------------------------------
// Goals: the consumer's Jira requests by kind (5 searches of 100, 10 moves of 50), ≤ 25 keys per queue event,
// the trigger under 1 s (it only enqueues) and the consumer under 5 s (comments excluded: they run from the
// queue, one event per 25 stories). Every story lacks criteria, so all 500 are unready and moved.
{
  const { forgeDataset } = await import('../test/dataset');
  const { ISSUE_TYPES, STATUSES } = await import('@readygate/fake-jira');
  const SPRINT = 9;
  const STORIES = 500;
  const ds = forgeDataset();
  const at = '2026-11-20T09:00:00.000Z';
  const many = Array.from({ length: STORIES }, (_, i) => ({
    id: String(40000 + i),
    key: `ENR-${100 + i}`,
    projectKey: 'ENR',
    issuetype: ISSUE_TYPES.story,
    status: STATUSES.todo,
    summary: `Story ${i}`,
    storyPoints: 2,
    sprints: [SPRINT],
    created: at,
    updated: at,
  }));
  const sprintSite = await startForgeSite({
    latencyMs: LATENCY_MS,
    dataset: {
      ...ds,
      issues: [...ds.issues, ...many],
      boards: [{ id: 3, name: 'Enrollment board', projectKey: 'ENR' }],
      sprints: [{ id: SPRINT, boardId: 3, name: 'Big sprint', state: 'active', goal: 'Ship it' }],
    },
  });
  const { sprintStarted, sprintJobs } = await import('../src/index');
  const kindOf = (c: { method: string; path: string }): string =>
    c.path.startsWith('/rest/api/3/search/jql')
      ? 'search'
      : c.path === '/rest/agile/1.0/backlog/issue'
        ? 'move'
        : /\/comment$/.test(c.path)
          ? 'comment'
          : `${c.method} ${c.path.split('?')[0] ?? ''}`;
  try {
    const event = {
      sprint: {
        id: String(SPRINT),
        originBoardId: '3',
        name: 'Big sprint',
        goal: 'Ship it',
        state: 'active',
        startDate: at,
      },
    };
    let t0 = performance.now();
    await sprintSite.as(undefined, () => sprintStarted(event));
    const triggerMs = performance.now() - t0;
    const triggerRequests = sprintSite.jiraCalls.length;
    const start = sprintSite.pending.shift();
    if (start === undefined) throw new Error('the trigger enqueued nothing');
    const pushesBefore = sprintSite.queued.length;
    t0 = performance.now();
    await sprintJobs(start);
    const consumerMs = performance.now() - t0;
    const byKind = new Map<string, number>();
    for (const c of sprintSite.jiraCalls.slice(triggerRequests))
      byKind.set(kindOf(c), (byKind.get(kindOf(c)) ?? 0) + 1);
    const events = sprintSite.pending.map((e) => (e.body as { stories?: unknown[] }).stories?.length ?? 0);
    const pushes = sprintSite.queued.length - pushesBefore;
    t0 = performance.now();
    const commentRequestsBefore = sprintSite.jiraCalls.length;
    await sprintSite.deliver((e) => sprintJobs(e));
    const commentMs = performance.now() - t0;
    console.log('');
    console.log(
      `Sprint start, ${STORIES} stories (all unready, move-to-backlog), ${LATENCY_MS} ms per Jira request`,
    );
    console.log(
      `trigger: ${triggerRequests} Jira requests, ${triggerMs.toFixed(0)} ms (goal < 1000 ms: ${triggerMs < 1000 ? 'met' : 'MISSED'})`,
    );
    console.log(
      `consumer: ${[...byKind].map(([k, n]) => `${n} ${k}`).join(', ')}; ${consumerMs.toFixed(0)} ms (goals: 5 search, 10 move, < 5000 ms: ${(byKind.get('search') ?? 0) <= 5 && (byKind.get('move') ?? 0) <= 10 && consumerMs < 5000 ? 'met' : 'MISSED'})`,
    );
    console.log(
      `queue: ${events.length} comment events in ${pushes} push(es), at most ${Math.max(0, ...events)} keys an event (goal ≤ 25: ${Math.max(0, ...events) <= 25 ? 'met' : 'MISSED'})`,
    );
    console.log(
      `comments (from the queue, not in the consumer's time): ${sprintSite.jiraCalls.length - commentRequestsBefore} requests, ${commentMs.toFixed(0)} ms`,
    );
  } finally {
    await sprintSite.stop();
  }
}

// ---- the Releases page for a 300-issue version (issue #11) ----------------------------------------------
// Goal: ≤ 4 Jira requests (the project's versions, then the version's issues 100 a page) and the wall time.
{
  const { forgeDataset } = await import('../test/dataset');
  const { ISSUE_TYPES, STATUSES } = await import('@readygate/fake-jira');
  const ISSUES = 300;
  const ds = forgeDataset();
  const at = '2026-11-20T09:00:00.000Z';
  const many = Array.from({ length: ISSUES }, (_, i) => ({
    id: String(50000 + i),
    key: `ENR-${1000 + i}`,
    projectKey: 'ENR',
    issuetype: ISSUE_TYPES.story,
    status: STATUSES.done,
    summary: `Shipped story ${i}`,
    storyPoints: 1,
    fixVersions: ['800'],
    created: at,
    updated: at,
  }));
  const releaseSite = await startForgeSite({
    latencyMs: LATENCY_MS,
    dataset: {
      ...ds,
      issues: [...ds.issues, ...many],
      versions: [{ id: '800', projectKey: 'ENR', name: '3.0' }],
    },
  });
  const { projectResolver } = await import('../src/index');
  try {
    const page = () =>
      invokeAs(releaseSite, projectResolver, 'po', 'loadReleases', { project: 'ENR', versionId: '800' }, {});
    const t0 = performance.now();
    const r = (await page()) as { ok: boolean; value?: { checklist: { issues: number } } };
    const ms = performance.now() - t0;
    if (!r.ok || r.value?.checklist.issues !== ISSUES) throw new Error('the Releases page did not load');
    const requests = releaseSite.jiraCalls.length;
    console.log('');
    console.log(`Releases page, a ${ISSUES}-issue version, ${LATENCY_MS} ms per Jira request`);
    console.log(
      `${requests} Jira requests (${releaseSite.jiraCalls.map((c) => (c.path.startsWith('/rest/api/3/search') ? 'search' : c.path.split('?')[0])).join(', ')}), ${ms.toFixed(0)} ms (goal ≤ 4 requests: ${requests <= 4 ? 'met' : 'MISSED'})`,
    );
  } finally {
    await releaseSite.stop();
  }
}
