import {
  evaluate,
  extractCriteria,
  lintCriteria,
  ROLE_LABEL,
  type GateRecord,
  type Policy,
  type Role,
  type RuleOutcome,
  type Story,
} from '@readygate/rules';
import { diffCriteria, summariseChanges } from './ac-diff.js';
import type { CriterionSnapshot, StoredRecord } from './record-store.js';
import type {
  BadgeView,
  CriterionView,
  GateGap,
  GateView,
  HistoryEntry,
  MirrorStatus,
  PanelActions,
  PanelView,
  StaleNotice,
} from './results.js';

/** Everything the panel is built from; no I/O happens here. */
export interface PanelFacts {
  readonly story: Story;
  readonly projectKey: string;
  readonly stored: readonly StoredRecord[];
  readonly policy: Policy;
  readonly policySource: string;
  readonly roles: readonly Role[];
  readonly mirror: MirrorStatus;
}

function gap(o: RuleOutcome): GateGap {
  return {
    rule: o.rule,
    title: o.title,
    severity: o.severity,
    owner: o.owner,
    ownerLabel: ROLE_LABEL[o.owner],
    message: o.message,
    fix: o.fix,
  };
}

/** The `ready` or `done` verdict of one story, as the panel, badge and validator show it. */
export function gateView(gate: 'ready' | 'done', story: Story, policy: Policy): GateView {
  const verdict = evaluate(gate, { stories: [story] }, policy);
  const sv = verdict.stories[0];
  const outcomes = sv?.outcomes ?? [];
  return {
    gate,
    pass: verdict.pass,
    judged: sv?.judged ?? false,
    headline: verdict.headline,
    failing: outcomes.filter((o) => o.outcome === 'fail').map(gap),
    warnings: outcomes.filter((o) => o.outcome === 'warn').map(gap),
  };
}

/** The criteria as ReadyGate reads them, with a snapshot to store with a record. */
export function currentCriteria(story: Story): {
  source: 'field' | 'description' | 'none';
  fingerprint: string | null;
  snapshot: CriterionSnapshot[];
  ids: Set<string>;
} {
  const set = extractCriteria(story);
  return {
    source: set.source,
    fingerprint: set.fingerprint,
    snapshot: set.criteria.map((c) => ({ id: c.id, text: c.text })),
    ids: new Set(set.criteria.map((c) => c.id)),
  };
}

function vagueWordsOf(policy: Policy): readonly string[] | undefined {
  for (const gate of [policy.gates.ready, policy.gates.done]) {
    const words = gate.rules.find((r) => r.id === 'ac.testable')?.params?.['vagueWords'];
    if (Array.isArray(words) && words.every((w) => typeof w === 'string')) return words;
  }
  return undefined;
}

function label(r: GateRecord): string {
  switch (r.kind) {
    case 'ac.authored':
      return `marked the AC ready for review (${r.criteriaCount} ${r.criteriaCount === 1 ? 'criterion' : 'criteria'})`;
    case 'ac.approval':
      return r.note === undefined ? 'approved the AC' : `approved the AC: ${r.note}`;
    case 'testability.review':
      return r.testable
        ? 'reviewed testability: testable'
        : `reviewed testability: ${r.gaps.length} ${r.gaps.length === 1 ? 'gap' : 'gaps'} — ${r.gaps.join('; ')}`;
    case 'qa.evidence':
      return `added ${r.evidenceKind} evidence (${r.result}) covering ${r.covers.length} ${r.covers.length === 1 ? 'criterion' : 'criteria'}: ${r.url}`;
    case 'story.acceptance':
      return r.decision === 'accepted' ? 'accepted the story' : `rejected the story: ${r.reason ?? ''}`;
  }
}

const STALE_TAIL: Readonly<Record<StaleNotice['kind'], { after: string; todo: string }>> = {
  'ac.approval': { after: 'PO approval', todo: 're-approval needed' },
  'testability.review': { after: "QA's testability review", todo: 'QA re-review needed' },
  'qa.evidence': { after: 'QA recorded evidence', todo: 'QA must re-test against the current criteria' },
  'story.acceptance': { after: 'the PO accepted the story', todo: 'the PO must review it again' },
};

/** The latest approval, review, evidence and acceptance given for an AC version other than the current one. */
export function staleNotices(
  stored: readonly StoredRecord[],
  current: CriterionSnapshot[],
  fingerprint: string | null,
): StaleNotice[] {
  const out: StaleNotice[] = [];
  for (const kind of ['ac.approval', 'testability.review', 'qa.evidence', 'story.acceptance'] as const) {
    const latest = [...stored].reverse().find((s) => s.record.kind === kind);
    if (latest === undefined || latest.record.kind === 'ac.authored') continue;
    if (latest.record.kind === 'story.acceptance' && latest.record.decision === 'rejected') continue;
    if (latest.record.acFingerprint === fingerprint) continue;
    const changes = diffCriteria(latest.criteria, current);
    const tail = STALE_TAIL[kind];
    out.push({
      kind,
      at: latest.record.at,
      changes,
      message: `AC changed after ${tail.after} on ${latest.record.at.slice(0, 10)} (${summariseChanges(changes)}) — ${tail.todo}.`,
    });
  }
  return out;
}

function history(stored: readonly StoredRecord[], fingerprint: string | null): HistoryEntry[] {
  const versions = new Map<string, number>();
  return stored.map(({ record }) => {
    if (!versions.has(record.acFingerprint)) versions.set(record.acFingerprint, versions.size + 1);
    const by = {
      accountId: record.by.accountId,
      role: record.by.role,
      ...(record.by.displayName === undefined ? {} : { displayName: record.by.displayName }),
    };
    return {
      kind: record.kind,
      label: label(record),
      by,
      at: record.at,
      acFingerprint: record.acFingerprint,
      acVersion: versions.get(record.acFingerprint) ?? 0,
      stale: record.acFingerprint !== fingerprint,
    };
  });
}

/** What each role may do on this story (the server checks again on every action). */
export function actionsFor(roles: readonly Role[], hasCriteria: boolean): PanelActions {
  const has = (r: Role): boolean => hasCriteria && roles.includes(r);
  return {
    markAcReady: has('ba'),
    approveAc: has('po'),
    acceptStory: has('po'),
    rejectStory: has('po'),
    reviewTestability: has('qa'),
    addEvidence: has('qa'),
  };
}

/** Builds the issue panel. */
export function buildPanel(f: PanelFacts): PanelView {
  const set = extractCriteria(f.story);
  const current = currentCriteria(f.story);
  const vagueWords = vagueWordsOf(f.policy);
  const lints = lintCriteria(set.criteria, vagueWords === undefined ? undefined : { vagueWords });
  const items: CriterionView[] = set.criteria.map((c) => ({
    id: c.id,
    text: c.text,
    kind: c.kind,
    lints: lints.filter((l) => l.criterionId === c.id).map((l) => ({ code: l.code, message: l.message })),
  }));
  return {
    issue: {
      id: f.story.id,
      key: f.story.key,
      type: f.story.type,
      summary: f.story.summary,
      projectKey: f.projectKey,
    },
    ready: gateView('ready', f.story, f.policy),
    done: gateView('done', f.story, f.policy),
    criteria: { source: set.source, fingerprint: set.fingerprint, items },
    history: history(f.stored, set.fingerprint),
    stale: staleNotices(f.stored, current.snapshot, set.fingerprint),
    roles: [...f.roles],
    actions: actionsFor(f.roles, set.fingerprint !== null),
    mirror: f.mirror,
    policySource: f.policySource,
  };
}

/** The issue context badge: `Ready` or `Not ready — 3 gaps`. */
export function badgeOf(ready: GateView): BadgeView {
  const gaps = ready.failing.length;
  return {
    ready: ready.pass,
    gaps,
    label: ready.pass ? 'Ready' : `Not ready — ${gaps} ${gaps === 1 ? 'gap' : 'gaps'}`,
  };
}
