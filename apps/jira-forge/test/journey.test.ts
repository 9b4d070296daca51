// End to end, through the UI Kit screens as each role sees them: BA marks the AC ready → QA reviews → PO
// approves → QA adds evidence → the panel says ready; the BUILT GitHub Action, run against the same fake Jira
// with the key the app's web trigger serves, passes the story's PR; the BA rewords a criterion → the panel
// shows the approval stale with what changed and the action fails the PR as stale.
import { createElement } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub } from '../../github-action/test/fake-github';
import type { FakeGitHub } from '../../github-action/test/fake-github';
import { nextSha, pull, pullRequestEvent, REPO } from '../../github-action/test/payloads';
import { APP_DIR, runAction } from '../../github-action/test/run-action';
import { CRITERIA, PEOPLE, STORY, storyDescription } from './dataset';
import type { Person } from './dataset';
import { issueContext, startForgeSite } from './forge-platform';
import type { ForgeSite } from './forge-platform';
import { connect, installBridge, render } from './ui';
import type { Screen } from './ui';

installBridge();
// Imported after the bridge exists: @forge/bridge looks for it when it loads.
const { handler } = await import('../src/resolvers/index');
const { publicKeys } = await import('../src/webtriggers/public-keys');
const { resetWorkflows } = await import('../src/adapters/workflows');
const { Panel } = await import('../src/frontend/panel-view');
const { Badge } = await import('../src/frontend/context-view');

const GH_TOKEN = 'ghs_journeytoken0000000000000000';
let site: ForgeSite;
let gh: FakeGitHub;
let prNumber = 100;

beforeAll(async () => {
  [site, gh] = await Promise.all([startForgeSite(), startFakeGitHub({ token: GH_TOKEN, repository: REPO })]);
  connect(site, handler);
  resetWorkflows();
});
afterAll(async () => {
  await Promise.all([site.stop(), gh.stop()]);
});

const panelOf = (person: Person): Promise<Screen> =>
  render(person, issueContext(STORY), createElement(Panel));

async function runPrCheck(publicKey: string) {
  const number = ++prNumber;
  const pr = pull({
    number,
    branch: `feature/${STORY.key.toLowerCase()}-enroll-online`,
    title: `${STORY.key} Enroll online`,
  });
  gh.state.pulls.set(number, pr);
  gh.state.commits.set(number, [{ sha: nextSha(), message: 'Enrollment form' }]);
  return runAction({
    // The committed bundle, exactly what a workflow runs (check-dist proves it matches its sources).
    bundle: `${APP_DIR}dist/index.js`,
    event: 'pull_request',
    payload: pullRequestEvent(pr),
    inputs: {
      'jira-url': site.jira.url,
      // A Dev's scoped token (bearer): CI reads Jira as a person who may edit the issue, which is exactly
      // why the records it reads must be signed.
      'jira-token': PEOPLE.dev.bearerToken,
      'public-key': publicKey,
      'project-keys': 'ENR',
      'github-token': GH_TOKEN,
    },
    env: { GITHUB_API_URL: gh.url },
  });
}

describe('a story from written to mergeable, as PO, BA, QA and Dev see it', () => {
  it(
    'walks BA → QA → PO → QA through the panel; the action passes the PR; a reworded criterion makes it stale',
    { timeout: 120_000 },
    async () => {
      // Before anyone acts: not ready, and each gap names its owner.
      const dev = await panelOf('dev');
      expect(dev.text(dev.byTestId('verdict-ready'))).toBe('Ready: no');
      expect(dev.rows('gaps-ready').map((r) => r[1])).toContain('PO');
      for (const action of [
        'action-mark-ready',
        'action-approve',
        'action-review',
        'action-evidence',
        'action-accept',
      ])
        expect(dev.has(action), `a Dev sees no ${action}`).toBe(false);
      expect(dev.text(dev.byTestId('criteria'))).toContain(CRITERIA[0]);

      // BA: marks the AC ready for review — the only action the BA sees.
      const ba = await panelOf('ba');
      expect(ba.has('action-mark-ready')).toBe(true);
      expect(ba.has('action-approve')).toBe(false);
      await ba.click('action-mark-ready');
      expect(ba.has('error'), ba.text(ba.byTestId('error'))).toBe(false);
      expect(ba.text(ba.byTestId('notice'))).not.toBe('');

      // QA: records the AC as testable.
      const qa = await panelOf('qa');
      expect(qa.has('action-approve')).toBe(false);
      await qa.click('action-review');
      expect(qa.has('error'), qa.text(qa.byTestId('error'))).toBe(false);

      // PO: approves the AC.
      const po = await panelOf('po');
      expect(po.has('action-mark-ready')).toBe(false);
      await po.click('action-approve');
      expect(po.has('error'), po.text(po.byTestId('error'))).toBe(false);

      // QA: adds passing evidence, covering each criterion, chosen per criterion.
      await qa.type('evidence-url', 'https://ci.example.test/runs/981');
      await qa.choose('evidence-kind', 'automated-tests');
      await qa.choose('evidence-result', 'passed');
      const covers = qa
        .all((n) => String(n.props.testId).startsWith('covers-'))
        .map((n) => String(n.props.testId));
      expect(covers).toHaveLength(CRITERIA.length);
      for (const c of covers) await qa.check(c, true);
      await qa.click('action-evidence');
      expect(qa.has('error'), qa.text(qa.byTestId('error'))).toBe(false);
      expect(qa.text(qa.byTestId('verdict-ready'))).toBe('Ready: yes');

      // Everyone sees the history: who did what on which AC version.
      const again = await panelOf('dev');
      expect(again.text(again.byTestId('verdict-ready'))).toBe('Ready: yes');
      const history = again.rows('history');
      expect(history.map((r) => r[1])).toEqual([
        `${PEOPLE.ba.accountId} (BA)`,
        `${PEOPLE.qa.accountId} (QA)`,
        `${PEOPLE.po.accountId} (PO)`,
        `${PEOPLE.qa.accountId} (QA)`,
      ]);
      expect(history.every((r) => r[3] === 'v1')).toBe(true);
      const badge = await render('dev', issueContext(STORY), createElement(Badge));
      expect(badge.text(badge.byTestId('badge'))).toBe('Ready');

      // The Dev's PR: the built action, the same Jira, the public key as the app's web trigger serves it.
      const served = await publicKeys({ method: 'GET' });
      const key = (JSON.parse(served.body) as { publicKeyInput: string }).publicKeyInput;
      const passing = await runPrCheck(key);
      expect(passing.errors).toEqual([]);
      expect(passing.code).toBe(0);
      expect(passing.outputs['verdict']).toBe('pass');

      // A Dev who may edit the issue rewrites the property by hand (dropping the records it lists): the panel says
      // so and puts back what storage holds, so the PR gate still reads the app's records.
      const forged = await fetch(`${site.jira.url}/rest/api/3/issue/${STORY.key}/properties/readygate`, {
        headers: { authorization: `Bearer ${PEOPLE.dev.bearerToken}` },
      }).then(async (r) => ((await r.json()) as { value: { payload: { records: unknown[] } } }).value);
      forged.payload.records = [];
      const put = await fetch(`${site.jira.url}/rest/api/3/issue/${STORY.key}/properties/readygate`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${PEOPLE.dev.bearerToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(forged),
      });
      expect(put.ok).toBe(true);
      const afterForgery = await panelOf('po');
      expect(afterForgery.text(afterForgery.byTestId('mirror'))).not.toBe('');
      expect((await runPrCheck(key)).code).toBe(0);

      // The BA rewords one criterion in Jira.
      const reworded = [
        CRITERIA[0],
        'Given a member with two dependants, when they add both, then both appear on the policy',
      ];
      const issue = site.jira.state.issues.find((i) => i.key === STORY.key);
      if (!issue) throw new Error('story missing');
      issue.description = storyDescription(reworded);

      // The panel shows the approval, review and evidence stale, with the rewording.
      const stale = await panelOf('po');
      expect(stale.text(stale.byTestId('verdict-ready'))).toBe('Ready: no');
      const notice = stale.text(stale.byTestId('stale'));
      expect(notice).toContain('Reworded');
      expect(notice).toContain(reworded[1]);
      expect(stale.has('action-approve')).toBe(true);

      // The action fails the PR, naming the change after approval.
      const failing = await runPrCheck(key);
      expect(failing.code).toBe(1);
      expect(failing.outputs['verdict']).toBe('fail');
      expect(`${failing.summary}\n${failing.errors.join('\n')}`).toMatch(
        /AC changed after PO approval|stale|re-approv/i,
      );
    },
  );
});
