/**
 * Loading stories and the policy from Jira in as few round trips as possible: the issue search and the
 * policy property read go out together, so the search cannot know the policy's field map yet. It asks for
 * all navigable fields instead (minus the heavy ones): every field a policy can map (AC, estimate, severity,
 * sprint) is navigable in Jira, so whichever map the policy brings, its fields are in the answer.
 */
import { fieldsFor, RECORDS_PROPERTY, toStory, type IssueBean, type JiraClient } from '@readygate/jira';
import type { PublicKey, Story } from '@readygate/rules';
import { policyFromProperty, POLICY_PROPERTY, type PolicyChoice } from './policy-source.js';
import { NAVIGABLE_FIELDS } from './prefetch.js';

/** Stories, the keys Jira did not return, and the policy they were judged by. */
export interface LoadedStories {
  readonly stories: Story[];
  readonly missing: string[];
  readonly policy: PolicyChoice;
}

/** Where to find the policy: a file already read, or the project whose property holds it. */
export type PolicyPlan =
  | { readonly kind: 'file'; readonly choice: Promise<PolicyChoice> }
  | { readonly kind: 'property'; readonly projectKey: string | null };

function projectOf(issues: readonly IssueBean[], key: string): { id: string; key: string } | null {
  for (const issue of issues) {
    const p = issue.fields?.['project'];
    if (typeof p === 'object' && p !== null) {
      const { id, key: k } = p as { id?: unknown; key?: unknown };
      if (typeof k === 'string' && k === key && (typeof id === 'string' || typeof id === 'number'))
        return { id: String(id), key: k };
    }
  }
  return null;
}

/** Starts the policy property read now, so it runs alongside whatever comes next. */
export function startPolicyRead(jira: JiraClient, projectKey: string): Promise<unknown> {
  const p = jira.getProjectProperty(projectKey, POLICY_PROPERTY);
  p.catch(() => undefined);
  return p;
}

/** A search for the issues, given the fields to return. */
export type IssueSearch = (fields: string[]) => Promise<{ issues: IssueBean[]; missing: string[] }>;

/**
 * Runs the search and settles the policy, concurrently when the policy comes from the project property.
 * @param policyRead the started read of the policy property (see {@link startPolicyRead}) when the plan is `property`.
 * @param project the project whose signed policy is read, given the issues found (its id is part of the signed subject).
 */
export async function searchWithPolicy(
  search: IssueSearch,
  plan: PolicyPlan,
  policyRead: Promise<unknown> | null,
  publicKey: PublicKey,
  project: (issues: readonly IssueBean[]) => { id: string; key: string } | null,
): Promise<LoadedStories> {
  if (plan.kind === 'file') {
    const choice = await plan.choice;
    const { issues, missing } = await search(fieldsFor(choice.policy.fields));
    return {
      stories: issues.map((i) => toStory(i, { fields: choice.policy.fields, keys: [publicKey] })),
      missing,
      policy: choice,
    };
  }
  const searchP = search([...NAVIGABLE_FIELDS]);
  searchP.catch(() => undefined);
  const [found, property] = await Promise.all([searchP, policyRead ?? Promise.resolve(null)]);
  const { issues } = found;
  const choice = policyFromProperty(property, [publicKey], project(issues));
  return {
    stories: issues.map((i) => toStory(i, { fields: choice.policy.fields, keys: [publicKey] })),
    missing: found.missing,
    policy: choice,
  };
}

/** Loads the stories for the keys (one search) and settles the policy. */
export function loadStories(
  jira: JiraClient,
  keys: readonly string[],
  plan: PolicyPlan,
  policyRead: Promise<unknown> | null,
  publicKey: PublicKey,
): Promise<LoadedStories> {
  return searchWithPolicy(
    (fields) => jira.loadIssues(keys, { fields, properties: [RECORDS_PROPERTY] }),
    plan,
    policyRead,
    publicKey,
    (issues) =>
      plan.kind === 'property' && plan.projectKey !== null ? projectOf(issues, plan.projectKey) : null,
  );
}

/** Loads further stories with an already settled policy (keys found only in commit messages). */
export async function loadMore(
  jira: JiraClient,
  keys: readonly string[],
  choice: PolicyChoice,
  publicKey: PublicKey,
): Promise<{ stories: Story[]; missing: string[] }> {
  const { issues, missing } = await jira.loadIssues(keys, {
    fields: fieldsFor(choice.policy.fields),
    properties: [RECORDS_PROPERTY],
  });
  return {
    stories: issues.map((i) => toStory(i, { fields: choice.policy.fields, keys: [publicKey] })),
    missing,
  };
}
