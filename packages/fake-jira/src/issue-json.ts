import type { Comment, Issue, Project, Sprint, User, Version } from './dataset.js';
import type { FakeJiraState } from './state.js';

/** Jira Cloud's usual id of the Sprint field; the fake always uses it. */
export const SPRINT_FIELD_ID = 'customfield_10020';
/** Jira Cloud's usual id of the "Story point estimate" field; the fake always uses it. */
export const STORY_POINTS_FIELD_ID = 'customfield_10016';

/** Fields every issue has, in the order Jira lists them. `comment` is not navigable in Jira. */
const SYSTEM_FIELDS = [
  'summary',
  'issuetype',
  'status',
  'description',
  'labels',
  'priority',
  'issuelinks',
  'parent',
  'fixVersions',
  'project',
  'reporter',
  'assignee',
  'created',
  'updated',
  SPRINT_FIELD_ID,
  STORY_POINTS_FIELD_ID,
] as const;
const NON_NAVIGABLE = ['comment'];

const CATEGORY = {
  new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
} as const;

const PRIORITY_IDS: Readonly<Record<string, string>> = {
  Highest: '1',
  High: '2',
  Medium: '3',
  Low: '4',
  Lowest: '5',
};

/** Jira's own timestamp style in issue fields: milliseconds and an offset without a colon. */
export function jiraTime(iso: string): string {
  return new Date(iso).toISOString().replace('Z', '+0000');
}

/**
 * Which fields a request asked for, resolved the way Jira does: a list of ids, `*all`, `*navigable`,
 * `-field` to exclude; unknown names are ignored. Returns null for "id only".
 */
export function resolveFieldSelection(
  requested: readonly string[],
  defaults: '*all' | 'id',
  customFieldIds: readonly string[],
): Set<string> | null {
  const items = requested
    .flatMap((r) => r.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const wanted = items.length === 0 ? [defaults] : items;
  const all = [...SYSTEM_FIELDS, ...NON_NAVIGABLE, ...customFieldIds];
  const out = new Set<string>();
  for (const w of wanted) {
    if (w === '*all') all.forEach((f) => out.add(f));
    else if (w === '*navigable') all.filter((f) => !NON_NAVIGABLE.includes(f)).forEach((f) => out.add(f));
    else if (!w.startsWith('-') && w !== 'id' && w !== 'key') out.add(w);
  }
  for (const w of wanted) if (w.startsWith('-')) out.delete(w.slice(1));
  const onlyIds = wanted.every((w) => w === 'id' || w === 'key' || w.startsWith('-'));
  return onlyIds && out.size === 0 ? null : out;
}

/** Renders Jira's JSON for the site's objects. `base` is the server's URL, used in `self` links. */
export class JiraJson {
  constructor(
    private readonly state: FakeJiraState,
    private readonly base: string,
  ) {}

  userDetails(u: User | undefined): Record<string, unknown> | null {
    if (!u) return null;
    return {
      self: `${this.base}/rest/api/3/user?accountId=${encodeURIComponent(u.accountId)}`,
      accountId: u.accountId,
      emailAddress: u.email,
      avatarUrls: this.avatars(u.accountId),
      displayName: u.displayName,
      active: u.active,
      timeZone: u.timeZone,
      accountType: u.accountType,
    };
  }

  private avatars(seed: string): Record<string, string> {
    const url = (size: number): string => `${this.base}/avatar/${encodeURIComponent(seed)}?s=${size}`;
    return { '48x48': url(48), '24x24': url(24), '16x16': url(16), '32x32': url(32) };
  }

  myself(u: User): Record<string, unknown> {
    return {
      self: `${this.base}/rest/api/3/user?accountId=${encodeURIComponent(u.accountId)}`,
      accountId: u.accountId,
      accountType: u.accountType,
      emailAddress: u.email,
      avatarUrls: this.avatars(u.accountId),
      displayName: u.displayName,
      active: u.active,
      timeZone: u.timeZone,
      locale: 'en_US',
      groups: { size: 0, items: [] },
      applicationRoles: { size: 1, items: [] },
      expand: 'groups,applicationRoles',
    };
  }

  status(issue: Issue): Record<string, unknown> {
    const c = CATEGORY[issue.status.category];
    return {
      self: `${this.base}/rest/api/3/status/${issue.status.id}`,
      description: '',
      iconUrl: `${this.base}/images/icons/statuses/generic.png`,
      name: issue.status.name,
      id: issue.status.id,
      statusCategory: {
        self: `${this.base}/rest/api/3/statuscategory/${c.id}`,
        id: c.id,
        key: c.key,
        colorName: c.colorName,
        name: c.name,
      },
    };
  }

  priority(issue: Issue): Record<string, unknown> | null {
    if (issue.priority === null) return null;
    const id = PRIORITY_IDS[issue.priority] ?? '3';
    return {
      self: `${this.base}/rest/api/3/priority/${id}`,
      iconUrl: `${this.base}/images/icons/priorities/${issue.priority.toLowerCase()}.svg`,
      name: issue.priority,
      id,
    };
  }

  issueType(issue: Issue): Record<string, unknown> {
    const t = issue.issuetype;
    return {
      self: `${this.base}/rest/api/3/issuetype/${t.id}`,
      id: t.id,
      description: '',
      iconUrl: `${this.base}/images/icons/issuetypes/${t.name.toLowerCase()}.svg`,
      name: t.name,
      subtask: t.subtask,
      hierarchyLevel: t.hierarchyLevel,
    };
  }

  /** The short form Jira embeds for linked issues and parents. */
  issueRef(issue: Issue): Record<string, unknown> {
    return {
      id: issue.id,
      key: issue.key,
      self: `${this.base}/rest/api/3/issue/${issue.id}`,
      fields: {
        summary: issue.summary,
        status: this.status(issue),
        priority: this.priority(issue),
        issuetype: this.issueType(issue),
      },
    };
  }

  version(v: Version): Record<string, unknown> {
    const project = this.state.project(v.projectKey);
    const out: Record<string, unknown> = { self: `${this.base}/rest/api/3/version/${v.id}`, id: v.id };
    if (v.description !== undefined) out['description'] = v.description;
    out['name'] = v.name;
    out['archived'] = v.archived;
    out['released'] = v.released;
    if (v.startDate !== undefined) out['startDate'] = v.startDate;
    if (v.releaseDate !== undefined) out['releaseDate'] = v.releaseDate;
    if (project) out['projectId'] = Number(project.id);
    return out;
  }

  project(p: Project): Record<string, unknown> {
    return {
      self: `${this.base}/rest/api/3/project/${p.id}`,
      id: p.id,
      key: p.key,
      name: p.name,
      projectTypeKey: 'software',
      simplified: false,
      avatarUrls: this.avatars(p.key),
    };
  }

  /** A sprint as the agile API returns it. */
  sprint(s: Sprint): Record<string, unknown> {
    const out: Record<string, unknown> = {
      id: s.id,
      self: `${this.base}/rest/agile/1.0/sprint/${s.id}`,
      state: s.state,
      name: s.name,
    };
    if (s.startDate !== undefined) out['startDate'] = s.startDate;
    if (s.endDate !== undefined) out['endDate'] = s.endDate;
    if (s.completeDate !== undefined) out['completeDate'] = s.completeDate;
    out['originBoardId'] = s.boardId;
    if (s.goal !== undefined) out['goal'] = s.goal;
    return out;
  }

  /** A sprint as it appears in the Sprint custom field of an issue. */
  private sprintFieldValue(s: Sprint): Record<string, unknown> {
    const out: Record<string, unknown> = {
      id: s.id,
      name: s.name,
      state: s.state,
      boardId: s.boardId,
      goal: s.goal ?? '',
    };
    if (s.startDate !== undefined) out['startDate'] = s.startDate;
    if (s.endDate !== undefined) out['endDate'] = s.endDate;
    if (s.completeDate !== undefined) out['completeDate'] = s.completeDate;
    return out;
  }

  comment(c: Comment, issue: Issue): Record<string, unknown> {
    const author = this.userDetails(this.state.user(c.authorAccountId));
    return {
      self: `${this.base}/rest/api/3/issue/${issue.id}/comment/${c.id}`,
      id: c.id,
      ...(author ? { author, updateAuthor: author } : {}),
      body: c.body,
      created: jiraTime(c.created),
      updated: jiraTime(c.updated ?? c.created),
      jsdPublic: true,
    };
  }

  commentPage(issue: Issue, startAt = 0, maxResults = 5000): Record<string, unknown> {
    const all = issue.comments;
    return {
      self: `${this.base}/rest/api/3/issue/${issue.id}/comment`,
      startAt,
      maxResults,
      total: all.length,
      comments: all.slice(startAt, startAt + maxResults).map((c) => this.comment(c, issue)),
    };
  }

  private links(issue: Issue): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    const push = (
      linkId: string,
      typeName: string,
      direction: 'inward' | 'outward',
      otherKey: string,
    ): void => {
      const type = this.state.linkTypes.find((t) => t.name === typeName);
      const other = this.state.issue(otherKey);
      if (!type || !other) return;
      out.push({
        id: linkId,
        self: `${this.base}/rest/api/3/issueLink/${linkId}`,
        type: {
          id: type.id,
          name: type.name,
          inward: type.inward,
          outward: type.outward,
          self: `${this.base}/rest/api/3/issueLinkType/${type.id}`,
        },
        [direction === 'outward' ? 'outwardIssue' : 'inwardIssue']: this.issueRef(other),
      });
    };
    for (const l of issue.links) push(l.id, l.type, l.direction, l.key);
    // A link is stored once, on the issue that declares it; the other end sees it mirrored, as in Jira.
    for (const other of this.state.issues) {
      for (const l of other.links) {
        if (l.key === issue.key && other.key !== issue.key)
          push(l.id, l.type, l.direction === 'outward' ? 'inward' : 'outward', other.key);
      }
    }
    return out;
  }

  private fieldValue(issue: Issue, id: string): unknown {
    switch (id) {
      case 'summary':
        return issue.summary;
      case 'issuetype':
        return this.issueType(issue);
      case 'status':
        return this.status(issue);
      case 'description':
        return issue.description;
      case 'labels':
        return issue.labels;
      case 'priority':
        return this.priority(issue);
      case 'issuelinks':
        return this.links(issue);
      case 'parent': {
        const p = issue.parentKey === undefined ? undefined : this.state.issue(issue.parentKey);
        return p ? this.issueRef(p) : undefined;
      }
      case 'fixVersions':
        return issue.fixVersions
          .map((v) => this.state.version(v))
          .filter((v) => v !== undefined)
          .map((v) => this.version(v));
      case 'project': {
        const p = this.state.project(issue.projectKey);
        return p ? this.project(p) : null;
      }
      case 'reporter':
        return this.userDetails(
          issue.reporterAccountId === undefined ? undefined : this.state.user(issue.reporterAccountId),
        );
      case 'assignee':
        return this.userDetails(
          issue.assigneeAccountId === undefined ? undefined : this.state.user(issue.assigneeAccountId),
        );
      case 'created':
        return jiraTime(issue.created);
      case 'updated':
        return jiraTime(issue.updated);
      case 'comment':
        return this.commentPage(issue);
      case SPRINT_FIELD_ID: {
        const sprints = issue.sprints.map((s) => this.state.sprint(s)).filter((s) => s !== undefined);
        return sprints.length === 0 ? null : sprints.map((s) => this.sprintFieldValue(s));
      }
      case STORY_POINTS_FIELD_ID:
        return issue.storyPoints;
      default:
        return id in issue.customFields
          ? issue.customFields[id]
          : this.state.fields.some((f) => f.id === id)
            ? null
            : undefined;
    }
  }

  /**
   * An IssueBean. `fields` null means "id only" (the enhanced search's default): Jira then returns just the id.
   * `properties` lists the issue property keys asked for; absent ones are left out, as Jira does.
   */
  issue(issue: Issue, fields: Set<string> | null, properties: readonly string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (fields === null && properties.length === 0) return { id: issue.id };
    out['expand'] = 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations';
    out['id'] = issue.id;
    out['self'] = `${this.base}/rest/api/3/issue/${issue.id}`;
    out['key'] = issue.key;
    if (properties.length > 0) {
      const props: Record<string, unknown> = {};
      for (const k of properties) if (k in issue.properties) props[k] = issue.properties[k];
      out['properties'] = props;
    }
    const f: Record<string, unknown> = {};
    for (const id of fields ?? []) {
      const v = this.fieldValue(issue, id);
      if (v !== undefined) f[id] = v;
    }
    out['fields'] = f;
    return out;
  }
}
