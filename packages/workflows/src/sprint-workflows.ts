import * as z from 'zod';
import { evaluate, type Story, type StoryVerdict, type Verdict } from '@readygate/rules';
import type { JiraClient } from '@readygate/jira';
import { WorkflowError } from './errors.js';
import { readIssue } from './issue-reader.js';
import { loadSettings, projectIdOf, type ProjectSettings } from './policy-store.js';
import { parseInput, run } from './outcome.js';
import type { Caller, WorkflowPorts } from './ports.js';
import { queryAll } from './record-store.js';
import { RoleResolver } from './role-resolver.js';
import type { WorkflowResult } from './results.js';
import {
  KEYS_PER_JOB,
  SprintEventSchema,
  SprintJobSchema,
  ownerLabel,
  pushBatches,
  type Gap,
  type JobQueue,
  type SprintJob,
  type SprintRef,
} from './sprint-jobs.js';
import { loadSprintStories } from './sprint-stories.js';

/** The use cases' ports plus the queue the sprint triggers hand their work to. */
export interface SprintPorts extends WorkflowPorts {
  readonly queue: JobQueue;
  /**
   * Writes a sprint entity property as the app (Forge: `PUT /rest/agile/1.0/sprint/{id}/properties/{key}`), where
   * the start report's summary is kept beside storage. Without it, the report lives in storage only.
   */
  readonly sprintProperty?: (sprintId: number, key: string, value: unknown) => Promise<void>;
}

/** The sprint property holding the start report's summary. */
export const SPRINT_REPORT_PROPERTY = 'readygate.report';

/** The start report as the sprint property keeps it: the summary, under Jira's 32 768 characters. */
export function reportSummary(report: SprintReport): Record<string, unknown> {
  return {
    v: 1,
    sprintId: report.sprint.id,
    startDate: report.sprint.startDate,
    evaluatedAt: report.evaluatedAt,
    enforcement: report.enforcement,
    pass: report.pass,
    headline: report.headline,
    noGoal: report.noGoal,
    readyRate: report.readyRate,
    committedPoints: report.committedPoints,
    stories: report.stories.length,
    unready: report.stories.filter((s) => !s.ready).map((s) => s.key),
    moved: report.moved,
  };
}

/** A story of a sprint report: its verdict in one line and, when unready, its gaps' rules and owners. */
export const ReportStorySchema = z.object({
  id: z.string(),
  key: z.string(),
  ready: z.boolean(),
  points: z.number().nullable(),
  gaps: z.array(z.object({ rule: z.string(), owner: z.enum(['po', 'ba', 'qa', 'dev']) })),
});

/** What ReadyGate found and did when a sprint started: kept in storage for the sprint check and the metrics. */
export const SprintReportSchema = z.object({
  v: z.literal(1),
  sprint: z.object({
    id: z.number(),
    boardId: z.number().nullable(),
    name: z.string(),
    goal: z.string().nullable(),
    startDate: z.string(),
  }),
  projectKey: z.string().nullable(),
  evaluatedAt: z.string(),
  enforcement: z.enum(['move-to-backlog', 'report-only']),
  pass: z.boolean(),
  headline: z.string(),
  noGoal: z.boolean(),
  committedPoints: z.number(),
  readyRate: z.number().nullable(),
  stories: z.array(ReportStorySchema),
  /** The unready stories ReadyGate moved to the backlog (empty with `report-only`). */
  moved: z.array(z.string()),
  /** Whether the moves were done (a delivery that stopped between storing and moving finishes them). */
  movesDone: z.boolean(),
});
/** A sprint start report. */
export type SprintReport = z.infer<typeof SprintReportSchema>;

/** One change of a sprint's scope after its start. */
export const ScopeChangeSchema = z.object({
  sprintId: z.number(),
  issue: z.object({ id: z.string(), key: z.string() }),
  change: z.enum(['added', 'removed']),
  by: z.string().nullable(),
  at: z.string(),
  /** For an addition: whether the story was ready, and what ReadyGate did. */
  ready: z.boolean().nullable(),
  action: z.enum(['none', 'moved-to-backlog', 'commented']),
});
/** A recorded scope change. */
export type ScopeChange = z.infer<typeof ScopeChangeSchema>;

/** A sprint's completion, recorded when it closes; the PO's goal verdict and satisfaction are kept beside it. */
export const SprintCloseSchema = z.object({
  sprint: z.object({
    id: z.number(),
    boardId: z.number().nullable(),
    name: z.string(),
    goal: z.string().nullable(),
  }),
  closedAt: z.string(),
  committedPoints: z.number(),
  completedPoints: z.number(),
  stories: z.number(),
  completed: z.number(),
});
/** A recorded sprint close. */
export type SprintClose = z.infer<typeof SprintCloseSchema>;

/** The PO's verdict on a closed sprint. */
export const SprintOutcomeSchema = z.object({
  goalMet: z.boolean(),
  satisfaction: z.number().int().min(1).max(5).nullable(),
  by: z.string(),
  at: z.string(),
});
/** The PO's verdict on a sprint. */
export type SprintOutcome = z.infer<typeof SprintOutcomeSchema>;

/** Input of {@link SprintWorkflows.recordSprintOutcome}. */
export const SprintOutcomeInputSchema = z.object({
  sprintId: z.number().int().positive(),
  goalMet: z.boolean(),
  satisfaction: z.number().int().min(1).max(5).nullable().default(null),
});

/** Input of {@link SprintWorkflows.loadSprintCheck}. */
export const SprintCheckInputSchema = z.object({ sprintId: z.number().int().positive() });

/** An issue-updated event as far as the Sprint field goes. */
const IssueSprintEventSchema = z.object({
  issue: z.object({ id: z.union([z.string(), z.number()]).transform(String), key: z.string() }),
  atlassianId: z.string().optional(),
  user: z.object({ accountId: z.string() }).optional(),
  timestamp: z.number().optional(),
  changelog: z
    .object({
      id: z.union([z.string(), z.number()]).transform(String).optional(),
      items: z.array(
        z.object({
          field: z.string().optional(),
          fieldId: z.string().optional(),
          from: z.string().nullish(),
          to: z.string().nullish(),
        }),
      ),
    })
    .optional(),
});

/** The readiness check (the sprint and backlog menus' modal). */
export interface SprintCheckView {
  readonly sprint: { id: number; name: string; goal: string | null; state: string };
  readonly verdict: Verdict;
  readonly readyRate: number | null;
  readonly committedPoints: number;
  readonly unestimated: string[];
  /** The mean completed points of the last closed sprints ReadyGate recorded, newest first. */
  readonly velocity: number[];
  readonly capacity: { points: number | null; basis: string };
  readonly enforcement: 'move-to-backlog' | 'report-only';
  /** What happened at the start, once the sprint started and the consumer ran. */
  readonly report: SprintReport | null;
  readonly scopeChanges: ScopeChange[];
  readonly close: SprintClose | null;
  readonly outcome: SprintOutcome | null;
}

/** What the queue consumer did with one job. */
export interface JobResult {
  readonly kind: SprintJob['kind'];
  readonly moved: number;
  readonly commented: number;
  readonly queued: number;
}

/** Sprint readiness, enforcement, scope changes and close: the use cases behind the sprint modules. */
export interface SprintWorkflows {
  /** The trigger: turns `avi:jira-software:started:sprint` into a job on the queue (no Jira request). */
  onSprintStarted(event: unknown): Promise<WorkflowResult<{ queued: number }>>;
  /** The trigger: turns `avi:jira-software:closed:sprint` into a job on the queue. */
  onSprintClosed(event: unknown): Promise<WorkflowResult<{ queued: number }>>;
  /** The trigger on `avi:jira:updated:issue`: a Sprint field change of a started sprint is recorded and judged. */
  onSprintFieldChanged(
    event: unknown,
  ): Promise<WorkflowResult<{ recorded: number; moved: number; queued: number }>>;
  /** The consumer: runs one job; safe to run twice. */
  runJob(body: unknown): Promise<WorkflowResult<JobResult>>;
  /** The readiness check for a future or active sprint (and the start report once it started). */
  loadSprintCheck(caller: Caller, input: unknown): Promise<WorkflowResult<SprintCheckView>>;
  /** PO: whether a closed sprint met its goal, and the stakeholders' satisfaction (1–5). */
  recordSprintOutcome(caller: Caller, input: unknown): Promise<WorkflowResult<SprintOutcome>>;
}

const reportKey = (sprintId: number): string => `sprint-report:${sprintId}`;
const closeKey = (sprintId: number): string => `sprint-close:${sprintId}`;
const outcomeKey = (sprintId: number): string => `sprint-outcome:${sprintId}`;
const scopePrefix = (sprintId: number): string => `sprint-scope:${sprintId}:`;

function gapsOf(v: StoryVerdict): Gap[] {
  return v.outcomes
    .filter((o) => o.outcome === 'fail')
    .map((o) => ({ rule: o.rule, owner: o.owner, message: o.message, fix: o.fix }));
}

function refOf(event: z.infer<typeof SprintEventSchema>, now: Date): SprintRef {
  const s = event.sprint;
  return {
    id: s.id,
    boardId: s.originBoardId ?? null,
    name: s.name,
    goal: s.goal?.trim() ? s.goal.trim() : null,
    startDate: s.startDate ?? now.toISOString(),
  };
}

function points(stories: readonly Story[]): number {
  return stories.reduce((sum, s) => sum + (s.estimate ?? 0), 0);
}

/** The comment on a story found unready at a sprint start or when added mid-sprint: gaps with owners. */
function commentBody(
  sprint: SprintRef,
  moved: boolean,
  when: 'start' | 'added',
  gaps: readonly Gap[],
): unknown {
  const what =
    when === 'start'
      ? `when sprint "${sprint.name}" started`
      : `when it was added to sprint "${sprint.name}" after its start`;
  const head = moved
    ? `ReadyGate moved this story back to the backlog ${what}: it is not ready.`
    : `ReadyGate found this story not ready ${what} (the policy only reports).`;
  return {
    type: 'doc',
    version: 1,
    content: [
      { type: 'paragraph', content: [{ type: 'text', text: head }] },
      {
        type: 'bulletList',
        content: gaps.map((g) => ({
          type: 'listItem',
          content: [
            {
              type: 'paragraph',
              content: [
                {
                  type: 'text',
                  text: `${ownerLabel(g.owner)}: ${g.message}${g.fix ? ` ${g.fix}` : ''}`,
                },
              ],
            },
          ],
        })),
      },
    ],
  };
}

/** Builds the sprint use cases over the given ports. */
export function createSprintWorkflows(ports: SprintPorts): SprintWorkflows {
  const { store, clock, jira, queue } = ports;
  const roles = new RoleResolver(jira, clock, ports.roleCacheMs ?? 60_000);

  async function readJson<S extends z.ZodType>(schema: S, key: string): Promise<z.infer<S> | null> {
    const raw = await store.get(key);
    if (raw === undefined) return null;
    const parsed = schema.safeParse(raw);
    if (!parsed.success)
      throw new WorkflowError(
        'storage',
        `ReadyGate's stored ${key} is unreadable: ask a Jira admin to contact the app's maintainers.`,
      );
    return parsed.data;
  }

  /** Completed points of the closed sprints ReadyGate recorded (of this board when known), newest first. */
  async function velocity(boardId: number | null): Promise<number[]> {
    const closes = (await queryAll(store, 'sprint-close:'))
      .map((e) => SprintCloseSchema.safeParse(e.value))
      .flatMap((p) => (p.success ? [p.data] : []))
      .filter((c) => boardId === null || c.sprint.boardId === null || c.sprint.boardId === boardId)
      .sort((a, b) => (a.closedAt < b.closedAt ? 1 : -1));
    return closes.map((c) => c.completedPoints);
  }

  async function pushAll(jobs: SprintJob[]): Promise<number> {
    for (const batch of pushBatches(jobs)) await queue.push(batch);
    return jobs.length;
  }

  function commentJobs(
    scope: string,
    sprint: SprintRef,
    moved: boolean,
    stories: readonly { id: string; key: string; gaps: Gap[] }[],
  ): SprintJob[] {
    const jobs: SprintJob[] = [];
    for (let i = 0; i < stories.length; i += KEYS_PER_JOB)
      jobs.push({ kind: 'comment', scope, sprint, moved, stories: stories.slice(i, i + KEYS_PER_JOB) });
    return jobs;
  }

  async function sprintStarted(sprint: SprintRef): Promise<JobResult> {
    const app = jira.asApp();
    let report = await readJson(SprintReportSchema, reportKey(sprint.id));
    let gaps = new Map<string, Gap[]>();
    if (report === null) {
      const { stories, project, settings } = await loadSprintStories(store, app, sprint.id);
      const policy = settings.policy;
      const verdict = evaluate(
        'sprint',
        {
          sprint: { id: sprint.id, name: sprint.name, goal: sprint.goal },
          stories,
          velocity: await velocity(sprint.boardId),
        },
        policy,
        { now: clock.now() },
      );
      const byKey = new Map(stories.map((s) => [s.key, s]));
      const judged = verdict.stories.filter((v) => v.judged);
      const unready = judged.filter((v) => !v.pass);
      gaps = new Map(unready.map((v) => [v.key, gapsOf(v)]));
      const enforcement = policy.sprint.enforcement;
      const candidate: SprintReport = {
        v: 1,
        sprint,
        projectKey: project?.key ?? null,
        evaluatedAt: clock.now().toISOString(),
        enforcement,
        pass: verdict.pass,
        headline: verdict.headline,
        noGoal: sprint.goal === null,
        committedPoints: points(stories),
        readyRate: judged.length === 0 ? null : (judged.length - unready.length) / judged.length,
        stories: verdict.stories.map((v) => ({
          id: byKey.get(v.key)?.id ?? '',
          key: v.key,
          ready: v.pass,
          points: byKey.get(v.key)?.estimate ?? null,
          gaps: gapsOf(v).map((g) => ({ rule: g.rule, owner: g.owner })),
        })),
        moved: enforcement === 'move-to-backlog' ? unready.map((v) => v.key) : [],
        movesDone: enforcement !== 'move-to-backlog' || unready.length === 0,
      };
      // A second delivery running at the same time keeps the first report: the one that stored it decides.
      if (await store.setIfAbsent(reportKey(sprint.id), candidate)) report = candidate;
      else {
        report = await readJson(SprintReportSchema, reportKey(sprint.id));
        if (report === null)
          throw new WorkflowError('storage', 'The sprint report vanished while being stored: try again.');
      }
    }
    let moved = 0;
    if (!report.movesDone) {
      await app.moveToBacklog(report.moved);
      moved = report.moved.length;
      report = { ...report, movesDone: true };
      await store.set(reportKey(sprint.id), report);
    }
    // Comments go through the queue (≤ 25 stories a job); each is claimed, so a job run twice comments once.
    const unready = report.stories
      .filter((s) => !s.ready)
      .map((s) => ({
        id: s.id,
        key: s.key,
        gaps:
          gaps.get(s.key) ??
          s.gaps.map((g) => ({ rule: g.rule, owner: g.owner, message: `${g.rule} fails.`, fix: '' })),
      }));
    const queued = await pushAll(
      commentJobs(`start:${sprint.id}`, report.sprint, report.enforcement === 'move-to-backlog', unready),
    );
    // Last, so a failure here is retried with the moves and comment jobs already done (and claimed).
    if (ports.sprintProperty)
      await ports.sprintProperty(sprint.id, SPRINT_REPORT_PROPERTY, reportSummary(report));
    return { kind: 'sprint-started', moved, commented: 0, queued };
  }

  async function comment(job: Extract<SprintJob, { kind: 'comment' }>): Promise<JobResult> {
    let commented = 0;
    for (const s of job.stories) {
      const claim = `sprint-comment:${job.scope}:${s.id}`;
      if (!(await store.setIfAbsent(claim, { at: clock.now().toISOString() }))) continue;
      try {
        await jira
          .asApp()
          .addComment(
            s.key,
            commentBody(job.sprint, job.moved, job.scope.startsWith('add:') ? 'added' : 'start', s.gaps),
          );
      } catch (err) {
        // Let the next delivery try again.
        await store.delete(claim).catch(() => undefined);
        throw err;
      }
      commented++;
    }
    return { kind: 'comment', moved: 0, commented, queued: 0 };
  }

  async function sprintClosed(sprint: SprintRef): Promise<JobResult> {
    const { stories } = await loadSprintStories(store, jira.asApp(), sprint.id);
    const done = stories.filter((s) => s.status.category === 'done');
    const close: SprintClose = {
      sprint: { id: sprint.id, boardId: sprint.boardId, name: sprint.name, goal: sprint.goal },
      closedAt: clock.now().toISOString(),
      committedPoints: points(stories),
      completedPoints: points(done),
      stories: stories.length,
      completed: done.length,
    };
    await store.setIfAbsent(closeKey(sprint.id), close);
    return { kind: 'sprint-closed', moved: 0, commented: 0, queued: 0 };
  }

  return {
    onSprintStarted: (event) =>
      run(async () => {
        const parsed = parseInput(SprintEventSchema, event, 'sprint started');
        return { queued: await pushAll([{ kind: 'sprint-started', sprint: refOf(parsed, clock.now()) }]) };
      }),

    onSprintClosed: (event) =>
      run(async () => {
        const parsed = parseInput(SprintEventSchema, event, 'sprint closed');
        return { queued: await pushAll([{ kind: 'sprint-closed', sprint: refOf(parsed, clock.now()) }]) };
      }),

    onSprintFieldChanged: (event) =>
      run(async () => {
        const parsed = IssueSprintEventSchema.safeParse(event);
        if (!parsed.success) return { recorded: 0, moved: 0, queued: 0 };
        const e = parsed.data;
        const items = (e.changelog?.items ?? []).filter(
          (it) => it.field?.toLowerCase() === 'sprint' || it.fieldId === 'sprint',
        );
        if (items.length === 0) return { recorded: 0, moved: 0, queued: 0 };
        const ids = (text: string | null | undefined): Set<number> =>
          new Set(
            (text ?? '')
              .split(',')
              .map((x) => Number(x.trim()))
              .filter((n) => Number.isInteger(n) && n > 0),
          );
        const by = e.user?.accountId ?? e.atlassianId ?? null;
        const at = new Date(e.timestamp ?? clock.now().getTime()).toISOString();
        const changeId = e.changelog?.id ?? String(Date.parse(at));
        let recorded = 0;
        let moved = 0;
        let queued = 0;
        for (const it of items) {
          const from = ids(it.from);
          const to = ids(it.to);
          const changes: [number, 'added' | 'removed'][] = [
            ...[...to].filter((n) => !from.has(n)).map((n): [number, 'added'] => [n, 'added']),
            ...[...from].filter((n) => !to.has(n)).map((n): [number, 'removed'] => [n, 'removed']),
          ];
          for (const [sprintId, change] of changes) {
            // Only sprints whose start ReadyGate handled: before that, the start's own check covers the story.
            const report = await readJson(SprintReportSchema, reportKey(sprintId));
            if (report === null) continue;
            const key = `${scopePrefix(sprintId)}${changeId}:${e.issue.id}:${change}`;
            if ((await store.get(key)) !== undefined) continue;
            let ready: boolean | null = null;
            let action: ScopeChange['action'] = 'none';
            if (change === 'added') {
              const judged = await judgeAddition(e.issue.key);
              ready = judged.ready;
              if (!judged.ready) {
                const enforce = judged.enforcement === 'move-to-backlog';
                if (enforce) {
                  await jira.asApp().moveToBacklog([e.issue.key]);
                  moved++;
                }
                action = enforce ? 'moved-to-backlog' : 'commented';
                queued += await pushAll(
                  commentJobs(`add:${sprintId}:${changeId}`, report.sprint, enforce, [
                    { id: e.issue.id, key: e.issue.key, gaps: judged.gaps },
                  ]),
                );
              }
            }
            const record: ScopeChange = { sprintId, issue: e.issue, change, by, at, ready, action };
            if (await store.setIfAbsent(key, record)) recorded++;
          }
        }
        return { recorded, moved, queued };
      }),

    runJob: (body) =>
      run(async () => {
        const job = parseInput(SprintJobSchema, body, 'sprint job');
        switch (job.kind) {
          case 'sprint-started':
            return sprintStarted(job.sprint);
          case 'sprint-closed':
            return sprintClosed(job.sprint);
          case 'comment':
            return comment(job);
        }
      }),

    loadSprintCheck: (caller, input) =>
      run(async () => {
        const { sprintId } = parseInput(SprintCheckInputSchema, input, 'sprint check');
        const user = jira.asUser(caller.accountId);
        let sprint;
        try {
          sprint = await user.getSprint(sprintId);
        } catch {
          throw new WorkflowError(
            'not-visible',
            `Sprint ${sprintId} does not exist or you cannot see its board: open the check from the board's sprint menu.`,
          );
        }
        const { stories, settings } = await loadSprintStories(store, user, sprintId);
        const policy = settings.policy;
        const boardId = (sprint as { originBoardId?: number }).originBoardId ?? null;
        const vel = await velocity(boardId);
        const goal = sprint.goal?.trim() ? sprint.goal.trim() : null;
        const verdict = evaluate(
          'sprint',
          { sprint: { id: sprintId, name: sprint.name, goal }, stories, velocity: vel },
          policy,
          {
            now: clock.now(),
          },
        );
        const judged = verdict.stories.filter((v) => v.judged);
        const recent = vel.slice(0, policy.sprint.velocitySprints);
        const capacity =
          policy.sprint.capacityPoints !== null
            ? { points: policy.sprint.capacityPoints, basis: "the policy's fixed capacity" }
            : recent.length === 0
              ? { points: null, basis: 'no capacity set and no closed sprint recorded yet' }
              : {
                  points:
                    Math.round(
                      (recent.reduce((a, b) => a + b, 0) / recent.length) *
                        policy.sprint.overcommitFactor *
                        10,
                    ) / 10,
                  basis: `velocity of the last ${recent.length} closed sprint${recent.length === 1 ? '' : 's'}`,
                };
        const scope = (await queryAll(store, scopePrefix(sprintId)))
          .map((e) => ScopeChangeSchema.safeParse(e.value))
          .flatMap((p) => (p.success ? [p.data] : []))
          .sort((a, b) => (a.at < b.at ? -1 : 1));
        return {
          sprint: { id: sprintId, name: sprint.name, goal, state: sprint.state },
          verdict,
          readyRate: judged.length === 0 ? null : judged.filter((v) => v.pass).length / judged.length,
          committedPoints: points(stories),
          unestimated: stories.filter((s) => s.estimate === null).map((s) => s.key),
          velocity: recent,
          capacity,
          enforcement: policy.sprint.enforcement,
          report: await readJson(SprintReportSchema, reportKey(sprintId)),
          scopeChanges: scope,
          close: await readJson(SprintCloseSchema, closeKey(sprintId)),
          outcome: await readJson(SprintOutcomeSchema, outcomeKey(sprintId)),
        };
      }),

    recordSprintOutcome: (caller, input) =>
      run(async () => {
        const parsed = parseInput(SprintOutcomeInputSchema, input, 'sprint outcome');
        const close = await readJson(SprintCloseSchema, closeKey(parsed.sprintId));
        if (close === null)
          throw new WorkflowError(
            'invalid-input',
            `Sprint ${parsed.sprintId} has not closed yet (or ReadyGate did not see it close): PO, record the goal verdict after closing it.`,
          );
        const report = await readJson(SprintReportSchema, reportKey(parsed.sprintId));
        const projectKey = report?.projectKey;
        if (projectKey === null || projectKey === undefined)
          throw new WorkflowError(
            'not-visible',
            `ReadyGate does not know sprint ${parsed.sprintId}'s project.`,
          );
        const settings = await loadSettings(store, await projectIdOf(store, projectKey), projectKey);
        const held = await roles.rolesOf(caller.accountId, projectKey, settings.policy);
        if (!held.includes('po'))
          throw new WorkflowError(
            'forbidden-role',
            `Only the PO can record whether sprint "${close.sprint.name}" met its goal: ask a Jira admin to add you to the PO role of ${projectKey}.`,
          );
        const outcome: SprintOutcome = {
          goalMet: parsed.goalMet,
          satisfaction: parsed.satisfaction,
          by: caller.accountId,
          at: clock.now().toISOString(),
        };
        await store.set(outcomeKey(parsed.sprintId), outcome);
        return outcome;
      }),
  };

  async function judgeAddition(
    issueKey: string,
  ): Promise<{ ready: boolean; gaps: Gap[]; enforcement: 'move-to-backlog' | 'report-only' }> {
    const { stories, settings } = await loadOne(jira.asApp(), issueKey);
    const verdict = evaluate('ready', { stories }, settings.policy, { now: clock.now() });
    const v = verdict.stories[0];
    return {
      ready: v === undefined || !v.judged || v.pass,
      gaps: v === undefined ? [] : gapsOf(v),
      enforcement: settings.policy.sprint.enforcement,
    };
  }

  async function loadOne(
    client: JiraClient,
    key: string,
  ): Promise<{ stories: Story[]; settings: ProjectSettings }> {
    const loaded = await readIssue(store, client, key);
    return { stories: [loaded.story], settings: loaded.settings };
  }
}
