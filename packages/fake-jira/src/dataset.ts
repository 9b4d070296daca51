import * as z from 'zod';

const IsoDateTime = z.iso.datetime({ offset: true });
const IsoDate = z.iso.date();
const IssueKey = z.string().regex(/^[A-Z][A-Z0-9_]*-[1-9][0-9]*$/, 'an issue key such as ENR-12');
const NumericId = z.string().regex(/^[1-9][0-9]*$/, 'a numeric id as a string, e.g. "10001"');

/** What a user may do. Everything defaults to allowed, so a data set only spells out the restrictions. */
export const PermissionsSchema = z.object({
  /** Project keys the user may browse; absent means every project. Issues elsewhere answer 404, like Jira. */
  browseProjects: z.array(z.string()).optional(),
  editIssueProperties: z.boolean().default(true),
  editProjectProperties: z.boolean().default(true),
  addComments: z.boolean().default(true),
  /** Moving issues to the backlog (Jira Software's "schedule issues" permission). */
  scheduleIssues: z.boolean().default(true),
});
/** What a user may do. */
export type Permissions = z.infer<typeof PermissionsSchema>;

/** A Jira user with the credentials the fake accepts for them. */
export const UserSchema = z.object({
  accountId: z.string().min(1).max(128),
  displayName: z.string().min(1),
  email: z.email(),
  /** API tokens accepted with basic auth (`email:token`). */
  apiTokens: z.array(z.string().min(1)).default([]),
  /** Bearer tokens (scoped tokens, OAuth access tokens) accepted in `Authorization: Bearer …`. */
  bearerTokens: z.array(z.string().min(1)).default([]),
  active: z.boolean().default(true),
  accountType: z.enum(['atlassian', 'app']).default('atlassian'),
  timeZone: z.string().default('UTC'),
  permissions: PermissionsSchema.default({
    editIssueProperties: true,
    editProjectProperties: true,
    addComments: true,
    scheduleIssues: true,
  }),
});
/** A Jira user. */
export type User = z.infer<typeof UserSchema>;

/** A project role with the accounts that hold it in that project. */
export const RoleSchema = z.object({
  id: z.number().int().positive(),
  name: z.string().min(1),
  description: z.string().default(''),
  /** Account ids of the users in this role. */
  actors: z.array(z.string()).default([]),
});
/** A project role. */
export type Role = z.infer<typeof RoleSchema>;

/** A Jira project. */
export const ProjectSchema = z.object({
  id: NumericId,
  key: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  name: z.string().min(1),
  roles: z.array(RoleSchema).default([]),
  /** Project entity properties, key -> JSON value. */
  properties: z.record(z.string(), z.unknown()).default({}),
});
/** A Jira project. */
export type Project = z.infer<typeof ProjectSchema>;

/** A field as `GET /rest/api/3/field` lists it. System fields may be listed too. */
export const FieldSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  custom: z.boolean(),
  schema: z
    .object({
      type: z.string(),
      items: z.string().optional(),
      system: z.string().optional(),
      custom: z.string().optional(),
      customId: z.number().int().optional(),
    })
    .optional(),
  clauseNames: z.array(z.string()).default([]),
  navigable: z.boolean().default(true),
  searchable: z.boolean().default(true),
  orderable: z.boolean().default(true),
});
/** A field definition. */
export type Field = z.infer<typeof FieldSchema>;

/** An issue link type, e.g. Blocks (`is blocked by` / `blocks`). */
export const LinkTypeSchema = z.object({
  id: NumericId,
  name: z.string().min(1),
  inward: z.string().min(1),
  outward: z.string().min(1),
});
/** An issue link type. */
export type LinkType = z.infer<typeof LinkTypeSchema>;

/** An agile board. */
export const BoardSchema = z.object({
  id: z.number().int().positive(),
  name: z.string().min(1),
  projectKey: z.string(),
  type: z.enum(['scrum', 'kanban']).default('scrum'),
});
/** An agile board. */
export type Board = z.infer<typeof BoardSchema>;

/** A sprint of a board. */
export const SprintSchema = z.object({
  id: z.number().int().positive(),
  boardId: z.number().int().positive(),
  name: z.string().min(1),
  state: z.enum(['future', 'active', 'closed']),
  goal: z.string().optional(),
  startDate: IsoDateTime.optional(),
  endDate: IsoDateTime.optional(),
  completeDate: IsoDateTime.optional(),
  createdDate: IsoDateTime.optional(),
});
/** A sprint. */
export type Sprint = z.infer<typeof SprintSchema>;

/** A project version (release). */
export const VersionSchema = z.object({
  id: NumericId,
  projectKey: z.string(),
  name: z.string().min(1),
  description: z.string().optional(),
  released: z.boolean().default(false),
  archived: z.boolean().default(false),
  startDate: IsoDate.optional(),
  releaseDate: IsoDate.optional(),
});
/** A project version. */
export type Version = z.infer<typeof VersionSchema>;

/** A comment on an issue; the body is ADF. */
export const CommentSchema = z.object({
  id: NumericId,
  authorAccountId: z.string(),
  body: z.unknown(),
  created: IsoDateTime,
  updated: IsoDateTime.optional(),
});
/** A comment. */
export type Comment = z.infer<typeof CommentSchema>;

/** A link from this issue to another one. */
export const IssueLinkSchema = z.object({
  id: NumericId,
  /** Link type name, see {@link LinkTypeSchema}. */
  type: z.string(),
  /** `outward`: this issue `blocks` the other one; `inward`: this issue `is blocked by` it. */
  direction: z.enum(['inward', 'outward']),
  key: IssueKey,
});
/** A link from an issue. */
export type IssueLink = z.infer<typeof IssueLinkSchema>;

/** An issue and everything the fake serves about it. */
export const IssueSchema = z.object({
  id: NumericId,
  key: IssueKey,
  projectKey: z.string(),
  issuetype: z.object({
    id: NumericId,
    name: z.string(),
    subtask: z.boolean().default(false),
    hierarchyLevel: z.number().int().default(0),
  }),
  status: z.object({ id: NumericId, name: z.string(), category: z.enum(['new', 'indeterminate', 'done']) }),
  summary: z.string().min(1),
  /** ADF document or null. */
  description: z.unknown().nullable().default(null),
  labels: z.array(z.string()).default([]),
  /** Priority name: Highest, High, Medium, Low, Lowest. */
  priority: z.string().nullable().default('Medium'),
  parentKey: IssueKey.optional(),
  /** Version ids. */
  fixVersions: z.array(NumericId).default([]),
  /** Every sprint the issue has been in, oldest first; the issue is in the last one unless it is closed. */
  sprints: z.array(z.number().int().positive()).default([]),
  storyPoints: z.number().nullable().default(null),
  /** Further custom field values by field id, e.g. an "Acceptance criteria" ADF field. */
  customFields: z.record(z.string().regex(/^customfield_\d+$/), z.unknown()).default({}),
  links: z.array(IssueLinkSchema).default([]),
  /** Issue entity properties, key -> JSON value. */
  properties: z.record(z.string(), z.unknown()).default({}),
  comments: z.array(CommentSchema).default([]),
  reporterAccountId: z.string().optional(),
  assigneeAccountId: z.string().optional(),
  created: IsoDateTime,
  updated: IsoDateTime,
  /** Board rank; lower comes first. Defaults to the issue's position in the data set. */
  rank: z.number().optional(),
});
/** An issue. */
export type Issue = z.infer<typeof IssueSchema>;

/** Everything a fake Jira site holds. A plain JSON-able object, validated on load. */
export const DatasetSchema = z.object({
  /** Shown in logs and by `GET /rest/api/3/serverInfo`-like output; no effect on behaviour. */
  name: z.string().default('dataset'),
  users: z.array(UserSchema).min(1),
  projects: z.array(ProjectSchema),
  fields: z.array(FieldSchema),
  linkTypes: z.array(LinkTypeSchema).default([]),
  boards: z.array(BoardSchema).default([]),
  sprints: z.array(SprintSchema).default([]),
  versions: z.array(VersionSchema).default([]),
  issues: z.array(IssueSchema),
});
/** A data set as written (defaults not yet applied). */
export type DatasetInput = z.input<typeof DatasetSchema>;
/** A validated data set. */
export type Dataset = z.infer<typeof DatasetSchema>;

/** Why a data set was refused: names the first offending path. */
export class DatasetError extends Error {
  readonly code = 'dataset.invalid';
}

/**
 * Validates a data set and checks its cross references (issue projects, sprints, versions, link targets).
 * @throws DatasetError naming the offending path.
 */
export function parseDataset(input: unknown): Dataset {
  const parsed = DatasetSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? first.path.map(String).join('.') : '';
    throw new DatasetError(
      `The fake Jira data set is invalid at "${where}": ${first?.message ?? 'unknown problem'}.`,
    );
  }
  const ds = parsed.data;
  const projects = new Set(ds.projects.map((p) => p.key));
  const sprints = new Set(ds.sprints.map((s) => s.id));
  const versions = new Set(ds.versions.map((v) => v.id));
  const keys = new Set<string>();
  const ids = new Set<string>();
  const linkTypes = new Set(ds.linkTypes.map((l) => l.name));
  for (const i of ds.issues) {
    if (keys.has(i.key) || ids.has(i.id))
      throw new DatasetError(`The fake Jira data set has two issues with key ${i.key} or id ${i.id}.`);
    keys.add(i.key);
    ids.add(i.id);
  }
  for (const i of ds.issues) {
    const bad = (what: string): never => {
      throw new DatasetError(`The fake Jira data set's issue ${i.key} refers to ${what}.`);
    };
    if (!projects.has(i.projectKey)) bad(`unknown project ${i.projectKey}`);
    if (!i.key.startsWith(`${i.projectKey}-`)) bad(`project ${i.projectKey} but its key says otherwise`);
    for (const s of i.sprints) if (!sprints.has(s)) bad(`unknown sprint ${s}`);
    for (const v of i.fixVersions) if (!versions.has(v)) bad(`unknown version ${v}`);
    for (const l of i.links) {
      if (!keys.has(l.key)) bad(`a link to unknown issue ${l.key}`);
      if (!linkTypes.has(l.type)) bad(`unknown link type ${l.type}`);
    }
    if (i.parentKey !== undefined && !keys.has(i.parentKey)) bad(`unknown parent ${i.parentKey}`);
  }
  for (const s of ds.sprints) {
    if (!ds.boards.some((b) => b.id === s.boardId))
      throw new DatasetError(`The fake Jira data set's sprint ${s.id} refers to unknown board ${s.boardId}.`);
  }
  return ds;
}
