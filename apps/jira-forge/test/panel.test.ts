// The panel's other views, as people see them in UI Kit: the AC with lint marks, a story without AC, the badge
// counting gaps, QA recording gaps, and the PO rejecting (a reason is required) through the screen.
import { createElement } from 'react';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CRITERIA, STORY, storyDescription } from './dataset';
import type { Person } from './dataset';
import { issueContext, startForgeSite } from './forge-platform';
import type { ForgeSite } from './forge-platform';
import { connect, installBridge, render } from './ui';

installBridge();
const { handler } = await import('../src/resolvers/index');
const { resetWorkflows } = await import('../src/adapters/workflows');
const { Panel } = await import('../src/frontend/panel-view');
const { Badge } = await import('../src/frontend/context-view');

let site: ForgeSite;
beforeAll(async () => {
  site = await startForgeSite();
  connect(site, handler);
});
afterAll(() => site.stop());
beforeEach(() => {
  site.kvs.keys.clear();
  site.kvs.secrets.clear();
  const issue = site.jira.state.issues.find((i) => i.key === STORY.key);
  if (issue) {
    issue.description = storyDescription(CRITERIA);
    issue.properties = {};
  }
  resetWorkflows();
});

const panelOf = (person: Person, issue: { id: string; key: string } = STORY) =>
  render(person, issueContext(issue), createElement(Panel));

describe('the Readiness panel', () => {
  it('marks a vague criterion where it stands', async () => {
    const issue = site.jira.state.issues.find((i) => i.key === STORY.key);
    if (issue) issue.description = storyDescription([CRITERIA[0], 'The enrollment page loads fast']);
    const ba = await panelOf('ba');
    const criteria = ba.byTestId('criteria');
    if (criteria === null) throw new Error(`the BA sees no criteria:\n${ba.text()}`);
    const lozenges = ba.all((n) => n.type === 'Lozenge', criteria);
    expect(lozenges).toHaveLength(1);
    expect(ba.text(criteria)).toMatch(/fast/);
  });

  it('tells everyone a story without AC has none, and offers no action on it', async () => {
    const po = await panelOf('po', { id: '20002', key: 'ENR-2' });
    expect(po.text(po.byTestId('no-criteria'))).toMatch(/BA/);
    expect(po.has('action-approve')).toBe(false);
  });

  it('the issue context badge counts the gaps', async () => {
    const badge = await render('dev', issueContext(STORY), createElement(Badge));
    expect(badge.text(badge.byTestId('badge'))).toMatch(/^Not ready — \d+ gaps?$/);
  });

  it('QA records the gaps found; the PO rejects only with a reason', async () => {
    const qa = await panelOf('qa');
    await qa.check('review-testable', false);
    await qa.type(
      'review-gaps',
      'Criterion 2 names no expected message\nNo criterion for a duplicate member',
    );
    await qa.click('action-review');
    expect(qa.has('error'), qa.text(qa.byTestId('error'))).toBe(false);
    expect(qa.rows('history').at(-1)?.[2]).toMatch(/testab/i);

    const po = await panelOf('po');
    await po.click('action-reject');
    expect(po.text(po.byTestId('error'))).toMatch(/reason/);
    await po.type('reject-reason', 'Dependants must be added in the same flow');
    await po.click('action-reject');
    expect(po.has('error'), po.text(po.byTestId('error'))).toBe(false);
    expect(po.rows('history').at(-1)?.[2]).toContain('Dependants must be added in the same flow');
  });
});
