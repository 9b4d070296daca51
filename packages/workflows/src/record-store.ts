import * as z from 'zod';
import { GateRecordSchema, type GateRecord } from '@readygate/rules';
import { WorkflowError } from './errors.js';
import type { KeyValueStore, StoredEntry } from './ports.js';

/** A criterion as it was when a record was made: enough to say later what changed. */
export const CriterionSnapshotSchema = z.object({ id: z.string(), text: z.string() });
/** A stored criterion. */
export type CriterionSnapshot = z.infer<typeof CriterionSnapshotSchema>;

/** One record as kept in app storage: the record and the criteria it was given for. */
export const StoredRecordSchema = z.object({
  v: z.literal(1),
  record: GateRecordSchema,
  criteria: z.array(CriterionSnapshotSchema),
});
/** A stored record. */
export type StoredRecord = z.infer<typeof StoredRecordSchema>;

const PAGE = 100;
const ATTEMPTS = 5;

/** Prefix of every record key of an issue. */
export function recordPrefix(issueId: string): string {
  return `rec:${issueId}:`;
}

/** Every entry under a prefix, across pages. */
export async function queryAll(store: KeyValueStore, prefix: string): Promise<StoredEntry[]> {
  const out: StoredEntry[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await store.query(prefix, cursor === undefined ? { limit: PAGE } : { cursor, limit: PAGE });
    out.push(...page.results);
    if (page.nextCursor === undefined || page.results.length === 0) return out;
    cursor = page.nextCursor;
  }
}

/**
 * Appends one record under its own key `rec:<issueId>:<ms>:<random>`, never overwriting another: two people
 * acting at once each get their own key, so no record is lost. A (vanishingly rare) key collision retries with a
 * new random part.
 */
export async function appendRecord(
  store: KeyValueStore,
  issueId: string,
  stored: StoredRecord,
  randomId: () => string,
): Promise<string> {
  const ms = String(Date.parse(stored.record.at)).padStart(13, '0');
  for (let i = 0; i < ATTEMPTS; i++) {
    const key = `${recordPrefix(issueId)}${ms}:${randomId()}`;
    if (await store.setIfAbsent(key, stored)) return key;
  }
  throw new WorkflowError(
    'storage',
    'Could not store the record (storage kept refusing new keys): try again.',
  );
}

/**
 * The issue's records, oldest first (by time, then key). A stored value that does not parse is an error, not a
 * skipped record: a missing rejection or approval could change a verdict, and gates fail closed.
 */
export async function listRecords(store: KeyValueStore, issueId: string): Promise<StoredRecord[]> {
  const entries = await queryAll(store, recordPrefix(issueId));
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return entries.map((e) => {
    const parsed = StoredRecordSchema.safeParse(e.value);
    if (!parsed.success)
      throw new WorkflowError(
        'storage',
        `A ReadyGate record of issue ${issueId} in app storage is unreadable (${e.key}): ask a Jira admin to contact the app's maintainers.`,
      );
    return parsed.data;
  });
}

/** Just the gate records. */
export function recordsOf(stored: readonly StoredRecord[]): GateRecord[] {
  return stored.map((s) => s.record);
}
