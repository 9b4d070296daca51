import * as z from 'zod';
import type { IssueUpdatedEvent } from './inputs.js';
import type { KeyValueStore } from './ports.js';
import { ROLE_LABEL, type FailurePattern, type GateRecord, type Story } from '@readygate/rules';

/** The patterns the health page adds to the rules' failure patterns, from app storage and Jira. */
export type HealthPatternId =
  FailurePattern['id'] | 'ac-edited-after-approval' | 'bugs-without-severity' | 'ac-approval-time';

/** A failure pattern as the PO health page shows it: the rules' patterns and the ones below. */
export interface HealthPattern extends Omit<FailurePattern, 'id'> {
  readonly id: HealthPatternId;
}

/**
 * An edit of an issue's AC (description or AC field) after the PO approved them, recorded by the issue-updated
 * trigger, append-only (`ac-edit:<issueId>:<changelog id>`). `by` is `null` when the event did not name the editor.
 */
export const AcEditSchema = z.object({
  v: z.literal(1),
  issue: z.object({ id: z.string(), key: z.string() }),
  projectKey: z.string(),
  by: z.string().nullable(),
  at: z.iso.datetime({ offset: true }),
  approvalAt: z.iso.datetime({ offset: true }),
});
/** One recorded AC edit after approval. */
export type AcEdit = z.infer<typeof AcEditSchema>;

/** Storage key prefix of an issue's recorded AC edits. */
export function acEditPrefix(issueId: string): string {
  return `ac-edit:${issueId}:`;
}

/** Past this median, the wait from "AC ready for review" to the PO's approval is flagged. */
export const APPROVAL_WAIT_WARNING_HOURS = 48;

/** How many issue keys a pattern's message names before "+N more". */
const NAMED = 5;

function pattern(parts: Omit<HealthPattern, 'message'> & { readonly what: string }): HealthPattern {
  const { what, ...rest } = parts;
  return { ...rest, message: `${what} — ${ROLE_LABEL[parts.owner]}: ${parts.fix}` };
}

function named(keys: readonly string[]): string {
  const shown = keys.slice(0, NAMED).join(', ');
  return keys.length > NAMED ? `${shown}, +${keys.length - NAMED} more` : shown;
}

const uniqueSorted = (keys: Iterable<string>): string[] =>
  [...new Set(keys)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

/**
 * "AC edited after approval by someone other than the BA": the recorded edits whose editor is not a BA of the
 * issue — not in the policy's BA accounts (when it lists any) and never the author of the issue's AC in the BA
 * role. Edits whose editor Jira did not name are not counted. `null` when there is none.
 */
export function acEditedByOthers(
  edits: readonly AcEdit[],
  recordsOf: (issueId: string) => readonly GateRecord[],
  policyBas: readonly string[],
): HealthPattern | null {
  const offending = edits.filter((e) => {
    if (e.by === null) return false;
    if (policyBas.includes(e.by)) return false;
    return !recordsOf(e.issue.id).some(
      (r) => r.kind === 'ac.authored' && r.by.role === 'ba' && r.by.accountId === e.by,
    );
  });
  if (offending.length === 0) return null;
  const keys = uniqueSorted(offending.map((e) => e.issue.key));
  const edits_ = offending.length === 1 ? '1 edit' : `${offending.length} edits`;
  return pattern({
    id: 'ac-edited-after-approval',
    severity: 'warning',
    owner: 'ba',
    what: `AC edited after PO approval by someone other than the BA: ${edits_} on ${named(keys)}`,
    fix: 'Review those edits with whoever made them; the BA changes the criteria and the PO approves them again.',
    evidence: keys,
  });
}

/** "Bugs without a business severity": the project's unresolved bugs whose business severity is empty. */
export function bugsWithoutSeverity(issues: readonly Story[], bugType = 'Bug'): HealthPattern | null {
  const keys = uniqueSorted(
    issues
      .filter((s) => s.type === bugType && s.status.category !== 'done')
      .filter((s) => s.businessSeverity === null || s.businessSeverity.trim() === '')
      .map((s) => s.key),
  );
  if (keys.length === 0) return null;
  const bugs = keys.length === 1 ? '1 unresolved bug has' : `${keys.length} unresolved bugs have`;
  return pattern({
    id: 'bugs-without-severity',
    severity: 'warning',
    owner: 'ba',
    what: `${bugs} no business severity: ${named(keys)}`,
    fix: "Set each bug's business severity, so the release gate can tell which ones block.",
    evidence: keys,
  });
}

/** Hours from each "AC ready for review" (`ac.authored`) to the PO approval of those same criteria. */
export function approvalWaits(records: readonly GateRecord[]): number[] {
  const byTime = [...records].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const waits: number[] = [];
  byTime.forEach((r, i) => {
    if (r.kind !== 'ac.authored') return;
    const approval = byTime
      .slice(i + 1)
      .find((a) => a.kind === 'ac.approval' && a.acFingerprint === r.acFingerprint);
    if (approval !== undefined) waits.push((Date.parse(approval.at) - Date.parse(r.at)) / 3_600_000);
  });
  return waits;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function duration(hours: number): string {
  return hours < 48 ? `${Math.round(hours * 10) / 10} h` : `${Math.round((hours / 24) * 10) / 10} days`;
}

/**
 * "Time from 'AC ready for review' to approval": the median wait over every approval that followed a BA's
 * "AC ready", with the slowest issues as evidence. A warning past {@link APPROVAL_WAIT_WARNING_HOURS}, otherwise
 * shown for information; `null` without any such approval.
 */
export function approvalTime(
  issues: readonly { key: string; records: readonly GateRecord[] }[],
): HealthPattern | null {
  const waits = issues.flatMap((i) => approvalWaits(i.records).map((h) => ({ key: i.key, h })));
  if (waits.length === 0) return null;
  const m = median(waits.map((w) => w.h));
  const slow = waits.filter((w) => w.h > APPROVAL_WAIT_WARNING_HOURS).sort((a, b) => b.h - a.h);
  const approvals = waits.length === 1 ? '1 approval' : `${waits.length} approvals`;
  const what = `AC waited a median ${duration(m)} from "ready for review" to PO approval (${approvals})`;
  return m > APPROVAL_WAIT_WARNING_HOURS
    ? pattern({
        id: 'ac-approval-time',
        severity: 'warning',
        owner: 'po',
        what: `${what}; slowest: ${named(slow.map((w) => w.key))}`,
        fix: `Review criteria marked ready within ${APPROVAL_WAIT_WARNING_HOURS / 24} days, so stories reach planning ready.`,
        evidence: uniqueSorted(slow.map((w) => w.key)),
      })
    : pattern({
        id: 'ac-approval-time',
        severity: 'info',
        owner: 'po',
        what,
        fix: `Keep approving within ${APPROVAL_WAIT_WARNING_HOURS / 24} days of the BA marking the criteria ready.`,
        evidence: uniqueSorted(slow.map((w) => w.key)),
      });
}

/**
 * Records that the issue's AC were edited after the PO approved them (the approval went stale), for the health
 * page. Append-only and once per changelog entry, so an event delivered twice records one edit.
 */
export async function recordAcEdit(
  store: KeyValueStore,
  edited: {
    readonly event: IssueUpdatedEvent;
    readonly issueKey: string;
    readonly approvalAt: string;
    readonly now: Date;
  },
): Promise<void> {
  const { event, issueKey, approvalAt, now } = edited;
  const at = now.toISOString();
  const edit: AcEdit = {
    v: 1,
    issue: { id: event.issue.id, key: issueKey },
    projectKey: issueKey.slice(0, issueKey.lastIndexOf('-')),
    by: event.atlassianId ?? null,
    at,
    approvalAt,
  };
  const entry = event.changelog?.id ?? `t${String(now.getTime()).padStart(13, '0')}`;
  await store.setIfAbsent(`${acEditPrefix(event.issue.id)}${entry}`, edit);
}
