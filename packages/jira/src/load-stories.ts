import { POLICY_PROPERTY, readSignedPolicy, ReadyGateError } from '@readygate/rules';
import type { Policy, Problem, PublicKey, Story } from '@readygate/rules';
import { MISSING_REASON } from './client.js';
import type { JiraClient } from './client.js';
import { JiraError } from './errors.js';
import { fieldsFor, RECORDS_PROPERTY, toStory } from './map-story.js';
import type { IssueBean } from './schemas.js';

/**
 * The fields the story search asks for when the policy is not known yet (it is read alongside): every
 * navigable field but the heavy ones, plus the project. Every field a policy can map (AC, estimate,
 * severity, sprint) is navigable, so whichever map the project's policy brings, its fields are in the answer.
 */
export const STORY_SEARCH_FIELDS: readonly string[] = [
  '*navigable',
  '-comment',
  '-worklog',
  '-attachment',
  'project',
];

/** A policy and where it came from, with anything the user should know about that choice. */
export interface StoryPolicy {
  readonly policy: Policy;
  /** e.g. `policy file .github/readygate.yml`, `signed policy of project ENR`, `built-in default policy`. */
  readonly source: string;
}

/** A story and the policy it is judged by (its own project's). */
export interface LoadedStory {
  readonly story: Story;
  /** The issue's project as the search answered it. */
  readonly project: { readonly id: string; readonly key: string };
  readonly policy: StoryPolicy;
}

/** A key asked for that Jira did not return. */
export interface MissingStory {
  readonly key: string;
  /** {@link MISSING_REASON}. */
  readonly reason: string;
}

/** What {@link loadStories} found, in the order of the keys asked for. */
export interface LoadedStories {
  readonly stories: LoadedStory[];
  readonly missing: MissingStory[];
  /** The policy of each project with a story, by project key. */
  readonly policies: ReadonlyMap<string, StoryPolicy>;
}

/** Options of {@link loadStories}. */
export interface LoadStoriesOptions {
  /** Keys whose signatures are trusted (policy envelopes and issue records); several allow key rotation. */
  readonly publicKeys: readonly PublicKey[];
  /** A policy from a file: every story is judged by it, and no project property is read. */
  readonly policy?: StoryPolicy;
  /** Policies already read (by project key, e.g. by an earlier call of the same run): not read again. */
  readonly known?: ReadonlyMap<string, StoryPolicy>;
  readonly signal?: AbortSignal;
}

/**
 * A project's signed policy verified but is not one this reader understands (the app is newer): judging
 * by a guess would apply rules nobody chose. `problems` list every issue, for a summary.
 */
export class ProjectPolicyError extends ReadyGateError<'policy.invalid'> {
  constructor(
    message: string,
    readonly projectKey: string,
    readonly problems: readonly Problem[],
  ) {
    super('policy.invalid', message);
  }
}

function projectOf(issue: IssueBean): { id: string; key: string } | null {
  const p = issue.fields?.['project'];
  if (typeof p !== 'object' || p === null) return null;
  const { id, key } = p as { id?: unknown; key?: unknown };
  if (typeof key !== 'string' || (typeof id !== 'string' && typeof id !== 'number')) return null;
  return { id: String(id), key };
}

const prefixOf = (key: string): string => key.slice(0, key.lastIndexOf('-'));

/**
 * Loads stories by key and the policy each is judged by, in one round trip: ONE search for the keys
 * (with the `readygate` records property) and, at the same time, one `readygate.policy` read per distinct
 * project of the keys, so each story is judged by its own project's signed policy, verified against the
 * project id the search returned. With `options.policy` (a policy file) no property is read.
 *
 * A property read that fails for a project none of whose keys came back is not an error: those keys are
 * `missing` already. Pure of GitHub: the action, the CLI and the Jira app call it alike.
 * @throws JiraError from the search or a needed policy read; ProjectPolicyError for a policy this reader
 * cannot understand.
 */
export async function loadStories(
  client: JiraClient,
  keys: readonly string[],
  options: LoadStoriesOptions,
): Promise<LoadedStories> {
  const unique = [...new Set(keys)];
  const signal = options.signal === undefined ? {} : { signal: options.signal };
  const fromFile = options.policy;
  const search = client.loadIssues(unique, {
    fields: fromFile ? fieldsFor(fromFile.policy.fields) : [...STORY_SEARCH_FIELDS],
    properties: [RECORDS_PROPERTY],
    ...signal,
  });
  const reads = new Map<string, Promise<unknown>>();
  if (!fromFile) {
    for (const k of unique) {
      const project = prefixOf(k);
      if (reads.has(project) || options.known?.has(project)) continue;
      const read = client.getProjectProperty(project, POLICY_PROPERTY);
      // Settled below, or deliberately unused when none of the project's keys came back.
      read.catch(() => undefined);
      reads.set(project, read);
    }
  }
  const found = await search;
  const order = new Map(unique.map((k, i) => [k, i]));
  const issues = [...found.issues].sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0));

  const policies = new Map<string, StoryPolicy>();
  const stories: LoadedStory[] = [];
  for (const issue of issues) {
    const project = projectOf(issue);
    let policy: StoryPolicy;
    if (fromFile) {
      policy = fromFile;
    } else {
      if (project === null || project.key !== prefixOf(issue.key))
        throw new JiraError(
          'bad-response',
          `Jira at ${client.identity.site} returned issue ${issue.key} without its project, so its project's policy cannot be checked: run again; if it persists, a Jira admin should report it to Atlassian support.`,
        );
      policy =
        policies.get(project.key) ??
        options.known?.get(project.key) ??
        (await readPolicy(reads.get(project.key), project, options.publicKeys));
      policies.set(project.key, policy);
    }
    stories.push({
      story: toStory(issue, { fields: policy.policy.fields, keys: options.publicKeys }),
      project: project ?? { id: '', key: prefixOf(issue.key) },
      policy,
    });
  }
  if (fromFile) for (const s of stories) policies.set(s.project.key, fromFile);
  return {
    stories,
    missing: found.missing.map((key) => ({ key, reason: MISSING_REASON })),
    policies,
  };
}

/**
 * The policy a project's `readygate.policy` property value stands for, verified against the project (the
 * default when the value is absent).
 * @throws ProjectPolicyError for a policy that does not verify or that this reader cannot understand.
 */
export function projectPolicyFrom(
  value: unknown,
  project: { readonly id: string; readonly key: string },
  publicKeys: readonly PublicKey[],
): StoryPolicy {
  const got = readSignedPolicy(value, publicKeys, project);
  if (!got.ok) throw new ProjectPolicyError(got.message, project.key, got.issues);
  return { policy: got.policy, source: got.source };
}

async function readPolicy(
  read: Promise<unknown> | undefined,
  project: { id: string; key: string },
  keys: readonly PublicKey[],
): Promise<StoryPolicy> {
  return projectPolicyFrom(read === undefined ? null : await read, project, keys);
}
