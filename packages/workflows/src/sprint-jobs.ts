import * as z from 'zod';
import { ROLE_LABEL, type Role } from '@readygate/rules';

/**
 * The jobs the sprint triggers put on the app's queue and its consumer runs (Forge: one `@forge/events` Queue).
 * A product-event trigger has 25 s and cannot set a timeout, so it only turns the event into a job; the
 * consumer (up to 900 s) does the Jira work. Every job is safe to run twice: Forge delivers at least once.
 */

/** The sprint as the `avi:jira-software:started:sprint` / `closed:sprint` events carry it (ids as strings). */
export const SprintEventSchema = z.object({
  sprint: z.object({
    id: z.union([z.string().regex(/^[1-9]\d{0,17}$/), z.number().int().positive()]).transform(Number),
    originBoardId: z
      .union([z.string().regex(/^[1-9]\d{0,17}$/), z.number().int().positive()])
      .transform(Number)
      .optional(),
    name: z.string().default(''),
    goal: z.string().nullish(),
    state: z.string().optional(),
    startDate: z.string().optional(),
    endDate: z.string().optional(),
  }),
});
/** A sprint event as delivered. */
export type SprintEvent = z.infer<typeof SprintEventSchema>;

/** A sprint as the jobs carry it. */
export const SprintRefSchema = z.object({
  id: z.number().int().positive(),
  boardId: z.number().int().positive().nullable(),
  name: z.string(),
  goal: z.string().nullable(),
  /** When the sprint started (ISO), which identifies this start: one report and one comment per story per start. */
  startDate: z.string(),
});
/** A sprint in a job. */
export type SprintRef = z.infer<typeof SprintRefSchema>;

/** A gap of a story: what failed and who fixes it. */
export const GapSchema = z.object({
  rule: z.string(),
  owner: z.enum(['po', 'ba', 'qa', 'dev']),
  message: z.string(),
  fix: z.string(),
});
/** A failing rule of a story, with its owner. */
export type Gap = z.infer<typeof GapSchema>;

/** At most this many stories in one comment job (a push holds ≤ 50 events and 200 KB). */
export const KEYS_PER_JOB = 25;

/** One job of the sprint queue. */
export const SprintJobSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sprint-started'), sprint: SprintRefSchema }),
  z.object({ kind: z.literal('sprint-closed'), sprint: SprintRefSchema }),
  z.object({
    kind: z.literal('comment'),
    /** The claim prefix: one comment per story per `scope` (a sprint start, or one mid-sprint addition). */
    scope: z.string().regex(/^[a-zA-Z0-9:._-]{1,300}$/),
    sprint: SprintRefSchema,
    moved: z.boolean(),
    stories: z
      .array(z.object({ id: z.string(), key: z.string(), gaps: z.array(GapSchema) }))
      .min(1)
      .max(KEYS_PER_JOB),
  }),
]);
/** A job of the sprint queue. */
export type SprintJob = z.infer<typeof SprintJobSchema>;

/** The queue the sprint jobs go through (Forge: `new Queue({ key }).push(...)`, ≤ 50 events a push). */
export interface JobQueue {
  push(jobs: readonly SprintJob[]): Promise<void>;
}

/** The owner's name as a comment shows it. */
export function ownerLabel(role: Role): string {
  return ROLE_LABEL[role];
}

/** Forge's limits on one queue push. */
export const PUSH_MAX_EVENTS = 50;
/** 200 KB per push; the batches stay a little under it for the envelope Forge adds around the events. */
export const PUSH_MAX_BYTES = 190_000;

/**
 * Splits jobs into pushes Forge accepts: at most {@link PUSH_MAX_EVENTS} events and {@link PUSH_MAX_BYTES}
 * bytes of JSON each. A single job over the byte limit is refused here, with one line, rather than by the queue.
 */
export function pushBatches(jobs: readonly SprintJob[]): SprintJob[][] {
  const batches: SprintJob[][] = [];
  let batch: SprintJob[] = [];
  let bytes = 0;
  for (const job of jobs) {
    // `{"body":…},` around each event.
    const size = Buffer.byteLength(JSON.stringify(job), 'utf8') + 12;
    if (size > PUSH_MAX_BYTES)
      throw new Error(
        `A sprint job of ${size} bytes is over the queue's limit: fewer stories per job are needed.`,
      );
    if (batch.length === PUSH_MAX_EVENTS || bytes + size > PUSH_MAX_BYTES) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(job);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
