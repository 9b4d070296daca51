import * as z from 'zod';
import { EvidenceKindSchema, PolicySchema } from '@readygate/rules';

/**
 * The payloads the use cases accept. A Forge resolver parses the browser's payload with these schemas before
 * calling a use case (and the use case parses again: it never trusts its caller's types). The caller's account
 * id is never part of a payload.
 */

/** An issue named by the browser: its key (`ENR-12`) or numeric id (`10042`). Checked as the caller. */
export const IssueRefSchema = z
  .string()
  .trim()
  .regex(/^(?:[A-Z][A-Z0-9_]*-[1-9]\d*|[1-9]\d*)$/, 'an issue key like ENR-12 or a numeric issue id');

/** The AC version the person saw when they acted: refused as stale when the AC changed since. */
const SeenFingerprint = z.string().min(1, 'the fingerprint of the AC the panel showed');

const Note = z.string().trim().max(2000).optional();

/** The panel, the issue context badge: which issue. */
export const IssueInputSchema = z.object({ issue: IssueRefSchema }).strict();
/** Input of `loadPanel` and `loadBadge`. */
export type IssueInput = z.infer<typeof IssueInputSchema>;

/** BA: mark the current AC ready for review (an `ac.authored` record). */
export const MarkAcReadyInputSchema = z
  .object({ issue: IssueRefSchema, acFingerprint: SeenFingerprint })
  .strict();
/** Input of `markAcReady`. */
export type MarkAcReadyInput = z.infer<typeof MarkAcReadyInputSchema>;

/** PO: approve the current AC (an `ac.approval` record). */
export const ApproveAcInputSchema = z
  .object({ issue: IssueRefSchema, acFingerprint: SeenFingerprint, note: Note })
  .strict();
/** Input of `approveAc`. */
export type ApproveAcInput = z.infer<typeof ApproveAcInputSchema>;

/** PO: accept the story (a `story.acceptance` record, decision `accepted`). */
export const AcceptStoryInputSchema = z
  .object({ issue: IssueRefSchema, acFingerprint: SeenFingerprint })
  .strict();
/** Input of `acceptStory`. */
export type AcceptStoryInput = z.infer<typeof AcceptStoryInputSchema>;

/** PO: reject the story with a reason (a `story.acceptance` record, decision `rejected`). */
export const RejectStoryInputSchema = z
  .object({
    issue: IssueRefSchema,
    acFingerprint: SeenFingerprint,
    reason: z
      .string()
      .trim()
      .min(1, 'a rejection needs a reason: say what the story must do differently')
      .max(2000),
  })
  .strict();
/** Input of `rejectStory`. */
export type RejectStoryInput = z.infer<typeof RejectStoryInputSchema>;

/** QA: a testability review: testable, or the gaps found (one line each). */
export const ReviewTestabilityInputSchema = z
  .object({
    issue: IssueRefSchema,
    acFingerprint: SeenFingerprint,
    testable: z.boolean(),
    gaps: z.array(z.string().trim().min(1).max(500)).max(50).default([]),
  })
  .strict()
  .refine((r) => r.testable || r.gaps.length > 0, {
    path: ['gaps'],
    error: 'a review that finds the AC not testable names at least one gap',
  })
  .refine((r) => !r.testable || r.gaps.length === 0, {
    path: ['gaps'],
    error: 'a review that finds the AC testable lists no gaps (untick "testable" to record gaps)',
  });
/** Input of `reviewTestability`. */
export type ReviewTestabilityInput = z.input<typeof ReviewTestabilityInputSchema>;

/** QA: evidence (a link), its kind and result, and the criteria it covers (ids from the current AC). */
export const AddEvidenceInputSchema = z
  .object({
    issue: IssueRefSchema,
    acFingerprint: SeenFingerprint,
    url: z.url({ protocol: /^https?$/, error: 'a link starting with https:// to the test run or report' }),
    evidenceKind: EvidenceKindSchema,
    result: z.enum(['passed', 'failed']),
    covers: z.array(z.string().min(1)).min(1, 'choose at least one criterion the evidence covers'),
    note: Note,
  })
  .strict();
/** Input of `addEvidence`. */
export type AddEvidenceInput = z.infer<typeof AddEvidenceInputSchema>;

/** A workflow validator call (Forge passes `{ issue: { key } }`; the app picks the gate by module). */
export const ValidateInputSchema = z
  .object({ issue: z.object({ key: IssueRefSchema }).loose(), gate: z.enum(['ready', 'done']) })
  .loose();
/** Input of `validateTransition`. */
export type ValidateInput = z.infer<typeof ValidateInputSchema>;

/** A project named by the browser (settings page): key or id. Checked as the caller. */
export const ProjectInputSchema = z
  .object({
    project: z
      .string()
      .trim()
      .regex(/^(?:[A-Z][A-Z0-9_]*|[1-9]\d*)$/, 'a project key like ENR or a numeric project id'),
  })
  .strict();
/** Input of `loadSettings` and `rotateKey`. */
export type ProjectInput = z.infer<typeof ProjectInputSchema>;

/**
 * App settings that are not part of the signed policy (the policy format has no place for them yet): whether the
 * issue-updated trigger comments to the PO when an approved AC changes.
 */
export const NotificationSettingsSchema = z
  .object({ staleApprovalComment: z.boolean().default(true) })
  .strict();
/** Notification settings. */
export type NotificationSettings = z.infer<typeof NotificationSettingsSchema>;

/** Save the policy: any JSON; `parsePolicy` judges it and its errors come back by path. */
export const SaveSettingsInputSchema = z
  .object({
    project: ProjectInputSchema.shape.project,
    policy: z.unknown(),
    notifications: NotificationSettingsSchema.optional(),
  })
  .strict();
/** Input of `saveSettings`. */
export type SaveSettingsInput = z.infer<typeof SaveSettingsInputSchema>;

/** The `avi:jira:updated:issue` event, the parts the use case reads. */
export const IssueUpdatedEventSchema = z
  .object({
    issue: z.object({ id: z.union([z.string(), z.number()]).transform(String), key: z.string() }).loose(),
    changelog: z
      .object({
        /** The changelog entry's id: an event delivered twice carries the same one. */
        id: z.union([z.string(), z.number()]).transform(String).optional(),
        items: z.array(z.object({ field: z.string().optional(), fieldId: z.string().optional() }).loose()),
      })
      .loose()
      .optional(),
    /** The account that made the change (Forge's issue events name it `atlassianId`). */
    atlassianId: z.string().min(1).optional(),
  })
  .loose();
/** Input of `onIssueUpdated`. */
export type IssueUpdatedEvent = z.infer<typeof IssueUpdatedEventSchema>;

/** Re-exported so the settings form can show the policy's shape. */
export { PolicySchema };
