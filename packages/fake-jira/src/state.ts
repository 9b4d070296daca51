import type {
  Board,
  Comment,
  Dataset,
  Field,
  Issue,
  LinkType,
  Project,
  Sprint,
  User,
  Version,
} from './dataset.js';

/** One issue taken out of its sprint by `POST /rest/agile/1.0/backlog/issue`. */
export interface BacklogMove {
  readonly key: string;
  /** The sprint the issue left; `null` when it was already in the backlog. */
  readonly fromSprintId: number | null;
  readonly at: string;
  readonly byAccountId: string;
}

/**
 * The fake's in-memory site. Tests may read it and change it directly (e.g. edit a description to make AC
 * stale); API calls change it the same way. It starts as a deep copy of the data set.
 */
export class FakeJiraState {
  readonly users: User[];
  readonly projects: Project[];
  readonly fields: Field[];
  readonly linkTypes: LinkType[];
  readonly boards: Board[];
  readonly sprints: Sprint[];
  readonly versions: Version[];
  /** Issues in data set order. */
  readonly issues: Issue[];
  /** Every backlog move, oldest first. */
  readonly backlogMoves: BacklogMove[] = [];
  private nextCommentId: number;

  constructor(dataset: Dataset) {
    const copy = structuredClone(dataset);
    this.users = copy.users;
    this.projects = copy.projects;
    this.fields = copy.fields;
    this.linkTypes = copy.linkTypes;
    this.boards = copy.boards;
    this.sprints = copy.sprints;
    this.versions = copy.versions;
    this.issues = copy.issues;
    this.issues.forEach((issue, i) => {
      issue.rank ??= i + 1;
    });
    const maxComment = Math.max(10000, ...copy.issues.flatMap((i) => i.comments.map((c) => Number(c.id))));
    this.nextCommentId = maxComment + 1;
  }

  /** Finds an issue by id or key (keys compare case-insensitively, like Jira). */
  issue(idOrKey: string): Issue | undefined {
    const upper = idOrKey.toUpperCase();
    return this.issues.find((i) => i.id === idOrKey || i.key === upper);
  }

  /** Finds a project by id or key. */
  project(idOrKey: string): Project | undefined {
    const upper = idOrKey.toUpperCase();
    return this.projects.find((p) => p.id === idOrKey || p.key === upper);
  }

  sprint(id: number): Sprint | undefined {
    return this.sprints.find((s) => s.id === id);
  }

  version(id: string): Version | undefined {
    return this.versions.find((v) => v.id === id);
  }

  user(accountId: string): User | undefined {
    return this.users.find((u) => u.accountId === accountId);
  }

  /** The sprint an issue is in now: the last of its sprints unless that one is closed. */
  currentSprint(issue: Issue): Sprint | undefined {
    const last = issue.sprints.at(-1);
    if (last === undefined) return undefined;
    const s = this.sprint(last);
    return s && s.state !== 'closed' ? s : undefined;
  }

  /** Comments of an issue, oldest first. */
  comments(key: string): readonly Comment[] {
    return this.issue(key)?.comments ?? [];
  }

  /** Adds a comment and returns it. */
  addComment(issue: Issue, authorAccountId: string, body: unknown, now: Date): Comment {
    const comment: Comment = {
      id: String(this.nextCommentId++),
      authorAccountId,
      body,
      created: now.toISOString(),
      updated: now.toISOString(),
    };
    issue.comments.push(comment);
    issue.updated = now.toISOString();
    return comment;
  }

  /** Takes an issue out of its current sprint, keeping closed sprints in its history like Jira does. */
  moveToBacklog(issue: Issue, byAccountId: string, now: Date): void {
    const current = this.currentSprint(issue);
    if (current) issue.sprints = issue.sprints.filter((id) => id !== current.id);
    this.backlogMoves.push({
      key: issue.key,
      fromSprintId: current?.id ?? null,
      at: now.toISOString(),
      byAccountId,
    });
    issue.updated = now.toISOString();
  }
}
