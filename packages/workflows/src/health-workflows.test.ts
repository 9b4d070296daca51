import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ISSUE_TYPES } from '@readygate/fake-jira';
import { createHealthWorkflows } from './health-workflows.js';
import type { HealthWorkflows, SprintReport, WorkflowResult } from './index.js';
import { startSprintShop, type SprintShop } from './test-support/sprint-shop.js';
import { SHOP1_CRITERIA, shopDescription } from './test-support/shop.js';

let shop: SprintShop;
let health: HealthWorkflows;
beforeEach(async () => {
  shop = await startSprintShop();
  health = createHealthWorkflows({ ...shop, secrets: shop.secrets });
});
afterEach(async () => {
  await shop.stop();
});

function value<T>(r: WorkflowResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** Stores what the sprint triggers would have recorded for one sprint of project SHOP. */
async function seedSprint(s: {
  id: number;
  goal: string | null;
  start: string;
  close: string;
  stories: { id: string; key: string; ready: boolean; points: number }[];
  goalMet?: boolean;
  satisfaction?: number;
  scope?: { key: string; change: 'added' | 'removed'; at: string }[];
}): Promise<void> {
  const report: SprintReport = {
    v: 1,
    sprint: { id: s.id, boardId: 1, name: `Sprint ${s.id}`, goal: s.goal, startDate: s.start },
    projectKey: 'SHOP',
    evaluatedAt: s.start,
    enforcement: 'report-only',
    pass: true,
    headline: '',
    noGoal: s.goal === null,
    committedPoints: 0,
    readyRate: null,
    stories: s.stories.map((x) => ({ ...x, gaps: [] })),
    moved: [],
    movesDone: true,
  };
  await shop.store.set(`sprint-report:${s.id}`, report);
  await shop.store.set(`sprint-close:${s.id}`, {
    sprint: { id: s.id, boardId: 1, name: `Sprint ${s.id}`, goal: s.goal },
    closedAt: s.close,
    committedPoints: 0,
    completedPoints: 0,
    stories: 0,
    completed: 0,
  });
  if (s.goalMet !== undefined)
    await shop.store.set(`sprint-outcome:${s.id}`, {
      goalMet: s.goalMet,
      satisfaction: s.satisfaction ?? null,
      by: 'shop-po',
      at: s.close,
    });
  for (const [i, c] of (s.scope ?? []).entries())
    await shop.store.set(`sprint-scope:${s.id}:${i}:x:${c.change}`, {
      sprintId: s.id,
      issue: { id: `x${i}`, key: c.key },
      change: c.change,
      by: 'shop-dev',
      at: c.at,
      ready: null,
      action: 'none',
    });
}

async function acceptance(storyId: string, at: string, decision: 'accepted' | 'rejected'): Promise<void> {
  await shop.store.set(`rec:${storyId}:${String(Date.parse(at)).padStart(13, '0')}:r`, {
    v: 1,
    record: {
      kind: 'story.acceptance',
      by: { accountId: 'shop-po', role: 'po' },
      at,
      acFingerprint: 'ac2:x',
      decision,
      ...(decision === 'rejected' ? { reason: 'Total ignores VAT' } : {}),
    },
    criteria: [],
  });
}

const story = (id: string, ready: boolean, points = 2) => ({ id, key: `SHOP-${id}`, ready, points });

describe('PO health', () => {
  it('the six metrics over a seeded history equal the hand-computed values', async () => {
    await seedSprint({
      id: 101,
      goal: 'Cart shows totals',
      start: '2026-10-01T09:00:00.000Z',
      close: '2026-10-14T17:00:00.000Z',
      stories: [story('11', true), story('12', true), story('13', true), story('14', false)],
      goalMet: true,
      satisfaction: 4,
      scope: [{ key: 'SHOP-15', change: 'added', at: '2026-10-05T10:00:00.000Z' }],
    });
    await acceptance('11', '2026-10-13T10:00:00.000Z', 'accepted');
    await acceptance('12', '2026-10-12T10:00:00.000Z', 'rejected');
    await acceptance('12', '2026-10-13T11:00:00.000Z', 'accepted');
    await seedSprint({
      id: 102,
      goal: null,
      start: '2026-10-15T09:00:00.000Z',
      close: '2026-10-28T17:00:00.000Z',
      stories: [story('21', true), story('22', true)],
      goalMet: false,
      satisfaction: 2,
      scope: [{ key: 'SHOP-22', change: 'removed', at: '2026-10-20T10:00:00.000Z' }],
    });
    await seedSprint({
      id: 103,
      goal: 'Checkout by card',
      start: '2026-10-29T09:00:00.000Z',
      close: '2026-11-11T17:00:00.000Z',
      stories: [story('31', true), story('32', false), story('33', false), story('34', false)],
      goalMet: false,
    });

    const view = value(await health.loadHealth(shop.as.dev, { project: 'SHOP' }));
    const byId = Object.fromEntries(view.metrics.map((m) => [m.id, m.value]));
    // Goal: sprints 101 and 103 have one and a decision; 101 met it -> 1 of 2.
    expect(byId['sprint-goal-achievement']).toBe(50);
    // Ready at planning: 3 + 2 + 1 of 4 + 2 + 4 committed.
    expect(byId['backlog-readiness']).toBe(60);
    // Scope: 1 added + 1 removed against 10 committed (in stories: added points are not recorded).
    expect(byId['scope-change']).toBe(20);
    // Review: SHOP-11 accepted first time, SHOP-12 after a rejection -> 1 of 2 without rework.
    expect(byId['acceptance-without-rework']).toBe(50);
    // Satisfaction: the mean of 4 and 2.
    expect(byId['stakeholder-satisfaction']).toBe(3);
    // Defect escape: Jira cannot tell, so no data rather than a guess.
    expect(byId['defect-escape']).toBeNull();
    expect(view.cannotShow.join(' ')).toMatch(/Defect escape after release/);

    expect(view.sprints.map((s) => s.sprintId)).toEqual(['101', '102', '103']);
    const readiness = view.sprints.map((s) => s.metrics.find((m) => m.id === 'backlog-readiness')?.value);
    expect(readiness).toEqual([75, 100, 25]);
    expect(view.patterns.map((p) => p.id)).toContain('goal.not-set');
  });

  it('shows AC edited after approval by a non-BA, bugs without a business severity and the AC approval wait', async () => {
    const panel = async () => value(await shop.wf.loadPanel(shop.as.ba, { issue: 'SHOP-1' }));
    // The BA marks SHOP-1's AC ready at 10:00; the PO approves them 30 hours later.
    value(
      await shop.wf.markAcReady(shop.as.ba, {
        issue: 'SHOP-1',
        acFingerprint: (await panel()).criteria.fingerprint!,
      }),
    );
    shop.clock.advance(30 * 3_600_000);
    value(
      await shop.wf.approveAc(shop.as.po, {
        issue: 'SHOP-1',
        acFingerprint: (await panel()).criteria.fingerprint!,
      }),
    );
    // Then a developer edits the criteria; the event is delivered twice.
    shop.clock.advance(3_600_000);
    shop.fake.state.issue('SHOP-1')!.description = shopDescription([
      ...SHOP1_CRITERIA,
      'Coupons reduce the total.',
    ]);
    const edit = {
      issue: { id: '30001', key: 'SHOP-1' },
      atlassianId: 'shop-dev',
      changelog: { id: '7001', items: [{ field: 'description', fieldId: 'description' }] },
    };
    value(await shop.wf.onIssueUpdated(edit));
    value(await shop.wf.onIssueUpdated(edit));
    // SHOP-2 becomes a bug without a priority (the default policy's business severity).
    const bug = shop.fake.state.issue('SHOP-2')!;
    bug.issuetype = ISSUE_TYPES.bug;
    bug.priority = null;

    const view = value(await health.loadHealth(shop.as.dev, { project: 'SHOP' }));
    const byId = Object.fromEntries(view.patterns.map((p) => [p.id, p]));
    expect(byId['ac-edited-after-approval']).toMatchObject({ owner: 'ba', evidence: ['SHOP-1'] });
    expect(byId['ac-edited-after-approval']!.message).toMatch(/: 1 edit on SHOP-1 — BA: /);
    expect(byId['bugs-without-severity']).toMatchObject({ owner: 'ba', evidence: ['SHOP-2'] });
    expect(byId['ac-approval-time']).toMatchObject({ owner: 'po', severity: 'info' });
    expect(byId['ac-approval-time']!.message).toMatch(/median 30 h .*\(1 approval\)/);

    // The BA's own edit after a fresh approval is not counted.
    value(
      await shop.wf.markAcReady(shop.as.ba, {
        issue: 'SHOP-1',
        acFingerprint: (await panel()).criteria.fingerprint!,
      }),
    );
    value(
      await shop.wf.approveAc(shop.as.po, {
        issue: 'SHOP-1',
        acFingerprint: (await panel()).criteria.fingerprint!,
      }),
    );
    shop.fake.state.issue('SHOP-1')!.description = shopDescription(SHOP1_CRITERIA);
    value(
      await shop.wf.onIssueUpdated({
        ...edit,
        atlassianId: 'shop-ba',
        changelog: { ...edit.changelog, id: '7002' },
      }),
    );
    const again = value(await health.loadHealth(shop.as.dev, { project: 'SHOP' }));
    expect(again.patterns.find((p) => p.id === 'ac-edited-after-approval')!.message).toMatch(
      /: 1 edit on SHOP-1/,
    );
  });

  it('refuses a project the caller cannot see', async () => {
    const r = await health.loadHealth({ accountId: 'shop-out' }, { project: 'SHOP' });
    expect(r.ok ? 'ok' : r.error.code).toBe('not-visible');
  });
});
