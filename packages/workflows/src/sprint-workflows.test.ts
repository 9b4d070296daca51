import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSprintShop, type SprintShop } from './test-support/sprint-shop.js';
import type { WorkflowResult } from './index.js';

let shop: SprintShop;
beforeEach(async () => {
  shop = await startSprintShop();
});
afterEach(async () => {
  await shop.stop();
});

function value<T>(r: WorkflowResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** SHOP-1 made ready by BA, QA and PO through the app's own actions. */
async function makeShop1Ready(): Promise<void> {
  const fp = value(await shop.wf.loadPanel(shop.as.ba, { issue: 'SHOP-1' })).criteria.fingerprint!;
  value(await shop.wf.markAcReady(shop.as.ba, { issue: 'SHOP-1', acFingerprint: fp }));
  value(await shop.wf.reviewTestability(shop.as.qa, { issue: 'SHOP-1', acFingerprint: fp, testable: true }));
  value(await shop.wf.approveAc(shop.as.po, { issue: 'SHOP-1', acFingerprint: fp }));
}

/** Delivers every queued job to the consumer, `times` times each (at-least-once delivery). */
async function deliver(times = 1): Promise<void> {
  while (shop.queue.length > 0) {
    const job = shop.queue.shift()!;
    for (let i = 0; i < times; i++) value(await shop.sprints.runJob(JSON.parse(JSON.stringify(job))));
  }
}

const started = {
  sprint: {
    id: '7',
    originBoardId: '1',
    name: 'Cart 1',
    goal: 'Customers see what they pay',
    state: 'active',
    startDate: '2026-12-03T10:00:00.000Z',
  },
};

function sprintsOf(key: string): number[] {
  return shop.fake.state.issue(key)!.sprints;
}
function comments(key: string): unknown[] {
  return shop.fake.state.issue(key)!.comments;
}
async function savePolicy(policy: object): Promise<void> {
  value(await shop.wf.saveSettings(shop.as.po, { project: 'SHOP', policy: { version: 1, ...policy } }));
}

describe('sprint start enforcement', () => {
  it('moves exactly the unready stories and comments once each, however often the start is delivered', async () => {
    await makeShop1Ready();
    const requestsBefore = shop.jira.requests();
    const trigger = value(await shop.sprints.onSprintStarted(started));
    expect(trigger).toEqual({ queued: 1 });
    // The trigger made no Jira request: it only enqueued.
    expect(shop.jira.requests()).toBe(requestsBefore);
    shop.fake.state.sprint(7)!.state = 'active';
    // The start event itself arrives twice, and each job it leads to is delivered twice.
    shop.queue.push(...shop.queue);
    await deliver(2);
    expect(sprintsOf('SHOP-1')).toContain(7);
    expect(sprintsOf('SHOP-2')).not.toContain(7);
    expect(comments('SHOP-1')).toHaveLength(0);
    expect(comments('SHOP-2')).toHaveLength(1);
    const text = JSON.stringify(comments('SHOP-2')[0]);
    expect(text).toContain('moved this story back to the backlog when sprint \\"Cart 1\\" started');
    expect(text).toMatch(/(BA|PO|QA): /);

    const check = value(await shop.sprints.loadSprintCheck(shop.as.dev, { sprintId: 7 }));
    expect(check.report?.moved).toEqual(['SHOP-2']);
    // The summary is also the sprint property readygate.report, for anyone reading Jira.
    const res = await fetch(`${shop.fake.url}/rest/agile/1.0/sprint/7/properties/readygate.report`, {
      headers: { authorization: `Basic ${Buffer.from('app@shop.test:shop-app-token').toString('base64')}` },
    });
    const property: unknown = await res.json();
    expect(property).toMatchObject({
      value: { sprintId: 7, moved: ['SHOP-2'], unready: ['SHOP-2'], noGoal: false },
    });
    expect(check.report?.readyRate).toBe(0.5);
    expect(check.report?.noGoal).toBe(false);
  });

  it('with report-only moves nothing and comments once; a sprint without a goal is recorded', async () => {
    await savePolicy({ sprint: { enforcement: 'report-only' } });
    const noGoal = { sprint: { ...started.sprint, goal: '' } };
    value(await shop.sprints.onSprintStarted(noGoal));
    value(await shop.sprints.onSprintStarted(noGoal));
    await deliver(2);
    expect(sprintsOf('SHOP-1')).toContain(7);
    expect(sprintsOf('SHOP-2')).toContain(7);
    expect(comments('SHOP-1')).toHaveLength(1);
    expect(comments('SHOP-2')).toHaveLength(1);
    expect(JSON.stringify(comments('SHOP-2')[0])).toContain('the policy only reports');
    const check = value(await shop.sprints.loadSprintCheck(shop.as.po, { sprintId: 7 }));
    expect(check.report).toMatchObject({ noGoal: true, moved: [], enforcement: 'report-only', pass: false });
    expect(check.report?.headline).toContain('sprint.goal-set');
  });

  it('records a story added after the start, with who and when, and moves it when unready', async () => {
    await makeShop1Ready();
    value(await shop.sprints.onSprintStarted(started));
    await deliver();
    // SHOP-2 was moved out; the dev puts it back in the active sprint.
    sprintsOf('SHOP-2').push(7);
    const update = {
      issue: { id: '30002', key: 'SHOP-2' },
      atlassianId: 'shop-dev',
      timestamp: Date.parse('2026-12-04T09:30:00.000Z'),
      changelog: { id: '555', items: [{ field: 'Sprint', fieldId: 'customfield_10020', from: '', to: '7' }] },
    };
    expect(value(await shop.sprints.onSprintFieldChanged(update))).toEqual({
      recorded: 1,
      moved: 1,
      queued: 1,
    });
    // A duplicate delivery records and moves nothing more.
    expect(value(await shop.sprints.onSprintFieldChanged(update))).toEqual({
      recorded: 0,
      moved: 0,
      queued: 0,
    });
    await deliver(2);
    expect(sprintsOf('SHOP-2')).not.toContain(7);
    expect(comments('SHOP-2')).toHaveLength(2);
    expect(JSON.stringify(comments('SHOP-2')[1])).toContain('added to sprint \\"Cart 1\\" after its start');

    const removal = {
      issue: { id: '30001', key: 'SHOP-1' },
      atlassianId: 'shop-po',
      timestamp: Date.parse('2026-12-05T09:00:00.000Z'),
      changelog: { id: '556', items: [{ field: 'Sprint', from: '7', to: '' }] },
    };
    expect(value(await shop.sprints.onSprintFieldChanged(removal))).toMatchObject({ recorded: 1, moved: 0 });
    const check = value(await shop.sprints.loadSprintCheck(shop.as.po, { sprintId: 7 }));
    expect(check.scopeChanges).toEqual([
      {
        sprintId: 7,
        issue: { id: '30002', key: 'SHOP-2' },
        change: 'added',
        by: 'shop-dev',
        at: '2026-12-04T09:30:00.000Z',
        ready: false,
        action: 'moved-to-backlog',
      },
      {
        sprintId: 7,
        issue: { id: '30001', key: 'SHOP-1' },
        change: 'removed',
        by: 'shop-po',
        at: '2026-12-05T09:00:00.000Z',
        ready: null,
        action: 'none',
      },
    ]);
  });
});

describe('readiness check and close', () => {
  it('shows each verdict, the readiness rate, points against velocity and unestimated stories', async () => {
    await makeShop1Ready();
    shop.fake.state.issue('SHOP-2')!.storyPoints = null;
    const check = value(await shop.sprints.loadSprintCheck(shop.as.po, { sprintId: 7 }));
    expect(check.sprint.goal).toBe('Customers see what they pay');
    expect(check.verdict.stories.map((s) => [s.key, s.pass])).toEqual([
      ['SHOP-1', true],
      ['SHOP-2', false],
    ]);
    expect(check.readyRate).toBe(0.5);
    expect(check.committedPoints).toBe(3);
    expect(check.unestimated).toEqual(['SHOP-2']);
    expect(check.capacity.points).toBeNull();
    expect(check.report).toBeNull();
  });

  it('records completion at close; only the PO marks the goal met', async () => {
    await makeShop1Ready();
    value(await shop.sprints.onSprintStarted(started));
    await deliver();
    shop.fake.state.issue('SHOP-1')!.status = {
      ...shop.fake.state.issue('SHOP-1')!.status,
      category: 'done',
    };
    value(await shop.sprints.onSprintClosed({ sprint: { ...started.sprint, state: 'closed' } }));
    await deliver(2);
    const dev = await shop.sprints.recordSprintOutcome(shop.as.dev, { sprintId: 7, goalMet: true });
    expect(dev.ok).toBe(false);
    if (!dev.ok) expect(dev.error).toMatchObject({ code: 'forbidden-role' });
    value(
      await shop.sprints.recordSprintOutcome(shop.as.po, { sprintId: 7, goalMet: true, satisfaction: 4 }),
    );
    const check = value(await shop.sprints.loadSprintCheck(shop.as.po, { sprintId: 7 }));
    expect(check.close).toMatchObject({ stories: 1, completed: 1, committedPoints: 3, completedPoints: 3 });
    expect(check.outcome).toMatchObject({ goalMet: true, satisfaction: 4, by: 'shop-po' });
  });
});
