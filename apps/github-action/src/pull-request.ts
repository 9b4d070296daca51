/**
 * The pull-request gate: keys from the PR, stories from Jira, the `merge` gate. Round trips:
 * [commits ‖ comments ‖ policies ‖ search] → [comment ‖ status], plus a second search only for keys that
 * appear in commit messages alone.
 */
import { loadStories, type JiraClient, type LoadedStories, type StoryPolicy } from '@readygate/jira';
import type { GitHubClient, PullRequest } from './github.js';
import type { Config } from './inputs.js';
import { scanKeys, type KeyScan, type KeyText } from './keys.js';
import { cutMessage, type Outcome } from './outcome.js';
import { loadPolicyFile } from './policy-source.js';
import { storiesOutput, type StoryOutput } from './report.js';
import { judgeMerge, mergeLoads } from './stories.js';
import { applyFresh, askFresh, NO_FRESHNESS_WARNING } from './fresh.js';

/** What a check needs from its surroundings. */
export interface CheckEnv {
  readonly config: Config;
  readonly github: GitHubClient;
  readonly jira: () => JiraClient;
  readonly workspace: string;
  /** Jira site for browse links, or null (the API gateway URL has none). */
  readonly browseBase: string | null;
  readonly runUrl: string | null;
  /** The run's deadline. */
  readonly signal: AbortSignal;
}

/** Nothing loaded: no key to look up. */
export const EMPTY: LoadedStories = { stories: [], missing: [], policies: new Map() };

/** GitHub lists at most this many commits of a pull request. */
const MAX_LISTED_COMMITS = 250;

function keyTexts(pull: PullRequest, commits: readonly { sha: string; message: string }[]): KeyText[] {
  return [
    { source: { kind: 'branch' }, text: pull.head.ref },
    { source: { kind: 'title' }, text: pull.title },
    { source: { kind: 'body' }, text: pull.body },
    ...commits.map((c): KeyText => ({ source: { kind: 'commit', sha: c.sha }, text: c.message })),
  ];
}

/** How a check loads stories: with its public keys and, when the input names one, the policy file. */
export interface StoryLoader {
  load(keys: readonly string[], known?: ReadonlyMap<string, StoryPolicy>): Promise<LoadedStories>;
  /** With the freshness inputs: what the app's fresh answers found wrong with the Jira copies (fails the check). */
  readonly freshProblems: string[];
}

/** The loader of a check: the policy file when the input names one, else each project's signed policy. */
export function storyLoader(env: CheckEnv): StoryLoader {
  const { config } = env;
  const file = config.policyPath === null ? null : loadPolicyFile(config.policyPath, env.workspace);
  file?.catch(() => undefined);
  const freshProblems: string[] = [];
  return {
    freshProblems,
    load: async (keys, known) => {
      // With the freshness inputs, the app is asked at the same time as Jira: still one round trip.
      const answer =
        config.fresh === null ? null : askFresh(config, { keys: [...new Set(keys)] }, env.signal);
      answer?.catch(() => undefined);
      const policy = file === null ? undefined : await file;
      const loaded = await loadStories(env.jira(), keys, {
        publicKeys: config.publicKeys,
        ...(policy ? { policy } : {}),
        ...(known ? { known } : {}),
      });
      if (answer === null) return loaded;
      const applied = applyFresh(loaded, await answer, file !== null);
      freshProblems.push(...applied.problems);
      return applied.loaded;
    },
  };
}

/**
 * The outcome with the freshness verdict: a Jira copy that is not the current one fails the check, saying which
 * and who fixes it; without the freshness inputs, the report warns that a replay cannot be detected.
 */
export function withFreshness(env: CheckEnv, loader: StoryLoader, outcome: Outcome): Outcome {
  if (env.config.fresh === null)
    return outcome.kind === 'judged'
      ? {
          ...outcome,
          judged: { ...outcome.judged, warnings: [...outcome.judged.warnings, NO_FRESHNESS_WARNING] },
        }
      : outcome;
  if (loader.freshProblems.length === 0) return outcome;
  const [first, ...rest] = loader.freshProblems;
  const message = `ReadyGate: ${first ?? ''}${rest.length > 0 ? `; and ${rest.length} more: ${rest.join('; ')}` : ''}.`;
  return {
    kind: 'incomplete',
    message: message.slice(0, 2000),
    stories: outcome.kind === 'judged' || outcome.kind === 'no-story' ? storiesOf(outcome) : [],
  };
}

function storiesOf(outcome: Extract<Outcome, { kind: 'judged' | 'no-story' }>): readonly StoryOutput[] {
  if (outcome.kind === 'no-story') return outcome.stories;
  const j = outcome.judged;
  return storiesOutput(j.verdict, j.missing, j.missingFails);
}

/** Checks one pull request. */
export async function checkPullRequest(env: CheckEnv, pull: PullRequest): Promise<Outcome> {
  const { config } = env;
  const commitsP = env.github.listPullCommits(pull.number);
  commitsP.catch(() => undefined);
  const loader = storyLoader(env);

  // The search for keys in the branch, title and body goes out with the commit listing; keys that only
  // commit messages name take a second search afterwards.
  const early = scanKeys(keyTexts(pull, []), { projects: config.projectKeys });
  const firstLoad = early.keys.length > 0 ? loader.load(early.keys.map((k) => k.key)) : null;
  firstLoad?.catch(() => undefined);

  const commits = await commitsP;
  const scan = scanKeys(keyTexts(pull, commits), { projects: config.projectKeys });
  if (scan.cut) return { kind: 'incomplete', message: cutMessage(scan.cut), stories: [] };
  // GitHub lists at most 250 commits of a pull request: a key in a later one would go unseen.
  if (pull.commits !== undefined && commits.length >= MAX_LISTED_COMMITS && commits.length < pull.commits) {
    return {
      kind: 'incomplete',
      message: `Pull request #${pull.number} has ${pull.commits} commits and GitHub lists only ${commits.length}, so a story key in the others could go unseen: Dev, squash the branch or split the pull request.`,
      stories: [],
    };
  }
  if (scan.keys.length === 0) return noStory(env, { scan, why: null, stories: [], source: null });

  const extra = scan.keys.filter((k) => !early.keys.some((e) => e.key === k.key)).map((k) => k.key);
  const first = firstLoad ? await firstLoad : null;
  // Keys only commit messages name: a second search, reusing the policies the first one read.
  const more = extra.length > 0 ? await loader.load(extra, first?.policies) : null;
  const loaded = first ? mergeLoads(first, more) : (more ?? EMPTY);
  return withFreshness(env, loader, judgeLoaded(env, scan, loaded));
}

/**
 * The merge gate over the stories a scan found, shared by pull requests and merge groups. Only stories the
 * gate judges count as linked: a PR whose issues are all of types the policy does not gate (a story turned
 * into a Task) is a PR without a story, not a pass.
 */
export function judgeLoaded(env: CheckEnv, scan: KeyScan, loaded: LoadedStories): Outcome {
  const order = scan.keys.map((k) => k.key);
  const { verdict, source } = judgeMerge(loaded, order);
  const missing = loaded.missing.map((m) => m.key).sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const missingFails = env.config.projectKeys.length > 0;
  const judged = verdict.stories.filter((s) => s.judged);
  if (judged.length === 0 && !(missingFails && missing.length > 0)) {
    const reasons = [
      ...verdict.stories.map((s) => `${s.key} is a ${s.type}, which the merge gate does not judge`),
      ...missing.map((k) => `${k} is not in Jira or not visible to the token`),
    ];
    return noStory(env, {
      scan,
      why: reasons.length > 0 ? reasons.join('; ') : null,
      stories: storiesOutput(verdict, missing, missingFails),
      source,
    });
  }
  return {
    kind: 'judged',
    judged: { scan, verdict, missing, missingFails, policySource: source, warnings: [] },
  };
}

function noStory(
  env: CheckEnv,
  found: {
    scan: KeyScan;
    why: string | null;
    stories: readonly StoryOutput[];
    /** The policies the loaded stories named, or null when nothing was loaded. */
    source: string | null;
  },
): Outcome {
  const { config } = env;
  return {
    kind: 'no-story',
    scan: found.scan,
    why: found.why,
    stories: found.stories,
    policySource: found.source ?? (config.policyPath ? `policy file ${config.policyPath}` : 'project policy'),
  };
}
