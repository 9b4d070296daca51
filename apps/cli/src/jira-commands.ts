import { loadStories, type JiraClient, type StoryPolicy } from '@readygate/jira';
import {
  DEFAULT_POLICY,
  evaluate,
  readReleaseRecords,
  releaseProperty,
  type Policy,
  type PublicKey,
  type Story,
  type Verdict,
} from '@readygate/rules';
import { jiraFailure, jiraFrom, policyFrom, publicKeysFrom, type JiraFlags } from './config.js';
import { CliError, type Io } from './io.js';
import { formatOf, printVerdicts } from './output.js';
import { collect, projectPolicy, searchOptions } from './stories.js';
import { boardVelocity } from './velocity.js';

/** Flags of the commands that print a verdict. */
export interface VerdictFlags extends JiraFlags {
  readonly json?: boolean;
  readonly markdown?: boolean;
}

function progress(io: Io, line: string): void {
  if (io.progress) io.err(`… ${line}\n`);
}

async function withJira<T>(
  flags: JiraFlags,
  io: Io,
  work: (jira: JiraClient, keys: PublicKey[]) => Promise<T>,
): Promise<T> {
  const jira = jiraFrom(flags, io);
  const keys = publicKeysFrom(flags, io);
  try {
    return await work(jira, keys);
  } catch (e) {
    throw jiraFailure(e);
  }
}

/** `readygate check <KEY…> [--gate ready|done|merge]`: one search for every key, each judged by its project's policy. */
export async function checkCommand(
  issueKeys: readonly string[],
  flags: VerdictFlags & { gate: 'ready' | 'done' | 'merge' },
  io: Io,
): Promise<number> {
  const filePolicy = await policyFrom(flags, io);
  return withJira(flags, io, async (jira, keys) => {
    progress(io, `loading ${issueKeys.length} stor${issueKeys.length === 1 ? 'y' : 'ies'} from Jira`);
    const loaded = await loadStories(jira, issueKeys, {
      publicKeys: keys,
      ...(filePolicy ? { policy: filePolicy } : {}),
    });
    const byPolicy = new Map<StoryPolicy, Story[]>();
    for (const s of loaded.stories) byPolicy.set(s.policy, [...(byPolicy.get(s.policy) ?? []), s.story]);
    const verdicts: Verdict[] = [...byPolicy].map(([p, stories]) =>
      evaluate(flags.gate, { stories }, p.policy),
    );
    const notes = [
      ...[...loaded.policies].map(([project, p]) => `Policy for ${project}: ${p.source}.`),
      ...loaded.missing.map((m) => `${m.key}: ${m.reason}`),
    ];
    const code = printVerdicts(io, formatOf(flags), verdicts, {
      extra: { gate: flags.gate, missing: loaded.missing },
      notes,
    });
    // A key Jira did not return cannot pass the gate (fail closed).
    return loaded.missing.length > 0 ? 1 : code;
  });
}

/** The policy file if one is given, else the project's signed policy (or the default, saying why). */
async function policyFor(
  jira: JiraClient,
  project: { id: string; key: string } | undefined,
  keys: readonly PublicKey[],
  filePolicy: StoryPolicy | undefined,
): Promise<{ policy: Policy; source: string }> {
  if (filePolicy !== undefined) return filePolicy;
  if (project === undefined)
    return { policy: DEFAULT_POLICY, source: 'built-in default policy (empty sprint)' };
  const read = await projectPolicy(jira, project, keys);
  return { policy: read.policy, source: read.note };
}

/** `readygate sprint <id>`: readiness, capacity against the velocity of the board's closed sprints, each story's gaps. */
export async function sprintCommand(sprintId: string, flags: VerdictFlags, io: Io): Promise<number> {
  const id = Number(sprintId);
  if (!Number.isInteger(id) || id <= 0)
    throw new CliError(`sprint id must be a number (the id in the board's URL), got "${sprintId}".`, 2);
  const filePolicy = await policyFrom(flags, io);
  return withJira(flags, io, async (jira, keys) => {
    progress(io, `reading sprint ${id}`);
    const sprint = await jira.getSprint(id);
    const first = await jira.sprintIssues(id, { fields: ['project'], pageSize: 1 }).next();
    const projectField = first.done
      ? undefined
      : (first.value.fields as { project?: { id?: string; key?: string } }).project;
    const read = await policyFor(
      jira,
      projectField?.id && projectField.key ? { id: projectField.id, key: projectField.key } : undefined,
      keys,
      filePolicy,
    );
    progress(io, `reading the stories of "${sprint.name}"`);
    const stories = await collect(jira.sprintIssues(id, searchOptions(read.policy)), read.policy, keys);
    const velocity = await boardVelocity(jira, {
      boardId: sprint.originBoardId,
      policy: read.policy,
      keys,
      onSprint: (name) => {
        progress(io, `velocity: reading closed sprint "${name}"`);
      },
    });
    const verdict = evaluate(
      'sprint',
      { sprint: { id: sprint.id, name: sprint.name, goal: sprint.goal ?? null }, stories, velocity },
      read.policy,
    );
    return printVerdicts(io, formatOf(flags), [verdict], {
      extra: { sprint: { id: sprint.id, name: sprint.name, state: sprint.state }, velocity },
      notes: [`Policy: ${read.source}.`],
    });
  });
}

/** `readygate release <version> --project <KEY>`: the go/no-go checklist and the state of the decision. */
export async function releaseCommand(
  versionName: string,
  flags: VerdictFlags & { project: string },
  io: Io,
): Promise<number> {
  const filePolicy = await policyFrom(flags, io);
  return withJira(flags, io, async (jira, keys) => {
    const versions = await jira.projectVersions(flags.project);
    const version = versions.find((v) => v.name === versionName || v.id === versionName);
    if (version === undefined)
      throw new CliError(
        `Project ${flags.project} has no version "${versionName}"; its versions: ${versions.map((v) => v.name).join(', ') || 'none'}.`,
        2,
      );
    const rawProjectId = (version as { projectId?: unknown }).projectId;
    const projectId =
      typeof rawProjectId === 'string' || typeof rawProjectId === 'number' ? String(rawProjectId) : '';
    const read = await policyFor(jira, { id: projectId, key: flags.project }, keys, filePolicy);
    progress(io, `reading the issues of version ${version.name}`);
    const stories = await collect(
      jira.versionIssues(flags.project, version.name, searchOptions(read.policy)),
      read.policy,
      keys,
    );
    const { records, untrusted } = readReleaseRecords(
      await jira.getProjectProperty(flags.project, releaseProperty(version.id)),
      keys,
      { projectKey: flags.project, versionId: version.id },
    );
    const verdict = evaluate(
      'release',
      {
        version: { id: version.id, name: version.name, projectKey: flags.project },
        stories,
        records,
        untrusted,
      },
      read.policy,
    );
    return printVerdicts(io, formatOf(flags), [verdict], {
      extra: { version: { id: version.id, name: version.name } },
      notes: [`Policy: ${read.source}.`],
    });
  });
}

/** `readygate fields`: the site's fields, so a user finds the ids of the estimate, sprint and AC fields. */
export async function fieldsCommand(flags: JiraFlags & { json?: boolean }, io: Io): Promise<number> {
  const jira = jiraFrom(flags, io);
  try {
    const fields = await jira.listFields();
    if (flags.json === true) {
      io.out(
        `${JSON.stringify(
          fields.map((f) => ({
            id: f.id,
            name: f.name,
            custom: f.custom ?? false,
            type: f.schema?.type ?? null,
          })),
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    const hint = /story point|estimate|sprint|acceptance|severity/i;
    io.out('id                     name  (← likely used in the policy\'s "fields")\n');
    for (const f of [...fields].sort((a, b) => a.id.localeCompare(b.id)))
      io.out(`${f.id.padEnd(22)} ${f.name}${hint.test(f.name) ? '  ←' : ''}\n`);
    return 0;
  } catch (e) {
    throw jiraFailure(e);
  }
}
