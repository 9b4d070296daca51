import { ReleaseRecordSchema, type ReleaseRecord } from '@readygate/rules';
import { WorkflowError } from './errors.js';
import type { KeyValueStore } from './ports.js';
import { queryAll } from './record-store.js';

/**
 * A version's release records in app storage: append-only, one key per record (`relrec:<versionId>:<ms>:<id>`,
 * the time zero-padded so keys sort by it), as the issue records are kept. The release use cases write them;
 * the release page, the mirrored project property and the CI answer read them from here.
 */
export function releaseRecordKey(versionId: string, atMs: number, id: string): string {
  return `${releasePrefix(versionId)}${String(atMs).padStart(13, '0')}:${id}`;
}

function releasePrefix(versionId: string): string {
  return `relrec:${versionId}:`;
}

/** A version's release records from storage, oldest first. */
export async function storedReleaseRecords(
  store: KeyValueStore,
  versionId: string,
): Promise<ReleaseRecord[]> {
  const entries = await queryAll(store, releasePrefix(versionId));
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return entries.map((e) => {
    const parsed = ReleaseRecordSchema.safeParse(e.value);
    if (!parsed.success)
      throw new WorkflowError(
        'storage',
        `A ReadyGate release record of version ${versionId} is unreadable (${e.key}): ask a Jira admin to contact the app's maintainers.`,
      );
    return parsed.data;
  });
}
