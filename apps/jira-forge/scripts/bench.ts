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
