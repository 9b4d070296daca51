import type { CriteriaSet } from '../criteria/index.js';
import { isOlderFingerprintFormat } from '../criteria/fingerprint.js';
import { lintKeyed } from '../criteria/lint.js';
import { memoOf } from '../memo.js';
import type { Policy } from '../policy.js';
import { latest, type GateRecord, type QaEvidence } from '../records.js';
import type { Role } from '../roles.js';
import type { Story } from '../story.js';
import { actsAs, day, isBlockingSeverity, plural, who } from './context.js';
import type { StoryFacts } from './verdict.js';

/** What a story rule found. `owner`/`fix` override the catalogue's when a specific cause has another owner. */
export type Finding =
  | { readonly pass: true; readonly message: string }
  | { readonly pass: false; readonly message: string; readonly owner?: Role; readonly fix?: string }
  | { readonly skip: true; readonly message: string };

/** Everything a story rule may read. */
export interface StoryContext {
  readonly story: Story;
  readonly criteria: CriteriaSet;
  /** The comparison key of each criterion, in order. */
  readonly keys: readonly string[];
  readonly policy: Policy;
  readonly params: Readonly<Record<string, unknown>>;
}

type StoryRule = (ctx: StoryContext) => Finding;

const pass = (message: string): Finding => ({ pass: true, message });
const failed = (message: string, owner?: Role, fix?: string): Finding =>
  owner === undefined
    ? { pass: false, message }
    : fix === undefined
      ? { pass: false, message, owner }
      : { pass: false, message, owner, fix };
const skip = (message: string): Finding => ({ skip: true, message });

function current(r: { acFingerprint: string }, fp: string | null): boolean {
  return fp !== null && r.acFingerprint === fp;
}

/** Why a record made for other criteria is stale, when the reason is an older fingerprint format. */
const OLDER_FORMAT = 'with an older ReadyGate version of the AC fingerprint';

type Approval = Finding & { by?: string; at?: string };
type Coverage = { passing: Set<string>; failing: Map<string, QaEvidence>; newest?: QaEvidence };

/**
 * What the gates work out per story, policy and criteria and share: every gate (and the verdict's facts) asks
 * for the same approval and evidence. It remembers its inputs, so a story whose records are replaced is
 * worked out again.
 */
export interface GateMemo {
  readonly policy: Policy;
  readonly criteria: CriteriaSet;
  readonly records: readonly GateRecord[];
  approval?: Approval;
  coverage?: Coverage;
  facts?: StoryFacts;
}

/** The gates' memo of a story for this policy and these criteria, new when any of them changed. */
export function gateMemo(story: Story, criteria: CriteriaSet, policy: Policy): GateMemo {
  const memo = memoOf(story);
  const d = memo.gates;
  if (d !== undefined && d.policy === policy && d.criteria === criteria && d.records === story.records)
    return d;
  return (memo.gates = { policy, criteria, records: story.records });
}

/** The PO approval that covers the current criteria, or why there is none. */
export function acApproval(story: Story, criteria: CriteriaSet, policy: Policy): Approval {
  const d = gateMemo(story, criteria, policy);
  return (d.approval ??= computeApproval(story, criteria, policy));
}

function computeApproval(story: Story, criteria: CriteriaSet, policy: Policy): Approval {
  if (criteria.fingerprint === null)
    return failed(
      'No acceptance criteria to approve.',
      'ba',
      'Write the acceptance criteria first; the PO approves them next.',
    );
  const byPo = (r: GateRecord) => actsAs(r.by, 'po', policy);
  const approval = latest(story.records, 'ac.approval', byPo);
  if (!approval) {
    const other = latest(story.records, 'ac.approval');
    if (other)
      return failed(
        `AC approved by ${who(other.by)}, who is not a PO in this project's policy — the PO must approve.`,
      );
    return failed('AC not approved by the PO.');
  }
  if (isOlderFingerprintFormat(approval.acFingerprint)) {
    return failed(
      `AC approval of ${day(approval.at)} was recorded ${OLDER_FORMAT} — re-approve.`,
      'po',
      'Review the criteria and approve them again in the ReadyGate panel; nothing in them changed.',
    );
  }
  if (approval.acFingerprint !== criteria.fingerprint) {
    return failed(
      `AC changed after PO approval on ${day(approval.at)} — re-approval needed.`,
      'po',
      'Review the changed criteria and approve them again in the ReadyGate panel.',
    );
  }
  return {
    pass: true,
    message: `Approved by ${who(approval.by)} on ${day(approval.at)}.`,
    by: who(approval.by),
    at: approval.at,
  };
}

/** Passing evidence per criterion for the current criteria: the newest evidence record covering it decides. */
export function evidenceCoverage(story: Story, criteria: CriteriaSet, policy: Policy): Coverage {
  const d = gateMemo(story, criteria, policy);
  return (d.coverage ??= computeCoverage(story, criteria, policy));
}

function computeCoverage(story: Story, criteria: CriteriaSet, policy: Policy): Coverage {
  const byCriterion = new Map<string, { record: QaEvidence; at: number }>();
  let newest: { record: QaEvidence; at: number } | undefined;
  for (const r of story.records) {
    if (r.kind !== 'qa.evidence' || r.acFingerprint !== criteria.fingerprint || !actsAs(r.by, 'qa', policy))
      continue;
    const dated = { record: r, at: Date.parse(r.at) };
    if (r.result === 'passed' && (!newest || dated.at >= newest.at)) newest = dated;
    for (const id of r.covers) {
      const seen = byCriterion.get(id);
      if (!seen || dated.at >= seen.at) byCriterion.set(id, dated);
    }
  }
  const passing = new Set<string>();
  const failing = new Map<string, QaEvidence>();
  for (const c of criteria.criteria) {
    const e = byCriterion.get(c.id)?.record;
    if (e?.result === 'passed') passing.add(c.id);
    else if (e) failing.set(c.id, e);
  }
  return newest ? { passing, failing, newest: newest.record } : { passing, failing };
}

function quote(text: string, max = 60): string {
  return `"${text.length > max ? `${text.slice(0, max - 1)}…` : text}"`;
}

const VALUE_PATTERNS = /\bso that\b|\bin order to\b|\bbusiness value\b|\bvalue:|\bbenefit:/i;

/** True when the summary or a block of the description states a benefit. Stops at the first block that does. */
function statesValue(story: Story): boolean {
  if (VALUE_PATTERNS.test(story.summary)) return true;
  const d = story.description;
  if (!d) return false;
  if (d.format === 'markdown') return VALUE_PATTERNS.test(d.text);
  const text = (n: unknown, depth: number, out: string[]): void => {
    if (depth > 64 || n === null || typeof n !== 'object') return;
    const node = n as { text?: unknown; content?: unknown };
    if (typeof node.text === 'string') out.push(node.text);
    if (Array.isArray(node.content)) for (const c of node.content) text(c, depth + 1, out);
  };
  const blocks = (d.doc as { content?: unknown } | null)?.content;
  if (!Array.isArray(blocks)) return false;
  for (const block of blocks) {
    const out: string[] = [];
    text(block, 0, out);
    if (VALUE_PATTERNS.test(out.join(''))) return true;
  }
  return false;
}

/** Story-scope rule implementations, keyed by rule id. */
export const STORY_RULES: Readonly<Record<string, StoryRule>> = {
  'ac.present': ({ criteria, params }) => {
    const min = typeof params['min'] === 'number' ? params['min'] : 1;
    const n = criteria.criteria.length;
    if (n >= min)
      return pass(
        `${plural(n, 'criterion', 'criteria')} found in the ${criteria.source === 'field' ? 'AC field' : 'description'}.`,
      );
    return failed(
      n === 0
        ? 'AC missing: no acceptance criteria in the AC field or under an "Acceptance criteria" heading.'
        : `Only ${plural(n, 'criterion', 'criteria')}; the policy asks for at least ${min}.`,
    );
  },

  'ac.testable': ({ criteria, keys, params }) => {
    if (criteria.criteria.length === 0) return skip('No criteria to lint.');
    const extra = Array.isArray(params['vagueWords']) ? (params['vagueWords'] as string[]) : undefined;
    const lint = lintKeyed(criteria.criteria, keys, extra ? { vagueWords: extra } : undefined);
    const [first] = lint;
    if (!first) return pass('Every criterion states a verifiable outcome.');
    const more = lint.length > 1 ? ` (+${lint.length - 1} more)` : '';
    return failed(`${plural(lint.length, 'criterion problem')}: ${first.message}${more}`);
  },

  'ac.approved': ({ story, criteria, policy }) => {
    const f = acApproval(story, criteria, policy);
    return 'skip' in f ? f : f.pass ? pass(f.message) : f;
  },

  'qa.testability-reviewed': ({ story, criteria, policy }) => {
    if (criteria.fingerprint === null)
      return failed(
        'No acceptance criteria to review.',
        'ba',
        'Write the acceptance criteria first; QA reviews them next.',
      );
    const review = latest(story.records, 'testability.review', (r) => actsAs(r.by, 'qa', policy));
    if (!review) return failed('QA has not reviewed the AC for testability.');
    if (isOlderFingerprintFormat(review.acFingerprint))
      return failed(
        `QA's testability review of ${day(review.at)} was recorded ${OLDER_FORMAT} — QA re-review needed.`,
      );
    if (!current(review, criteria.fingerprint)) {
      return failed(`AC changed after QA's testability review on ${day(review.at)} — QA re-review needed.`);
    }
    if (!review.testable) {
      const gaps = review.gaps.length
        ? `: ${review.gaps.map((g) => g.trim().replace(/[.\s]+$/, '')).join('; ')}`
        : '';
      return failed(
        `QA found ${plural(review.gaps.length || 1, 'testability gap')}${gaps}.`,
        'ba',
        'Revise the criteria to close the gaps, then ask QA to review them again.',
      );
    }
    return pass(`Reviewed testable by ${who(review.by)} on ${day(review.at)}.`);
  },

  'story.estimated': ({ story, params }) => {
    const max = typeof params['max'] === 'number' ? params['max'] : undefined;
    if (story.estimate === null) return failed('No estimate.');
    if (!Number.isFinite(story.estimate) || story.estimate < 0)
      return failed(
        `Estimate ${story.estimate} is not a story size.`,
        'dev',
        'Re-estimate the story in points (0 or more) in Jira.',
      );
    if (max !== undefined && story.estimate > max) {
      return failed(
        `Estimate ${story.estimate} is above the maximum of ${max} — split the story.`,
        'po',
        'Split the story into smaller slices with the BA; Devs estimate each.',
      );
    }
    return pass(`Estimated at ${story.estimate}.`);
  },

  'story.value-stated': ({ story }) => {
    return statesValue(story)
      ? pass('Business value stated.')
      : failed('No business value: the story does not say "so that …".');
  },

  'story.unblocked': ({ story }) => {
    const open = story.links.filter(
      (l) => l.relation.toLowerCase() === 'is blocked by' && l.statusCategory !== 'done',
    );
    if (open.length === 0) return pass('No open blockers.');
    return failed(
      `Blocked by ${open.map((l) => `${l.key} (${l.summary ? quote(l.summary, 40) + ', ' : ''}not done)`).join(', ')}.`,
    );
  },

  'record.trusted': ({ story }) => {
    if (story.untrusted.length === 0)
      return pass(story.records.length ? 'Gate records verified.' : 'No gate records yet.');
    const message = `${story.untrusted.map((u) => u.message).join(' ')} It counts as no record.`;
    // Signed with a key this reader does not know: the reader is set up wrong, the record may be fine.
    if (story.untrusted.every((u) => u.reason === 'unknown-key')) {
      return failed(
        message,
        'dev',
        "Set the reader's public key (the action's public-key input) to the one on the ReadyGate project settings page.",
      );
    }
    return failed(message);
  },

  'qa.evidence': ({ story, criteria, policy, params }) => {
    if (criteria.fingerprint === null)
      return failed(
        'No acceptance criteria to test against.',
        'ba',
        'Write the acceptance criteria; the PO approves them, then QA records evidence.',
      );
    const full = params['fullCoverage'] !== false;
    const { passing, failing, newest } = evidenceCoverage(story, criteria, policy);
    const [firstFailure] = failing.values();
    if (firstFailure) {
      return failed(
        `QA evidence failed for ${plural(failing.size, 'criterion', 'criteria')} (${firstFailure.url}).`,
        'dev',
        'Fix the failures; QA then re-tests and records passing evidence.',
      );
    }
    const total = criteria.criteria.length;
    if (passing.size === 0) {
      const stale = story.records.filter(
        (r) => r.kind === 'qa.evidence' && r.acFingerprint !== criteria.fingerprint,
      );
      return failed(
        stale.length === 0
          ? 'No QA evidence recorded.'
          : stale.every((r) => 'acFingerprint' in r && isOlderFingerprintFormat(r.acFingerprint))
            ? `QA evidence was recorded ${OLDER_FORMAT} — QA must record it again against the current criteria.`
            : 'AC changed after QA recorded evidence — QA must re-test against the current criteria.',
      );
    }
    if (full && passing.size < total) {
      const missing = criteria.criteria.filter((c) => !passing.has(c.id));
      return failed(
        `QA evidence covers ${passing.size} of ${total} criteria; not covered: ${missing
          .slice(0, 2)
          .map((c) => quote(c.text, 40))
          .join(', ')}${missing.length > 2 ? ', …' : ''}.`,
      );
    }
    return pass(
      `Passing evidence for ${passing.size} of ${total} criteria${newest ? `: ${newest.url}` : ''}.`,
    );
  },

  'defects.resolved': ({ story, policy }) => {
    const blocking = policy.release.blockingSeverities;
    const bugs = story.links.filter((l) => l.type.toLowerCase() === 'bug' && l.statusCategory !== 'done');
    const unknown = bugs.filter((l) => l.businessSeverity == null);
    const severe = bugs.filter(
      (l) => l.businessSeverity != null && isBlockingSeverity(l.businessSeverity, blocking),
    );
    if (severe.length > 0)
      return failed(
        `Open ${severe.length === 1 ? 'defect' : 'defects'} at a blocking severity: ${severe.map((l) => `${l.key} (${l.businessSeverity ?? ''})`).join(', ')}.`,
      );
    if (unknown.length > 0) {
      return failed(
        `Open ${unknown.length === 1 ? 'defect has' : 'defects have'} no business severity: ${unknown.map((l) => l.key).join(', ')}.`,
        'ba',
        'Set the business severity of each linked defect so it can be triaged.',
      );
    }
    return pass(
      bugs.length
        ? `${plural(bugs.length, 'open defect')}, none at a blocking severity.`
        : 'No open linked defects.',
    );
  },

  'story.accepted': ({ story, criteria, policy }) => {
    if (criteria.fingerprint === null)
      return failed(
        'No acceptance criteria to accept the story against.',
        'ba',
        'Write the acceptance criteria; the PO approves them and later accepts the story against them.',
      );
    const decision = latest(story.records, 'story.acceptance', (r) => actsAs(r.by, 'po', policy));
    if (!decision) return failed('Not accepted by the PO yet.');
    if (decision.decision === 'rejected') {
      return failed(
        `Rejected by ${who(decision.by)} on ${day(decision.at)}${decision.reason ? `: ${decision.reason}` : ''}.`,
        'dev',
        "Rework the story against the PO's reason; the PO then reviews it again.",
      );
    }
    if (isOlderFingerprintFormat(decision.acFingerprint))
      return failed(
        `The PO's acceptance of ${day(decision.at)} was recorded ${OLDER_FORMAT} — the PO must accept the story again.`,
      );
    if (!current(decision, criteria.fingerprint))
      return failed(
        `AC changed after the PO accepted the story on ${day(decision.at)} — the PO must review it again.`,
      );
    return pass(`Accepted by ${who(decision.by)} on ${day(decision.at)}.`);
  },
};
