import type { RuleParams, SprintRuleId } from '../catalogue.js';
import type { Policy } from '../policy.js';
import type { Story } from '../story.js';
import { plural } from './context.js';
import { failed, pass, skip, type Finding } from './finding.js';
import type { StoryVerdict } from './verdict.js';

/** A sprint about to start (or just started) with its committed stories. */
export interface SprintSubject {
  readonly sprint: { readonly id: number; readonly name: string; readonly goal: string | null };
  readonly stories: readonly Story[];
  /** Completed points of recent sprints, newest first; used when the policy sets no fixed capacity. */
  readonly velocity?: readonly number[];
}

/** Everything a sprint rule may read: the sprint, the policy and each story's verdict under the ready rules. */
export interface SprintContext {
  readonly subject: SprintSubject;
  readonly policy: Policy;
  readonly stories: readonly StoryVerdict[];
}

/** A sprint rule: what it finds for the sprint as a whole. */
export type SprintRule<Id extends SprintRuleId> = (ctx: SprintContext, params: RuleParams<Id>) => Finding;

/** "The 1 committed story is ready." / "All 4 committed stories are ready." */
export function allAre(n: number, one: string, many: string, what: string): string {
  return n === 1 ? `The 1 ${one} is ${what}.` : `All ${n} ${many} are ${what}.`;
}

/** Up to five keys, then how many more. */
export function listKeys(keys: readonly string[]): string {
  return `${keys.slice(0, 5).join(', ')}${keys.length > 5 ? `, +${keys.length - 5} more` : ''}`;
}

const rules = {
  'sprint.goal-set': ({ subject, policy }) => {
    const goal = subject.sprint.goal?.trim();
    if (goal) return pass(`Goal: "${goal}".`);
    return policy.sprint.goalRequired
      ? failed('The sprint has no goal.')
      : skip('The policy does not require a sprint goal.');
  },

  'sprint.stories-ready': ({ stories }) => {
    const bad = stories.filter((s) => !s.pass).map((s) => s.key);
    if (bad.length === 0)
      return pass(
        allAre(stories.filter((s) => s.judged).length, 'committed story', 'committed stories', 'ready'),
      );
    return failed(
      `${bad.length} of ${plural(stories.length, 'story', 'stories')} not ready: ${listKeys(bad)}.`,
    );
  },

  'sprint.capacity': ({ subject, policy }) => {
    const committed = subject.stories.reduce((sum, s) => sum + (s.estimate ?? 0), 0);
    const unestimated = subject.stories.filter((s) => s.estimate === null).map((s) => s.key);
    const uncounted = unestimated.length
      ? ` ${listKeys(unestimated)} ${unestimated.length === 1 ? 'has no estimate and counts' : 'have no estimate and count'} as 0.`
      : '';
    let capacity: number | null = policy.sprint.capacityPoints;
    let basis = "the policy's fixed capacity";
    if (capacity === null) {
      const recent = (subject.velocity ?? []).slice(0, policy.sprint.velocitySprints);
      if (recent.length === 0) return skip('No capacity set and no velocity history yet.');
      const mean = recent.reduce((a, b) => a + b, 0) / recent.length;
      const factor = policy.sprint.overcommitFactor;
      capacity = Math.round(mean * factor * 10) / 10;
      basis = `${factor === 1 ? '' : `${factor}× `}the mean velocity of the last ${plural(recent.length, 'sprint')} (${Math.round(mean * 10) / 10})`;
    }
    return committed <= capacity
      ? pass(`${committed} points committed, within ${capacity} (${basis}).${uncounted}`)
      : failed(`${committed} points committed, above the capacity of ${capacity} (${basis}).${uncounted}`);
  },
} satisfies { readonly [Id in SprintRuleId]: SprintRule<Id> };

/** The sprint gate's own rules, keyed by rule id: every sprint-scope rule of the catalogue has exactly one. */
export const SPRINT_RULES: { readonly [Id in SprintRuleId]: SprintRule<Id> } = rules;
