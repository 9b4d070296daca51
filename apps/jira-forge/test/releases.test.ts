// The Releases and PO health project pages through the real Forge packages and UI Kit's reconciler. A story
// goes done through the panel; BA, QA and Dev sign off and the PO decides go on the Releases page; the BUILT
// GitHub Action's release mode passes the version; an issue added to the version makes the decision stale on
// the page and the action then fails. A sign-off by the wrong role is refused.
import { createElement } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUSES } from '@readygate/fake-jira';
import type { WorkflowResult } from '@readygate/workflows';
import { APP_DIR, runAction } from '../../github-action/test/run-action';
import { forgeDataset, PEOPLE, STORY } from './dataset';
import type { Person } from './dataset';
import { invokeAs, issueContext, startForgeSite } from './forge-platform';
import type { ForgeSite } from './forge-platform';
import { connect, installBridge, render } from './ui';
import type { Screen } from './ui';

installBridge();
const { handler } = await import('../src/resolvers/index');
const { projectResolver } = await import('../src/index');
const { publicKeys } = await import('../src/webtriggers/public-keys');
const { Releases } = await import('../src/frontend/releases-view');
const { Health } = await import('../src/frontend/health-view');
const { ProjectPage } = await import('../src/frontend/project-page-view');

const VERSION = { id: '700', name: '2.0' };
let site: ForgeSite;
beforeAll(async () => {
  const ds = forgeDataset();
  site = await startForgeSite({
    dataset: {
      ...ds,
      versions: [{ id: VERSION.id, projectKey: 'ENR', name: VERSION.name }],
      issues: ds.issues.map((i) => (i.key === STORY.key ? { ...i, fixVersions: [VERSION.id] } : i)),
    },
  });
  connect(site, projectResolver);
});
afterAll(() => site.stop());

const pageOf = (person: Person, element = createElement(Releases)): Promise<Screen> =>
  render(person, { extension: { type: 'jira:projectPage', project: { key: 'ENR', id: '10000' } } }, element);

async function panelAction(person: Person, key: string, extra: Record<string, unknown> = {}): Promise<void> {
  const call = (k: string, p: unknown) =>
    invokeAs(site, handler, person, k, p, issueContext(STORY)) as Promise<
      WorkflowResult<{ criteria: { fingerprint: string; items: { id: string }[] } }>
    >;
  const panel = await call('loadPanel', { issue: STORY.key });
  if (!panel.ok) throw new Error(panel.error.message);
  const covers = panel.value.criteria.items.map((c) => c.id);
  const payload = { issue: STORY.key, acFingerprint: panel.value.criteria.fingerprint, ...extra };
  const r = await call(key, key === 'addEvidence' ? { ...payload, covers } : payload);
  if (!r.ok) throw new Error(`${key}: ${r.error.message}`);
}

async function releaseCheck() {
  const served = await publicKeys({ method: 'GET' });
  const key = (JSON.parse(served.body) as { publicKeyInput: string }).publicKeyInput;
  return runAction({
    bundle: `${APP_DIR}dist/index.js`,
    event: 'workflow_dispatch',
    payload: {},
    inputs: {
      mode: 'release',
      'fix-version': VERSION.name,
      'jira-url': site.jira.url,
      'jira-token': PEOPLE.dev.bearerToken,
      'public-key': key,
      'project-keys': 'ENR',
      'github-token': '',
    },
  });
}

async function signOff(person: Person, role: 'ba' | 'qa' | 'dev', note: string): Promise<Screen> {
  const page = await pageOf(person);
  await page.choose('signoff-role', role);
  await page.type('signoff-note', note);
  await page.click('action-signoff');
  return page;
}

describe('Releases page', () => {
  it(
    'refuses the wrong role; a go decision passes CI until an issue is added, then it is stale on the page and CI fails',
    { timeout: 120_000 },
    async () => {
      const before = await pageOf('dev');
      expect(before.text(before.byTestId('release-done'))).toBe(
        'Done: 0 of 1 issues meet the Definition of Done.',
      );

      const wrong = await signOff('dev', 'qa', 'All green');
      expect(wrong.text(wrong.byTestId('error'))).toMatch(
        /^Only the QA can sign off as QA for version 2\.0 \(you hold Dev\)/,
      );
      expect(wrong.text(wrong.byTestId('signoff-qa'))).toBe('QA test results: none yet.');

      // ENR-1 to done: BA, QA and PO through the panel, evidence, acceptance, and Done in Jira.
      await panelAction('ba', 'markAcReady');
      await panelAction('qa', 'reviewTestability', { testable: true });
      await panelAction('po', 'approveAc');
      await panelAction('qa', 'addEvidence', {
        url: 'https://ci.example.test/runs/7',
        evidenceKind: 'automated-tests',
        result: 'passed',
      });
      await panelAction('po', 'acceptStory');
      const enr1 = site.jira.state.issues.find((i) => i.key === STORY.key);
      if (enr1) enr1.status = STATUSES.done;

      await signOff('ba', 'ba', 'Matches what members asked for.');
      await signOff('qa', 'qa', 'Regression suite green.');
      await signOff('dev', 'dev', 'One migration, reversible.');
      await new Promise((r) => setTimeout(r, 5));
      const po = await pageOf('po');
      await po.type('decision-rationale', 'Enrollment is ready for members.');
      await po.click('action-go');
      expect(po.text(po.byTestId('decision'))).toMatch(
        /^Decision: GO by acc-po on \d{4}-\d\d-\d\d — Enrollment is ready for members\.$/,
      );
      expect(po.has('decision-stale')).toBe(false);

      const go = await releaseCheck();
      expect(go.errors).toEqual([]);
      expect(go.code).toBe(0);
      expect(go.outputs['verdict']).toBe('pass');

      // ENR-2 joins the version after the decision.
      site.jira.state.issues.find((i) => i.key === 'ENR-2')?.fixVersions.push(VERSION.id);
      const after = await pageOf('po');
      expect(after.has('decision-stale')).toBe(true);
      expect(after.has('signoff-qa-stale')).toBe(true);
      const stale = await releaseCheck();
      expect(stale.code).toBe(1);
      expect(stale.outputs['verdict']).toBe('fail');
      expect(stale.errors.join(' ')).toMatch(/release\.decision/);
    },
  );
});

describe('PO health page', () => {
  it('shows the six metrics with their bands and says what Jira cannot show', async () => {
    const page = await pageOf('dev', createElement(Health));
    expect(page.rows('metrics').map((r) => r[0])).toEqual([
      'Sprint goal achievement',
      'Backlog readiness at planning',
      'Mid-sprint scope change',
      'Acceptance at review without rework',
      'Stakeholder satisfaction',
      'Defect escape after release',
    ]);
    expect(page.text(page.byTestId('cannot-show'))).toMatch(/Defect escape after release: Jira does not say/);
    expect(page.has('no-trend')).toBe(true);
  });

  it('the one project page holds both, as tabs', async () => {
    const page = await pageOf('po', createElement(ProjectPage));
    expect(page.all((n) => n.type === 'Tab').map((t) => page.text(t))).toEqual(['Releases', 'PO health']);
    expect(page.has('checklist')).toBe(true);
    expect(page.has('metrics')).toBe(true);
  });
});
