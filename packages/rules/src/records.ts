import * as z from 'zod';
import { RoleSchema } from './roles.js';

/** Who made a record, and in which role the app recognised them when it was made. */
export const ActorSchema = z.object({
  accountId: z.string().min(1),
  displayName: z.string().optional(),
  role: RoleSchema,
});
/** The person behind a record. */
export type Actor = z.infer<typeof ActorSchema>;

const Timestamp = z.iso.datetime({ offset: true });
/** The fingerprint of a set of acceptance criteria, see `fingerprintCriteria`. */
const Fingerprint = z.string().min(1);

const base = { by: ActorSchema, at: Timestamp };

/** BA wrote (or revised) the acceptance criteria. */
export const AcAuthoredSchema = z.object({
  kind: z.literal('ac.authored'),
  ...base,
  acFingerprint: Fingerprint,
  criteriaCount: z.number().int().nonnegative(),
});

/** PO approved the acceptance criteria with this fingerprint. */
export const AcApprovalSchema = z.object({
  kind: z.literal('ac.approval'),
  ...base,
  acFingerprint: Fingerprint,
  note: z.string().optional(),
});

/** QA reviewed the criteria with this fingerprint for testability. */
export const TestabilityReviewSchema = z.object({
  kind: z.literal('testability.review'),
  ...base,
  acFingerprint: Fingerprint,
  testable: z.boolean(),
  /** Gaps QA found, one line each; empty when testable. */
  gaps: z.array(z.string()),
});

/** Evidence kinds QA records. */
export const EvidenceKindSchema = z.enum([
  'automated-tests',
  'manual-test-run',
  'exploratory-session',
  'uat',
  'other',
]);

/** QA's evidence that criteria of this fingerprint were tested, and with what result. */
export const QaEvidenceSchema = z.object({
  kind: z.literal('qa.evidence'),
  ...base,
  acFingerprint: Fingerprint,
  evidenceKind: EvidenceKindSchema,
  url: z.url(),
  result: z.enum(['passed', 'failed']),
  /** Ids of the criteria this evidence covers. */
  covers: z.array(z.string()),
  note: z.string().optional(),
});

/** PO accepted or rejected the story at review. */
export const StoryAcceptanceSchema = z
  .object({
    kind: z.literal('story.acceptance'),
    ...base,
    acFingerprint: Fingerprint,
    decision: z.enum(['accepted', 'rejected']),
    /** Why the PO rejected the story: required for a rejection, so the Devs know what to rework. */
    reason: z.string().optional(),
  })
  .refine((r) => r.decision !== 'rejected' || (r.reason ?? '').trim() !== '', {
    path: ['reason'],
    error: 'a rejection needs a reason: say what the story must do differently',
  });

/** Every per-issue gate record. */
export const GateRecordSchema = z.discriminatedUnion('kind', [
  AcAuthoredSchema,
  AcApprovalSchema,
  TestabilityReviewSchema,
  QaEvidenceSchema,
  StoryAcceptanceSchema,
]);
/** A per-issue gate record. */
export type GateRecord = z.infer<typeof GateRecordSchema>;
/** The record kinds. */
export type GateRecordKind = GateRecord['kind'];
/** The record of one kind. */
export type RecordOf<K extends GateRecordKind> = Extract<GateRecord, { kind: K }>;
/** The PO's approval of the acceptance criteria. */
export type AcApproval = RecordOf<'ac.approval'>;
/** QA's testability review of the acceptance criteria, with the gaps found. */
export type TestabilityReview = RecordOf<'testability.review'>;
/** QA's test evidence for some of the criteria. */
export type QaEvidence = RecordOf<'qa.evidence'>;
/** The PO's acceptance or rejection of the story at review. */
export type StoryAcceptance = RecordOf<'story.acceptance'>;

/** A release sign-off by BA (advice), QA (test results) or Dev (technical risk). */
export const ReleaseSignoffSchema = z.object({
  kind: z.literal('release.signoff'),
  ...base,
  /** Fingerprint of the version's content when signed, see `versionFingerprint`. */
  contentFingerprint: Fingerprint,
  role: z.enum(['ba', 'qa', 'dev']),
  /** BA: advice; QA: test results; Dev: technical risk. One paragraph. */
  summary: z.string().min(1),
  /** QA's recommendation or Dev's risk level. */
  assessment: z.enum(['go', 'concerns', 'low-risk', 'medium-risk', 'high-risk']).optional(),
});

/** The PO's go/no-go decision for a release. */
export const ReleaseDecisionSchema = z.object({
  kind: z.literal('release.decision'),
  ...base,
  contentFingerprint: Fingerprint,
  decision: z.enum(['go', 'no-go']),
  rationale: z.string().min(1),
});

/** Every release record. */
export const ReleaseRecordSchema = z.discriminatedUnion('kind', [
  ReleaseSignoffSchema,
  ReleaseDecisionSchema,
]);
/** A release record. */
export type ReleaseRecord = z.infer<typeof ReleaseRecordSchema>;
/** A BA, QA or Dev release sign-off. */
export type ReleaseSignoff = z.infer<typeof ReleaseSignoffSchema>;
/** The PO's go/no-go decision. */
export type ReleaseDecision = z.infer<typeof ReleaseDecisionSchema>;

/** What the app mirrors into the `readygate` issue property (inside a signed envelope). */
export const IssueRecordsPayloadSchema = z.object({ records: z.array(GateRecordSchema) });
/** What the app mirrors into the `readygate.release.<versionId>` project property. */
export const ReleaseRecordsPayloadSchema = z.object({ records: z.array(ReleaseRecordSchema) });

/** Returns the newest record of a kind (records are ordered by `at`; ties keep list order). */
export function latest<K extends GateRecordKind>(
  records: readonly GateRecord[],
  kind: K,
  where?: (r: RecordOf<K>) => boolean,
): RecordOf<K> | undefined {
  let best: RecordOf<K> | undefined;
  for (const r of records) {
    if (r.kind !== kind) continue;
    const rec = r as RecordOf<K>;
    if (where && !where(rec)) continue;
    if (!best || Date.parse(rec.at) >= Date.parse(best.at)) best = rec;
  }
  return best;
}
