import { asApp, route } from '@forge/api';

/**
 * Writes a sprint entity property as the app (`PUT /rest/agile/1.0/sprint/{id}/properties/{key}`, scope
 * `write:sprint:jira-software`). A refusal is thrown with the status only, so the consumer's retry and log say
 * what failed without echoing Jira's body.
 */
export async function putSprintProperty(sprintId: number, key: string, value: unknown): Promise<void> {
  const res = await asApp().requestJira(route`/rest/agile/1.0/sprint/${sprintId}/properties/${key}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(value),
  });
  if (!res.ok)
    throw new Error(`Jira answered ${res.status} to writing property ${key} of sprint ${sprintId}.`);
}
