import * as z from 'zod';
import type { Role } from './roles.js';

/** The gates ReadyGate enforces. */
export const GATE_IDS = ['ready', 'done', 'merge', 'sprint', 'release'] as const;
/** A gate: `ready` (Definition of Ready), `done` (Definition of Done), `merge` (PR), `sprint`, `release`. */
export type GateId = (typeof GATE_IDS)[number];

/** What a rule looks at: one story, a sprint as a whole, or a release as a whole. */
export type RuleScope = 'story' | 'sprint' | 'release';

/** A documented rule: users write its id in policies and read it in reports. */
export interface RuleDefinition<Params extends z.ZodType = z.ZodType> {
  readonly id: string;
  readonly title: string;
  readonly scope: RuleScope;
  readonly gates: readonly GateId[];
  /** The role that owns a failure (an outcome may name another for a specific cause). */
  readonly owner: Role;
  /** How to fix a failure, in one line. */
  readonly fix: string;
  /** The rule's parameters, with their defaults; the rule receives what this schema outputs. */
  readonly params: Params;
}

const none = z.object({}).strict();

/** Keeps the literal id and scope and the exact parameter schema, so each rule's types follow from its entry. */
function rule<const Id extends string, const Scope extends RuleScope, Params extends z.ZodType>(
  def: RuleDefinition<Params> & { id: Id; scope: Scope },
): RuleDefinition<Params> & { id: Id; scope: Scope } {
  return def;
}

/** The rule catalogue. Ids are stable: renaming one breaks users' policies. */
export const RULES = {
  'ac.present': rule({
    id: 'ac.present',
    title: 'Acceptance criteria written',
    scope: 'story',
    gates: ['ready', 'done', 'merge'],
    owner: 'ba',
    fix: 'Write acceptance criteria under an "Acceptance criteria" heading (or in the AC field) in ReadyGate\'s panel.',
    params: z.object({ min: z.number().int().min(1).default(1) }).strict(),
  }),
  'ac.testable': rule({
    id: 'ac.testable',
    title: 'Acceptance criteria testable',
    scope: 'story',
    gates: ['ready', 'done', 'merge'],
    owner: 'ba',
    fix: 'Reword each flagged criterion as an observable, measurable outcome.',
    params: z.object({ vagueWords: z.array(z.string().min(1)).optional() }).strict(),
  }),
  'ac.approved': rule({
    id: 'ac.approved',
    title: 'Acceptance criteria approved by the PO',
    scope: 'story',
    gates: ['ready', 'done', 'merge'],
    owner: 'po',
    fix: 'Open the story in Jira and approve the acceptance criteria in the ReadyGate panel.',
    params: none,
  }),
  'qa.testability-reviewed': rule({
    id: 'qa.testability-reviewed',
    title: 'QA reviewed testability',
    scope: 'story',
    gates: ['ready', 'done', 'merge'],
    owner: 'qa',
    fix: 'Review the acceptance criteria for testability in the ReadyGate panel.',
    params: none,
  }),
  'story.estimated': rule({
    id: 'story.estimated',
    title: 'Estimated, and small enough',
    scope: 'story',
    gates: ['ready'],
    owner: 'dev',
    fix: 'Estimate the story at refinement; split it if it is larger than the maximum.',
    params: z
      .object({ max: z.number().positive().default(13).describe('Largest estimate a ready story may have.') })
      .strict(),
  }),
  'story.value-stated': rule({
    id: 'story.value-stated',
    title: 'Business value stated',
    scope: 'story',
    gates: ['ready'],
    owner: 'po',
    fix: 'Add "so that <benefit>" to the story statement, or a "Business value" section.',
    params: none,
  }),
  'story.unblocked': rule({
    id: 'story.unblocked',
    title: 'No open blockers',
    scope: 'story',
    gates: ['ready', 'done', 'merge'],
    owner: 'po',
    fix: 'Resolve the blocking issues first, or re-order the backlog so the blocker comes first.',
    params: none,
  }),
  'record.trusted': rule({
    id: 'record.trusted',
    title: 'Gate records untampered',
    scope: 'story',
    gates: ['ready', 'done', 'merge'],
    owner: 'po',
    fix: 'Record the approvals again in the ReadyGate panel; edits made outside ReadyGate do not count.',
    params: none,
  }),
  'qa.evidence': rule({
    id: 'qa.evidence',
    title: 'Passing QA evidence for every criterion',
    scope: 'story',
    gates: ['done', 'merge'],
    owner: 'qa',
    fix: 'Record passing test evidence for every criterion in the ReadyGate panel.',
    params: z.object({ fullCoverage: z.boolean().default(true) }).strict(),
  }),
  'defects.resolved': rule({
    id: 'defects.resolved',
    title: 'No open blocking defects',
    scope: 'story',
    gates: ['done', 'merge'],
    owner: 'dev',
    fix: 'Fix and close the linked defects, or have the PO lower their business severity.',
    params: none,
  }),
  'story.accepted': rule({
    id: 'story.accepted',
    title: 'Accepted by the PO',
    scope: 'story',
    gates: ['done', 'merge'],
    owner: 'po',
    fix: 'Review the story against its acceptance criteria and accept it in the ReadyGate panel.',
    params: none,
  }),
  'sprint.goal-set': rule({
    id: 'sprint.goal-set',
    title: 'Sprint goal set',
    scope: 'sprint',
    gates: ['sprint'],
    owner: 'po',
    fix: "Write a sprint goal in the sprint's settings: one outcome the sprint delivers.",
    params: none,
  }),
  'sprint.stories-ready': rule({
    id: 'sprint.stories-ready',
    title: 'Every committed story ready',
    scope: 'sprint',
    gates: ['sprint'],
    owner: 'po',
    fix: 'Make each listed story ready, or take it out of the sprint.',
    params: none,
  }),
  'sprint.capacity': rule({
    id: 'sprint.capacity',
    title: 'Commitment within capacity',
    scope: 'sprint',
    gates: ['sprint'],
    owner: 'po',
    fix: 'Take lower-priority stories out of the sprint until the estimate fits the capacity.',
    params: none,
  }),
  'release.stories-done': rule({
    id: 'release.stories-done',
    title: 'Every issue in the version done',
    scope: 'release',
    gates: ['release'],
    owner: 'po',
    fix: 'Finish each listed issue, or move it to a later version.',
    params: none,
  }),
  'release.defects': rule({
    id: 'release.defects',
    title: 'No open blocking defects in the version',
    scope: 'release',
    gates: ['release'],
    owner: 'dev',
    fix: 'Fix the open defects, or have the PO lower their business severity or move them out of the version.',
    params: none,
  }),
  'release.signoffs': rule({
    id: 'release.signoffs',
    title: 'BA, QA and Dev sign-offs current',
    scope: 'release',
    gates: ['release'],
    owner: 'po',
    fix: 'Ask each listed role to record a sign-off on the ReadyGate release page.',
    params: none,
  }),
  'release.decision': rule({
    id: 'release.decision',
    title: 'Current PO go decision',
    scope: 'release',
    gates: ['release'],
    owner: 'po',
    fix: 'Review the checklist and record a go or no-go decision on the ReadyGate release page.',
    params: none,
  }),
} as const;

/** A rule id. */
export type RuleId = keyof typeof RULES;
/** The ids of the rules of one scope. */
export type RuleIdOf<S extends RuleScope> = {
  [K in RuleId]: (typeof RULES)[K]['scope'] extends S ? K : never;
}[RuleId];
/** Ids of the rules that judge one story. */
export type StoryRuleId = RuleIdOf<'story'>;
/** Ids of the sprint gate's own rules. */
export type SprintRuleId = RuleIdOf<'sprint'>;
/** Ids of the release gate's own rules. */
export type ReleaseRuleId = RuleIdOf<'release'>;
/** A rule's parameters as its schema outputs them (defaults filled in). */
export type RuleParams<Id extends RuleId> = z.output<(typeof RULES)[Id]['params']>;

/**
 * Whether a user-written id names a catalogue rule. An own-property check: `constructor`, `toString` or
 * `__proto__` are unknown ids like any other, not members every object inherits.
 */
export function isRuleId(id: string): id is RuleId {
  return Object.hasOwn(RULES, id);
}
/** Every rule id, in catalogue order. */
export const RULE_IDS = Object.keys(RULES) as RuleId[];
