import { canonicalJson, type Story } from '@readygate/rules';
import { fieldsFor, toStory, type IssueBean, type JiraClient } from '@readygate/jira';
import { WorkflowError } from './errors.js';
import { loadSettings, type ProjectSettings } from './policy-store.js';
import type { KeyValueStore } from './ports.js';
import { listRecords, recordsOf } from './record-store.js';

/** A sprint's issues as the sprint gate judges them: records from app storage, never the issue property. */
export interface SprintStories {
  readonly stories: Story[];
  readonly project: { readonly id: string; readonly key: string } | null;
  readonly settings: ProjectSettings;
}

function projectOf(bean: IssueBean): { id: string; key: string } | null {
  const p = (bean as { fields?: { project?: { id?: unknown; key?: unknown } } }).fields?.project;
  const id = typeof p?.id === 'number' ? String(p.id) : p?.id;
  return typeof id === 'string' && typeof p?.key === 'string' ? { id, key: p.key } : null;
}

async function search(client: JiraClient, sprintId: number, settings: ProjectSettings): Promise<IssueBean[]> {
  const out: IssueBean[] = [];
  for await (const bean of client.sprintIssues(sprintId, {
    fields: [...fieldsFor(settings.policy.fields), 'project'],
    pageSize: 100,
  }))
    out.push(bean);
  return out;
}

/**
 * Reads a sprint's issues by JQL `sprint = N` (100 a page), finds the project's policy from the first issue's
 * project, and adds each issue's records from storage. A board over several projects is judged by the policy
 * of its first issue's project (a board has one sprint, so one policy decides who starts it).
 */
export async function loadSprintStories(
  store: KeyValueStore,
  client: JiraClient,
  sprintId: number,
): Promise<SprintStories> {
  let settings = await loadSettings(store, undefined, '');
  let beans = await search(client, sprintId, settings);
  const first = beans[0];
  const project = first === undefined ? null : projectOf(first);
  if (first !== undefined && project === null)
    throw new WorkflowError(
      'jira',
      `Jira answered sprint ${sprintId}'s issues without their project: try again.`,
    );
  if (project !== null) {
    const actual = await loadSettings(store, project.id, project.key);
    // Another field mapping (a site's AC field) needs the fields it names: search again with them.
    if (canonicalJson(actual.policy.fields) !== canonicalJson(settings.policy.fields))
      beans = await search(client, sprintId, actual);
    settings = actual;
  }
  const stories: Story[] = [];
  for (const bean of beans) {
    const mapped = toStory(bean, { fields: settings.policy.fields, keys: [] });
    const stored = await listRecords(store, mapped.id);
    stories.push({ ...mapped, records: recordsOf(stored), untrusted: [] });
  }
  return { stories, project, settings };
}
