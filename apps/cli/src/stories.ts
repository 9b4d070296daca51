import {
  RECORDS_PROPERTY,
  fieldsFor,
  projectPolicyFrom,
  toStory,
  type IssueBean,
  type JiraClient,
} from '@readygate/jira';
import { POLICY_PROPERTY, type Policy, type PublicKey, type Story } from '@readygate/rules';

/** A policy read from the project, or the default with the reason it was not used. */
export interface ProjectPolicy {
  readonly policy: Policy;
  readonly note: string;
}

/** Reads and verifies the project's signed policy (see `readSignedPolicy`). */
export async function projectPolicy(
  jira: JiraClient,
  project: { id: string; key: string },
  keys: readonly PublicKey[],
): Promise<ProjectPolicy> {
  // A policy that does not verify throws (ProjectPolicyError): never a fallback to a weaker default.
  const read = projectPolicyFrom(await jira.getProjectProperty(project.key, POLICY_PROPERTY), project, keys);
  return { policy: read.policy, note: read.source };
}

/** Maps every issue of an async search to a story, verifying its records. */
export async function collect(
  issues: AsyncIterable<IssueBean> | Iterable<IssueBean>,
  policy: Policy,
  keys: readonly PublicKey[],
): Promise<Story[]> {
  const out: Story[] = [];
  for await (const issue of issues) out.push(toStory(issue, { fields: policy.fields, keys: [...keys] }));
  return out;
}

/** Search options that return exactly what the mapping reads, plus the records property. */
export function searchOptions(policy: Policy): { fields: string[]; properties: string[] } {
  return { fields: fieldsFor(policy.fields), properties: [RECORDS_PROPERTY] };
}
