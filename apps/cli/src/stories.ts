import { RECORDS_PROPERTY, fieldsFor, toStory, type IssueBean, type JiraClient } from '@readygate/jira';
import { DEFAULT_POLICY, parsePolicy, verify, type Policy, type PublicKey, type Story } from '@readygate/rules';

/** The project property holding the app's signed policy. */
export const POLICY_PROPERTY = 'readygate.policy';

/** A policy read from the project, or the default with the reason it was not used. */
export interface ProjectPolicy {
  readonly policy: Policy;
  readonly note: string;
}

/** Reads and verifies the project's signed policy; anything that does not verify leaves the default in force. */
export async function projectPolicy(jira: JiraClient, project: { id: string; key: string }, keys: readonly PublicKey[]): Promise<ProjectPolicy> {
  const value = await jira.getProjectProperty(project.key, POLICY_PROPERTY);
  if (value === null) return { policy: DEFAULT_POLICY, note: `project ${project.key} has no saved policy: the built-in default applies` };
  const checked = verify(value, keys, { kind: 'project', id: project.id, key: project.key });
  if (!checked.ok) return { policy: DEFAULT_POLICY, note: `${checked.message} The built-in default applies.` };
  const parsed = parsePolicy(checked.payload);
  if (!parsed.ok) return { policy: DEFAULT_POLICY, note: `the signed policy of ${project.key} does not parse (${parsed.issues[0]?.message ?? ''}): the built-in default applies` };
  return { policy: parsed.value, note: `signed policy of project ${project.key}` };
}

/** Maps every issue of an async search to a story, verifying its records. */
export async function collect(issues: AsyncIterable<IssueBean> | Iterable<IssueBean>, policy: Policy, keys: readonly PublicKey[]): Promise<Story[]> {
  const out: Story[] = [];
  for await (const issue of issues) out.push(toStory(issue, { fields: policy.fields, keys: [...keys] }));
  return out;
}

/** Search options that return exactly what the mapping reads, plus the records property. */
export function searchOptions(policy: Policy): { fields: string[]; properties: string[] } {
  return { fields: fieldsFor(policy.fields), properties: [RECORDS_PROPERTY] };
}
