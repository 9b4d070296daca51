/**
 * The merge queue: a `merge_group` event has no pull request. Keys come from the group's commits and from
 * every PR the group names; the verdict goes to the summary and to the `readygate` status on the group's
 * head commit, which is what the queue waits for.
 */
import { mergeGroupPulls, type Target } from './event.js';
import type { PullRequest } from './github.js';
import { scanKeys, type KeyText } from './keys.js';
import { loadPolicyFile } from './policy-source.js';
import { noKeyMessage, noKeyReport, statusDescription } from './report.js';
import {
  judgedReport,
  judgeLoaded,
  StatusReporter,
  type CheckEnv,
  type CheckResult,
} from './pull-request.js';
import { loadStories, startPolicyRead, type PolicyPlan } from './stories.js';

/** Most PRs of one group read for their titles and branches. */
const MAX_PULLS = 20;

/** Checks every story linked from a merge group. */
export async function checkMergeGroup(
  env: CheckEnv,
  target: Extract<Target, { kind: 'merge-group' }>,
): Promise<CheckResult> {
  const { config, github } = env;
  const status = new StatusReporter(env, target.headSha);
  try {
    const commits = await github.compareCommits(target.baseSha, target.headSha);
    const named = mergeGroupPulls(target.headRef, [
      target.headCommitMessage,
      ...commits.map((c) => c.message),
    ]);
    if (named.length > MAX_PULLS) {
      env.runner.warning(
        `The merge group names ${named.length} pull requests; ReadyGate read the titles and branches of the first ${MAX_PULLS} (the commit messages of all). Dev: lower the queue's maximum group size to ${MAX_PULLS}, or put the story keys in commit messages.`,
      );
    }
    const numbers = named.slice(0, MAX_PULLS);
    const pulls: PullRequest[] = await Promise.all(numbers.map((n) => github.getPull(n)));
    const texts: KeyText[] = [
      { source: { kind: 'merge-group' }, text: target.headCommitMessage },
      ...pulls.flatMap((p): KeyText[] => [
        { source: { kind: 'branch' }, text: p.head.ref },
        { source: { kind: 'title' }, text: p.title },
        { source: { kind: 'body' }, text: p.body },
      ]),
      ...commits.map((c): KeyText => ({ source: { kind: 'commit', sha: c.sha }, text: c.message })),
    ];
    const projects = config.projectKeys;
    const scan = scanKeys(texts, { projects });
    const ctx = {
      policySource: config.policyPath ? `policy file ${config.policyPath}` : 'project policy',
      runUrl: env.runUrl,
    };
    if (scan.keys.length === 0) {
      const report = noKeyReport(scan.searched, projects, config.requireStory, ctx);
      if (!config.requireStory) {
        await status.final('success', 'No story key; not required');
        return { pass: true, stories: [], report, failure: null };
      }
      await status.final('failure', 'No Jira story key found in the merge group');
      return { pass: false, stories: [], report, failure: noKeyMessage(scan.searched, projects) };
    }
    const projectKey = projects[0] ?? scan.keys[0]?.project ?? null;
    const plan: PolicyPlan =
      config.policyPath !== null
        ? { kind: 'file', choice: loadPolicyFile(config.policyPath, env.workspace) }
        : { kind: 'property', projectKey };
    const policyRead =
      plan.kind === 'property' && projectKey !== null ? startPolicyRead(env.jira(), projectKey) : null;
    const loaded = await loadStories(
      env.jira(),
      scan.keys.map((k) => k.key),
      plan,
      policyRead,
      config.publicKey,
    );
    const judged = judgeLoaded(env, loaded);
    const { verdict, missingFails, outputs } = judged;
    // No pull request to fall back on: a group whose keys Jira does not know passes only if no story is required.
    const pass =
      verdict.pass &&
      (!missingFails || loaded.missing.length === 0) &&
      (loaded.stories.length > 0 || !config.requireStory);
    const report = judgedReport(env, scan, loaded, judged, pass);
    await status.final(pass ? 'success' : 'failure', statusDescription(outputs, pass));
    const failing = outputs
      .filter((s) => s.outcome === 'fail' || (s.outcome === 'missing' && s.failed.length > 0))
      .map((s) => s.key);
    return {
      pass,
      stories: outputs,
      report,
      failure: pass
        ? null
        : `ReadyGate: the merge group links stories that are not ready to merge (${failing.join(', ')}); see the job summary.`,
    };
  } catch (e) {
    await status.final(
      'error',
      `ReadyGate could not finish: ${e instanceof Error ? e.message : 'unexpected error'}`,
    );
    throw e;
  }
}
