/**
 * The merge queue: a `merge_group` event has no pull request. Keys come from the group's commits and from
 * every PR the group names; the verdict goes to the summary and to the `readygate` status on the group's
 * head commit, which is what the queue waits for.
 */
import { mergeGroupPulls, type Target } from './event.js';
import { COMPARE_MAX_COMMITS } from './github.js';
import { scanKeys, type KeyText } from './keys.js';
import { cutMessage, type Outcome } from './outcome.js';
import { EMPTY, judgeLoaded, storyLoader, withFreshness, type CheckEnv } from './pull-request.js';

/** Most PRs of one group read for their titles and branches. */
export const MAX_PULLS = 20;

/** Checks every story linked from a merge group. */
export async function checkMergeGroup(
  env: CheckEnv,
  target: Extract<Target, { kind: 'merge-group' }>,
): Promise<Outcome> {
  const { config, github } = env;
  const commits = await github.compareCommits(target.baseSha, target.headSha);
  if (commits.length >= COMPARE_MAX_COMMITS) {
    return {
      kind: 'incomplete',
      message: `The merge group has ${COMPARE_MAX_COMMITS} or more commits and ReadyGate reads ${COMPARE_MAX_COMMITS}, so a story key in the others could go unseen: Dev, lower the merge queue's maximum group size.`,
      stories: [],
    };
  }
  const named = mergeGroupPulls(target.headRef, [target.headCommitMessage, ...commits.map((c) => c.message)]);
  if (named.length > MAX_PULLS) {
    // Judging the first 20 would let the 21st merge unchecked.
    return {
      kind: 'incomplete',
      message: `The merge group names ${named.length} pull requests and ReadyGate judges at most ${MAX_PULLS} in one group: Dev, set the merge queue's maximum group size to ${MAX_PULLS} or fewer (Settings → Branches → merge queue).`,
      stories: [],
    };
  }
  const pulls = await Promise.all(named.map((n) => github.getPull(n)));
  const texts: KeyText[] = [
    { source: { kind: 'merge-group' }, text: target.headCommitMessage },
    ...pulls.flatMap((p): KeyText[] => [
      { source: { kind: 'branch' }, text: p.head.ref },
      { source: { kind: 'title' }, text: p.title },
      { source: { kind: 'body' }, text: p.body },
    ]),
    ...commits.map((c): KeyText => ({ source: { kind: 'commit', sha: c.sha }, text: c.message })),
  ];
  const scan = scanKeys(texts, { projects: config.projectKeys });
  if (scan.cut) return { kind: 'incomplete', message: cutMessage(scan.cut), stories: [] };
  if (scan.keys.length === 0) return judgeLoaded(env, scan, EMPTY);
  const loader = storyLoader(env);
  const loaded = await loader.load(scan.keys.map((k) => k.key));
  return withFreshness(env, loader, judgeLoaded(env, scan, loaded));
}
