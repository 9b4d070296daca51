import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import {
  evaluate,
  ReleaseRecordSchema,
  releaseProperty,
  ROLE_LABEL,
  sign,
  versionFingerprint,
  type ReleaseRecord,
  type Role,
  type Story,
  type Verdict,
} from '@readygate/rules';
import { fieldsFor, JiraError, toStory, type IssueBean, type JiraClient } from '@readygate/jira';
import { WorkflowError } from './errors.js';
import { parseInput, run } from './outcome.js';
import { loadSettings, type ProjectSettings } from './policy-store.js';
import type { Caller, WorkflowPorts } from './ports.js';
import { listRecords, recordsOf } from './record-store.js';
import { releaseRecordKey, storedReleaseRecords } from './release-store.js';
import type { WorkflowResult } from './results.js';
import { RoleResolver } from './role-resolver.js';
import { SigningKeys } from './signing-keys.js';

const ProjectKey = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'a Jira project key such as ENR');
const VersionId = z.string().regex(/^[1-9]\d{0,17}$/, 'a Jira version id');
const Note = z.string().trim().min(1, 'a note is required').max(2000);

/** Input of {@link ReleaseWorkflows.loadReleases}: the project, and the version to show (default: the first unreleased). */
export const ReleasesInputSchema = z.object({ project: ProjectKey, versionId: VersionId.optional() });
/** Input of {@link ReleaseWorkflows.signOff}: BA advice, QA test results or Dev technical risk, on the version as shown. */
export const SignoffInputSchema = z.object({
  project: ProjectKey,
  versionId: VersionId,
  role: z.enum(['ba', 'qa', 'dev']),
  summary: Note,
  assessment: z.enum(['go', 'concerns', 'low-risk', 'medium-risk', 'high-risk']).optional(),
  contentFingerprint: z.string().min(1),
});
/** Input of {@link ReleaseWorkflows.decide}: the PO's go / no-go with a rationale, on the version as shown. */
export const DecisionInputSchema = z.object({
  project: ProjectKey,
  versionId: VersionId,
  decision: z.enum(['go', 'no-go']),
  rationale: Note,
  contentFingerprint: z.string().min(1),
});

/** A sign-off or decision as the page shows it. */
export interface ReleaseRecordView {
  readonly record: ReleaseRecord;
  /** The version changed since it was made (an issue added, AC changed, evidence failed, …). */
  readonly stale: boolean;
}

/** One version's checklist. */
export interface ReleaseChecklist {
  readonly version: { id: string; name: string; releaseDate: string | null };
  readonly contentFingerprint: string;
  readonly verdict: Verdict;
  readonly issues: number;
  readonly done: { pass: number; total: number };
  readonly openDefects: { severity: string; keys: string[]; blocking: boolean }[];
  readonly evidence: { covered: number; total: number };
  readonly accepted: { accepted: number; total: number };
  /** Newest sign-off per role (BA advice, QA test results, Dev technical risk), `null` when none. */
  readonly signoffs: Readonly<Record<'ba' | 'qa' | 'dev', ReleaseRecordView | null>>;
  readonly decision: ReleaseRecordView | null;
}

/** The Releases page. */
export interface ReleasesView {
  readonly project: string;
  readonly versions: { id: string; name: string; releaseDate: string | null }[];
  readonly checklist: ReleaseChecklist | null;
}

/** The Releases project page's use cases. */
export interface ReleaseWorkflows {
  /** The unreleased versions and one version's checklist, as the caller sees the project. */
  loadReleases(caller: Caller, input: unknown): Promise<WorkflowResult<ReleasesView>>;
  /** A sign-off by someone holding that role; refused for another role or a version that changed since shown. */
  signOff(caller: Caller, input: unknown): Promise<WorkflowResult<ReleasesView>>;
  /** The PO's go / no-go; refused for anyone else or a version that changed since shown. */
  decide(caller: Caller, input: unknown): Promise<WorkflowResult<ReleasesView>>;
}

const VersionSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  released: z.boolean().optional(),
  archived: z.boolean().optional(),
  releaseDate: z.string().optional(),
  projectId: z.union([z.string(), z.number()]).optional(),
});

/**
 * A release record to add: to which version (as the caller saw it: `shownFingerprint` is the content fingerprint
 * the page showed), under which role, and how to make the record once the checks pass.
 */
interface ReleaseEntry {
  readonly project: string;
  readonly versionId: string;
  readonly role: Role;
  readonly shownFingerprint: string;
  readonly make: (by: ReleaseRecord['by'], at: string, content: string) => ReleaseRecord;
}

/** Builds the release use cases. */
export function createReleaseWorkflows(ports: WorkflowPorts): ReleaseWorkflows {
  const { store, clock, jira } = ports;
  const keys = new SigningKeys(store, ports.secrets, clock);
  const roles = new RoleResolver(jira, clock, ports.roleCacheMs ?? 60_000);
  const randomId = ports.randomId ?? (() => randomUUID().replaceAll('-', '').slice(0, 16));

  const releaseRecords = (versionId: string): Promise<ReleaseRecord[]> =>
    storedReleaseRecords(store, versionId);

  /** Versions as the caller sees the project (a project they cannot see is `not-visible`). */
  async function versionsOf(client: JiraClient, project: string): Promise<z.infer<typeof VersionSchema>[]> {
    try {
      return (await client.projectVersions(project)).map((v) => VersionSchema.parse(v));
    } catch (err) {
      if (err instanceof JiraError && (err.code === 'not-found' || err.code === 'forbidden'))
        throw new WorkflowError(
          'not-visible',
          `Project ${project} does not exist or you cannot see it: open Releases from the project's sidebar.`,
        );
      throw err;
    }
  }

  async function checklist(
    client: JiraClient,
    project: string,
    version: z.infer<typeof VersionSchema>,
    settings: ProjectSettings,
  ): Promise<ReleaseChecklist> {
    const policy = settings.policy;
    const beans: IssueBean[] = [];
    for await (const b of client.versionIssues(project, version.name, {
      fields: [...fieldsFor(policy.fields), 'project'],
      pageSize: 100,
    }))
      beans.push(b);
    const stories: Story[] = [];
    for (const b of beans) {
      const mapped = toStory(b, { fields: policy.fields, keys: [] });
      stories.push({ ...mapped, records: recordsOf(await listRecords(store, mapped.id)), untrusted: [] });
    }
    const records = await releaseRecords(version.id);
    const content = versionFingerprint(stories);
    const verdict = evaluate(
      'release',
      {
        version: { id: version.id, name: version.name, projectKey: project },
        stories,
        records,
        untrusted: [],
      },
      policy,
      { now: clock.now() },
    );
    const judged = verdict.stories.filter((s) => s.judged);
    const passed = (rule: string) =>
      judged.filter((s) => s.outcomes.some((o) => o.rule === rule && o.outcome === 'pass')).length;
    const withRule = (rule: string) =>
      judged.filter((s) => s.outcomes.some((o) => o.rule === rule && o.outcome !== 'skip')).length;
    const blockingKeys = new Set(
      verdict.stories
        .filter((s) => s.outcomes.some((o) => o.rule === 'release.defects' && o.outcome === 'fail'))
        .map((s) => s.key),
    );
    const defects = new Map<string, string[]>();
    for (const s of stories)
      if (s.type.toLowerCase() === 'bug' && s.status.category !== 'done') {
        const sev = s.businessSeverity ?? 'no business severity';
        defects.set(sev, [...(defects.get(sev) ?? []), s.key]);
      }
    const view = (r: ReleaseRecord | undefined): ReleaseRecordView | null =>
      r === undefined ? null : { record: r, stale: r.contentFingerprint !== content };
    const newest = (pred: (r: ReleaseRecord) => boolean) => [...records].reverse().find(pred);
    return {
      version: { id: version.id, name: version.name, releaseDate: version.releaseDate ?? null },
      contentFingerprint: content,
      verdict,
      issues: stories.length,
      done: { pass: judged.filter((s) => s.pass).length, total: judged.length },
      openDefects: [...defects].map(([severity, keys]) => ({
        severity,
        keys,
        // What the release gate itself holds against each defect (the policy's blocking severities).
        blocking: keys.some((k) => blockingKeys.has(k)),
      })),
      evidence: { covered: passed('qa.evidence'), total: withRule('qa.evidence') },
      accepted: { accepted: passed('story.accepted'), total: withRule('story.accepted') },
      signoffs: {
        ba: view(newest((r) => r.kind === 'release.signoff' && r.role === 'ba')),
        qa: view(newest((r) => r.kind === 'release.signoff' && r.role === 'qa')),
        dev: view(newest((r) => r.kind === 'release.signoff' && r.role === 'dev')),
      },
      decision: view(newest((r) => r.kind === 'release.decision')),
    };
  }

  async function page(caller: Caller, project: string, versionId: string | undefined): Promise<ReleasesView> {
    const client = jira.asUser(caller.accountId);
    const all = await versionsOf(client, project);
    const open = all.filter((v) => v.released !== true && v.archived !== true);
    const chosen = versionId === undefined ? open[0] : all.find((v) => v.id === versionId);
    if (versionId !== undefined && chosen === undefined)
      throw new WorkflowError(
        'not-visible',
        `Version ${versionId} is not a version of project ${project}: reload the page.`,
      );
    const projectId = chosen?.projectId === undefined ? undefined : String(chosen.projectId);
    const settings = await loadSettings(store, projectId, project);
    return {
      project,
      versions: open.map((v) => ({ id: v.id, name: v.name, releaseDate: v.releaseDate ?? null })),
      checklist: chosen === undefined ? null : await checklist(client, project, chosen, settings),
    };
  }

  async function record(caller: Caller, entry: ReleaseEntry): Promise<ReleasesView> {
    const { project, versionId, role, shownFingerprint, make } = entry;
    const before = await page(caller, project, versionId);
    const list = before.checklist;
    if (list === null)
      throw new WorkflowError('not-visible', `Version ${versionId} was not found: reload the page.`);
    const version = (await versionsOf(jira.asUser(caller.accountId), project)).find(
      (v) => v.id === versionId,
    );
    const settings = await loadSettings(
      store,
      version?.projectId === undefined ? undefined : String(version.projectId),
      project,
    );
    const held = await roles.rolesOf(caller.accountId, project, settings.policy);
    if (!held.includes(role)) {
      const mine = held.length === 0 ? 'no ReadyGate role' : held.map((r) => ROLE_LABEL[r]).join(', ');
      const what = role === 'po' ? 'decide go / no-go' : `sign off as ${ROLE_LABEL[role]}`;
      throw new WorkflowError(
        'forbidden-role',
        `Only the ${ROLE_LABEL[role]} can ${what} for version ${list.version.name} (you hold ${mine}): ask a Jira admin to add you to the ${ROLE_LABEL[role]} project role of ${project}.`,
      );
    }
    if (shownFingerprint !== list.contentFingerprint)
      throw new WorkflowError(
        'stale',
        `Version ${list.version.name} changed since you opened the page (issues, criteria, evidence or status): reload it and check the checklist again.`,
      );
    const at = clock.now().toISOString();
    const by: ReleaseRecord['by'] = {
      accountId: caller.accountId,
      role,
      ...(caller.displayName === undefined ? {} : { displayName: caller.displayName }),
    };
    const rec = ReleaseRecordSchema.parse(make(by, at, list.contentFingerprint));
    if (!(await store.setIfAbsent(releaseRecordKey(versionId, Date.parse(at), randomId()), rec)))
      throw new WorkflowError('storage', 'Could not store the release record: try again.');
    // The signed project property the GitHub Action's release mode reads; storage stays the truth.
    const key = await keys.current();
    const envelope = sign(
      { records: await releaseRecords(versionId) },
      { kind: 'version', projectKey: project, versionId },
      key,
      clock.now(),
    );
    await jira.asApp().setProjectProperty(project, releaseProperty(versionId), envelope);
    return page(caller, project, versionId);
  }

  return {
    loadReleases: (caller, input) =>
      run(async () => {
        const { project, versionId } = parseInput(ReleasesInputSchema, input, 'releases');
        return page(caller, project, versionId);
      }),
    signOff: (caller, input) =>
      run(async () => {
        const i = parseInput(SignoffInputSchema, input, 'release sign-off');
        return record(caller, {
          project: i.project,
          versionId: i.versionId,
          role: i.role,
          shownFingerprint: i.contentFingerprint,
          make: (by, at, content) => ({
            kind: 'release.signoff',
            by,
            at,
            contentFingerprint: content,
            role: i.role,
            summary: i.summary,
            ...(i.assessment === undefined ? {} : { assessment: i.assessment }),
          }),
        });
      }),
    decide: (caller, input) =>
      run(async () => {
        const i = parseInput(DecisionInputSchema, input, 'release decision');
        return record(caller, {
          project: i.project,
          versionId: i.versionId,
          role: 'po',
          shownFingerprint: i.contentFingerprint,
          make: (by, at, content) => ({
            kind: 'release.decision',
            by,
            at,
            contentFingerprint: content,
            decision: i.decision,
            rationale: i.rationale,
          }),
        });
      }),
  };
}
