/**
 * The merge queue: a `merge_group` event has no pull request. Keys come from the group's commits and from
 * every PR the group names; the verdict goes to the summary and to the `readygate` status on the group's
 * head commit, which is what the queue waits for.
 */
import { mergeGroupPulls, type Target } from './event.js';
import { COMPARE_MAX_COMMITS, type CommitMessage } from './github.js';
import { scanKeys, type KeyText } from './keys.js';
import { cutMessage, type Outcome } from './outcome.js';
import { EMPTY, judgeLoaded, storyLoader, withFreshness, type CheckEnv } from './pull-request.js';

/** Most PRs of one group read for their titles and branches. */
export const MAX_PULLS = 20;

/**
 * The first commit of the group that no named pull request accounts for, or null. A squash commit names its
 * PR (`Title (#12)`), a merge commit too (`Merge pull request #12 …`) and brings the PR's own commits as they
 * are; with the rebase method the queue names only the group's last PR, and the commits of the others would
 * be judged without their PR's title and branch — so such a commit fails the check rather than pass unseen.
 */
async function unattributed(
  github: CheckEnv['github'],
  commits: readonly CommitMessage[],
  named: readonly number[],
): Promise<CommitMessage | null> {
  const loose = commits.filter((c) => mergeGroupPulls('', [c.message]).length === 0);
  if (loose.length === 0) return null;
  // One request per named PR, only when some commit does not name its PR (merge and rebase methods).
  const own = (await Promise.all(named.map((n) => github.listPullCommits(n)))).flat();
  const shas = new Set(own.map((c) => c.sha));
  const messages = new Set(own.map((c) => c.message));
  return loose.find((c) => !shas.has(c.sha) && !messages.has(c.message)) ?? null;
}

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
  const [pulls, stray] = await Promise.all([
    Promise.all(named.map((n) => github.getPull(n))),
    unattributed(github, commits, named),
  ]);
  if (stray !== null) {
    return {
      kind: 'incomplete',
      message: `Commit ${stray.sha.slice(0, 7)} of the merge group belongs to no pull request the group names, so that pull request's story cannot be judged: Dev, use the squash or merge method for the merge queue (Settings → Branches → merge queue; with rebase, only the group's last pull request is named).`,
      stories: [],
    };
  }
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
