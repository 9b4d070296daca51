import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GateId, RuleId } from '../catalogue.js';
import { extractCriteria } from '../criteria/index.js';
import { DEFAULT_POLICY, parsePolicy, type Policy } from '../policy.js';
import type { GateRecord, ReleaseRecord } from '../records.js';
import { blankStory, type Story } from '../story.js';
import { acOf, BA, DEFAULT_AC, description, DEV, PO, QA, readyStory } from '../test-support/stories.js';
import { renderText } from '../report/render.js';
import { evaluate } from './evaluate.js';
import { versionFingerprint } from './version.js';

/** A policy whose `gate` runs exactly one rule, as a blocker. */
function only(gate: GateId, rule: RuleId, params?: Record<string, unknown>): Policy {
  const r = parsePolicy({
    version: 1,
    gates: {
      [gate]: { issueTypes: ['Story', 'Bug', 'Task'], rules: [{ id: rule, ...(params ? { params } : {}) }] },
    },
  });
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('\n'));
  return r.value;
}

function outcome(
  gate: 'ready' | 'done' | 'merge',
  rule: RuleId,
  story: Story,
  params?: Record<string, unknown>,
) {
  const v = evaluate(gate, { stories: [story] }, only(gate, rule, params));
  const o = v.stories[0]!.outcomes[0]!;
  return { outcome: o.outcome, owner: o.owner, message: o.message, fix: o.fix, pass: v.pass };
}

const changedAc = (s: Story): Story => ({
  ...s,
  description: {
    format: 'markdown',
    text: description([
      ...DEFAULT_AC.slice(0, 2),
      'A dependent older than 26 is refused with a clear message',
    ]),
  },
});
const rec = (s: Story, kinds: GateRecord['kind'][]) => s.records.filter((r) => kinds.includes(r.kind));
/** The story with one more evidence record for all its criteria, recorded at `at`. */
const retested = (s: Story, result: 'passed' | 'failed', at: string): Story => {
  const { fp, ids } = acOf(s);
  return {
    ...s,
    records: [
      ...s.records,
      {
        kind: 'qa.evidence',
        by: QA,
        at,
        acFingerprint: fp,
        evidenceKind: 'manual-test-run',
        url: `https://ci.example.com/runs/${s.key}/retest`,
        result,
        covers: ids,
      },
    ],
  };
};

/** The story's records as an older ReadyGate fingerprinted them (format `ac1:`, same criteria). */
const olderFormat = (s: Story): Story => ({
  ...s,
  records: s.records.map((r) => ({ ...r, acFingerprint: `ac1:${r.acFingerprint.slice(4)}` })),
});

describe('story rules', () => {
  const ready = readyStory('ENR-1');
  const { fp } = acOf(ready);
  type Row = [string, 'ready' | 'done' | 'merge', RuleId, Story, 'pass' | 'fail' | 'skip', RegExp, string?];
  const rows: Row[] = [
    ['AC under a heading', 'ready', 'ac.present', ready, 'pass', /3 criteria found in the description/],
    [
      'no AC section',
      'ready',
      'ac.present',
      { ...ready, description: { format: 'markdown', text: 'As a member I want things.' } },
      'fail',
      /AC missing/,
      'ba',
    ],
    ['measurable AC', 'ready', 'ac.testable', ready, 'pass', /verifiable outcome/],
    [
      'vague AC',
      'ready',
      'ac.testable',
      {
        ...ready,
        description: {
          format: 'markdown',
          text: description(['The page loads fast', 'It is user-friendly']),
        },
      },
      'fail',
      /2 criterion problems: .*"fast"/,
      'ba',
    ],
    [
      'a repeated criterion',
      'ready',
      'ac.testable',
      {
        ...ready,
        description: { format: 'markdown', text: description([...DEFAULT_AC, DEFAULT_AC[1]!.toUpperCase()]) },
      },
      'fail',
      /^1 criterion problem: .* appears more than once/,
      'ba',
    ],
    [
      'criteria-like items outside the AC section',
      'ready',
      'ac.testable',
      {
        ...ready,
        description: {
          format: 'markdown',
          text: `${description(DEFAULT_AC)}\n- The export must include the tax line\n`,
        },
      },
      'fail',
      /^1 criterion problem: 1 item outside the "Acceptance criteria" section is written as criteria/,
      'ba',
    ],
    [
      'approved for the current AC',
      'ready',
      'ac.approved',
      ready,
      'pass',
      /Approved by Priya Okafor on 2026-11-20/,
    ],
    [
      'never approved',
      'ready',
      'ac.approved',
      { ...ready, records: rec(ready, ['ac.authored']) },
      'fail',
      /^AC not approved by the PO\.$/,
      'po',
    ],
    [
      'AC changed after approval',
      'ready',
      'ac.approved',
      changedAc(ready),
      'fail',
      /^AC changed after PO approval on 2026-11-20 — re-approval needed\.$/,
      'po',
    ],
    [
      'approved by a non-PO',
      'ready',
      'ac.approved',
      {
        ...ready,
        records: [{ kind: 'ac.approval', by: DEV, at: '2026-11-20T09:00:00Z', acFingerprint: fp }],
      },
      'fail',
      /approved by Devi Rao, who is not a PO/,
      'po',
    ],
    [
      'no AC to approve',
      'ready',
      'ac.approved',
      { ...ready, description: null, records: [] },
      'fail',
      /No acceptance criteria to approve/,
      'ba',
    ],
    [
      'testability reviewed',
      'ready',
      'qa.testability-reviewed',
      ready,
      'pass',
      /Reviewed testable by Quinn Abara/,
    ],
    [
      'no testability review',
      'ready',
      'qa.testability-reviewed',
      { ...ready, records: rec(ready, ['ac.approval']) },
      'fail',
      /QA has not reviewed/,
      'qa',
    ],
    [
      'testability gaps',
      'ready',
      'qa.testability-reviewed',
      {
        ...ready,
        records: [
          {
            kind: 'testability.review',
            by: QA,
            at: '2026-11-21T09:00:00Z',
            acFingerprint: fp,
            testable: false,
            gaps: ['No rule for a dependent aged exactly 26'],
          },
        ],
      },
      'fail',
      /QA found 1 testability gap: No rule for a dependent aged exactly 26/,
      'ba',
    ],
    [
      'review of older AC',
      'ready',
      'qa.testability-reviewed',
      changedAc(ready),
      'fail',
      /AC changed after QA's testability review/,
      'qa',
    ],
    ['estimated', 'ready', 'story.estimated', ready, 'pass', /Estimated at 5/],
    ['not estimated', 'ready', 'story.estimated', { ...ready, estimate: null }, 'fail', /No estimate/, 'dev'],
    [
      'too large',
      'ready',
      'story.estimated',
      { ...ready, estimate: 21 },
      'fail',
      /Estimate 21 is above the maximum of 13/,
      'po',
    ],
    [
      'a negative estimate',
      'ready',
      'story.estimated',
      { ...ready, estimate: -3 },
      'fail',
      /^Estimate -3 is not a story size\.$/,
      'dev',
    ],
    ['a zero estimate', 'ready', 'story.estimated', { ...ready, estimate: 0 }, 'pass', /Estimated at 0/],
    ['value stated', 'ready', 'story.value-stated', ready, 'pass', /Business value stated/],
    [
      'no value',
      'ready',
      'story.value-stated',
      { ...ready, description: { format: 'markdown', text: description(DEFAULT_AC, 'Add dependents.') } },
      'fail',
      /does not say "so that/,
      'po',
    ],
    [
      'blocker done',
      'ready',
      'story.unblocked',
      {
        ...ready,
        links: [{ relation: 'is blocked by', key: 'ENR-9', type: 'Story', statusCategory: 'done' }],
      },
      'pass',
      /No open blockers/,
    ],
    [
      'open blocker',
      'ready',
      'story.unblocked',
      {
        ...ready,
        links: [
          {
            relation: 'is blocked by',
            key: 'ENR-9',
            type: 'Story',
            statusCategory: 'indeterminate',
            summary: 'Eligibility API',
          },
        ],
      },
      'fail',
      /Blocked by ENR-9 \("Eligibility API", not done\)/,
      'po',
    ],
    ['trusted records', 'ready', 'record.trusted', ready, 'pass', /Gate records verified/],
    [
      'a record signed with another key',
      'ready',
      'record.trusted',
      {
        ...ready,
        records: [],
        untrusted: [
          {
            reason: 'unknown-key',
            message:
              'The ReadyGate record on issue ENR-1 (id 10001) was signed by key 0123456789abcdef, which is not the configured public key.',
          },
        ],
      },
      'fail',
      /not the configured public key\. It counts as no record\./,
      'dev',
    ],
    [
      'tampered record',
      'ready',
      'record.trusted',
      {
        ...ready,
        records: [],
        untrusted: [
          {
            reason: 'bad-signature',
            message:
              'The ReadyGate record on issue ENR-1 (id 10001) was edited outside ReadyGate (signature does not match).',
          },
        ],
      },
      'fail',
      /edited outside ReadyGate .* It counts as no record\./,
      'po',
    ],
    [
      'full passing evidence',
      'merge',
      'qa.evidence',
      ready,
      'pass',
      /Passing evidence for 3 of 3 criteria: https:\/\/ci.example.com\/runs\/ENR-1/,
    ],
    [
      'no evidence',
      'merge',
      'qa.evidence',
      { ...ready, records: rec(ready, ['ac.approval']) },
      'fail',
      /^No QA evidence recorded\.$/,
      'qa',
    ],
    [
      'failing evidence',
      'merge',
      'qa.evidence',
      readyStory('ENR-2', {}, { evidence: 'failed' }),
      'fail',
      /QA evidence failed for 3 criteria \(https:\/\/ci.example.com\/runs\/ENR-2\)/,
      'dev',
    ],
    [
      'evidence for older AC',
      'merge',
      'qa.evidence',
      changedAc(ready),
      'fail',
      /AC changed after QA recorded evidence/,
      'qa',
    ],
    [
      'a pass re-tested after a failure',
      'merge',
      'qa.evidence',
      retested(readyStory('ENR-3', {}, { evidence: 'failed' }), 'passed', '2026-11-25T09:00:00.000Z'),
      'pass',
      /Passing evidence for 3 of 3 criteria: https:\/\/ci.example.com\/runs\/ENR-3\/retest/,
    ],
    [
      'a failure found after a pass',
      'merge',
      'qa.evidence',
      retested(ready, 'failed', '2026-11-25T09:00:00.000Z'),
      'fail',
      /QA evidence failed for 3 criteria \(https:\/\/ci.example.com\/runs\/ENR-1\/retest\)/,
      'dev',
    ],
    [
      'partial evidence',
      'merge',
      'qa.evidence',
      {
        ...ready,
        records: ready.records.map((r) =>
          r.kind === 'qa.evidence' ? { ...r, covers: r.covers.slice(0, 1) } : r,
        ),
      },
      'fail',
      /covers 1 of 3 criteria; not covered: "The confirmation page/,
      'qa',
    ],
    ['no open bugs', 'done', 'defects.resolved', ready, 'pass', /No open linked defects/],
    [
      'open critical bug',
      'done',
      'defects.resolved',
      {
        ...ready,
        links: [
          {
            relation: 'relates to',
            key: 'ENR-50',
            type: 'Bug',
            statusCategory: 'new',
            businessSeverity: 'Highest',
          },
        ],
      },
      'fail',
      /blocking severity: ENR-50 \(Highest\)/,
      'dev',
    ],
    [
      'open minor bug',
      'done',
      'defects.resolved',
      {
        ...ready,
        links: [
          {
            relation: 'relates to',
            key: 'ENR-51',
            type: 'Bug',
            statusCategory: 'new',
            businessSeverity: 'Low',
          },
        ],
      },
      'pass',
      /1 open defect, none at a blocking severity/,
    ],
    [
      'untriaged bug',
      'done',
      'defects.resolved',
      {
        ...ready,
        links: [
          {
            relation: 'relates to',
            key: 'ENR-52',
            type: 'Bug',
            statusCategory: 'new',
            businessSeverity: null,
          },
        ],
      },
      'fail',
      /no business severity: ENR-52/,
      'ba',
    ],
    [
      'accepted',
      'done',
      'story.accepted',
      readyStory('ENR-3', {}, { accepted: true }),
      'pass',
      /Accepted by Priya Okafor/,
    ],
    ['not yet accepted', 'done', 'story.accepted', ready, 'fail', /Not accepted by the PO yet/, 'po'],
    [
      'accepted, then rejected since',
      'done',
      'story.accepted',
      {
        ...readyStory('ENR-3', {}, { accepted: true }),
        records: [
          ...readyStory('ENR-3', {}, { accepted: true }).records,
          {
            kind: 'story.acceptance',
            by: PO,
            at: '2026-11-28T09:00:00Z',
            acFingerprint: acOf(readyStory('ENR-3')).fp,
            decision: 'rejected',
            reason: 'Totals wrong',
          },
        ],
      },
      'fail',
      /Rejected by Priya Okafor on 2026-11-28: Totals wrong/,
      'dev',
    ],
    [
      'accepted for older AC',
      'done',
      'story.accepted',
      changedAc(readyStory('ENR-3', {}, { accepted: true })),
      'fail',
      /AC changed after the PO accepted the story on 2026-11-26/,
      'po',
    ],
    [
      'no AC to accept against',
      'done',
      'story.accepted',
      { ...ready, description: null },
      'fail',
      /^No acceptance criteria to accept the story against\.$/,
      'ba',
    ],
    [
      'rejected',
      'done',
      'story.accepted',
      {
        ...ready,
        records: [
          ...ready.records,
          {
            kind: 'story.acceptance',
            by: PO,
            at: '2026-11-27T09:00:00Z',
            acFingerprint: fp,
            decision: 'rejected',
            reason: 'Birth date not carried over',
          },
        ],
      },
      'fail',
      /Rejected by Priya Okafor on 2026-11-27: Birth date not carried over/,
      'dev',
    ],
    [
      'approved under the older fingerprint format',
      'ready',
      'ac.approved',
      olderFormat(ready),
      'fail',
      /^AC approval of 2026-11-20 was recorded with an older ReadyGate version of the AC fingerprint — re-approve\.$/,
      'po',
    ],
    [
      'reviewed under the older fingerprint format',
      'ready',
      'qa.testability-reviewed',
      olderFormat(ready),
      'fail',
      /^QA's testability review of 2026-11-20 was recorded with an older ReadyGate version of the AC fingerprint/,
      'qa',
    ],
    [
      'evidence under the older fingerprint format',
      'merge',
      'qa.evidence',
      olderFormat(ready),
      'fail',
      /^QA evidence was recorded with an older ReadyGate version of the AC fingerprint/,
      'qa',
    ],
    [
      'accepted under the older fingerprint format',
      'done',
      'story.accepted',
      olderFormat(readyStory('ENR-1', {}, { accepted: true })),
      'fail',
      /^The PO's acceptance of 2026-11-26 was recorded with an older ReadyGate version of the AC fingerprint/,
      'po',
    ],
  ];

  it.each(rows)('%s: %s %s', (_name, gate, rule, story, expected, message, owner) => {
    const o = outcome(gate, rule, story);
    expect(o.outcome).toBe(expected);
    expect(o.message).toMatch(message);
    expect(o.pass).toBe(expected !== 'fail');
    if (owner) expect(o.owner).toBe(owner);
    if (expected === 'fail') expect(o.fix.length).toBeGreaterThan(10);
  });

  it('resolves passed and failed evidence with the same time to failed, whatever their order', () => {
    const at = '2026-11-25T09:00:00.000Z';
    const failedThenPassed = retested(retested(ready, 'failed', at), 'passed', at);
    const passedThenFailed = retested(retested(ready, 'passed', at), 'failed', at);
    for (const story of [failedThenPassed, passedThenFailed]) {
      expect(outcome('merge', 'qa.evidence', story)).toMatchObject({
        outcome: 'fail',
        owner: 'dev',
        message: 'QA evidence failed for 3 criteria (https://ci.example.com/runs/ENR-1/retest).',
      });
    }
  });

  it('does not let evidence dated after the evaluation clock decide, and says why', () => {
    const policy = only('merge', 'qa.evidence');
    const now = new Date('2026-12-03T12:00:00Z');
    const judge = (s: Story) => evaluate('merge', { stories: [s] }, policy, { now }).stories[0]!.outcomes[0]!;
    // A failure today, "fixed" by a pass dated next year: the future pass must not hide the failure.
    const future = retested(
      retested(ready, 'failed', '2026-12-01T09:00:00Z'),
      'passed',
      '2027-01-01T00:00:00Z',
    );
    expect(judge(future)).toMatchObject({
      outcome: 'fail',
      owner: 'qa',
      message:
        'QA evidence dated 2027-01-01T00:00:00Z is later than this check (https://ci.example.com/runs/ENR-1/retest) — a record cannot come from the future, so it does not count.',
    });
    expect(judge(retested(ready, 'passed', '2026-12-03T11:59:59Z')).outcome).toBe('pass');
  });

  it('fails a rule whose parameters a policy built in code gives wrongly, rather than dropping them', () => {
    const policy: Policy = {
      ...DEFAULT_POLICY,
      gates: {
        ...DEFAULT_POLICY.gates,
        ready: {
          issueTypes: ['Story'],
          rules: [{ id: 'story.estimated', severity: 'blocker', params: { max: 'five' } }],
        },
      },
    };
    const o = evaluate('ready', { stories: [{ ...ready, estimate: 40 }] }, policy).stories[0]!.outcomes[0]!;
    expect(o).toMatchObject({ rule: 'story.estimated', outcome: 'fail', owner: 'po' });
    expect(o.message).toMatch(/^The policy gives story\.estimated a parameter it cannot use \(params\.max: /);
  });

  it('takes a team maximum for story.estimated', () => {
    expect(outcome('ready', 'story.estimated', { ...ready, estimate: 8 }, { max: 5 })).toMatchObject({
      outcome: 'fail',
      owner: 'po',
      message: 'Estimate 8 is above the maximum of 5 — split the story.',
    });
    expect(outcome('ready', 'story.estimated', { ...ready, estimate: 5 }, { max: 5 })).toMatchObject({
      outcome: 'pass',
    });
  });

  it('a warning-severity failure warns without failing the gate', () => {
    const policy = parsePolicy({
      version: 1,
      gates: { ready: { issueTypes: ['Story'], rules: [{ id: 'story.estimated', severity: 'warning' }] } },
    });
    if (!policy.ok) throw new Error('policy');
    const v = evaluate('ready', { stories: [{ ...ready, estimate: null }] }, policy.value);
    expect(v.pass).toBe(true);
    expect(v.stories[0]!.outcomes[0]!.outcome).toBe('warn');
    expect(v.headline).toBe('Ready gate passed for ENR-1 with 1 warning.');
  });

  it('skips a rule for issue types it does not cover, and stories of types the gate does not judge', () => {
    const bug = readyStory('ENR-7', { type: 'Bug' });
    const epic = readyStory('ENR-8', { type: 'Epic', records: [] });
    const parsed = parsePolicy({
      version: 1,
      gates: {
        merge: {
          issueTypes: ['Story', 'Bug'],
          rules: [
            { id: 'ac.approved', severity: 'blocker', issueTypes: ['Story'] },
            { id: 'qa.evidence', severity: 'blocker' },
          ],
        },
      },
    });
    if (!parsed.ok) throw new Error('the test policy is invalid');
    const v = evaluate('merge', { stories: [bug, epic] }, parsed.value);
    expect(v.stories[0]!.outcomes.find((o) => o.rule === 'ac.approved')!.outcome).toBe('skip');
    expect(v.stories[1]!.judged).toBe(false);
    expect(v.pass).toBe(true);
  });

  it('judges only stories at merge by default, so a story retyped as a Task or Bug is not judged', () => {
    const types = ['Task', 'Bug', 'Epic'].map((type, i) =>
      readyStory(`ENR-${i + 20}`, { type, records: [] }),
    );
    const v = evaluate('merge', { stories: types }, DEFAULT_POLICY);
    expect(v.stories.map((s) => s.judged)).toEqual([false, false, false]);
  });
});

describe('the default merge gate', () => {
  it('passes a story with PO-approved AC and passing evidence, and says who approved', () => {
    const v = evaluate('merge', { stories: [readyStory('ENR-1')] }, DEFAULT_POLICY);
    expect(v.pass).toBe(true);
    expect(v.stories[0]!.facts).toMatchObject({
      approvedBy: 'Priya Okafor',
      approvedAt: '2026-11-20T09:00:00.000Z',
      evidenceUrl: 'https://ci.example.com/runs/ENR-1',
    });
  });

  it('fails when one of two stories is unready, naming it', () => {
    const v = evaluate(
      'merge',
      { stories: [readyStory('ENR-1'), changedAc(readyStory('ENR-2'))] },
      DEFAULT_POLICY,
    );
    expect(v.pass).toBe(false);
    expect(v.headline).toBe('Merge gate failed for ENR-1, ENR-2: 1 of 2 stories failing.');
    expect(v.stories.map((s) => s.pass)).toEqual([true, false]);
  });
});

describe('the sprint gate', () => {
  const goal = 'Members can complete a new enrollment with no manual staff intervention for standard cases';
  it('passes a sprint with a goal, ready stories and a commitment within velocity', () => {
    const v = evaluate(
      'sprint',
      {
        sprint: { id: 14, name: 'Enrollment 14', goal },
        stories: [readyStory('ENR-1'), readyStory('ENR-2')],
        velocity: [12, 9, 10],
      },
      DEFAULT_POLICY,
    );
    expect(v.pass).toBe(true);
    expect(v.checks.map((c) => [c.rule, c.outcome])).toEqual([
      ['sprint.goal-set', 'pass'],
      ['sprint.stories-ready', 'pass'],
      ['sprint.capacity', 'pass'],
    ]);
  });

  it('fails a sprint without a goal and with unready stories, and warns about over-commitment', () => {
    const stories = [
      readyStory('ENR-1', { estimate: 8 }),
      readyStory('ENR-2', { estimate: null }),
      readyStory('ENR-3', { estimate: 8, records: [] }),
    ];
    const v = evaluate(
      'sprint',
      { sprint: { id: 15, name: 'Enrollment 15', goal: '  ' }, stories, velocity: [10, 10, 10, 40] },
      DEFAULT_POLICY,
    );
    expect(v.pass).toBe(false);
    expect(v.headline).toBe(
      'Sprint gate failed for sprint "Enrollment 15": 2 checks failed (sprint.goal-set, sprint.stories-ready); 2 of 3 stories failing.',
    );
    const by = Object.fromEntries(v.checks.map((c) => [c.rule, c]));
    expect(by['sprint.goal-set']).toMatchObject({
      outcome: 'fail',
      owner: 'po',
      message: 'The sprint has no goal.',
    });
    expect(by['sprint.stories-ready']!.message).toBe('2 of 3 stories not ready: ENR-2, ENR-3.');
    expect(by['sprint.capacity']).toMatchObject({
      outcome: 'warn',
      message:
        '16 points committed, above the capacity of 10 (the mean velocity of the last 3 sprints (10)). ENR-2 has no estimate and counts as 0.',
    });
  });

  it('uses a fixed capacity when the policy sets one, and skips capacity with no history', () => {
    const fixed = parsePolicy({ version: 1, sprint: { capacityPoints: 4 } });
    if (!fixed.ok) throw new Error('policy');
    const subject = { sprint: { id: 1, name: 'S1', goal }, stories: [readyStory('ENR-1')] };
    expect(
      evaluate('sprint', subject, fixed.value).checks.find((c) => c.rule === 'sprint.capacity')!.message,
    ).toBe("5 points committed, above the capacity of 4 (the policy's fixed capacity).");
    expect(
      evaluate('sprint', subject, DEFAULT_POLICY).checks.find((c) => c.rule === 'sprint.capacity')!.outcome,
    ).toBe('skip');
  });
});

describe('the release gate', () => {
  const stories = [
    readyStory('ENR-1', { status: { name: 'Done', category: 'done' } }, { accepted: true }),
    readyStory('ENR-2', { status: { name: 'Done', category: 'done' } }, { accepted: true }),
  ];
  const bugMinor = readyStory('ENR-60', {
    type: 'Bug',
    status: { name: 'Open', category: 'new' },
    businessSeverity: 'Low',
  });
  const version = { id: '10020', name: '2.0', projectKey: 'ENR' };
  const all = [...stories, bugMinor];
  const content = versionFingerprint(all);
  const signoffs: ReleaseRecord[] = [
    {
      kind: 'release.signoff',
      role: 'ba',
      by: BA,
      at: '2026-11-27T10:00:00Z',
      contentFingerprint: content,
      summary: 'Business rules verified with underwriting.',
    },
    {
      kind: 'release.signoff',
      role: 'qa',
      by: QA,
      at: '2026-11-27T11:00:00Z',
      contentFingerprint: content,
      summary: 'Regression suite green: 412 passed.',
      assessment: 'go',
    },
    {
      kind: 'release.signoff',
      role: 'dev',
      by: DEV,
      at: '2026-11-27T12:00:00Z',
      contentFingerprint: content,
      summary: 'Feature-flagged; rollback tested.',
      assessment: 'low-risk',
    },
  ];
  const go: ReleaseRecord = {
    kind: 'release.decision',
    by: PO,
    at: '2026-11-28T09:00:00Z',
    contentFingerprint: content,
    decision: 'go',
    rationale: 'Open enrollment starts Monday.',
  };

  it('passes with current sign-offs and a current go decision', () => {
    const v = evaluate(
      'release',
      { version, stories: all, records: [...signoffs, go], untrusted: [] },
      DEFAULT_POLICY,
    );
    expect(v.checks.filter((c) => c.outcome !== 'pass')).toEqual([]);
    expect(v.pass).toBe(true);
    expect(v.checks.at(-1)!.message).toBe(
      'GO decided by Priya Okafor on 2026-11-28: Open enrollment starts Monday.',
    );
  });

  it('fails while a story is still open in Jira, even with every record in place', () => {
    const open = [
      { ...stories[0]!, status: { name: 'In Review', category: 'indeterminate' as const } },
      stories[1]!,
      bugMinor,
    ];
    const v = evaluate(
      'release',
      { version, stories: open, records: [...signoffs, go], untrusted: [] },
      DEFAULT_POLICY,
    );
    expect(v.checks[0]).toMatchObject({
      rule: 'release.stories-done',
      outcome: 'fail',
      message: '1 of 2 issues (not counting 1 defect, see release.defects) still open in Jira: ENR-1.',
    });
    expect(v.headline).toBe(
      'Release gate failed for version 2.0: 3 checks failed (release.stories-done, release.signoffs, release.decision); 1 of 3 issues failing.',
    );
    expect(v.stories[0]!.outcomes.at(-1)).toMatchObject({
      rule: 'release.stories-done',
      outcome: 'fail',
      message: 'Still open in Jira (In Review).',
    });
  });

  it('counts open issues and their total alike, and never lists an open blocking defect as passing', () => {
    const open = (key: string) =>
      readyStory(key, { status: { name: 'In Progress', category: 'indeterminate' } }, { accepted: true });
    const bug = (key: string, businessSeverity: string) =>
      readyStory(key, { type: 'Bug', status: { name: 'Open', category: 'new' }, businessSeverity });
    const issues = [
      stories[0]!,
      ...['ENR-11', 'ENR-12', 'ENR-13', 'ENR-14', 'ENR-15', 'ENR-16', 'ENR-17'].map(open),
      bug('ENR-61', 'High'),
      bug('ENR-62', 'Low'),
      bug('ENR-63', 'Low'),
    ];
    const v = evaluate('release', { version, stories: issues, records: [], untrusted: [] }, DEFAULT_POLICY);
    expect(v.checks.find((c) => c.rule === 'release.stories-done')!.message).toBe(
      '7 of 8 issues (not counting 3 defects, see release.defects) still open in Jira: ENR-11, ENR-12, ENR-13, ENR-14, ENR-15, +2 more.',
    );
    const text = renderText(v);
    expect(text).toContain('ENR-61  Story ENR-61  [FAIL]');
    expect(text).toContain('  ✗  release.defects: Open defect at a blocking severity (High). → Dev:');
    expect(text).toContain('ENR-62  Story ENR-62  [pass]');
    expect(text).toContain('ENR-11  Story ENR-11  [FAIL]');
    expect(v.counts).toMatchObject({ stories: 11, failing: 8 });
  });

  it('fails without a decision, and on a no-go', () => {
    const none = evaluate(
      'release',
      { version, stories: all, records: signoffs, untrusted: [] },
      DEFAULT_POLICY,
    );
    expect(none.checks.at(-1)).toMatchObject({
      outcome: 'fail',
      owner: 'po',
      message: 'No go/no-go decision recorded by the PO.',
    });
    const noGo = evaluate(
      'release',
      {
        version,
        stories: all,
        records: [...signoffs, { ...go, decision: 'no-go', rationale: 'Payment provider outage.' }],
        untrusted: [],
      },
      DEFAULT_POLICY,
    );
    expect(noGo.checks.at(-1)!.message).toBe(
      'Priya Okafor decided NO-GO on 2026-11-28: Payment provider outage.',
    );
  });

  it('marks the decision and the sign-offs stale when the version changed after them', () => {
    const reopened = [...stories, { ...bugMinor, businessSeverity: 'Highest' }];
    const v = evaluate(
      'release',
      { version, stories: reopened, records: [...signoffs, go], untrusted: [] },
      DEFAULT_POLICY,
    );
    expect(v.pass).toBe(false);
    const by = Object.fromEntries(v.checks.map((c) => [c.rule, c]));
    expect(by['release.decision']!.message).toBe(
      "The version changed after Priya Okafor's go decision on 2026-11-28 — the PO must decide again.",
    );
    expect(by['release.signoffs']!.message).toMatch(
      /stale, the version changed after: BA \(signed 2026-11-27\), QA/,
    );
    expect(by['release.defects']!.message).toBe(
      'Open defects at a blocking or unset severity: ENR-60 (Highest).',
    );
  });

  it('reopens a go decision when a sign-off arrives after it', () => {
    const concern: ReleaseRecord = {
      ...signoffs[1]!,
      at: '2026-11-28T10:00:00Z',
      summary: 'Two flaky checkout tests.',
      assessment: 'concerns',
    } as ReleaseRecord;
    const v = evaluate(
      'release',
      { version, stories: all, records: [...signoffs, go, concern], untrusted: [] },
      DEFAULT_POLICY,
    );
    expect(v.pass).toBe(false);
    expect(v.checks.at(-1)).toMatchObject({
      rule: 'release.decision',
      outcome: 'fail',
      owner: 'po',
      message:
        "QA signed off after Priya Okafor's go decision on 2026-11-28 — the PO must decide again with that sign-off in view.",
    });
  });

  /** The release.defects check for the version with its bug at `severity`. */
  const defectsCheck = (severity: string | null, policy: Policy = DEFAULT_POLICY) =>
    evaluate(
      'release',
      {
        version,
        stories: [...stories, { ...bugMinor, businessSeverity: severity }],
        records: [],
        untrusted: [],
      },
      policy,
    ).checks.find((c) => c.rule === 'release.defects')!;
  const blocking = (severities: string[]): Policy => {
    const r = parsePolicy({ version: 1, release: { blockingSeverities: severities } });
    if (!r.ok) throw new Error('policy');
    return r.value;
  };

  it('blocks a defect above a listed severity too', () => {
    const outcomes = (policy: Policy, severities: string[]) =>
      severities.map((s) => defectsCheck(s, policy).outcome);
    expect(outcomes(blocking(['High']), ['Highest', 'High', 'Medium', 'Low'])).toEqual([
      'fail',
      'fail',
      'pass',
      'pass',
    ]);
    expect(outcomes(blocking(['Major']), ['Blocker', 'Critical', 'Major', 'Minor', 'Sev-1'])).toEqual([
      'fail',
      'fail',
      'fail',
      'pass',
      'pass',
    ]);
  });

  it('gives untriaged defects to the BA and blocking ones to the Devs', () => {
    expect(defectsCheck(null)).toMatchObject({
      outcome: 'fail',
      owner: 'ba',
      message: 'Open defects at a blocking or unset severity: ENR-60 (no severity).',
    });
    expect(defectsCheck('High')).toMatchObject({
      outcome: 'fail',
      owner: 'dev',
      message: 'Open defects at a blocking or unset severity: ENR-60 (High).',
    });
  });

  it('leaves several missing sign-offs to the PO to chase, naming the roles', () => {
    const v = evaluate(
      'release',
      { version, stories: all, records: [signoffs[0]!, go], untrusted: [] },
      DEFAULT_POLICY,
    );
    expect(v.checks.find((c) => c.rule === 'release.signoffs')).toMatchObject({
      outcome: 'fail',
      owner: 'po',
      message: 'Sign-offs missing from QA, Dev.',
    });
  });

  it('gives a single missing sign-off to the role that owes it', () => {
    const v = evaluate(
      'release',
      { version, stories: all, records: [signoffs[0]!, signoffs[2]!, go], untrusted: [] },
      DEFAULT_POLICY,
    );
    expect(v.checks.find((c) => c.rule === 'release.signoffs')).toMatchObject({
      outcome: 'fail',
      owner: 'qa',
      message: 'Sign-offs missing from QA.',
      fix: 'Record the QA sign-off on the ReadyGate release page.',
    });
  });

  it('resolves a go and a no-go recorded at the same time to no-go, and a sign-off at that time reopens a go', () => {
    const noGo: ReleaseRecord = { ...go, decision: 'no-go', rationale: 'Payroll fix missing.' };
    for (const records of [
      [...signoffs, go, noGo],
      [...signoffs, noGo, go],
    ]) {
      const v = evaluate('release', { version, stories: all, records, untrusted: [] }, DEFAULT_POLICY);
      expect(v.checks.at(-1)).toMatchObject({
        outcome: 'fail',
        message: 'Priya Okafor decided NO-GO on 2026-11-28: Payroll fix missing.',
      });
    }
    const sameTime: ReleaseRecord = { ...signoffs[1]!, at: go.at };
    const v = evaluate(
      'release',
      { version, stories: all, records: [...signoffs, sameTime, go], untrusted: [] },
      DEFAULT_POLICY,
    );
    expect(v.checks.at(-1)!.message).toMatch(/^QA signed off after Priya Okafor's go decision on 2026-11-28/);
  });

  it('does not count a decision recorded by someone who is not the PO', () => {
    const v = evaluate(
      'release',
      { version, stories: all, records: [...signoffs, { ...go, by: DEV }], untrusted: [] },
      DEFAULT_POLICY,
    );
    expect(v.checks.at(-1)!.outcome).toBe('fail');
  });
});

describe('evaluate on arbitrary stories', () => {
  const text = fc.string({ maxLength: 30 });
  const storyArb: fc.Arbitrary<Story> = fc
    .record({
      key: fc.stringMatching(/^[A-Z]{2,4}-[1-9]\d{0,3}$/),
      type: fc.constantFrom('Story', 'Bug', 'Task', 'Epic'),
      estimate: fc.option(fc.double({ min: 0, max: 40, noNaN: true }), { nil: null }),
      ac: fc.array(text, { maxLength: 6 }),
      approve: fc.boolean(),
    })
    .map(({ key, type, estimate, ac, approve }) => {
      const s = blankStory({
        id: key,
        key,
        type,
        estimate,
        description: { format: 'markdown', text: description(ac) },
      });
      const fp = (approve ? extractCriteria(s).fingerprint : null) ?? 'ac2:none';
      return {
        ...s,
        records: [{ kind: 'ac.approval', by: PO, at: '2026-11-20T09:00:00Z', acFingerprint: fp }],
      };
    });

  it('never throws and always returns a verdict for each story', () => {
    fc.assert(
      fc.property(
        fc.array(storyArb, { maxLength: 5 }),
        fc.constantFrom<'ready' | 'done' | 'merge'>('ready', 'done', 'merge'),
        (stories, gate) => {
          const v = evaluate(gate, { stories }, DEFAULT_POLICY);
          expect(v.stories).toHaveLength(stories.length);
          expect(v.pass).toBe(v.stories.every((s) => s.pass));
          for (const s of v.stories)
            for (const o of s.outcomes) if (o.outcome === 'fail') expect(o.fix).not.toBe('');
        },
      ),
    );
  });

  it('never throws for a sprint or a release either, and fails exactly when a check or a counted story fails', () => {
    const signoff = fc.record({
      role: fc.constantFrom<'ba' | 'qa' | 'dev'>('ba', 'qa', 'dev'),
      by: fc.constantFrom(BA, QA, DEV, PO),
      at: fc.constantFrom('2026-11-27T10:00:00Z', '2026-11-29T10:00:00Z', 'not a date'),
    });
    fc.assert(
      fc.property(
        fc.array(storyArb, { maxLength: 5 }),
        fc.option(text, { nil: null }),
        fc.array(fc.nat({ max: 60 }), { maxLength: 4 }),
        fc.array(signoff, { maxLength: 4 }),
        fc.option(fc.constantFrom<'go' | 'no-go'>('go', 'no-go'), { nil: null }),
        (stories, goal, velocity, signoffs, decision) => {
          const sprint = evaluate(
            'sprint',
            { sprint: { id: 1, name: 'S', goal }, stories, velocity },
            DEFAULT_POLICY,
          );
          expect(sprint.stories).toHaveLength(stories.length);
          expect(sprint.pass).toBe(
            !sprint.checks.some((c) => c.outcome === 'fail') && sprint.stories.every((st) => st.pass),
          );
          const content = versionFingerprint(stories);
          const records: ReleaseRecord[] = [
            ...signoffs.map((o): ReleaseRecord => ({
              kind: 'release.signoff',
              ...o,
              contentFingerprint: content,
              summary: 'Checked.',
            })),
            ...(decision
              ? [
                  {
                    kind: 'release.decision',
                    by: PO,
                    at: '2026-11-28T09:00:00Z',
                    contentFingerprint: content,
                    decision,
                    rationale: 'Because.',
                  } satisfies ReleaseRecord,
                ]
              : []),
          ];
          const release = evaluate(
            'release',
            { version: { id: '1', name: '2.0', projectKey: 'ENR' }, stories, records, untrusted: [] },
            DEFAULT_POLICY,
          );
          expect(release.checks.map((c) => c.rule)).toEqual([
            'release.stories-done',
            'release.defects',
            'release.signoffs',
            'release.decision',
          ]);
          expect(release.pass).toBe(
            !release.checks.some((c) => c.outcome === 'fail') && release.stories.every((st) => st.pass),
          );
          for (const c of [...sprint.checks, ...release.checks])
            if (c.outcome === 'fail') expect(c.fix).not.toBe('');
        },
      ),
    );
  });
});
