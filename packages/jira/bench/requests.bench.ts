/**
 * How many Jira requests, and how much wall time, the client needs for the work the apps do.
 * Runs against the fake Jira with 100 ms of latency on every request; then again with 30 % of
 * requests answered 429 `Retry-After: 1`. Prints a table; asserts nothing about time.
 */
import { adf, ISSUE_TYPES, LINK_TYPES, standardFields, start, STATUSES } from '@readygate/fake-jira';
import type { DatasetInput, FakeJira } from '@readygate/fake-jira';
import { fieldsFor, JiraClient, loadStories } from '../src/index.js';

const LATENCY_MS = 100;
const SPRINT_SIZE = 500;
const EMAIL = 'bench@example.test';
const TOKEN = 'bench-token';

function dataset(): DatasetInput {
  const at = '2026-11-02T09:00:00.000Z';
  return {
    name: 'bench',
    users: [{ accountId: 'acc-bench', displayName: 'Bench', email: EMAIL, apiTokens: [TOKEN] }],
    projects: [
      { id: '10000', key: 'ENR', name: 'Enrollment' },
      { id: '10001', key: 'OPS', name: 'Operations' },
    ],
    fields: standardFields(),
    linkTypes: LINK_TYPES,
    boards: [{ id: 1, name: 'ENR board', projectKey: 'ENR' }],
    sprints: [
      {
        id: 14,
        boardId: 1,
        name: 'Enrollment 14',
        state: 'active',
        goal: 'Members enroll without staff help',
        startDate: at,
      },
    ],
    issues: [
      ...Array.from({ length: 5 }, (_, i) => ({
        id: String(30001 + i),
        key: `OPS-${i + 1}`,
        projectKey: 'OPS',
        issuetype: ISSUE_TYPES.story,
        status: STATUSES.todo,
        summary: `Operations story ${i + 1}`,
        created: at,
        updated: at,
      })),
      ...Array.from({ length: SPRINT_SIZE }, (_, i) => ({
        id: String(20001 + i),
        key: `ENR-${i + 1}`,
        projectKey: 'ENR',
        issuetype: ISSUE_TYPES.story,
        status: i % 3 === 0 ? STATUSES.inProgress : STATUSES.todo,
        summary: `Enrollment story ${i + 1}`,
        description: adf.doc(
          adf.p(`Story ${i + 1}.`),
          adf.h(3, 'Acceptance criteria'),
          adf.bullets(`Given a member, when they enrol, then ${i + 1} holds`),
        ),
        sprints: [14],
        storyPoints: (i % 5) + 1,
        created: at,
        updated: at,
      })),
    ],
  };
}

interface Row {
  readonly pass: string;
  readonly scenario: string;
  readonly goal: number;
  readonly requests: number;
  readonly retries: number;
  readonly waitedMs: number;
  readonly wallMs: number;
  readonly result: string;
  readonly honoured: string;
}

const keys = (n: number): string[] => Array.from({ length: n }, (_, i) => `ENR-${i * 7 + 1}`);

async function pass(name: string, faulty: boolean): Promise<Row[]> {
  const rows: Row[] = [];
  const fields = fieldsFor({});
  const scenarios: {
    scenario: string;
    goal: number;
    run: (c: JiraClient, fake: FakeJira) => Promise<string>;
  }[] = [
    ...[1, 10, 50].map((n) => ({
      scenario: `load ${n} key${n === 1 ? '' : 's'}`,
      goal: 1,
      run: async (c: JiraClient) => {
        const got = await c.loadIssues(keys(n), { fields, properties: ['readygate'] });
        return `${got.issues.length} found, ${got.missing.length} missing`;
      },
    })),
    {
      // One search and one policy read per project, all at once: one round trip of wall time.
      scenario: 'loadStories: 10 keys of 2 projects',
      goal: 3,
      run: async (c: JiraClient) => {
        const got = await loadStories(c, [...keys(5), 'OPS-1', 'OPS-2', 'OPS-3', 'OPS-4', 'OPS-5'], {
          publicKeys: [],
        });
        return `${got.stories.length} stories, ${got.policies.size} policies`;
      },
    },
    {
      scenario: `issues of a ${SPRINT_SIZE}-issue sprint`,
      goal: 5,
      run: async (c: JiraClient) => {
        const seen = new Set<string>();
        for await (const i of c.sprintIssues(14, { fields, properties: ['readygate'] })) seen.add(i.key);
        return `${seen.size} distinct issues`;
      },
    },
    {
      scenario: `move ${SPRINT_SIZE} issues to the backlog`,
      goal: 10,
      run: async (c: JiraClient, fake: FakeJira) => {
        await c.moveToBacklog(Array.from({ length: SPRINT_SIZE }, (_, i) => `ENR-${i + 1}`));
        const left = fake.state.issues.filter((i) => fake.state.currentSprint(i)?.id === 14).length;
        return `${left} left in the sprint`;
      },
    },
  ];
  const fake = await start({ port: 0, dataset: dataset(), latencyMs: LATENCY_MS, seed: 7 });
  try {
    if (faulty) fake.faults.add({ status: 429, retryAfter: 1, fraction: 0.3 });
    for (const s of scenarios) {
      const slept: number[] = [];
      const client = new JiraClient({
        baseUrl: fake.url,
        auth: { kind: 'basic', email: EMAIL, token: TOKEN },
        // 30 % of 429s gives up a request after 4 attempts 0.8 % of the time; allow more for the run.
        retry: { attempts: 10, totalWaitMs: 30_000 },
        sleep: (ms) => {
          slept.push(ms);
          return new Promise((r) => setTimeout(r, ms));
        },
      });
      fake.resetLog();
      const t0 = performance.now();
      const result = await s.run(client, fake);
      const wallMs = performance.now() - t0;
      const answered429 = fake.requests.filter((r) => r.status === 429).length;
      const honoured =
        answered429 === 0
          ? '-'
          : answered429 === slept.length && slept.every((ms) => ms >= 1000)
            ? `yes (${answered429} × 1 s)`
            : `NO (${answered429} 429s, waits ${slept.join(',')})`;
      rows.push({
        pass: name,
        scenario: s.scenario,
        goal: s.goal,
        ...client.stats,
        wallMs,
        result,
        honoured,
      });
    }
  } finally {
    await fake.stop();
  }
  return rows;
}

function table(rows: readonly Row[]): string {
  const head = [
    'pass',
    'scenario',
    'goal',
    'requests',
    'retries',
    'waited',
    'wall',
    'result',
    'retries honoured',
  ];
  const body = rows.map((r) => [
    r.pass,
    r.scenario,
    String(r.goal),
    `${r.requests}${r.requests - r.retries <= r.goal ? '' : ' (over goal)'}`,
    String(r.retries),
    `${(r.waitedMs / 1000).toFixed(1)} s`,
    `${(r.wallMs / 1000).toFixed(2)} s`,
    r.result,
    r.honoured,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

const clean = await pass('clean', false);
const limited = await pass('30% 429', true);
console.log(
  `Jira requests against the fake Jira with ${LATENCY_MS} ms latency per request (Node ${process.version})\n`,
);
console.log(table([...clean, ...limited]));
const same = clean.every((r, i) => r.result === limited[i]?.result);
console.log(`\nSame results with 30% of requests rate-limited: ${same ? 'yes' : 'NO'}`);
if (!same) process.exitCode = 1;
