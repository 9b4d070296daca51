import type { RuleParams, StoryRuleId } from '../catalogue.js';
import type { CriteriaSet, Criterion } from '../criteria/index.js';
import { isOlderFingerprintFormat } from '../criteria/fingerprint.js';
import { lintKeyed } from '../criteria/lint.js';
import type { Policy } from '../policy.js';
import { latest, type GateRecord, type QaEvidence } from '../records.js';
import type { Story } from '../story.js';
import { actsAs, day, isBlockingSeverity, plural, who } from './context.js';
import { failed, pass, skip, type Finding } from './finding.js';

/** A PO approval finding, with who approved and when for the verdict's facts. */
export type Approval = Finding & { readonly by?: string; readonly at?: string };

/** What QA's evidence for the current criteria says, per criterion. */
export interface Coverage {
  /** How many criteria the deciding evidence passed. */
  readonly passing: number;
  /** How many criteria the deciding evidence failed. */
  readonly failing: number;
  /** The deciding evidence of the first criterion, in order, that it failed. */
  readonly firstFailure: QaEvidence | undefined;
  /** The criteria whose deciding evidence did not pass (failed, or there is none), in order. */
  readonly notPassing: readonly Criterion[];
  /** The newest passing evidence, for the verdict's facts. */
  readonly newest: QaEvidence | undefined;
  /** Evidence dated after the evaluation clock: no clock of the app's can have made it, so it fails the rule. */
  readonly future: readonly QaEvidence[];
}

/**
 * Everything a story rule may read. The judgement of a story works out its criteria, the PO approval and the
 * evidence coverage once and hands them to every rule (and to the verdict's facts). `coverage` is worked out
 * on first use (only `qa.evidence` needs it; the ready gate never does) and then kept for the story.
 */
export interface StoryContext {
  readonly story: Story;
  readonly criteria: CriteriaSet;
  /** The comparison key of each criterion, in order. */
  readonly keys: readonly string[];
  readonly policy: Policy;
  readonly approval: Approval;
  readonly coverage: () => Coverage;
}

/** A story rule: what it finds for one story, given its parameters as its catalogue schema outputs them. */
export type StoryRule<Id extends StoryRuleId> = (ctx: StoryContext, params: RuleParams<Id>) => Finding;

function current(r: { acFingerprint: string }, fp: string | null): boolean {
  return fp !== null && r.acFingerprint === fp;
}

/** Why a record made for other criteria is stale, when the reason is an older fingerprint format. */
const OLDER_FORMAT = 'with an older ReadyGate version of the AC fingerprint';

/** The PO approval that covers the current criteria, or why there is none. */
export function acApproval(story: Story, criteria: CriteriaSet, policy: Policy): Approval {
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

/**
 * QA's evidence for the current criteria, per criterion: the newest evidence covering a criterion decides, and
 * when passed and failed evidence carry the same time the failure decides (list order must not). Evidence
 * dated after `now` is set apart: it fails the rule whatever it says.
 */
export function evidenceCoverage(story: Story, criteria: CriteriaSet, policy: Policy, now: number): Coverage {
  // The evidence that counts and its times, side by side; a criterion's deciding evidence is an index into them.
  // Numbers and plain arrays rather than a Set, a Map and a wrapper object per record: this runs for every
  // story of the done and merge gates.
  const dated: QaEvidence[] = [];
  const times: number[] = [];
  let newest: QaEvidence | undefined;
  let newestAt = Number.NEGATIVE_INFINITY;
  const future: QaEvidence[] = [];
  for (const r of story.records) {
    if (r.kind !== 'qa.evidence' || r.acFingerprint !== criteria.fingerprint || !actsAs(r.by, 'qa', policy))
      continue;
    const at = Date.parse(r.at);
    // An unreadable time cannot be ordered: like a future one, it cannot be trusted to be the newest.
    if (!(at <= now)) {
      future.push(r);
      continue;
    }
    if (r.result === 'passed' && at >= newestAt) {
      newest = r;
      newestAt = at;
    }
    dated.push(r);
    times.push(at);
  }
  const deciding = new Map<string, number>();
  for (let i = 0; i < dated.length; i++) {
    const r = dated[i];
    const at = times[i];
    if (r === undefined || at === undefined) continue;
    for (const id of r.covers) {
      const seen = deciding.get(id);
      const seenAt = seen === undefined ? undefined : times[seen];
      if (seenAt === undefined || at > seenAt || (at === seenAt && r.result === 'failed'))
        deciding.set(id, i);
    }
  }
  let passing = 0;
  let failing = 0;
  let firstFailure: QaEvidence | undefined;
  const notPassing: Criterion[] = [];
  for (const c of criteria.criteria) {
    const i = deciding.get(c.id);
    const e = i === undefined ? undefined : dated[i];
    if (e?.result === 'passed') {
      passing++;
      continue;
    }
    notPassing.push(c);
    if (e !== undefined) {
      failing++;
      firstFailure ??= e;
    }
  }
  return { passing, failing, firstFailure, notPassing, newest, future };
}

/**
 * The newest passing evidence for the current criteria, for the verdict's facts: what `evidenceCoverage`
 * reports as `newest`, without building the per-criterion maps.
 */
export function newestPassingEvidence(
  story: Story,
  criteria: CriteriaSet,
  policy: Policy,
  now: number,
): QaEvidence | undefined {
  let newest: QaEvidence | undefined;
  let newestAt = Number.NEGATIVE_INFINITY;
  for (const r of story.records) {
    if (
      r.kind !== 'qa.evidence' ||
      r.result !== 'passed' ||
      r.acFingerprint !== criteria.fingerprint ||
      !actsAs(r.by, 'qa', policy)
    )
      continue;
    const at = Date.parse(r.at);
    if (at <= now && at >= newestAt) {
      newest = r;
      newestAt = at;
    }
  }
  return newest;
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

const rules = {
  'ac.present': ({ criteria }, { min }) => {
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

  'ac.testable': ({ criteria, keys }, { vagueWords }) => {
    if (criteria.criteria.length === 0 && criteria.unread === undefined) return skip('No criteria to lint.');
    const lint = lintKeyed(criteria.criteria, keys, { vagueWords, unread: criteria.unread }, true);
    const [first] = lint;
    if (!first) return pass('Every criterion states a verifiable outcome.');
    const more = lint.length > 1 ? ` (+${lint.length - 1} more)` : '';
    return failed(`${plural(lint.length, 'criterion problem')}: ${first.message}${more}`);
  },

  'ac.approved': ({ approval }) => {
    return 'skip' in approval ? approval : approval.pass ? pass(approval.message) : approval;
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

  'story.estimated': ({ story }, { max }) => {
    if (story.estimate === null) return failed('No estimate.');
    if (!Number.isFinite(story.estimate) || story.estimate < 0)
      return failed(
        `Estimate ${story.estimate} is not a story size.`,
        'dev',
        'Re-estimate the story in points (0 or more) in Jira.',
      );
    if (story.estimate > max) {
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

  'qa.evidence': ({ story, criteria, coverage: coverageOf }, { fullCoverage }) => {
    if (criteria.fingerprint === null)
      return failed(
        'No acceptance criteria to test against.',
        'ba',
        'Write the acceptance criteria; the PO approves them, then QA records evidence.',
      );
    const coverage = coverageOf();
    const { passing, failing, firstFailure, notPassing, newest, future } = coverage;
    const [firstFuture] = future;
    if (firstFuture) {
      return failed(
        `QA evidence dated ${firstFuture.at} is later than this check (${firstFuture.url}) — a record cannot come from the future, so it does not count.`,
        'qa',
        'Record the evidence again in the ReadyGate panel; if the date is right, check the clock of the machine that recorded it.',
      );
    }
    if (firstFailure) {
      return failed(
        `QA evidence failed for ${plural(failing, 'criterion', 'criteria')} (${firstFailure.url}).`,
        'dev',
        'Fix the failures; QA then re-tests and records passing evidence.',
      );
    }
    const total = criteria.criteria.length;
    if (passing === 0) {
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
    if (fullCoverage && passing < total) {
      // No evidence failed (that returned above), so the criteria not passing are those without evidence.
      return failed(
        `QA evidence covers ${passing} of ${total} criteria; not covered: ${notPassing
          .slice(0, 2)
          .map((c) => quote(c.text, 40))
          .join(', ')}${notPassing.length > 2 ? ', …' : ''}.`,
      );
    }
    return pass(`Passing evidence for ${passing} of ${total} criteria${newest ? `: ${newest.url}` : ''}.`);
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
} satisfies { readonly [Id in StoryRuleId]: StoryRule<Id> };

/** The story rules, keyed by rule id: every story-scope rule of the catalogue has exactly one. */
export const STORY_RULES: { readonly [Id in StoryRuleId]: StoryRule<Id> } = rules;
