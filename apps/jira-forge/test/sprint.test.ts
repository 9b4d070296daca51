// Sprint readiness and enforcement through the real Forge packages: the start trigger enqueues with
// @forge/events, the harness delivers each queue event to the consumer (twice, as at-least-once delivery may),
// the consumer reads and moves over HTTP in the fake Jira, and the PO sees it all in the readiness check modal
// rendered by @forge/react's reconciler.
import { createElement } from 'react';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ISSUE_TYPES } from '@readygate/fake-jira';
import type { WorkflowResult } from '@readygate/workflows';
import { forgeDataset, STORY } from './dataset';
import type { Person } from './dataset';
import { invokeAs, issueContext, startForgeSite } from './forge-platform';
import type { ForgeSite, QueuedEvent } from './forge-platform';
import { connect, installBridge, render } from './ui';

installBridge();
const { handler } = await import('../src/resolvers/index');
const { sprintResolver, projectResolver, sprintStarted, sprintClosed, sprintScope, sprintJobs } =
  await import('../src/index');
const { Health } = await import('../src/frontend/health-view');
const { resetWorkflows } = await import('../src/adapters/workflows');
const { resetSprintWorkflows } = await import('../src/adapters/sprint-workflows');
const { SprintCheck } = await import('../src/frontend/sprint-check-view');

const SPRINT = 7;
let site: ForgeSite;
beforeAll(async () => {
  const ds = forgeDataset();
  site = await startForgeSite({
    dataset: {
      ...ds,
      boards: [{ id: 3, name: 'Enrollment board', projectKey: 'ENR' }],
      sprints: [
        { id: SPRINT, boardId: 3, name: 'Enrollment 14', state: 'future', goal: 'Members enroll online' },
      ],
      issues: ds.issues.map((i) => (i.projectKey === 'ENR' ? { ...i, sprints: [SPRINT] } : i)),
    },
  });
  connect(site, sprintResolver);
});
afterAll(() => site.stop());
beforeEach(() => {
  site.kvs.keys.clear();
  site.kvs.secrets.clear();
  site.pending.length = 0;
  for (const i of site.jira.state.issues) {
    if (i.projectKey === 'ENR') i.sprints = [SPRINT];
    i.comments.length = 0;
  }
  resetWorkflows();
  resetSprintWorkflows();
  connect(site, sprintResolver);
});

const consumer = (event: QueuedEvent) => sprintJobs(event);

async function invoke<T>(person: Person, key: string, payload: unknown): Promise<T> {
  const r = (await invokeAs(site, handler, person, key, payload, issueContext(STORY))) as WorkflowResult<T>;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** ENR-1 made ready through the panel's resolver by the BA, QA and PO; ENR-2 has no criteria (never ready). */
async function makeEnr1Ready(): Promise<void> {
  for (const [who, key, extra] of [
    ['ba', 'markAcReady', {}],
    ['qa', 'reviewTestability', { testable: true }],
    ['po', 'approveAc', {}],
  ] as const) {
    const panel = await invoke<{ criteria: { fingerprint: string } }>(who, 'loadPanel', { issue: STORY.key });
    await invoke(who, key, { issue: STORY.key, acFingerprint: panel.criteria.fingerprint, ...extra });
  }
}

const startEvent = (goal: string) => ({
  sprint: {
    id: String(SPRINT),
    originBoardId: '3',
    name: 'Enrollment 14',
    goal,
    state: 'active',
    startDate: '2026-12-03T09:00:00.000Z',
  },
});
const sprintsOf = (key: string) => site.jira.state.issues.find((i) => i.key === key)?.sprints ?? [];
const commentsOf = (key: string) => site.jira.state.issues.find((i) => i.key === key)?.comments ?? [];
const checkOf = (person: Person) =>
  render(
    person,
    { extension: { type: 'jira:sprintAction', sprint: { id: String(SPRINT) } } },
    createElement(SprintCheck),
  );

describe('sprint start enforcement on Forge', () => {
  it('the trigger only enqueues; the consumer moves exactly the unready stories and comments once each when delivered twice', async () => {
    await makeEnr1Ready();
    const before = site.jiraCalls.length;
    await site.as(undefined, () => sprintStarted(startEvent('Members enroll online')));
    await site.as(undefined, () => sprintStarted(startEvent('Members enroll online')));
    expect(site.jiraCalls.length).toBe(before);
    expect(site.pending).toHaveLength(2);
    await site.deliver(consumer, 2);

    expect(sprintsOf('ENR-1')).toContain(SPRINT);
    expect(sprintsOf('ENR-2')).not.toContain(SPRINT);
    expect(commentsOf('ENR-1')).toHaveLength(0);
    expect(commentsOf('ENR-2')).toHaveLength(1);
    const moves = site.jiraCalls.slice(before).filter((c) => c.path === '/rest/agile/1.0/backlog/issue');
    expect(moves).toHaveLength(1);

    const po = await checkOf('po');
    expect(po.text(po.byTestId('goal'))).toBe('Goal: Members enroll online');
    expect(po.text(po.byTestId('start-report'))).toMatch(
      /moved 1 unready story back to the backlog \(ENR-2\)/,
    );
    const property = await fetch(
      `${site.jira.url}/rest/agile/1.0/sprint/${SPRINT}/properties/readygate.report`,
      {
        headers: { authorization: 'Bearer bearer-app' },
      },
    );
    expect(await property.json()).toMatchObject({
      value: { sprintId: SPRINT, moved: ['ENR-2'], pass: false },
    });
  });

  it('report-only moves nothing and comments once on each unready story', async () => {
    const before = site.jiraCalls.length;
    const saved = (await invokeAs(site, handler, 'po', 'saveSettings', {
      project: 'ENR',
      policy: { version: 1, sprint: { enforcement: 'report-only' } },
    })) as WorkflowResult<unknown>;
    expect(saved.ok).toBe(true);
    await site.as(undefined, () => sprintStarted(startEvent('')));
    await site.deliver(consumer, 2);
    expect(sprintsOf('ENR-1')).toContain(SPRINT);
    expect(sprintsOf('ENR-2')).toContain(SPRINT);
    expect(commentsOf('ENR-1')).toHaveLength(1);
    expect(commentsOf('ENR-2')).toHaveLength(1);
    expect(site.jiraCalls.slice(before).some((c) => c.path === '/rest/agile/1.0/backlog/issue')).toBe(false);
    const dev = await checkOf('dev');
    expect(dev.has('start-no-goal')).toBe(true);
  });

  it('a story added after the start is recorded with who added it, moved and commented on once', async () => {
    await makeEnr1Ready();
    await site.as(undefined, () => sprintStarted(startEvent('Members enroll online')));
    await site.deliver(consumer);
    const enr2 = site.jira.state.issues.find((i) => i.key === 'ENR-2');
    enr2?.sprints.push(SPRINT);
    const update = {
      issue: { id: '20002', key: 'ENR-2' },
      atlassianId: 'acc-dev',
      timestamp: Date.parse('2026-12-04T08:00:00.000Z'),
      changelog: {
        id: '9001',
        items: [{ field: 'Sprint', fieldId: 'customfield_10020', from: null, to: '7' }],
      },
    };
    await site.as(undefined, () => sprintScope(update));
    await site.as(undefined, () => sprintScope(update));
    await site.deliver(consumer, 2);
    expect(sprintsOf('ENR-2')).not.toContain(SPRINT);
    expect(commentsOf('ENR-2')).toHaveLength(2);
    const po = await checkOf('po');
    expect(po.text(po.byTestId('scope-changes'))).toMatch(
      /2026-12-04 08:00: ENR-2 added by acc-dev \(not ready: moved back to the backlog\)/,
    );
  });

  it('the readiness check before the start shows verdicts, rate, points and capacity; the PO records the goal at close', async () => {
    await makeEnr1Ready();
    const po = await checkOf('po');
    expect(po.text(po.byTestId('readiness-rate'))).toBe('Ready: 50% of the committed stories.');
    expect(po.text(po.byTestId('unestimated'))).toMatch(/ENR-2/);
    expect(po.rows('sprint-stories').map((r) => [r[0]?.split(' ')[0], r[1]])).toEqual([
      ['ENR-1', 'ready'],
      ['ENR-2', 'not ready'],
    ]);
    expect(po.has('sprint-close')).toBe(false);

    await site.as(undefined, () => sprintStarted(startEvent('Members enroll online')));
    await site.as(undefined, () => sprintClosed({ sprint: { ...startEvent('x').sprint, state: 'closed' } }));
    await site.deliver(consumer);
    const dev = await checkOf('dev');
    await dev.click('goal-met');
    expect(dev.text()).toMatch(/Only the PO can record/);
    const closed = await checkOf('po');
    await closed.choose('satisfaction', '4');
    await closed.click('goal-met');
    expect(closed.text(closed.byTestId('sprint-outcome'))).toBe('Goal met, stakeholder satisfaction 4/5.');
  });

  it('the PO records stakeholder satisfaction from the PO health page too; others are refused', async () => {
    await site.as(undefined, () => sprintStarted(startEvent('Members enroll online')));
    await site.as(undefined, () => sprintClosed({ sprint: { ...startEvent('x').sprint, state: 'closed' } }));
    await site.deliver(consumer);
    // ENR-2 turns into a bug nobody gave a priority (the default policy's business severity).
    const enr2 = site.jira.state.issue('ENR-2')!;
    const { issuetype, priority } = enr2;
    enr2.issuetype = ISSUE_TYPES.bug;
    enr2.priority = null;
    connect(site, projectResolver);
    const healthOf = (person: Person) =>
      render(
        person,
        { extension: { type: 'jira:projectPage', project: { key: 'ENR', id: '10000' } } },
        createElement(Health),
      );
    const dev = await healthOf('dev');
    enr2.issuetype = issuetype;
    enr2.priority = priority;
    expect(dev.text(dev.byTestId('patterns'))).toMatch(
      /1 unresolved bug has no business severity: ENR-2 — BA: Set each bug's business severity, .* Evidence: ENR-2\./,
    );
    expect(dev.text(dev.byTestId(`outcome-${SPRINT}`))).toMatch(/has not recorded the goal verdict/);
    await dev.click(`goal-met-${SPRINT}`);
    expect(dev.text()).toMatch(/Only the PO can record/);

    const po = await healthOf('po');
    await po.choose(`satisfaction-${SPRINT}`, '2');
    await po.click(`goal-not-met-${SPRINT}`);
    expect(po.text(po.byTestId(`outcome-${SPRINT}`))).toMatch(
      /goal not met, stakeholder satisfaction 2\/5\./,
    );
    const metrics = Object.fromEntries(po.rows('metrics').map((r) => [r[0], r[1]]));
    expect(metrics['Stakeholder satisfaction']).toBe('warning');
    // The sprint check shows what the health page recorded.
    connect(site, sprintResolver);
    const check = await checkOf('po');
    expect(check.text(check.byTestId('sprint-outcome'))).toBe('Goal not met, stakeholder satisfaction 2/5.');
  });
});
