import { DEFAULT_POLICY, readIssueRecords, RECORDS_PROPERTY } from '@readygate/rules';
import type {
  FieldMap as PolicyFieldMap,
  PublicKey,
  RichText,
  StatusCategory,
  Story,
  StoryLink,
} from '@readygate/rules';
import { JiraError } from './errors.js';
import type { IssueBean } from './schemas.js';

/**
 * Which Jira fields hold what. `undefined` takes the default; `null` says the site has no such field.
 * The defaults are the policy's (`fields` in `@readygate/rules`, one list for every reader): estimate
 * `customfield_10016` (story points), sprint `customfield_10020`, business severity `priority`; no
 * acceptance-criteria or technical-severity field.
 */
export type FieldMap = { readonly [K in keyof PolicyFieldMap]?: PolicyFieldMap[K] };

/** Options of {@link toStory}. */
export interface ToStoryOptions {
  readonly fields: FieldMap;
  /** Keys whose signatures are trusted for the `readygate` issue property. */
  readonly keys: readonly PublicKey[];
}

/** The issue property that mirrors gate records (a signed envelope); defined with the other property names in `@readygate/rules`. */
export { RECORDS_PROPERTY };

function resolve(map: FieldMap): PolicyFieldMap {
  const d = DEFAULT_POLICY.fields;
  return {
    acceptanceCriteria: map.acceptanceCriteria === undefined ? d.acceptanceCriteria : map.acceptanceCriteria,
    estimate: map.estimate === undefined ? d.estimate : map.estimate,
    businessSeverity: map.businessSeverity === undefined ? d.businessSeverity : map.businessSeverity,
    technicalSeverity: map.technicalSeverity === undefined ? d.technicalSeverity : map.technicalSeverity,
    sprint: map.sprint === undefined ? d.sprint : map.sprint,
  };
}

/** Exactly the fields {@link toStory} reads, for a search's `fields`. */
export function fieldsFor(map: FieldMap): string[] {
  const m = resolve(map);
  const out = [
    'summary',
    'status',
    'issuetype',
    'description',
    'labels',
    'issuelinks',
    'parent',
    'fixVersions',
  ];
  for (const f of [m.acceptanceCriteria, m.estimate, m.businessSeverity, m.technicalSeverity, m.sprint]) {
    if (f !== null && !out.includes(f)) out.push(f);
  }
  return out;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Raised by {@link toStory}; a `bad-response` JiraError that names the issue. */
function broken(who: string, what: string): JiraError {
  return new JiraError(
    'bad-response',
    `Jira issue ${who} came back without ${what}: search with the fields fieldsFor() lists, and check that the account may see the issue's fields.`,
  );
}

function category(status: unknown): StatusCategory | undefined {
  if (!isObj(status)) return undefined;
  const cat = status.statusCategory;
  if (!isObj(cat)) return undefined;
  const key = cat.key;
  if (key === 'new' || key === 'indeterminate' || key === 'done') return key;
  // Jira's "No category" (`undefined`) and anything newer count as not started, the cautious reading.
  return typeof key === 'string' ? 'new' : undefined;
}

function richText(v: unknown): RichText | null {
  if (typeof v === 'string') return v.trim() === '' ? null : { format: 'markdown', text: v };
  if (isObj(v) && v.type === 'doc') return { format: 'adf', doc: v };
  return null;
}

function severity(v: unknown): string | null {
  if (typeof v === 'string') return v === '' ? null : v;
  if (isObj(v)) return str(v.value) ?? str(v.name) ?? null;
  return null;
}

function estimate(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return null;
}

function sprintOf(v: unknown): Story['sprint'] {
  if (!Array.isArray(v)) v = isObj(v) ? [v] : [];
  const sprints = (v as unknown[]).flatMap((s) => {
    if (!isObj(s) || typeof s.id !== 'number' || typeof s.name !== 'string' || typeof s.state !== 'string')
      return [];
    return [{ id: s.id, name: s.name, state: s.state.toLowerCase() }];
  });
  return sprints.find((s) => s.state === 'active') ?? sprints.find((s) => s.state === 'future') ?? null;
}

function linksOf(who: string, v: unknown, businessFromPriority: boolean): StoryLink[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw broken(who, 'a list in fields.issuelinks');
  return v.map((raw, i): StoryLink => {
    const at = `fields.issuelinks[${i}]`;
    if (!isObj(raw) || !isObj(raw.type)) throw broken(who, `the link type at ${at}.type`);
    const inward = isObj(raw.inwardIssue) ? raw.inwardIssue : undefined;
    const other = inward ?? (isObj(raw.outwardIssue) ? raw.outwardIssue : undefined);
    if (!other) throw broken(who, `the linked issue at ${at}`);
    const relation = str(inward ? raw.type.inward : raw.type.outward) ?? str(raw.type.name);
    if (relation === undefined) throw broken(who, `the link's relation at ${at}.type`);
    const key = str(other.key);
    if (key === undefined) throw broken(who, `the linked issue's key at ${at}`);
    const f = isObj(other.fields) ? other.fields : {};
    const cat = category(f.status);
    if (cat === undefined) throw broken(who, `the status of linked issue ${key} at ${at}`);
    const link: StoryLink = {
      relation,
      key,
      type: (isObj(f.issuetype) ? str(f.issuetype.name) : undefined) ?? 'Unknown',
      statusCategory: cat,
    };
    const summary = str(f.summary);
    if (summary !== undefined) link.summary = summary;
    link.businessSeverity = businessFromPriority && isObj(f.priority) ? (str(f.priority.name) ?? null) : null;
    return link;
  });
}

/**
 * Maps Jira's issue to the rules' {@link Story}. Unknown fields are ignored; a missing id, key,
 * summary or status throws a `bad-response` {@link JiraError} naming the issue. The `readygate`
 * property counts only when its envelope verifies for this issue with one of `keys`; otherwise it
 * becomes an `untrusted` entry and no records.
 */
export function toStory(issue: IssueBean, options: ToStoryOptions): Story {
  const raw: unknown = issue;
  if (!isObj(raw)) throw broken('(unknown)', 'any content (not an object)');
  const id = typeof raw.id === 'number' ? String(raw.id) : str(raw.id);
  const key = str(raw.key);
  const who = key ?? (id === undefined ? '(unknown)' : `with id ${id}`);
  if (key === undefined || key === '') throw broken(who, 'a key');
  if (id === undefined || id === '') throw broken(who, 'an id');
  if (!isObj(raw.fields)) throw broken(who, 'fields');
  const f = raw.fields;
  const summary = str(f.summary);
  if (summary === undefined) throw broken(who, 'fields.summary');
  const statusName = isObj(f.status) ? str(f.status.name) : undefined;
  const cat = category(f.status);
  if (statusName === undefined || cat === undefined)
    throw broken(who, 'fields.status with its statusCategory');

  const m = resolve(options.fields);
  const read = (field: string | null): unknown => (field === null ? undefined : f[field]);
  const business =
    m.businessSeverity === 'priority'
      ? isObj(f.priority)
        ? (str(f.priority.name) ?? null)
        : null
      : severity(read(m.businessSeverity));
  const parent = isObj(f.parent) && typeof f.parent.key === 'string' ? f.parent : undefined;
  const parentSummary = parent && isObj(parent.fields) ? str(parent.fields.summary) : undefined;

  return {
    id,
    key,
    type: (isObj(f.issuetype) ? str(f.issuetype.name) : undefined) ?? 'Unknown',
    status: { name: statusName, category: cat },
    summary,
    description: richText(f.description),
    acceptanceCriteria: richText(read(m.acceptanceCriteria)),
    estimate: estimate(read(m.estimate)),
    labels: Array.isArray(f.labels) ? f.labels.filter((l): l is string => typeof l === 'string') : [],
    links: linksOf(key, f.issuelinks, m.businessSeverity === 'priority'),
    parent: parent
      ? { key: String(parent.key), ...(parentSummary === undefined ? {} : { summary: parentSummary }) }
      : null,
    sprint: sprintOf(read(m.sprint)),
    fixVersions: Array.isArray(f.fixVersions)
      ? f.fixVersions.flatMap((fv) =>
          isObj(fv) && typeof fv.name === 'string' && (typeof fv.id === 'string' || typeof fv.id === 'number')
            ? [{ id: String(fv.id), name: fv.name }]
            : [],
        )
      : [],
    businessSeverity: business,
    technicalSeverity: severity(read(m.technicalSeverity)),
    ...readIssueRecords(isObj(raw.properties) ? raw.properties[RECORDS_PROPERTY] : undefined, options.keys, {
      id,
      key,
    }),
  };
}

/** The id of the field with this name (case-insensitive), e.g. `Acceptance criteria` → `customfield_10050`. */
export function fieldIdByName(
  fields: readonly { readonly id: string; readonly name: string }[],
  name: string,
): string | undefined {
  const want = name.trim().toLowerCase();
  return fields.find((f) => f.name.trim().toLowerCase() === want)?.id;
}
