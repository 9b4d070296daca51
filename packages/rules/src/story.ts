import * as z from 'zod';
import { GateRecordSchema } from './records.js';

/** Jira's three status categories: to do (`new`), in progress (`indeterminate`) and `done`. */
export const StatusCategorySchema = z.enum(['new', 'indeterminate', 'done']);
/** A status category. */
export type StatusCategory = z.infer<typeof StatusCategorySchema>;

/**
 * Rich text as it arrives from a tracker: an Atlassian Document Format document (Jira Cloud's rich
 * text, kept as parsed JSON) or markdown/plain text.
 */
export const RichTextSchema = z.discriminatedUnion('format', [
  z.object({ format: z.literal('adf'), doc: z.unknown() }),
  z.object({ format: z.literal('markdown'), text: z.string() }),
]);
/** Rich text: ADF or markdown/plain text. */
export type RichText = z.infer<typeof RichTextSchema>;

/** A link from the story to another issue, seen from the story's side. */
export const StoryLinkSchema = z.object({
  /** The relation as read from the story, e.g. `is blocked by`, `blocks`, `relates to`. */
  relation: z.string(),
  key: z.string(),
  /** Issue type name of the linked issue, e.g. `Bug`. */
  type: z.string(),
  statusCategory: StatusCategorySchema,
  summary: z.string().optional(),
  /** Business severity of the linked issue, when it is a defect. */
  businessSeverity: z.string().nullable().optional(),
});
/** A link from the story to another issue. */
export type StoryLink = z.infer<typeof StoryLinkSchema>;

/**
 * Why a stored gate record was not trusted: a verification failure (see `VerifyFailure`), or `future-dated`,
 * a record dated after its envelope's signature.
 */
export const UntrustedRecordSchema = z.object({
  reason: z.enum(['malformed', 'unknown-key', 'bad-signature', 'other-subject', 'future-dated']),
  message: z.string(),
});
/** A stored record that failed verification and counts as no record at all. */
export type UntrustedRecord = z.infer<typeof UntrustedRecordSchema>;

/**
 * The platform-neutral snapshot of one issue that every gate judges. Adapters (the Jira client) build it;
 * the rules never see tracker JSON.
 */
export const StorySchema = z.object({
  id: z.string(),
  key: z.string(),
  /** Issue type name: `Story`, `Bug`, `Task`, … */
  type: z.string(),
  status: z.object({ name: z.string(), category: StatusCategorySchema }),
  summary: z.string(),
  description: RichTextSchema.nullable(),
  /** Content of a dedicated acceptance-criteria field, when the project has one. Preferred over the description. */
  acceptanceCriteria: RichTextSchema.nullable(),
  /** Story points or another estimate; `null` when not estimated. */
  estimate: z.number().nullable(),
  labels: z.array(z.string()),
  links: z.array(StoryLinkSchema),
  parent: z.object({ key: z.string(), summary: z.string().optional() }).nullable(),
  sprint: z.object({ id: z.number(), name: z.string(), state: z.string() }).nullable(),
  fixVersions: z.array(z.object({ id: z.string(), name: z.string() })),
  businessSeverity: z.string().nullable(),
  technicalSeverity: z.string().nullable(),
  /** Gate records whose signature verified for this very issue. */
  records: z.array(GateRecordSchema),
  /** Stored records that failed verification; each fails `record.trusted`. */
  untrusted: z.array(UntrustedRecordSchema),
});
/** The platform-neutral snapshot of one issue. */
export type Story = z.infer<typeof StorySchema>;

/** A story with every optional part empty: a convenient base for adapters and tests. */
export function blankStory(init: Pick<Story, 'id' | 'key'> & Partial<Story>): Story {
  return {
    type: 'Story',
    status: { name: 'To Do', category: 'new' },
    summary: '',
    description: null,
    acceptanceCriteria: null,
    estimate: null,
    labels: [],
    links: [],
    parent: null,
    sprint: null,
    fixVersions: [],
    businessSeverity: null,
    technicalSeverity: null,
    records: [],
    untrusted: [],
    ...init,
  };
}
