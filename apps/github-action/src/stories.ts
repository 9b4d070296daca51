/**
 * Loading the linked stories and judging each by the policy of its own project. The issue search and one
 * `readygate.policy` read per project go out together (one round trip); the search cannot know the policies'
 * field maps yet, so it asks for all navigable fields but the heavy ones (every field a policy can map is
 * navigable in Jira).
 */
import { RECORDS_PROPERTY, toStory, type IssueBean, type JiraClient } from '@readygate/jira';
import { evaluate, type PublicKey, type Story, type Verdict } from '@readygate/rules';
import { policyFromProperty, POLICY_PROPERTY, type PolicyChoice } from './policy-source.js';

/** The fields the search asks for: all navigable ones but the heavy, plus the project. */
export const SEARCH_FIELDS = ['*navigable', '-comment', '-worklog', '-attachment', 'project'];

/** Stories grouped by the policy that judges them, and the keys Jira did not return. */
export interface LoadedStories {
  readonly groups: readonly { readonly policy: PolicyChoice; readonly stories: readonly Story[] }[];
  readonly missing: readonly string[];
}

/** Where policies come from: a policy file for every story, or each project's signed property. */
export class PolicySource {
  private readonly reads = new Map<string, Promise<unknown>>();

  constructor(
    private readonly jira: JiraClient,
    private readonly file: Promise<PolicyChoice> | null,
  ) {
    file?.catch(() => undefined);
  }

  /** Starts the property reads of these projects now (each project once), so they travel with the search. */
  start(projects: Iterable<string>): void {
    if (this.file) return;
    for (const project of projects) {
      if (this.reads.has(project)) continue;
      const p = this.jira.getProjectProperty(project, POLICY_PROPERTY);
      p.catch(() => undefined);
      this.reads.set(project, p);
    }
  }

  /** The policy for a project, verified against the project's id (part of the signed subject). */
  async policyFor(project: { id: string; key: string }, keys: readonly PublicKey[]): Promise<PolicyChoice> {
    if (this.file) return this.file;
    this.start([project.key]);
    return policyFromProperty(await this.reads.get(project.key), keys, project);
  }
}

function projectOf(issue: IssueBean): { id: string; key: string } | null {
  const p = issue.fields?.['project'];
  if (typeof p !== 'object' || p === null) return null;
  const { id, key } = p as { id?: unknown; key?: unknown };
  return typeof key === 'string' && (typeof id === 'string' || typeof id === 'number')
    ? { id: String(id), key }
    : null;
}

/** Loads the stories of these keys (one search, with the policy reads of their projects alongside). */
export async function loadStories(
  jira: JiraClient,
  keys: readonly string[],
  policies: PolicySource,
  publicKeys: readonly PublicKey[],
): Promise<LoadedStories> {
  policies.start(keys.map((k) => k.slice(0, k.lastIndexOf('-'))));
  const { issues, missing } = await jira.loadIssues(keys, {
    fields: SEARCH_FIELDS,
    properties: [RECORDS_PROPERTY],
  });
  const byProject = new Map<string, { project: { id: string; key: string }; issues: IssueBean[] }>();
  const unplaced: string[] = [];
  for (const issue of issues) {
    const project = projectOf(issue);
    if (project === null) {
      unplaced.push(issue.key);
      continue;
    }
    const group = byProject.get(project.key) ?? { project, issues: [] };
    group.issues.push(issue);
    byProject.set(project.key, group);
  }
  const groups = await Promise.all(
    [...byProject.values()].map(async ({ project, issues: inProject }) => {
      const policy = await policies.policyFor(project, publicKeys);
      return {
        policy,
        stories: inProject.map((i) => toStory(i, { fields: policy.policy.fields, keys: publicKeys })),
      };
    }),
  );
  // An issue without its project cannot be judged by its project's policy: it counts as not returned.
  return { groups, missing: [...missing, ...unplaced] };
}

/** Both loads of a pull request (keys in branch/title/body, then keys only commits name), as one. */
export function mergeLoads(a: LoadedStories, b: LoadedStories): LoadedStories {
  return { groups: [...a.groups, ...b.groups], missing: [...a.missing, ...b.missing] };
}

/**
 * The merge gate over loaded stories, each group by its own policy, as one verdict with the stories in
 * the order the keys were found.
 */
export function judgeMerge(
  loaded: LoadedStories,
  order: readonly string[],
): { verdict: Verdict; warnings: string[]; source: string } {
  const verdicts = loaded.groups.map((g) => evaluate('merge', { stories: [...g.stories] }, g.policy.policy));
  const warnings = [...new Set(loaded.groups.flatMap((g) => (g.policy.warning ? [g.policy.warning] : [])))];
  const source = [...new Set(loaded.groups.map((g) => g.policy.source))].join('; ') || 'no policy needed';
  const rank = new Map(order.map((k, i) => [k, i]));
  const verdict = combine(verdicts);
  const stories = [...verdict.stories].sort((a, b) => (rank.get(a.key) ?? 0) - (rank.get(b.key) ?? 0));
  return { verdict: { ...verdict, stories }, warnings, source };
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
