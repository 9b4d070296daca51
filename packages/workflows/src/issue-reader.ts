import { canonicalJson, type Story } from '@readygate/rules';
import {
  fieldsFor,
  JiraError,
  RECORDS_PROPERTY,
  toStory,
  type IssueBean,
  type JiraClient,
} from '@readygate/jira';
import { WorkflowError } from './errors.js';
import { loadSettings as loadProjectSettings, projectIdOf, type ProjectSettings } from './policy-store.js';
import type { KeyValueStore } from './ports.js';
import { listRecords, recordsOf, type StoredRecord } from './record-store.js';

const ISSUE_KEY = /^[A-Z][A-Z0-9_]*-[1-9]\d*$/;

/** An issue as re-read from Jira, with the project's settings and the records from storage. */
export interface LoadedIssue {
  readonly bean: IssueBean;
  /** The story with its records FROM STORAGE (the mirror never counts). */
  readonly story: Story;
  readonly project: { readonly id: string; readonly key: string };
  readonly settings: ProjectSettings;
  readonly stored: StoredRecord[];
  /** The `readygate` issue property as Jira returned it. */
  readonly property: unknown;
}

function projectOf(bean: IssueBean): { id: string; key: string } {
  const fields = (bean as { fields?: { project?: { id?: unknown; key?: unknown } } }).fields;
  const p = fields?.project;
  const id = typeof p?.id === 'number' ? String(p.id) : p?.id;
  if (typeof id !== 'string' || typeof p?.key !== 'string')
    throw new WorkflowError('jira', `Jira answered without the project of issue ${bean.key}: try again.`);
  return { id, key: p.key };
}

function propertyOf(bean: IssueBean): unknown {
  const props = (bean as { properties?: unknown }).properties;
  return typeof props === 'object' && props !== null
    ? (props as Record<string, unknown>)[RECORDS_PROPERTY]
    : undefined;
}

function notVisible(ref: string): WorkflowError {
  return new WorkflowError(
    'not-visible',
    `Issue ${ref} does not exist or you do not have permission to see it: open the story from Jira, or ask a Jira admin for access to its project.`,
  );
}

/** Re-reads the issue from Jira with the client given (as the user: visibility check), the policy and records. */
export async function readIssue(store: KeyValueStore, client: JiraClient, ref: string): Promise<LoadedIssue> {
  const guessKey = ISSUE_KEY.test(ref) ? ref.slice(0, ref.lastIndexOf('-')) : undefined;
  const guessId = guessKey === undefined ? undefined : await projectIdOf(store, guessKey);
  let settings = await loadProjectSettings(store, guessId, guessKey ?? '');
  const get = async (s: ProjectSettings): Promise<IssueBean> => {
    try {
      return await client.getIssue(ref, {
        fields: [...fieldsFor(s.policy.fields), 'project'],
        properties: [RECORDS_PROPERTY],
      });
    } catch (err) {
      if (err instanceof JiraError && (err.code === 'not-found' || err.code === 'forbidden'))
        throw notVisible(ref);
      throw err;
    }
  };
  let bean = await get(settings);
  const project = projectOf(bean);
  if (project.id !== guessId) {
    // The key was renamed or the browser sent an id: the policy is found by the project Jira named.
    const actual = await loadProjectSettings(store, project.id, project.key);
    if (canonicalJson(actual.policy.fields) !== canonicalJson(settings.policy.fields))
      bean = await get(actual);
    settings = actual;
  }
  const mapped = toStory(bean, { fields: settings.policy.fields, keys: [] });
  const stored = await listRecords(store, mapped.id);
  const story: Story = { ...mapped, records: recordsOf(stored), untrusted: [] };
  return { bean, story, project, settings, stored, property: propertyOf(bean) };
}
