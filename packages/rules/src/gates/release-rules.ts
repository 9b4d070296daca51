import type { ReleaseRuleId, RuleParams } from '../catalogue.js';
import type { Policy } from '../policy.js';
import type { ReleaseDecision, ReleaseRecord, ReleaseSignoff } from '../records.js';
import { ROLE_LABEL, type Role } from '../roles.js';
import type { Story, UntrustedRecord } from '../story.js';
import { actsAs, day, isBlockingSeverity, plural, who } from './context.js';
import { failed, pass, type Finding } from './finding.js';
import { allAre, listKeys } from './sprint-rules.js';
import type { StoryVerdict } from './verdict.js';
import { isOlderVersionFormat } from './version.js';

/** A release (a Jira fix version) with its issues and its verified release records. */
export interface ReleaseSubject {
  readonly version: { readonly id: string; readonly name: string; readonly projectKey: string };
  readonly stories: readonly Story[];
  readonly records: readonly ReleaseRecord[];
  readonly untrusted: readonly UntrustedRecord[];
}

/** Everything a release rule may read. */
export interface ReleaseContext {
  readonly subject: ReleaseSubject;
  readonly policy: Policy;
  /** Each issue's verdict under the Definition of Done, before the release's own per-issue findings. */
  readonly done: readonly StoryVerdict[];
  /** The version's content fingerprint now (see `versionFingerprint`). */
  readonly content: string;
}

/** A release rule: what it finds for the version as a whole. */
export type ReleaseRule<Id extends ReleaseRuleId> = (ctx: ReleaseContext, params: RuleParams<Id>) => Finding;

/** Whether an issue is a defect: `release.defects` judges those, `release.stories-done` the others. */
export function isDefect(story: Story): boolean {
  return story.type.toLowerCase() === 'bug';
}

/** An open defect blocks when its business severity is unset or at a blocking level. */
function blocks(story: Story, policy: Policy): boolean {
  return (
    story.businessSeverity === null ||
    isBlockingSeverity(story.businessSeverity, policy.release.blockingSeverities)
  );
}

/**
 * The release's own finding for one issue, shown in the version's issue list: an issue still open in Jira,
 * or an open defect that blocks, is never listed as passing. `null`: the release has nothing to add.
 */
export function releaseIssueFinding(
  story: Story,
  policy: Policy,
): { readonly rule: ReleaseRuleId; readonly finding: Finding } | null {
  if (story.status.category === 'done') return null;
  if (!isDefect(story))
    return {
      rule: 'release.stories-done',
      finding: failed(`Still open in Jira (${story.status.name}).`),
    };
  if (!blocks(story, policy)) return null;
  return {
    rule: 'release.defects',
    finding:
      story.businessSeverity === null
        ? failed(
            'Open defect with no business severity.',
            'ba',
            'Set the business severity of the defect, so it is clear whether it blocks the release.',
          )
        : failed(`Open defect at a blocking severity (${story.businessSeverity}).`),
  };
}

function untrustedNote(subject: ReleaseSubject): string {
  return subject.untrusted.length
    ? ` ${subject.untrusted.map((u) => u.message).join(' ')} It counts as no record.`
    : '';
}

/**
 * The record that decides among several of a kind: the newest; of two with the same time, the one `worse`
 * prefers (a tie must resolve toward failure, never by list order).
 */
function newest<R extends ReleaseRecord>(
  records: readonly R[],
  worse: (a: R, b: R) => boolean,
): R | undefined {
  let best: R | undefined;
  let bestAt = Number.NEGATIVE_INFINITY;
  for (const r of records) {
    const at = Date.parse(r.at);
    if (!best || at > bestAt || (at === bestAt && worse(r, best))) {
      best = r;
      bestAt = at;
    }
  }
  return best;
}

const rules = {
  'release.stories-done': ({ subject, done }) => {
    // Defects are release.defects' to judge (a minor known bug may ship), so neither count nor total has them.
    const counted = subject.stories.filter((s) => !isDefect(s));
    const open = counted.filter((s) => s.status.category !== 'done').map((s) => s.key);
    const countedKeys = new Set(counted.map((s) => s.key));
    const failingDone = done.filter((v) => !v.pass && countedKeys.has(v.key)).map((v) => v.key);
    if (failingDone.length === 0 && open.length === 0)
      return pass(
        allAre(
          done.filter((v) => v.judged && countedKeys.has(v.key)).length,
          'issue',
          'issues',
          'done and meet the Definition of Done',
        ),
      );
    const defects = subject.stories.length - counted.length;
    const aside = defects === 0 ? '' : ` (not counting ${plural(defects, 'defect')}, see release.defects)`;
    const parts: string[] = [];
    if (open.length)
      parts.push(
        `${open.length} of ${plural(counted.length, 'issue')}${aside} still open in Jira: ${listKeys(open)}`,
      );
    if (failingDone.length)
      parts.push(
        `${failingDone.length} ${failingDone.length === 1 ? 'fails' : 'fail'} the Definition of Done: ${listKeys(failingDone)}`,
      );
    return failed(`${parts.join('; ')}.`);
  },

  'release.defects': ({ subject, policy }) => {
    const open = subject.stories.filter((s) => isDefect(s) && s.status.category !== 'done');
    const severe = open.filter((s) => blocks(s, policy));
    if (severe.length === 0)
      return pass(
        open.length
          ? `${plural(open.length, 'open defect')}, none at a blocking severity.`
          : 'No open defects in the version.',
      );
    const message = `Open defects at a blocking or unset severity: ${severe.map((s) => `${s.key} (${s.businessSeverity ?? 'no severity'})`).join(', ')}.`;
    // Only untriaged defects: setting the business severity is the BA's part of triage, as in defects.resolved.
    if (severe.every((s) => s.businessSeverity === null))
      return failed(
        message,
        'ba',
        'Set the business severity of each listed defect, so it is clear whether it blocks the release.',
      );
    return failed(message);
  },

  'release.signoffs': ({ subject, policy, content }) => {
    const missing: string[] = [];
    const stale: string[] = [];
    const older: string[] = [];
    const owed: Role[] = [];
    for (const role of policy.release.requiredSignoffs) {
      const best = newest(
        subject.records.filter(
          (r): r is ReleaseSignoff =>
            r.kind === 'release.signoff' && r.role === role && actsAs(r.by, role, policy),
        ),
        () => false,
      );
      if (!best) missing.push(ROLE_LABEL[role]);
      else if (isOlderVersionFormat(best.contentFingerprint))
        older.push(`${ROLE_LABEL[role]} (signed ${day(best.at)})`);
      else if (best.contentFingerprint !== content)
        stale.push(`${ROLE_LABEL[role]} (signed ${day(best.at)})`);
      else continue;
      owed.push(role);
    }
    if (owed.length === 0)
      return pass(`Signed off by ${policy.release.requiredSignoffs.map((r) => ROLE_LABEL[r]).join(', ')}.`);
    const parts = [
      missing.length ? `missing from ${missing.join(', ')}` : '',
      stale.length ? `stale, the version changed after: ${stale.join(', ')}` : '',
      older.length
        ? `recorded with an older ReadyGate version of the version fingerprint, sign off again: ${older.join(', ')}`
        : '',
    ].filter(Boolean);
    const message = `Sign-offs ${parts.join('; ')}.${untrustedNote(subject)}`;
    // One role owing a sign-off owns the fix; several are the PO's to chase (the catalogue's fix).
    const [only] = owed;
    return owed.length === 1 && only
      ? failed(message, only, `Record the ${ROLE_LABEL[only]} sign-off on the ReadyGate release page.`)
      : failed(message);
  },

  'release.decision': ({ subject, policy, content }) => {
    const best = newest(
      subject.records.filter(
        (r): r is ReleaseDecision => r.kind === 'release.decision' && actsAs(r.by, 'po', policy),
      ),
      (a) => a.decision === 'no-go',
    );
    if (!best) return failed(`No go/no-go decision recorded by the PO.${untrustedNote(subject)}`);
    if (best.decision === 'no-go')
      return failed(`${who(best.by)} decided NO-GO on ${day(best.at)}: ${best.rationale}`);
    if (isOlderVersionFormat(best.contentFingerprint))
      return failed(
        `${who(best.by)}'s go decision on ${day(best.at)} was recorded with an older ReadyGate version of the version fingerprint — the PO must decide again.`,
      );
    if (best.contentFingerprint !== content) {
      return failed(
        `The version changed after ${who(best.by)}'s go decision on ${day(best.at)} — the PO must decide again.`,
      );
    }
    // A go must weigh every sign-off: one recorded after it (a QA concern, a Dev risk) reopens the decision.
    // A sign-off at the very time of the decision counts as after it: a tie resolves toward failure.
    const decidedAt = Date.parse(best.at);
    const later = subject.records.filter(
      (r): r is ReleaseSignoff =>
        r.kind === 'release.signoff' && actsAs(r.by, r.role, policy) && Date.parse(r.at) >= decidedAt,
    );
    if (later.length > 0) {
      const names = [...new Set(later.map((r) => ROLE_LABEL[r.role]))].join(', ');
      return failed(
        `${names} signed off after ${who(best.by)}'s go decision on ${day(best.at)} — the PO must decide again with that sign-off in view.`,
      );
    }
    return pass(`GO decided by ${who(best.by)} on ${day(best.at)}: ${best.rationale}`);
  },
} satisfies { readonly [Id in ReleaseRuleId]: ReleaseRule<Id> };

/** The release gate's own rules, keyed by rule id: every release-scope rule of the catalogue has exactly one. */
export const RELEASE_RULES: { readonly [Id in ReleaseRuleId]: ReleaseRule<Id> } = rules;
