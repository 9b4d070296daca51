import {
  isRuleId,
  RULES,
  RULE_IDS,
  type GateId,
  type ReleaseRuleId,
  type RuleDefinition,
  type RuleId,
  type RuleParams,
  type SprintRuleId,
  type StoryRuleId,
} from '../catalogue.js';
import type * as z from 'zod';
import { criteriaWithKeys } from '../criteria/extract.js';
import type { GateConfig, Policy, RuleConfig } from '../policy.js';
import type { Story } from '../story.js';
import { plural } from './context.js';
import { failed, type Finding } from './finding.js';
import {
  RELEASE_RULES,
  releaseIssueFinding,
  type ReleaseContext,
  type ReleaseSubject,
} from './release-rules.js';
import { SPRINT_RULES, type SprintContext, type SprintSubject } from './sprint-rules.js';
import {
  acApproval,
  evidenceCoverage,
  newestPassingEvidence,
  STORY_RULES,
  type Coverage,
  type StoryContext,
} from './story-rules.js';
import type { RuleOutcome, StoryFacts, StoryVerdict, Verdict } from './verdict.js';
import { versionFingerprint } from './version.js';

export type { ReleaseSubject } from './release-rules.js';
export type { SprintSubject } from './sprint-rules.js';

/** The stories a `ready`, `done` or `merge` gate judges. */
export interface StoriesSubject {
  readonly stories: readonly Story[];
}

/** What each gate judges. */
export interface GateSubjects {
  ready: StoriesSubject;
  done: StoriesSubject;
  merge: StoriesSubject;
  sprint: SprintSubject;
  release: ReleaseSubject;
}

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /**
   * The evaluation clock (default: now). Evidence dated after it cannot be genuine and fails `qa.evidence`;
   * tests and replays pass a fixed time.
   */
  readonly now?: Date | number;
}

/** A rule of a gate's policy, ready to run: its definition, its configuration and its parameters bound. */
interface Step<C> {
  readonly def: RuleDefinition;
  readonly cfg: RuleConfig;
  /** The issue types it applies to, lower case; `null`: every type. Worked out once per evaluation. */
  readonly types: ReadonlySet<string> | null;
  readonly judge: (ctx: C) => Finding;
}

function lowerCaseSet(types: readonly string[] | undefined): ReadonlySet<string> | null {
  return types === undefined ? null : new Set(types.map((t) => t.toLowerCase()));
}

/**
 * A rule's parameters from the policy with the catalogue's defaults. A parameter the rule cannot use fails
 * the rule with one line (parsePolicy reports it with its path first; this is for policies built in code).
 */
// The catalogue seen through each rule's own parameter type, so that a lookup by a generic id keeps it.
const PARAMS: { readonly [Id in RuleId]: { readonly params: z.ZodType<RuleParams<Id>> } } = RULES;

/**
 * Each rule's parameters when a policy gives none: its schema's defaults, worked out once at load rather
 * than parsed again for every evaluation (most policies give no parameters).
 */
const DEFAULT_PARAMS: { readonly [Id in RuleId]: RuleParams<Id> } = {
  'ac.present': RULES['ac.present'].params.parse({}),
  'ac.testable': RULES['ac.testable'].params.parse({}),
  'ac.approved': RULES['ac.approved'].params.parse({}),
  'qa.testability-reviewed': RULES['qa.testability-reviewed'].params.parse({}),
  'story.estimated': RULES['story.estimated'].params.parse({}),
  'story.value-stated': RULES['story.value-stated'].params.parse({}),
  'story.unblocked': RULES['story.unblocked'].params.parse({}),
  'record.trusted': RULES['record.trusted'].params.parse({}),
  'qa.evidence': RULES['qa.evidence'].params.parse({}),
  'defects.resolved': RULES['defects.resolved'].params.parse({}),
  'story.accepted': RULES['story.accepted'].params.parse({}),
  'sprint.goal-set': RULES['sprint.goal-set'].params.parse({}),
  'sprint.stories-ready': RULES['sprint.stories-ready'].params.parse({}),
  'sprint.capacity': RULES['sprint.capacity'].params.parse({}),
  'release.stories-done': RULES['release.stories-done'].params.parse({}),
  'release.defects': RULES['release.defects'].params.parse({}),
  'release.signoffs': RULES['release.signoffs'].params.parse({}),
  'release.decision': RULES['release.decision'].params.parse({}),
};

function bind<Id extends RuleId, C>(
  id: Id,
  cfg: RuleConfig,
  run: (ctx: C, params: RuleParams<Id>) => Finding,
): Step<C> {
  const def: RuleDefinition = RULES[id];
  const parsed =
    cfg.params === undefined
      ? { success: true as const, data: DEFAULT_PARAMS[id] }
      : PARAMS[id].params.safeParse(cfg.params);
  if (parsed.success) {
    const params = parsed.data;
    return { def, cfg, types: lowerCaseSet(cfg.issueTypes), judge: (ctx) => run(ctx, params) };
  }
  const first = parsed.error.issues[0];
  const where = first && first.path.length > 0 ? `.${first.path.join('.')}` : '';
  const finding = failed(
    `The policy gives ${id} a parameter it cannot use (params${where}: ${first?.message ?? 'invalid'}), so the rule cannot judge.`,
    'po',
    "Fix the rule's parameters in the ReadyGate project settings; the policy check names the path.",
  );
  return { def, cfg, types: lowerCaseSet(cfg.issueTypes), judge: () => finding };
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- Id ties the rule to its own parameter type
function storyStep<Id extends StoryRuleId>(id: Id, cfg: RuleConfig): Step<StoryContext> {
  return bind(id, cfg, STORY_RULES[id]);
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- Id ties the rule to its own parameter type
function sprintStep<Id extends SprintRuleId>(id: Id, cfg: RuleConfig): Step<SprintContext> {
  return bind(id, cfg, SPRINT_RULES[id]);
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- Id ties the rule to its own parameter type
function releaseStep<Id extends ReleaseRuleId>(id: Id, cfg: RuleConfig): Step<ReleaseContext> {
  return bind(id, cfg, RELEASE_RULES[id]);
}

function isStoryRule(id: string): id is StoryRuleId {
  return Object.hasOwn(STORY_RULES, id);
}
function isSprintRule(id: string): id is SprintRuleId {
  return Object.hasOwn(SPRINT_RULES, id);
}
function isReleaseRule(id: string): id is ReleaseRuleId {
  return Object.hasOwn(RELEASE_RULES, id);
}

function outcomeOf(def: RuleDefinition, cfg: RuleConfig, f: Finding): RuleOutcome {
  // Literals of one shape, not spreads: this runs for every rule of every story, and spread objects cost
  // several times more to build and read.
  if ('skip' in f)
    return {
      rule: def.id,
      title: def.title,
      outcome: 'skip',
      severity: cfg.severity,
      owner: def.owner,
      message: f.message,
      fix: '',
    };
  if (f.pass)
    return {
      rule: def.id,
      title: def.title,
      outcome: 'pass',
      severity: cfg.severity,
      owner: def.owner,
      message: f.message,
      fix: '',
    };
  return {
    rule: def.id,
    title: def.title,
    outcome: cfg.severity === 'blocker' ? 'fail' : 'warn',
    severity: cfg.severity,
    owner: f.owner ?? def.owner,
    message: f.message,
    fix: f.fix ?? def.fix,
  };
}

/** A story gate's rules, bound once per evaluation rather than per story. */
function storySteps(gate: GateConfig): Step<StoryContext>[] {
  const steps: Step<StoryContext>[] = [];
  for (const cfg of gate.rules) if (isStoryRule(cfg.id)) steps.push(storyStep(cfg.id, cfg));
  return steps;
}

/** How one evaluation judges each story: the same for every story, so worked out once per gate. */
interface StoryJudging {
  /** The issue types the gate judges, lower case. */
  readonly gateTypes: ReadonlySet<string>;
  readonly steps: readonly Step<StoryContext>[];
  readonly policy: Policy;
  readonly now: number;
}

/**
 * Judges one story: its criteria, PO approval and evidence coverage are worked out once here and handed to
 * every rule and to the verdict's facts.
 */
function judgeStory(story: Story, judging: StoryJudging): StoryVerdict {
  const { gateTypes, steps, policy, now } = judging;
  const { set: criteria, keys } = criteriaWithKeys(story);
  const approval = acApproval(story, criteria, policy);
  const type = story.type.toLowerCase();
  const judged = gateTypes.has(type);
  const outcomes: RuleOutcome[] = [];
  if (judged) {
    let coverage: Coverage | undefined;
    const ctx: StoryContext = {
      story,
      criteria,
      keys,
      policy,
      approval,
      coverage: () => (coverage ??= evidenceCoverage(story, criteria, policy, now)),
    };
    for (const step of steps) {
      const f =
        step.types === null || step.types.has(type)
          ? step.judge(ctx)
          : { skip: true as const, message: `Does not apply to a ${story.type}.` };
      outcomes.push(outcomeOf(step.def, step.cfg, f));
    }
  }
  const approved = 'pass' in approval && approval.pass ? approval : undefined;
  const evidence = newestPassingEvidence(story, criteria, policy, now);
  // One literal per combination, not spreads: the facts are built for every story of every gate.
  const facts: StoryFacts =
    approved?.by !== undefined && approved.at !== undefined
      ? evidence
        ? {
            criteria: criteria.criteria.length,
            acFingerprint: criteria.fingerprint,
            approvedBy: approved.by,
            approvedAt: approved.at,
            evidenceUrl: evidence.url,
            evidenceAt: evidence.at,
          }
        : {
            criteria: criteria.criteria.length,
            acFingerprint: criteria.fingerprint,
            approvedBy: approved.by,
            approvedAt: approved.at,
          }
      : evidence
        ? {
            criteria: criteria.criteria.length,
            acFingerprint: criteria.fingerprint,
            evidenceUrl: evidence.url,
            evidenceAt: evidence.at,
          }
        : { criteria: criteria.criteria.length, acFingerprint: criteria.fingerprint };
  let pass = true;
  for (const o of outcomes) if (o.outcome === 'fail') pass = false;
  return { key: story.key, summary: story.summary, type: story.type, judged, pass, outcomes, facts };
}

function judgeStories(
  stories: readonly Story[],
  gate: GateConfig,
  policy: Policy,
  now: number,
): StoryVerdict[] {
  const judging: StoryJudging = {
    gateTypes: lowerCaseSet(gate.issueTypes) ?? new Set<string>(),
    steps: storySteps(gate),
    policy,
    now,
  };
  return stories.map((s) => judgeStory(s, judging));
}

/** The gate's own checks, in catalogue order, for the rules its policy switches on. */
function gateChecks<C>(
  gate: GateConfig,
  ctx: C,
  stepFor: (id: RuleId, cfg: RuleConfig) => Step<C> | null,
): RuleOutcome[] {
  const checks: RuleOutcome[] = [];
  for (const id of RULE_IDS) {
    const cfg = gate.rules.find((r) => r.id === id);
    const step = cfg === undefined ? null : stepFor(id, cfg);
    if (step !== null) checks.push(outcomeOf(step.def, step.cfg, step.judge(ctx)));
  }
  return checks;
}

const GATE_NAME: Readonly<Record<GateId, string>> = {
  ready: 'Ready',
  done: 'Done',
  merge: 'Merge',
  sprint: 'Sprint',
  release: 'Release',
};

function warningCount(checks: readonly RuleOutcome[], stories: readonly StoryVerdict[]): number {
  return (
    checks.filter((c) => c.outcome === 'warn').length +
    stories.reduce((n, s) => n + s.outcomes.filter((o) => o.outcome === 'warn').length, 0)
  );
}

/** What a gate judged: its subject, its own checks and its stories' verdicts. */
interface Judged {
  readonly gate: GateId;
  /** The subject as the headline names it, e.g. `sprint "Sprint 4"`. */
  readonly subject: string;
  readonly checks: readonly RuleOutcome[];
  readonly stories: readonly StoryVerdict[];
}

function headline(judged: Judged, pass: boolean): string {
  const { gate, subject, checks, stories } = judged;
  const name = GATE_NAME[gate];
  if (pass) {
    const warns = warningCount(checks, stories);
    return `${name} gate passed for ${subject}${warns ? ` with ${plural(warns, 'warning')}` : ''}.`;
  }
  const reasons: string[] = [];
  const failing = checks.filter((c) => c.outcome === 'fail');
  if (failing.length)
    reasons.push(`${plural(failing.length, 'check')} failed (${failing.map((c) => c.rule).join(', ')})`);
  const failingStories = stories.filter((s) => !s.pass).length;
  if (failingStories)
    reasons.push(
      `${failingStories} of ${plural(stories.length, gate === 'release' ? 'issue' : 'story', gate === 'release' ? 'issues' : 'stories')} failing`,
    );
  return `${name} gate failed for ${subject}: ${reasons.join('; ')}.`;
}

/**
 * The verdict from the checks and the stories' verdicts. `storiesCount`: whether a failing story fails the
 * gate (for sprint and release only when their stories rule is switched on).
 */
function verdictOf(judged: Judged, storiesCount: boolean): Verdict {
  const { gate, subject, checks, stories } = judged;
  const pass = !checks.some((c) => c.outcome === 'fail') && (!storiesCount || stories.every((s) => s.pass));
  return {
    gate,
    pass,
    subject,
    headline: headline(judged, pass),
    checks,
    stories,
    counts: {
      stories: stories.length,
      failing: stories.filter((s) => !s.pass).length,
      warnings: warningCount(checks, stories),
    },
  };
}

function storiesLabel(stories: readonly Story[]): string {
  const keys = stories.map((s) => s.key);
  if (keys.length === 0) return 'no stories';
  return keys.length <= 5 ? keys.join(', ') : `${keys.slice(0, 5).join(', ')} and ${keys.length - 5} more`;
}

function hasRule(gate: GateConfig, id: RuleId): boolean {
  return gate.rules.some((r) => r.id === id);
}

function storyGate(gate: 'ready' | 'done' | 'merge') {
  return (subject: StoriesSubject, policy: Policy, now: number): Verdict =>
    verdictOf(
      {
        gate,
        subject: storiesLabel(subject.stories),
        checks: [],
        stories: judgeStories(subject.stories, policy.gates[gate], policy, now),
      },
      true,
    );
}

function sprintGate(subject: SprintSubject, policy: Policy, now: number): Verdict {
  const gate = policy.gates.sprint;
  const stories = judgeStories(subject.stories, policy.gates.ready, policy, now);
  const checks = gateChecks<SprintContext>(gate, { subject, policy, stories }, (id, cfg) =>
    isSprintRule(id) ? sprintStep(id, cfg) : null,
  );
  return verdictOf(
    { gate: 'sprint', subject: `sprint "${subject.sprint.name}"`, checks, stories },
    hasRule(gate, 'sprint.stories-ready'),
  );
}

function releaseGate(subject: ReleaseSubject, policy: Policy, now: number): Verdict {
  const gate = policy.gates.release;
  const done = judgeStories(subject.stories, policy.gates.done, policy, now);
  const ctx: ReleaseContext = { subject, policy, done, content: versionFingerprint(subject.stories) };
  const checks = gateChecks<ReleaseContext>(gate, ctx, (id, cfg) =>
    isReleaseRule(id) ? releaseStep(id, cfg) : null,
  );
  // Each issue's line in the version's list also says what the release holds against it (still open, a
  // blocking defect), so the list never shows an issue as passing while the release fails on it.
  const stories = done.map((verdict, i): StoryVerdict => {
    const story = subject.stories[i];
    const found = story === undefined ? null : releaseIssueFinding(story, policy);
    const cfg = found === null ? undefined : gate.rules.find((r) => r.id === found.rule);
    if (found === null || cfg === undefined || !isRuleId(found.rule)) return verdict;
    const outcome = outcomeOf(RULES[found.rule], cfg, found.finding);
    const outcomes = [...verdict.outcomes, outcome];
    return { ...verdict, outcomes, pass: verdict.pass && outcome.outcome !== 'fail' };
  });
  return verdictOf(
    { gate: 'release', subject: `version ${subject.version.name}`, checks, stories },
    hasRule(gate, 'release.stories-done'),
  );
}

type GateRunner<G extends GateId> = (subject: GateSubjects[G], policy: Policy, now: number) => Verdict;

const GATES: { readonly [G in GateId]: GateRunner<G> } = {
  ready: storyGate('ready'),
  done: storyGate('done'),
  merge: storyGate('merge'),
  sprint: sprintGate,
  release: releaseGate,
};

/**
 * Evaluates a gate. `ready`, `done` and `merge` judge each story with that gate's rules; `sprint` judges each
 * story with the `ready` rules plus the sprint's own checks; `release` judges each issue with the `done` rules
 * plus the release's own checks (and marks each issue still open, or each open blocking defect, as failing).
 * Never throws for a subject of the declared type.
 */
export function evaluate<G extends GateId>(
  gate: G,
  subject: GateSubjects[G],
  policy: Policy,
  options: EvaluateOptions = {},
): Verdict {
  const now = options.now === undefined ? Date.now() : Number(options.now);
  const run: GateRunner<G> = GATES[gate];
  return run(subject, policy, now);
}
