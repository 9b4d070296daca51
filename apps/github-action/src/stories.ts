/**
 * The merge gate over loaded stories: each story is judged by the policy of its own project (see
 * `loadStories` in @readygate/jira), and the verdicts of the policies in play make one verdict.
 */
import type { LoadedStories, StoryPolicy } from '@readygate/jira';
import { evaluate, type Story, type Verdict } from '@readygate/rules';

/** The stories of both loads of a pull request (keys in branch/title/body, then keys only commits name). */
export function mergeLoads(a: LoadedStories, b: LoadedStories | null): LoadedStories {
  if (b === null) return a;
  return {
    stories: [...a.stories, ...b.stories],
    missing: [...a.missing, ...b.missing],
    policies: new Map([...a.policies, ...b.policies]),
  };
}

/** The merge gate's verdict, with the stories in `order` (the order their keys were found). */
export function judgeMerge(
  loaded: LoadedStories,
  order: readonly string[],
): { verdict: Verdict; source: string } {
  const groups = new Map<StoryPolicy, Story[]>();
  for (const { story, policy } of loaded.stories) groups.set(policy, [...(groups.get(policy) ?? []), story]);
  const verdicts = [...groups].map(([policy, stories]) => evaluate('merge', { stories }, policy.policy));
  const policies = [...groups.keys()];
  const source = [...new Set(policies.map((p) => p.source))].join('; ') || 'no policy needed';
  const rank = new Map(order.map((k, i) => [k, i]));
  const verdict = combine(verdicts);
  const stories = [...verdict.stories].sort((a, b) => (rank.get(a.key) ?? 0) - (rank.get(b.key) ?? 0));
  return { verdict: { ...verdict, stories }, source };
}

function combine(verdicts: readonly Verdict[]): Verdict {
  const [only] = verdicts;
  if (verdicts.length === 1 && only) return only;
  const stories = verdicts.flatMap((v) => v.stories);
  const pass = verdicts.every((v) => v.pass);
  const keys = stories.map((s) => s.key);
  const subject =
    keys.length === 0
      ? 'no stories'
      : keys.length <= 5
        ? keys.join(', ')
        : `${keys.slice(0, 5).join(', ')} and ${keys.length - 5} more`;
  const failing = stories.filter((s) => !s.pass).length;
  const warnings = verdicts.reduce((n, v) => n + v.counts.warnings, 0);
  return {
    gate: 'merge',
    pass,
    subject,
    headline: pass
      ? `Merge gate passed for ${subject}${warnings ? ` with ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}.`
      : `Merge gate failed for ${subject}: ${failing} of ${stories.length} ${stories.length === 1 ? 'story' : 'stories'} failing.`,
    checks: [],
    stories,
    counts: { stories: stories.length, failing, warnings },
  };
}
