import * as z from 'zod';

/**
 * Jira's issue as the REST API returns it. Only `id` and `key` are checked here; `toStory` checks the
 * fields it reads. Unknown members are kept.
 */
export const IssueBeanSchema = z.looseObject({
  id: z.string(),
  key: z.string(),
  fields: z.record(z.string(), z.unknown()).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});
/** An issue as Jira returns it. */
export type IssueBean = z.infer<typeof IssueBeanSchema>;

/** One page of the enhanced JQL search. */
export const SearchPageSchema = z.looseObject({
  // Required: Jira always sends the list, so `200 {}` is not "no issues" but something else answering.
  issues: z.array(IssueBeanSchema),
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().optional(),
});

/** A field as `GET /rest/api/3/field` lists it. */
export const JiraFieldSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  custom: z.boolean().optional(),
  schema: z.looseObject({ type: z.string().optional(), custom: z.string().optional() }).optional(),
});
/** A Jira field (system or custom). */
export type JiraField = z.infer<typeof JiraFieldSchema>;

/** A sprint from the agile API. */
export const SprintSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  state: z.string(),
  goal: z.string().optional(),
  startDate: z.string().optional(),
  endDate: z.string().optional(),
  completeDate: z.string().optional(),
  originBoardId: z.number().int().optional(),
});
/** A sprint. */
export type Sprint = z.infer<typeof SprintSchema>;

/** One page of a board's sprints. */
export const SprintPageSchema = z.looseObject({
  values: z.array(SprintSchema).default([]),
  isLast: z.boolean().optional(),
  startAt: z.number().optional(),
  maxResults: z.number().optional(),
});

/** A project version (release). */
export const VersionSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  released: z.boolean().optional(),
  archived: z.boolean().optional(),
  releaseDate: z.string().optional(),
  description: z.string().optional(),
});
/** A project version. */
export type Version = z.infer<typeof VersionSchema>;

/** `GET /project/{key}/role`: role name → role URL. */
export const ProjectRolesSchema = z.record(z.string(), z.string());

/** A project role with its id, read from the role URL's last segment. */
export interface ProjectRoleRef {
  readonly id: string;
  readonly name: string;
}

const RoleActorSchema = z.looseObject({
  id: z.number().optional(),
  type: z.string().optional(),
  displayName: z.string().optional(),
  actorUser: z.looseObject({ accountId: z.string().optional() }).optional(),
  actorGroup: z
    .looseObject({
      groupId: z.string().optional(),
      name: z.string().optional(),
      displayName: z.string().optional(),
    })
    .optional(),
});

/** `GET /project/{key}/role/{id}`. */
export const ProjectRoleSchema = z.looseObject({
  id: z.number().optional(),
  name: z.string().optional(),
  actors: z.array(RoleActorSchema).default([]),
});

/** A member of a project role: a user or a group. */
export type RoleActor =
  | { readonly kind: 'user'; readonly accountId: string; readonly displayName?: string }
  | { readonly kind: 'group'; readonly groupId?: string; readonly name: string };

/** An entity property as Jira returns it. */
// A property Jira holds always has a value: an answer without one is not Jira's (only its 404 means "absent").
export const EntityPropertySchema = z.looseObject({
  key: z.string().optional(),
  value: z.unknown().refine((v) => v !== undefined && v !== null, 'the property has no value'),
});

/** The calling account. */
export const MyselfSchema = z.looseObject({
  accountId: z.string(),
  displayName: z.string().optional(),
  emailAddress: z.string().optional(),
  accountType: z.string().optional(),
});
/** The calling account. */
export type Myself = z.infer<typeof MyselfSchema>;

/** A created comment. */
export const CommentSchema = z.looseObject({ id: z.string() });
