import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import {
  canonicalJson,
  formatPath,
  GateRecordSchema,
  parsePolicy,
  POLICY_PROPERTY,
  ROLE_LABEL,
  sign,
  readSigned,
  type GateRecord,
  type Policy,
  type Role,
  type Story,
} from '@readygate/rules';
import { JiraError } from '@readygate/jira';
import type { Workflows } from './api.js';
import { WorkflowError } from './errors.js';
import { readIssue, type LoadedIssue } from './issue-reader.js';
import { firstLine, parseInput, run } from './outcome.js';
import {
  AcceptStoryInputSchema,
  AddEvidenceInputSchema,
  ApproveAcInputSchema,
  IssueInputSchema,
  IssueUpdatedEventSchema,
  MarkAcReadyInputSchema,
  ProjectInputSchema,
  RejectStoryInputSchema,
  ReviewTestabilityInputSchema,
  SaveSettingsInputSchema,
  ValidateInputSchema,
} from './inputs.js';
import { checkMirror, writeMirror } from './mirror.js';
import { diffCriteria, summariseChanges } from './ac-diff.js';
import { badgeOf, buildPanel, currentCriteria, gateView } from './panel.js';
import { loadSettings as loadProjectSettings, saveSettings as saveProjectSettings } from './policy-store.js';
import type { Caller, WorkflowPorts } from './ports.js';
import { appendRecord, listRecords, recordsOf, type StoredRecord } from './record-store.js';
import type { ActionResult, MirrorStatus, PublicKeyView, WorkflowResult } from './results.js';
import { RoleResolver } from './role-resolver.js';
import { SigningKeys } from './signing-keys.js';
import { workflowSnippet } from './snippet.js';
import { recordAcEdit } from './health-patterns.js';

const ROLE_FOR_ACTION: Readonly<Record<ActionKind, Role>> = {
  'mark AC ready': 'ba',
  'approve AC': 'po',
  'accept story': 'po',
  'reject story': 'po',
  'review testability': 'qa',
  'add evidence': 'qa',
};
type ActionKind =
  'mark AC ready' | 'approve AC' | 'accept story' | 'reject story' | 'review testability' | 'add evidence';

/**
 * One of the actions on a story that {@link act} performs: its name, the schema of its input and how it makes
 * the record from that input and the story as it stands.
 */
interface StoryAction {
  readonly what: ActionKind;
  readonly schema: z.ZodType<{ issue: string; acFingerprint: string }>;
  readonly make: (
    input: never,
    ctx: { story: Story; by: GateRecord['by']; at: string; fingerprint: string; ids: Set<string> },
  ) => unknown;
}

/** Builds the use cases over the given ports. Make one per process: it caches roles for `roleCacheMs`. */
export function createWorkflows(ports: WorkflowPorts): Workflows {
  const { store, clock, jira } = ports;
  const keys = new SigningKeys(store, ports.secrets, clock);
  const roles = new RoleResolver(jira, clock, ports.roleCacheMs ?? 60_000);
  const randomId = ports.randomId ?? (() => randomUUID().replaceAll('-', '').slice(0, 16));
  const pendingKey = (issueId: string): string => `mirror-pending:${issueId}`;

  /** Writes the mirror; on a race with another writer, writes once more so the last write holds every record. */
  async function mirror(issue: { id: string; key: string }, stored: StoredRecord[]): Promise<StoredRecord[]> {
    const key = await keys.current();
    await writeMirror(jira.asApp(), { issue, records: recordsOf(stored), key, now: clock.now() });
    const after = await listRecords(store, issue.id);
    if (after.length !== stored.length) {
      await writeMirror(jira.asApp(), { issue, records: recordsOf(after), key, now: clock.now() });
    }
    await store.delete(pendingKey(issue.id));
    return after;
  }

  async function requireRole(
    caller: Caller,
    loaded: LoadedIssue,
    role: Role,
    what: ActionKind,
  ): Promise<Role[]> {
    const held = await roles.rolesOf(caller.accountId, loaded.project.key, loaded.settings.policy);
    if (held.includes(role)) return held;
    const mapping = loaded.settings.policy.roles[role];
    const via =
      mapping.projectRoles.length > 0
        ? `add you to the project role "${mapping.projectRoles.join('" or "')}" in ${loaded.project.key}`
        : `add your account to roles.${role} in the ReadyGate settings`;
    const mine = held.length === 0 ? 'no ReadyGate role' : held.map((r) => ROLE_LABEL[r]).join(', ');
    throw new WorkflowError(
      'forbidden-role',
      `Only the ${ROLE_LABEL[role]} can ${what} on ${loaded.story.key} (you hold ${mine}): ask a Jira admin to ${via}.`,
    );
  }

  async function act(
    caller: Caller,
    raw: unknown,
    action: StoryAction,
  ): Promise<WorkflowResult<ActionResult>> {
    const { what, schema, make } = action;
    return run(async () => {
      const input = parseInput(schema, raw, what);
      const loaded = await readIssue(store, jira.asUser(caller.accountId), input.issue);
      const role = ROLE_FOR_ACTION[what];
      const held = await requireRole(caller, loaded, role, what);
      const current = currentCriteria(loaded.story);
      if (current.fingerprint === null)
        throw new WorkflowError(
          'no-criteria',
          `${loaded.story.key} has no acceptance criteria to ${what} — BA: write them under an "Acceptance criteria" heading in the description (or in the AC field).`,
        );
      if (input.acFingerprint !== current.fingerprint)
        throw new WorkflowError(
          'stale',
          `The acceptance criteria of ${loaded.story.key} changed since you opened the panel: reload it and check the current criteria before you ${what} again.`,
        );
      const by: GateRecord['by'] = {
        accountId: caller.accountId,
        role,
        ...(caller.displayName === undefined ? {} : { displayName: caller.displayName }),
      };
      const candidate = make(input as never, {
        story: loaded.story,
        by,
        at: clock.now().toISOString(),
        fingerprint: current.fingerprint,
        ids: current.ids,
      });
      const parsed = GateRecordSchema.safeParse(candidate);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw new WorkflowError(
          'invalid-input',
          `The ${what} request is invalid at "${formatPath(first?.path ?? [])}": ${first?.message ?? 'unexpected input'}.`,
        );
      }
      const record = parsed.data;
      await appendRecord(store, loaded.story.id, { v: 1, record, criteria: current.snapshot }, randomId);
      let stored = await listRecords(store, loaded.story.id);
      const issue = { id: loaded.story.id, key: loaded.story.key };
      let mirrorStatus: MirrorStatus = { state: 'in-sync' };
      let notice = `Saved: ${what.replace(/^(\w)/, (c) => c.toUpperCase())} on ${issue.key}.`;
      try {
        stored = await mirror(issue, stored);
      } catch (err) {
        await store.set(pendingKey(issue.id), { at: clock.now().toISOString() }).catch(() => undefined);
        const why =
          err instanceof JiraError ? err.message : firstLine(err instanceof Error ? err.message : '');
        const message = `Saved in ReadyGate, but the copy on the Jira issue could not be updated (${why.replace(/\.$/, '')}); it is repaired the next time the panel loads.`;
        mirrorStatus = { state: 'pending', message };
        notice = message;
      }
      const panel = buildPanel({
        story: { ...loaded.story, records: recordsOf(stored) },
        projectKey: loaded.project.key,
        stored,
        policy: loaded.settings.policy,
        policySource: loaded.settings.source,
        roles: held,
        mirror: mirrorStatus,
      });
      return { record, notice, panel };
    });
  }

  /** Checks the mirror against storage and restores it when it is wrong. */
  async function repairMirror(loaded: LoadedIssue): Promise<MirrorStatus> {
    const issue = { id: loaded.story.id, key: loaded.story.key };
    const records = recordsOf(loaded.stored);
    const finding = checkMirror(loaded.property, issue, records, await keys.publicKeys());
    if (finding.ok) return { state: 'in-sync' };
    const pending = (await store.get(pendingKey(issue.id))) !== undefined;
    const what =
      pending && (finding.problem === 'older' || finding.problem === 'missing')
        ? `The last ReadyGate update of ${issue.key} could not be written to the Jira issue at the time`
        : finding.what;
    try {
      await mirror(issue, loaded.stored);
      return {
        state: 'restored',
        problem: finding.problem,
        message: `${what}; ReadyGate restored the current record from app storage.`,
      };
    } catch (err) {
      const why = err instanceof JiraError ? err.message : firstLine(err instanceof Error ? err.message : '');
      return {
        state: 'pending',
        problem: finding.problem,
        message: `${what}; it could not be restored now (${why.replace(/\.$/, '')}). ReadyGate's own storage still holds the records; the next load tries again.`,
      };
    }
  }

  async function requireAdmin(caller: Caller, ref: string): Promise<{ id: string; key: string }> {
    const project = await jira.projectAsUser(caller.accountId, ref);
    if (project === undefined)
      throw new WorkflowError(
        'not-visible',
        `Project ${ref} does not exist or you do not have permission to see it: open the settings from the project in Jira.`,
      );
    if (!project.canAdminister)
      throw new WorkflowError(
        'forbidden-role',
        `Only a project admin can change ReadyGate's settings for ${project.key}: ask a Jira admin for the "Administer projects" permission, or ask a project admin to make the change.`,
      );
    return { id: project.id, key: project.key };
  }

  async function signPolicy(project: { id: string; key: string }, policy: Policy): Promise<void> {
    const key = await keys.current();
    const envelope = sign(policy, { kind: 'project', id: project.id, key: project.key }, key, clock.now());
    await jira.asApp().setProjectProperty(project.key, POLICY_PROPERTY, envelope);
  }

  return {
    markAcReady: (caller, raw) =>
      act(caller, raw, {
        what: 'mark AC ready',
        schema: MarkAcReadyInputSchema,
        make: (_i, c) => ({
          kind: 'ac.authored',
          by: c.by,
          at: c.at,
          acFingerprint: c.fingerprint,
          criteriaCount: c.ids.size,
        }),
      }),

    approveAc: (caller, raw) =>
      act(caller, raw, {
        what: 'approve AC',
        schema: ApproveAcInputSchema,
        make: (i: z.infer<typeof ApproveAcInputSchema>, c) => ({
          kind: 'ac.approval',
          by: c.by,
          at: c.at,
          acFingerprint: c.fingerprint,
          ...(i.note === undefined || i.note === '' ? {} : { note: i.note }),
        }),
      }),

    acceptStory: (caller, raw) =>
      act(caller, raw, {
        what: 'accept story',
        schema: AcceptStoryInputSchema,
        make: (_i, c) => ({
          kind: 'story.acceptance',
          by: c.by,
          at: c.at,
          acFingerprint: c.fingerprint,
          decision: 'accepted',
        }),
      }),

    rejectStory: (caller, raw) =>
      act(caller, raw, {
        what: 'reject story',
        schema: RejectStoryInputSchema,
        make: (i: z.infer<typeof RejectStoryInputSchema>, c) => ({
          kind: 'story.acceptance',
          by: c.by,
          at: c.at,
          acFingerprint: c.fingerprint,
          decision: 'rejected',
          reason: i.reason,
        }),
      }),

    reviewTestability: (caller, raw) =>
      act(caller, raw, {
        what: 'review testability',
        schema: ReviewTestabilityInputSchema,
        make: (i: z.infer<typeof ReviewTestabilityInputSchema>, c) => ({
          kind: 'testability.review',
          by: c.by,
          at: c.at,
          acFingerprint: c.fingerprint,
          testable: i.testable,
          gaps: i.gaps,
        }),
      }),

    addEvidence: (caller, raw) =>
      act(caller, raw, {
        what: 'add evidence',
        schema: AddEvidenceInputSchema,
        make: (i: z.infer<typeof AddEvidenceInputSchema>, c) => {
          const unknown = i.covers.filter((id) => !c.ids.has(id));
          if (unknown.length > 0)
            throw new WorkflowError(
              'invalid-input',
              `Evidence can only cover criteria of the current AC of ${c.story.key}; ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among them: reload the panel and choose the criteria again.`,
              unknown.map((id) => ({
                code: 'input.unknown-criterion',
                path: 'covers',
                message: `${id} is not a current criterion`,
              })),
            );
          return {
            kind: 'qa.evidence',
            by: c.by,
            at: c.at,
            acFingerprint: c.fingerprint,
            evidenceKind: i.evidenceKind,
            url: i.url,
            result: i.result,
            covers: [...new Set(i.covers)],
            ...(i.note === undefined || i.note === '' ? {} : { note: i.note }),
          };
        },
      }),

    loadPanel: (caller, raw) =>
      run(async () => {
        const input = parseInput(IssueInputSchema, raw, 'panel');
        const loaded = await readIssue(store, jira.asUser(caller.accountId), input.issue);
        const [held, mirrorStatus] = await Promise.all([
          roles.rolesOf(caller.accountId, loaded.project.key, loaded.settings.policy),
          repairMirror(loaded),
        ]);
        return buildPanel({
          story: loaded.story,
          projectKey: loaded.project.key,
          stored: loaded.stored,
          policy: loaded.settings.policy,
          policySource: loaded.settings.source,
          roles: held,
          mirror: mirrorStatus,
        });
      }),

    loadBadge: (caller, raw) =>
      run(async () => {
        const input = parseInput(IssueInputSchema, raw, 'issue context');
        const loaded = await readIssue(store, jira.asUser(caller.accountId), input.issue);
        return badgeOf(gateView('ready', loaded.story, loaded.settings.policy));
      }),

    async validateTransition(raw) {
      const rawKey =
        typeof raw === 'object' && raw !== null
          ? (raw as { issue?: { key?: unknown } }).issue?.key
          : undefined;
      const ref = typeof rawKey === 'string' ? rawKey.slice(0, 40) : 'the issue';
      const res = await run(async () => {
        const input = parseInput(ValidateInputSchema, raw, 'workflow validator');
        const loaded = await readIssue(store, jira.asApp(), input.issue.key);
        const view = gateView(input.gate, loaded.story, loaded.settings.policy);
        if (view.pass) return { result: true };
        const word = input.gate === 'ready' ? 'ready' : 'done';
        const gaps = view.failing.map((g) => `${g.title} (${g.ownerLabel}): ${g.message.replace(/\.$/, '')}`);
        return {
          result: false,
          errorMessage: `ReadyGate: ${loaded.story.key} is not ${word} — ${gaps.join('; ')}. Fix these in the ReadyGate panel, then try again.`,
        };
      });
      if (res.ok) return res.value;
      // Fail closed: a story ReadyGate could not judge does not move.
      return { result: false, errorMessage: `ReadyGate could not check ${ref}: ${res.error.message}` };
    },

    loadSettings: (caller, raw) =>
      run(async () => {
        const input = parseInput(ProjectInputSchema, raw, 'settings');
        const project = await requireAdmin(caller, input.project);
        const settings = await loadProjectSettings(store, project.id, project.key);
        const app = jira.asApp();
        const [projectRoles, fields, publicKeys, property] = await Promise.all([
          roles.roleNames(project.key),
          app.listFields(),
          keys.views(),
          app.getProjectProperty(project.key, POLICY_PROPERTY),
        ]);
        // A project property that does not carry the saved policy (edited, lost to a failed write) is signed again.
        if (settings.source !== 'built-in default policy') {
          const v = readSigned(
            property,
            await keys.publicKeys(),
            { kind: 'project', ...project },
            z.unknown(),
          );
          if (!v.ok || v.envelope === null || canonicalJson(v.value) !== canonicalJson(settings.policy))
            await signPolicy(project, settings.policy).catch(() => undefined);
        }
        return {
          project,
          policy: settings.policy,
          policyJson: JSON.stringify(settings.policy, null, 2),
          policySource: settings.source,
          notifications: settings.notifications,
          projectRoles,
          fields: fields.map((f) => ({ id: f.id, name: f.name })),
          publicKeys,
          workflowSnippet: workflowSnippet(publicKeys),
        };
      }),

    saveSettings: (caller, raw) =>
      run(async () => {
        const input = parseInput(SaveSettingsInputSchema, raw, 'save settings');
        const project = await requireAdmin(caller, input.project);
        const parsed = parsePolicy(input.policy);
        if (!parsed.ok) {
          const first = parsed.issues[0];
          const n = parsed.issues.length;
          throw new WorkflowError(
            'invalid-input',
            `The policy was not saved: ${n} ${n === 1 ? 'problem' : 'problems'}, the first at "${first?.path ?? ''}": ${first?.message ?? 'invalid'}`,
            parsed.issues,
          );
        }
        const previous = await loadProjectSettings(store, project.id, project.key).catch(() => undefined);
        const notifications = input.notifications ??
          previous?.notifications ?? { staleApprovalComment: true };
        await saveProjectSettings(store, project, {
          policy: parsed.value,
          notifications,
          by: caller.accountId,
          at: clock.now(),
        });
        let notice = `Policy saved for ${project.key}; the GitHub Action reads the signed copy.`;
        try {
          await signPolicy(project, parsed.value);
        } catch (err) {
          const why =
            err instanceof JiraError ? err.message : firstLine(err instanceof Error ? err.message : '');
          notice = `Policy saved for ${project.key}, but the signed copy for the GitHub Action could not be written (${why.replace(/\.$/, '')}); it is written again when the settings page next loads.`;
        }
        return { policy: parsed.value, notice };
      }),

    rotateKey: (caller, raw) =>
      run(async () => {
        const input = parseInput(ProjectInputSchema, raw, 'rotate key');
        await requireAdmin(caller, input.project);
        await keys.rotate();
        const publicKeys: PublicKeyView[] = await keys.views();
        return { publicKeys };
      }),

    publicKeys: () => keys.views(),

    onIssueUpdated: (raw) =>
      run(async () => {
        const event = parseInput(IssueUpdatedEventSchema, raw, 'issue updated');
        const issueId = event.issue.id;
        // Only edits that can touch the AC matter (description, or a custom field such as a dedicated AC field).
        const items = event.changelog?.items;
        const touchesAc =
          items === undefined ||
          items.some((it) => {
            const id = it.fieldId ?? it.field ?? '';
            return (
              id === 'description' || id.startsWith('customfield_') || /acceptance/i.test(it.field ?? '')
            );
          });
        if (!touchesAc) return { approvalStale: false, commented: false };
        const stored = await listRecords(store, issueId);
        const approval = [...stored].reverse().find((s) => s.record.kind === 'ac.approval');
        if (approval === undefined) return { approvalStale: false, commented: false };
        const loaded = await readIssue(store, jira.asApp(), issueId);
        const current = currentCriteria(loaded.story);
        if (approval.record.acFingerprint === current.fingerprint)
          return { approvalStale: false, commented: false };
        await recordAcEdit(store, {
          event,
          issueKey: loaded.story.key,
          approvalAt: approval.record.at,
          now: clock.now(),
        });
        if (!loaded.settings.notifications.staleApprovalComment)
          return { approvalStale: true, commented: false };
        // One comment per approval that went stale, however many edits follow: the claim is atomic (FAIL_IF_EXISTS).
        const claim = `notified:${issueId}:${approval.record.at.replace(/[^0-9]/g, '')}`;
        if (!(await store.setIfAbsent(claim, { at: clock.now().toISOString() })))
          return { approvalStale: true, commented: false };
        const summary = summariseChanges(diffCriteria(approval.criteria, current.snapshot));
        const body = {
          type: 'doc',
          version: 1,
          content: [
            {
              type: 'paragraph',
              content: [
                { type: 'mention', attrs: { id: approval.record.by.accountId } },
                {
                  type: 'text',
                  text: ` the acceptance criteria changed after you approved them on ${approval.record.at.slice(0, 10)} (${summary}). Review them and approve again in the ReadyGate panel; until then the story is not ready and its PRs do not merge.`,
                },
              ],
            },
          ],
        };
        try {
          await jira.asApp().addComment(loaded.story.key, body);
        } catch (err) {
          // Let the next delivery of the event try again.
          await store.delete(claim).catch(() => undefined);
          throw err;
        }
        return { approvalStale: true, commented: true };
      }),
  };
}
