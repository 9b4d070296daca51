import * as z from 'zod';
import {
  computeMetrics,
  failurePatterns,
  type GateRecord,
  type MetricResult,
  type MetricsHistory,
  type ReviewOutcome,
  type SprintHistory,
  type Story,
} from '@readygate/rules';
import { fieldsFor, toStory } from '@readygate/jira';
import { WorkflowError } from './errors.js';
import {
  AcEditSchema,
  acEditedByOthers,
  approvalTime,
  bugsWithoutSeverity,
  type HealthPattern,
} from './health-patterns.js';
import { loadSettings } from './policy-store.js';
import { parseInput, run } from './outcome.js';
import type { Caller, WorkflowPorts } from './ports.js';
import { listRecords, queryAll, StoredRecordSchema } from './record-store.js';
import type { WorkflowResult } from './results.js';
import {
  ScopeChangeSchema,
  SprintCloseSchema,
  SprintOutcomeSchema,
  SprintReportSchema,
  type SprintReport,
} from './sprint-workflows.js';

/** Input of {@link HealthWorkflows.loadHealth}. */
export const HealthInputSchema = z.object({
  project: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'a Jira project key such as ENR'),
});

/** One sprint's point on the trend lines: the metrics of that sprint alone. */
export interface SprintHealth {
  readonly sprintId: string;
  readonly name: string;
  readonly metrics: MetricResult[];
  /** Whether the sprint closed (the PO may then record its goal verdict and stakeholder satisfaction). */
  readonly closed: boolean;
  /** What the PO recorded for the sprint, if anything. */
  readonly outcome: { readonly goalMet: boolean; readonly satisfaction: number | null } | null;
}

/** The PO health page. */
export interface HealthView {
  readonly project: string;
  /** The metrics over every recorded sprint (the six, each with its bands and explanation). */
  readonly metrics: MetricResult[];
  /** Per sprint, oldest first (the trend). */
  readonly sprints: SprintHealth[];
  readonly patterns: HealthPattern[];
  /** What Jira's data (and ReadyGate's records) cannot show, said plainly. */
  readonly cannotShow: string[];
}

/** The PO health page's use case. */
export interface HealthWorkflows {
  /** The metrics and failure patterns from what the sprint triggers recorded, for anyone who sees the project. */
  loadHealth(caller: Caller, input: unknown): Promise<WorkflowResult<HealthView>>;
}

/** How many of the project's issues the bug and AC checks read (one bounded search, 100 a page). */
export const HEALTH_ISSUE_LIMIT = 1000;

const CANNOT_SHOW = [
  'AC edits whose editor Jira did not name, and edits made before ReadyGate was installed, are not counted in "AC edited after approval".',
  'Defect escape after release: Jira does not say which release a production defect escaped from, so ReadyGate does not guess; the metric shows "no data" until the team records releases with the defects found after them.',
  'Stakeholder satisfaction is only what the PO recorded at sprint close (1–5); Jira holds no stakeholder survey.',
  'Sprints that started before ReadyGate was installed, or whose start event was never delivered, have no readiness snapshot and are not counted.',
  'Points of stories added or removed mid-sprint are not recorded, so scope change is measured in stories, not points.',
];

/** How the PO judged a story at review, from its acceptance records (oldest first). */
function reviewOf(decisions: readonly ('accepted' | 'rejected')[]): ReviewOutcome | null {
  if (decisions.length === 0) return null;
  const last = decisions[decisions.length - 1];
  if (last === 'rejected') return 'rejected';
  return decisions.includes('rejected') ? 'accepted-after-rework' : 'accepted-first-time';
}

/** Builds the PO health use case. */
export function createHealthWorkflows(ports: WorkflowPorts): HealthWorkflows {
  const { store, jira } = ports;

  async function parsedAll<S extends z.ZodType>(schema: S, prefix: string): Promise<z.infer<S>[]> {
    return (await queryAll(store, prefix)).flatMap((e) => {
      const p = schema.safeParse(e.value);
      return p.success ? [p.data] : [];
    });
  }

  async function sprintHistory(report: SprintReport): Promise<SprintHistory> {
    const id = report.sprint.id;
    const close = SprintCloseSchema.safeParse(await store.get(`sprint-close:${id}`));
    const outcome = SprintOutcomeSchema.safeParse(await store.get(`sprint-outcome:${id}`));
    const scope = await parsedAll(ScopeChangeSchema, `sprint-scope:${id}:`);
    const reviewed: SprintHistory['reviewed'] = [];
    if (close.success)
      for (const s of report.stories) {
        if (s.id === '') continue;
        const decisions = (await listRecords(store, s.id))
          .map((r) => r.record)
          .filter((r) => r.kind === 'story.acceptance' && Date.parse(r.at) <= Date.parse(close.data.closedAt))
          .map((r) => (r.kind === 'story.acceptance' ? r.decision : 'accepted'));
        const outcomeOf = reviewOf(decisions);
        if (outcomeOf !== null) reviewed.push({ key: s.key, outcome: outcomeOf });
      }
    return {
      sprintId: String(id),
      name: report.sprint.name,
      goal: report.sprint.goal,
      goalMet: outcome.success ? outcome.data.goalMet : null,
      startedAt: new Date(Date.parse(report.sprint.startDate)).toISOString(),
      endedAt: close.success ? close.data.closedAt : null,
      committed: report.stories.map((s) => ({ key: s.key, estimate: s.points, readyAtPlanning: s.ready })),
      addedAfterStart: scope
        .filter((c) => c.change === 'added')
        .map((c) => ({ key: c.issue.key, estimate: null, addedAt: c.at })),
      removedAfterStart: scope
        .filter((c) => c.change === 'removed')
        .map((c) => ({ key: c.issue.key, estimate: null })),
      reviewed,
    };
  }

  return {
    loadHealth: (caller, input) =>
      run(async () => {
        const { project } = parseInput(HealthInputSchema, input, 'PO health');
        const access = await jira.projectAsUser(caller.accountId, project);
        if (access === undefined)
          throw new WorkflowError(
            'not-visible',
            `Project ${project} does not exist or you cannot see it: open PO health from the project's sidebar.`,
          );
        const reports = (await parsedAll(SprintReportSchema, 'sprint-report:')).filter(
          (r) => r.projectKey === access.key,
        );
        const sprints: SprintHistory[] = [];
        for (const r of reports) sprints.push(await sprintHistory(r));
        sprints.sort((a, b) => (a.startedAt < b.startedAt ? -1 : 1));
        const ratings = (await parsedAll(SprintOutcomeSchema, 'sprint-outcome:'))
          .filter((o) => o.satisfaction !== null)
          .map((o) => ({ at: o.at, score: o.satisfaction ?? 0, by: o.by }));
        // Ratings belong to a sprint only through its outcome key; per-sprint trends read them from there.
        const outcomeRatings = async (s: SprintHistory) => {
          const o = SprintOutcomeSchema.safeParse(await store.get(`sprint-outcome:${s.sprintId}`));
          return o.success && o.data.satisfaction !== null
            ? [{ at: o.data.at, score: o.data.satisfaction, by: o.data.by }]
            : [];
        };
        const outcomeOf = async (s: SprintHistory) => {
          const o = SprintOutcomeSchema.safeParse(await store.get(`sprint-outcome:${s.sprintId}`));
          return o.success ? { goalMet: o.data.goalMet, satisfaction: o.data.satisfaction } : null;
        };
        const history: MetricsHistory = { sprints, ratings, releases: [] };
        const perSprint: SprintHealth[] = [];
        for (const s of sprints)
          perSprint.push({
            sprintId: s.sprintId,
            name: s.name,
            metrics: computeMetrics({ sprints: [s], ratings: await outcomeRatings(s), releases: [] }),
            closed: s.endedAt !== null,
            outcome: await outcomeOf(s),
          });
        const settings = await loadSettings(store, access.id, access.key);
        const policy = settings.policy;
        // One bounded search of the project's issues: the bugs and their business severity, and which issue ids
        // are this project's (records in storage are keyed by issue id only).
        const issues: Story[] = [];
        let truncated = false;
        for await (const bean of jira.asApp().searchIssues(`project = ${access.key} ORDER BY key ASC`, {
          fields: fieldsFor(policy.fields),
          pageSize: 100,
          maxPages: HEALTH_ISSUE_LIMIT / 100 + 1,
        })) {
          if (issues.length === HEALTH_ISSUE_LIMIT) {
            truncated = true;
            break;
          }
          issues.push(toStory(bean, { fields: policy.fields, keys: [] }));
        }
        const keyOf = new Map(issues.map((i) => [i.id, i.key]));
        const records = new Map<string, GateRecord[]>();
        for (const e of await queryAll(store, 'rec:')) {
          const id = e.key.split(':')[1] ?? '';
          const parsed = StoredRecordSchema.safeParse(e.value);
          if (!keyOf.has(id) || !parsed.success) continue;
          records.set(id, [...(records.get(id) ?? []), parsed.data.record]);
        }
        const edits = (await parsedAll(AcEditSchema, 'ac-edit:')).filter((e) => e.projectKey === access.key);
        const extra = [
          acEditedByOthers(edits, (id) => records.get(id) ?? [], policy.roles.ba.accountIds),
          bugsWithoutSeverity(issues),
          approvalTime([...records].map(([id, rs]) => ({ key: keyOf.get(id) ?? id, records: rs }))),
        ].filter((p): p is HealthPattern => p !== null);
        const cannotShow = truncated
          ? [
              ...CANNOT_SHOW,
              `The project has more than ${HEALTH_ISSUE_LIMIT} issues: bugs without a business severity and the AC approval time are counted over the first ${HEALTH_ISSUE_LIMIT} by key only.`,
            ]
          : CANNOT_SHOW;
        return {
          project: access.key,
          metrics: computeMetrics(history),
          sprints: perSprint,
          patterns: [...failurePatterns(history), ...extra],
          cannotShow,
        };
      }),
  };
}
