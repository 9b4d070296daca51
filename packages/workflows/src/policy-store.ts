import * as z from 'zod';
import { DEFAULT_POLICY, parsePolicy, type Policy } from '@readygate/rules';
import { WorkflowError } from './errors.js';
import { NotificationSettingsSchema, type NotificationSettings } from './inputs.js';
import type { KeyValueStore } from './ports.js';

const StoredPolicySchema = z.object({
  policy: z.unknown(),
  notifications: NotificationSettingsSchema,
  savedAt: z.string(),
  savedBy: z.string(),
});

const ProjectIndexSchema = z.object({ id: z.string() });

/** A project's settings as the use cases apply them. */
export interface ProjectSettings {
  readonly policy: Policy;
  readonly notifications: NotificationSettings;
  /** e.g. `saved policy of project ENR` or `built-in default policy`. */
  readonly source: string;
}

const DEFAULTS: ProjectSettings = {
  policy: DEFAULT_POLICY,
  notifications: { staleApprovalComment: true },
  source: 'built-in default policy',
};

/** Storage key of a project's settings (by id: project keys can be renamed). */
export function policyKey(projectId: string): string {
  return `policy:${projectId}`;
}

/** Storage key of the key → id index, so a use case that only knows an issue key finds the policy. */
export function projectIndexKey(projectKey: string): string {
  return `project:${projectKey}`;
}

/** The project id stored for a project key, when a policy was ever saved for it. */
export async function projectIdOf(store: KeyValueStore, projectKey: string): Promise<string | undefined> {
  const parsed = ProjectIndexSchema.safeParse(await store.get(projectIndexKey(projectKey)));
  return parsed.success ? parsed.data.id : undefined;
}

/**
 * The project's settings from app storage, or the built-in defaults when none were saved. A stored policy that no
 * longer parses is an error (gates fail closed rather than judge by rules nobody chose).
 */
export async function loadSettings(
  store: KeyValueStore,
  projectId: string | undefined,
  projectKey: string,
): Promise<ProjectSettings> {
  if (projectId === undefined) return DEFAULTS;
  const raw = await store.get(policyKey(projectId));
  if (raw === undefined) return DEFAULTS;
  const stored = StoredPolicySchema.safeParse(raw);
  const policy = stored.success ? parsePolicy(stored.data.policy) : undefined;
  if (!stored.success || !policy?.ok)
    throw new WorkflowError(
      'storage',
      `The saved ReadyGate policy of project ${projectKey} is unreadable: a project admin should save it again on the ReadyGate settings page.`,
    );
  return {
    policy: policy.value,
    notifications: stored.data.notifications,
    source: `saved policy of project ${projectKey}`,
  };
}

/** Settings as {@link saveSettings} stores them: the policy and notifications, who saved them and when. */
export interface SettingsSave {
  readonly policy: Policy;
  readonly notifications: NotificationSettings;
  /** The account id of the admin who saves them. */
  readonly by: string;
  readonly at: Date;
}

/** Stores a project's settings and the key → id index. */
export async function saveSettings(
  store: KeyValueStore,
  project: { readonly id: string; readonly key: string },
  save: SettingsSave,
): Promise<void> {
  const { policy, notifications, by, at } = save;
  await store.set(policyKey(project.id), {
    policy,
    notifications,
    savedAt: at.toISOString(),
    savedBy: by,
  });
  await store.set(projectIndexKey(project.key), { id: project.id });
}
