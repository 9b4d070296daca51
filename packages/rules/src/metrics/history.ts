import * as z from 'zod';
import { formatPath, type Result } from '../result.js';

const Timestamp = z.iso.datetime({ offset: true });
const IssueKey = z.string().min(1);
/** Story points (or whatever unit the team estimates in); `null` when the story had no estimate. */
const Estimate = z.number().nonnegative().nullable();

/** A story in the sprint backlog as it stood when the sprint started. */
export const CommittedStorySchema = z.object({
  key: IssueKey,
  estimate: Estimate,
  /** Whether the story passed the `ready` gate at sprint planning. */
  readyAtPlanning: z.boolean(),
});
/** A story committed at sprint start. */
export type CommittedStory = z.infer<typeof CommittedStorySchema>;

/** A story brought into the sprint after it started. */
export const AddedStorySchema = z.object({
  key: IssueKey,
  estimate: Estimate,
  addedAt: Timestamp,
});
/** A story added mid-sprint. */
export type AddedStory = z.infer<typeof AddedStorySchema>;

/** A story taken out of the sprint after it started. */
export const RemovedStorySchema = z.object({
  key: IssueKey,
  estimate: Estimate,
});
/** A story removed mid-sprint. */
export type RemovedStory = z.infer<typeof RemovedStorySchema>;

/** How the PO judged a story at the sprint review. */
export const ReviewOutcomeSchema = z.enum(['accepted-first-time', 'accepted-after-rework', 'rejected']);
/** The PO's judgement of one story at review. */
export type ReviewOutcome = z.infer<typeof ReviewOutcomeSchema>;

/** One story the PO judged at the sprint review. */
export const ReviewedStorySchema = z.object({
  key: IssueKey,
  outcome: ReviewOutcomeSchema,
});
/** A story judged at review. */
export type ReviewedStory = z.infer<typeof ReviewedStorySchema>;

/**
 * The recorded history of one sprint: the snapshot taken when it started, the scope changes while it ran
 * and the PO's judgements at its review.
 */
export const SprintHistorySchema = z
  .object({
    sprintId: z.string().min(1),
    name: z.string(),
    /** The sprint goal; `null` (or blank) when the sprint started without one. */
    goal: z.string().nullable(),
    /** The PO's call at the sprint review; `null` while undecided. */
    goalMet: z.boolean().nullable(),
    startedAt: Timestamp,
    /** `null` while the sprint is still running. */
    endedAt: Timestamp.nullable(),
    committed: z.array(CommittedStorySchema),
    addedAfterStart: z.array(AddedStorySchema),
    removedAfterStart: z.array(RemovedStorySchema),
    reviewed: z.array(ReviewedStorySchema),
  })
  .superRefine((sprint, ctx) => {
    if (sprint.endedAt !== null && Date.parse(sprint.endedAt) < Date.parse(sprint.startedAt)) {
      ctx.addIssue({
        code: 'custom',
        path: ['endedAt'],
        message: `ends before it starts (${sprint.startedAt})`,
      });
    }
    const seen = new Set<string>();
    sprint.committed.forEach((story, i) => {
      if (seen.has(story.key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['committed', i, 'key'],
          message: `duplicate story ${story.key}`,
        });
      }
      seen.add(story.key);
    });
  });
/** One sprint's recorded history. */
export type SprintHistory = z.infer<typeof SprintHistorySchema>;

/** One stakeholder satisfaction rating (1 = very unhappy … 5 = very happy), e.g. collected after a review. */
export const StakeholderRatingSchema = z.object({
  at: Timestamp,
  score: z.number().min(1).max(5),
  /** Who gave the rating, if the team records it. */
  by: z.string().optional(),
});
/** A stakeholder satisfaction rating. */
export type StakeholderRating = z.infer<typeof StakeholderRatingSchema>;

/** What one release shipped and how many defects were found in it after it shipped. */
export const ReleaseHistorySchema = z.object({
  versionId: z.string().min(1),
  name: z.string(),
  releasedAt: Timestamp,
  storiesShipped: z.number().int().nonnegative(),
  /** Defects reported against this release's stories after it shipped (found in production, not in the sprint). */
  defectsFoundAfterRelease: z.number().int().nonnegative(),
});
/** One release's record. */
export type ReleaseHistory = z.infer<typeof ReleaseHistorySchema>;

/** Everything the metrics are computed from. */
export const MetricsHistorySchema = z
  .object({
    sprints: z.array(SprintHistorySchema),
    ratings: z.array(StakeholderRatingSchema),
    releases: z.array(ReleaseHistorySchema),
  })
  .superRefine((history, ctx) => {
    const seen = new Set<string>();
    history.sprints.forEach((sprint, i) => {
      if (seen.has(sprint.sprintId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['sprints', i, 'sprintId'],
          message: `duplicate sprint ${sprint.sprintId}`,
        });
      }
      seen.add(sprint.sprintId);
    });
  });
/** The recorded history the PO-effectiveness metrics are computed from. */
export type MetricsHistory = z.infer<typeof MetricsHistorySchema>;

/**
 * Parses metrics history read from Forge storage or a CLI file. Never throws; a bad input yields
 * problems with code `metrics.invalid-history` and the path of the offending value.
 */
export function parseMetricsHistory(input: unknown): Result<MetricsHistory> {
  const parsed = MetricsHistorySchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => ({
      code: 'metrics.invalid-history',
      path: formatPath(issue.path),
      message: `${formatPath(issue.path) || 'history'}: ${issue.message}`,
    })),
  };
}

/** Sprints in the order they started; ties keep their recorded order. */
export function sprintsInOrder(sprints: readonly SprintHistory[]): SprintHistory[] {
  return sprints
    .map((sprint, index) => ({ sprint, index, t: Date.parse(sprint.startedAt) }))
    .sort((a, b) => a.t - b.t || a.index - b.index)
    .map((entry) => entry.sprint);
}
