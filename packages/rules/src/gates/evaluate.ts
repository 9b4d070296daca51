import { isRuleId, RULES, type GateId, type RuleDefinition } from '../catalogue.js';
import type { CriteriaSet } from '../criteria/index.js';
import { criteriaWithKeys } from '../criteria/extract.js';
import type { GateConfig, Policy, RuleConfig } from '../policy.js';
import type { ReleaseRecord } from '../records.js';
import type { Role } from '../roles.js';
import type { Story, UntrustedRecord } from '../story.js';
import { actsAs, day, isBlockingSeverity, plural, who } from './context.js';
import { acApproval, evidenceCoverage, gateMemo, STORY_RULES, type Finding } from './story-rules.js';
import type { RuleOutcome, StoryFacts, StoryVerdict, Verdict } from './verdict.js';
import { versionFingerprint } from './version.js';

/** The stories a `ready`, `done` or `merge` gate judges. */
export interface StoriesSubject {
  readonly stories: readonly Story[];
}

/** A sprint about to start (or just started) with its committed stories. */
export interface SprintSubject {
  readonly sprint: { readonly id: number; readonly name: string; readonly goal: string | null };
  readonly stories: readonly Story[];
  /** Completed points of recent sprints, newest first; used when the policy sets no fixed capacity. */
  readonly velocity?: readonly number[];
}

/** A release (a Jira fix version) with its issues and its verified release records. */
export interface ReleaseSubject {
  readonly version: { readonly id: string; readonly name: string; readonly projectKey: string };
  readonly stories: readonly Story[];
  readonly records: readonly ReleaseRecord[];
  readonly untrusted: readonly UntrustedRecord[];
}

/** What each gate judges. */
export interface GateSubjects {
  ready: StoriesSubject;
  done: StoriesSubject;
  merge: StoriesSubject;
  sprint: SprintSubject;
  release: ReleaseSubject;
}

function outcomeOf(def: RuleDefinition, cfg: RuleConfig, f: Finding): RuleOutcome {
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

function appliesTo(types: readonly string[] | undefined, type: string): boolean {
  return types === undefined || types.some((t) => t.toLowerCase() === type.toLowerCase());
}

function judgeStory(story: Story, gate: GateConfig, policy: Policy): StoryVerdict {
  const { set: criteria, keys } = criteriaWithKeys(story);
  const judged = appliesTo(gate.issueTypes, story.type);
  const outcomes: RuleOutcome[] = [];
  if (judged) {
    for (const cfg of gate.rules) {
      const def: RuleDefinition | undefined = isRuleId(cfg.id) ? RULES[cfg.id] : undefined;
      const impl = Object.hasOwn(STORY_RULES, cfg.id) ? STORY_RULES[cfg.id] : undefined;
      if (!def || def.scope !== 'story' || !impl) continue;
      if (!appliesTo(cfg.issueTypes, story.type)) {
        outcomes.push(outcomeOf(def, cfg, { skip: true, message: `Does not apply to a ${story.type}.` }));
        continue;
      }
      outcomes.push(outcomeOf(def, cfg, impl({ story, criteria, keys, policy, params: defaults(def, cfg) })));
    }
  }
  return {
    key: story.key,
    summary: story.summary,
    type: story.type,
    judged,
    pass: !outcomes.some((o) => o.outcome === 'fail'),
    outcomes,
    facts: factsOf(story, criteria, policy),
  };
}

/** Who approved the AC and the newest passing evidence: the same for every gate, so worked out once per story. */
function factsOf(story: Story, criteria: CriteriaSet, policy: Policy): StoryFacts {
  const memo = gateMemo(story, criteria, policy);
  if (memo.facts !== undefined) return memo.facts;
  const approval = acApproval(story, criteria, policy);
  const evidence = evidenceCoverage(story, criteria, policy).newest;
  let facts: StoryFacts = { criteria: criteria.criteria.length, acFingerprint: criteria.fingerprint };
  if ('pass' in approval && approval.pass && approval.by !== undefined && approval.at !== undefined)
    facts = { ...facts, approvedBy: approval.by, approvedAt: approval.at };
  if (evidence) facts = { ...facts, evidenceUrl: evidence.url, evidenceAt: evidence.at };
  return (memo.facts = facts);
}

const paramsCache = new WeakMap<RuleConfig, Record<string, unknown>>();

/** A rule's parameters with the catalogue's defaults, parsed once per policy entry rather than per story. */
function defaults(def: RuleDefinition, cfg: RuleConfig): Record<string, unknown> {
  let params = paramsCache.get(cfg);
  if (!params) {
    const parsed = def.params.safeParse(cfg.params ?? {});
    params = parsed.success ? (parsed.data as Record<string, unknown>) : {};
    paramsCache.set(cfg, params);
  }
  return params;
}

function gateCheck(gateCfg: GateConfig, id: string, find: () => Finding): RuleOutcome | undefined {
  const cfg = gateCfg.rules.find((r) => r.id === id);
  const def: RuleDefinition | undefined = isRuleId(id) ? RULES[id] : undefined;
  if (!cfg || !def) return undefined;
  return outcomeOf(def, cfg, find());
}

/** "The 1 committed story is ready." / "All 4 committed stories are ready." */
function allAre(n: number, one: string, many: string, what: string): string {
  return n === 1 ? `The 1 ${one} is ${what}.` : `All ${n} ${many} are ${what}.`;
}

function listKeys(keys: readonly string[]): string {
  return `${keys.slice(0, 5).join(', ')}${keys.length > 5 ? `, +${keys.length - 5} more` : ''}`;
}

function failingKeys(verdicts: readonly StoryVerdict[]): string {
  return listKeys(verdicts.filter((v) => !v.pass).map((v) => v.key));
}

function sprintChecks(
  subject: SprintSubject,
  policy: Policy,
  stories: readonly StoryVerdict[],
): RuleOutcome[] {
  const cfg = policy.gates.sprint;
  const checks: (RuleOutcome | undefined)[] = [
    gateCheck(cfg, 'sprint.goal-set', () =>
      subject.sprint.goal?.trim()
        ? { pass: true, message: `Goal: "${subject.sprint.goal.trim()}".` }
        : policy.sprint.goalRequired
          ? { pass: false, message: 'The sprint has no goal.' }
          : { skip: true, message: 'The policy does not require a sprint goal.' },
    ),
    gateCheck(cfg, 'sprint.stories-ready', () => {
      const bad = stories.filter((s) => !s.pass).length;
      return bad === 0
        ? {
            pass: true,
            message: allAre(
              stories.filter((s) => s.judged).length,
              'committed story',
              'committed stories',
              'ready',
            ),
          }
        : {
            pass: false,
            message: `${bad} of ${plural(stories.length, 'story', 'stories')} not ready: ${failingKeys(stories)}.`,
          };
    }),
    gateCheck(cfg, 'sprint.capacity', () => {
      const committed = subject.stories.reduce((sum, s) => sum + (s.estimate ?? 0), 0);
      const unestimated = subject.stories.filter((s) => s.estimate === null).map((s) => s.key);
      const uncounted = unestimated.length
        ? ` ${listKeys(unestimated)} ${unestimated.length === 1 ? 'has no estimate and counts' : 'have no estimate and count'} as 0.`
        : '';
      let capacity: number | null = policy.sprint.capacityPoints;
      let basis = "the policy's fixed capacity";
      if (capacity === null) {
        const recent = (subject.velocity ?? []).slice(0, policy.sprint.velocitySprints);
        if (recent.length === 0)
          return { skip: true, message: 'No capacity set and no velocity history yet.' };
        const mean = recent.reduce((a, b) => a + b, 0) / recent.length;
        capacity = Math.round(mean * policy.sprint.overcommitFactor * 10) / 10;
        const factor = policy.sprint.overcommitFactor;
        basis = `${factor === 1 ? '' : `${factor}× `}the mean velocity of the last ${plural(recent.length, 'sprint')} (${Math.round(mean * 10) / 10})`;
      }
      return committed <= capacity
        ? { pass: true, message: `${committed} points committed, within ${capacity} (${basis}).${uncounted}` }
        : {
            pass: false,
            message: `${committed} points committed, above the capacity of ${capacity} (${basis}).${uncounted}`,
          };
    }),
  ];
  return checks.filter((c): c is RuleOutcome => c !== undefined);
}

function releaseChecks(
  subject: ReleaseSubject,
  policy: Policy,
  stories: readonly StoryVerdict[],
): RuleOutcome[] {
  const cfg = policy.gates.release;
  const content = versionFingerprint(subject.stories);
  const blocking = policy.release.blockingSeverities;
  const roleLabel: Record<Role, string> = { po: 'PO', ba: 'BA', qa: 'QA', dev: 'Dev' };
  const untrusted = subject.untrusted.length
    ? ` ${subject.untrusted.map((u) => u.message).join(' ')} It counts as no record.`
    : '';
  const checks: (RuleOutcome | undefined)[] = [
    gateCheck(cfg, 'release.stories-done', () => {
      const failingDone = stories.filter((s) => !s.pass);
      // Open defects are judged by severity in release.defects: a minor known bug may ship.
      const open = subject.stories.filter(
        (s) => s.status.category !== 'done' && s.type.toLowerCase() !== 'bug',
      );
      if (failingDone.length === 0 && open.length === 0)
        return {
          pass: true,
          message: allAre(
            stories.filter((s) => s.judged).length,
            'issue',
            'issues',
            'done and meet the Definition of Done',
          ),
        };
      const parts: string[] = [];
      if (open.length)
        parts.push(
          `${open.length} of ${plural(subject.stories.length, 'issue')} still open in Jira: ${listKeys(open.map((s) => s.key))}`,
        );
      if (failingDone.length)
        parts.push(
          `${failingDone.length} ${failingDone.length === 1 ? 'fails' : 'fail'} the Definition of Done: ${failingKeys(stories)}`,
        );
      return { pass: false, message: `${parts.join('; ')}.` };
    }),
    gateCheck(cfg, 'release.defects', () => {
      const open = subject.stories.filter(
        (s) => s.type.toLowerCase() === 'bug' && s.status.category !== 'done',
      );
      const severe = open.filter(
        (s) => s.businessSeverity === null || isBlockingSeverity(s.businessSeverity, blocking),
      );
      if (severe.length === 0)
        return {
          pass: true,
          message: open.length
            ? `${plural(open.length, 'open defect')}, none at a blocking severity.`
            : 'No open defects in the version.',
        };
      const message = `Open defects at a blocking or unset severity: ${severe.map((s) => `${s.key} (${s.businessSeverity ?? 'no severity'})`).join(', ')}.`;
      // Only untriaged defects: setting the business severity is the BA's part of triage, as in defects.resolved.
      if (severe.every((s) => s.businessSeverity === null))
        return {
          pass: false,
          message,
          owner: 'ba',
          fix: 'Set the business severity of each listed defect, so it is clear whether it blocks the release.',
        };
      return { pass: false, message };
    }),
  ];
  const signoffs = gateCheck(cfg, 'release.signoffs', () => {
    const missing: string[] = [];
    const stale: string[] = [];
    const owed: Role[] = [];
    for (const role of policy.release.requiredSignoffs) {
      let best: ReleaseRecord | undefined;
      for (const r of subject.records) {
        if (
          r.kind === 'release.signoff' &&
          r.role === role &&
          actsAs(r.by, role, policy) &&
          (!best || Date.parse(r.at) >= Date.parse(best.at))
        )
          best = r;
      }
      if (!best) missing.push(roleLabel[role]);
      else if (best.contentFingerprint !== content) stale.push(`${roleLabel[role]} (signed ${day(best.at)})`);
      else continue;
      owed.push(role);
    }
    if (missing.length === 0 && stale.length === 0)
      return {
        pass: true,
        message: `Signed off by ${policy.release.requiredSignoffs.map((r) => roleLabel[r]).join(', ')}.`,
      };
    const parts = [
      missing.length ? `missing from ${missing.join(', ')}` : '',
      stale.length ? `stale, the version changed after: ${stale.join(', ')}` : '',
    ].filter(Boolean);
    const message = `Sign-offs ${parts.join('; ')}.${untrusted}`;
    // One role owing a sign-off owns the fix; several are the PO's to chase (the catalogue's fix).
    const [only] = owed;
    return owed.length === 1 && only
      ? {
          pass: false,
          message,
          owner: only,
          fix: `Record the ${roleLabel[only]} sign-off on the ReadyGate release page.`,
        }
      : { pass: false, message };
  });
  const decision = gateCheck(cfg, 'release.decision', () => {
    let best: Extract<ReleaseRecord, { kind: 'release.decision' }> | undefined;
    for (const r of subject.records) {
      if (
        r.kind === 'release.decision' &&
        actsAs(r.by, 'po', policy) &&
        (!best || Date.parse(r.at) >= Date.parse(best.at))
      )
        best = r;
    }
    if (!best) return { pass: false, message: `No go/no-go decision recorded by the PO.${untrusted}` };
    if (best.decision === 'no-go')
      return { pass: false, message: `${who(best.by)} decided NO-GO on ${day(best.at)}: ${best.rationale}` };
    if (best.contentFingerprint !== content) {
      return {
        pass: false,
        message: `The version changed after ${who(best.by)}'s go decision on ${day(best.at)} — the PO must decide again.`,
      };
    }
    // A go must weigh every sign-off: one recorded after it (a QA concern, a Dev risk) reopens the decision.
    const decidedAt = Date.parse(best.at);
    const later = subject.records.filter(
      (r) => r.kind === 'release.signoff' && actsAs(r.by, r.role, policy) && Date.parse(r.at) > decidedAt,
    );
    if (later.length > 0) {
      const names = [
        ...new Set(later.map((r) => (r.kind === 'release.signoff' ? roleLabel[r.role] : ''))),
      ].join(', ');
      return {
        pass: false,
        message: `${names} signed off after ${who(best.by)}'s go decision on ${day(best.at)} — the PO must decide again with that sign-off in view.`,
      };
    }
    return { pass: true, message: `GO decided by ${who(best.by)} on ${day(best.at)}: ${best.rationale}` };
  });
  return [...checks, signoffs, decision].filter((c): c is RuleOutcome => c !== undefined);
}

function headline(
  gate: GateId,
  pass: boolean,
  subject: string,
  checks: readonly RuleOutcome[],
  stories: readonly StoryVerdict[],
): string {
  const name = { ready: 'Ready', done: 'Done', merge: 'Merge', sprint: 'Sprint', release: 'Release' }[gate];
  if (pass) {
    const warns =
      checks.filter((c) => c.outcome === 'warn').length +
      stories.reduce((n, s) => n + s.outcomes.filter((o) => o.outcome === 'warn').length, 0);
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

function describeSubject(gate: GateId, subject: GateSubjects[GateId]): string {
  if (gate === 'sprint') return `sprint "${(subject as SprintSubject).sprint.name}"`;
  if (gate === 'release') return `version ${(subject as ReleaseSubject).version.name}`;
  const keys = subject.stories.map((s) => s.key);
  if (keys.length === 0) return 'no stories';
  return keys.length <= 5 ? keys.join(', ') : `${keys.slice(0, 5).join(', ')} and ${keys.length - 5} more`;
}

/**
 * Evaluates a gate. `ready`, `done` and `merge` judge each story with that gate's rules; `sprint` judges each
 * story with the `ready` rules plus the sprint's own checks; `release` judges each issue with the `done` rules
 * plus the release's own checks. Never throws for a subject of the declared type.
 */
export function evaluate<G extends GateId>(gate: G, subject: GateSubjects[G], policy: Policy): Verdict {
  const storyGate =
    gate === 'sprint' ? policy.gates.ready : gate === 'release' ? policy.gates.done : policy.gates[gate];
  const stories = subject.stories.map((s) => judgeStory(s, storyGate, policy));
  const checks =
    gate === 'sprint'
      ? sprintChecks(subject as SprintSubject, policy, stories)
      : gate === 'release'
        ? releaseChecks(subject as ReleaseSubject, policy, stories)
        : [];
  const gateLevelStoriesRule =
    gate === 'sprint' ? 'sprint.stories-ready' : gate === 'release' ? 'release.stories-done' : null;
  const storiesCount =
    gateLevelStoriesRule === null || policy.gates[gate].rules.some((r) => r.id === gateLevelStoriesRule);
  const pass = !checks.some((c) => c.outcome === 'fail') && (!storiesCount || stories.every((s) => s.pass));
  const label = describeSubject(gate, subject);
  const warnings =
    checks.filter((c) => c.outcome === 'warn').length +
    stories.reduce((n, s) => n + s.outcomes.filter((o) => o.outcome === 'warn').length, 0);
  return {
    gate,
    pass,
    subject: label,
    headline: headline(gate, pass, label, checks, stories),
    checks,
    stories,
    counts: { stories: stories.length, failing: stories.filter((s) => !s.pass).length, warnings },
  };
}
