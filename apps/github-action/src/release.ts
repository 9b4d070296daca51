/**
 * Release mode: the `release` gate for one Jira version. Passes only with a signed PO go decision that is
 * still current (nothing in the version changed after it). Round trips: [versions ‖ policy] →
 * [issues of the version ‖ release records].
 */
import { ReadyGateError } from '@readygate/rules';
import {
  projectPolicyFrom,
  RECORDS_PROPERTY,
  STORY_SEARCH_FIELDS,
  toStory,
  type IssueBean,
  type StoryPolicy,
} from '@readygate/jira';
import {
  canonicalJson,
  evaluate,
  POLICY_PROPERTY,
  readReleaseRecords,
  releaseProperty,
  renderMarkdown,
} from '@readygate/rules';
import { askFresh, FreshnessError, NO_FRESHNESS_WARNING } from './fresh.js';
import type { Outcome } from './outcome.js';
import { loadPolicyFile } from './policy-source.js';
import type { CheckEnv } from './pull-request.js';

/** The version named in fix-version does not exist. */
export class ReleaseError extends ReadyGateError<'release.unknown-version'> {
  constructor(message: string) {
    super('release.unknown-version', message);
  }
}

/** Checks the release gate for `fix-version`. */
export async function checkRelease(env: CheckEnv): Promise<Outcome> {
  const { config } = env;
  const jira = env.jira();
  const projectKey = config.projectKeys[0] ?? '';
  const name = config.fixVersion ?? '';
  // The policy file, or the project's property read now, alongside the version list.
  const policyP: Promise<(project: { id: string; key: string }) => StoryPolicy> =
    config.policyPath === null
      ? jira
          .getProjectProperty(projectKey, POLICY_PROPERTY)
          .then((value) => (project) => projectPolicyFrom(value, project, config.publicKeys))
      : loadPolicyFile(config.policyPath, env.workspace).then((choice) => () => choice);
  policyP.catch(() => undefined);

  const versions = await jira.projectVersions(projectKey);
  const version =
    versions.find((v) => v.name === name) ??
    versions.find((v) => v.name.toLowerCase() === name.toLowerCase());
  if (!version) {
    const known = versions
      .filter((v) => v.archived !== true)
      .map((v) => v.name)
      .slice(0, 10);
    throw new ReleaseError(
      `fix-version "${name.slice(0, 60)}" is not a version of project ${projectKey}${known.length ? ` (its versions: ${known.join(', ')})` : ''}: PO, check the name under Releases in Jira.`,
    );
  }
  const rawProjectId = (version as Record<string, unknown>)['projectId'];
  if (typeof rawProjectId !== 'number' && typeof rawProjectId !== 'string')
    throw new ReleaseError(
      `Jira did not say which project version ${version.name} belongs to, so its signed records cannot be checked: Dev, check that jira-url points at the Jira site itself.`,
    );
  const project = { id: String(rawProjectId), key: projectKey };

  const recordsP = jira.getProjectProperty(projectKey, releaseProperty(version.id));
  recordsP.catch(() => undefined);
  const issuesP = (async () => {
    const issues: IssueBean[] = [];
    for await (const issue of jira.versionIssues(projectKey, version.name, {
      fields: [...STORY_SEARCH_FIELDS],
      properties: [RECORDS_PROPERTY],
    }))
      issues.push(issue);
    return issues;
  })();
  issuesP.catch(() => undefined);
  // With the freshness inputs, the app's current records and policy are asked for in the same round trip.
  const freshP = config.fresh === null ? null : askFresh(config, { versionId: version.id }, env.signal);
  freshP?.catch(() => undefined);
  const [mirrored, issues, recordsValue, fresh] = await Promise.all([
    policyP.then((policyOf) => policyOf(project)),
    issuesP,
    recordsP,
    freshP,
  ]);
  const read = readReleaseRecords(recordsValue, config.publicKeys, {
    projectKey,
    versionId: version.id,
  });
  let choice = mirrored;
  let { records, untrusted } = read;
  const freshProblems: string[] = [];
  if (fresh !== null) {
    const current = fresh.payload.release;
    if (fresh.payload.project.key !== projectKey || current?.versionId !== version.id)
      throw new FreshnessError(
        `readygate-token answers for project ${fresh.payload.project.key}, not for version ${version.name} of ${projectKey}: Dev, use a CI token issued on the ReadyGate settings page of ${projectKey}.`,
      );
    if (read.untrusted.length > 0 || canonicalJson(read.records) !== canonicalJson(current.records))
      freshProblems.push(
        `the ReadyGate release record of ${version.name} on Jira is not the current one (${read.untrusted.length > 0 ? 'it does not verify' : `Jira shows ${read.records.length} records, the app holds ${current.records.length}`}): someone put an older or edited copy back — PO, open the ReadyGate Releases page of ${projectKey} in Jira, which writes the current one; the app's current records were judged`,
      );
    if (config.policyPath === null) {
      if (canonicalJson(mirrored.policy) !== canonicalJson(fresh.policy.policy))
        freshProblems.push(
          `the ReadyGate policy of project ${projectKey} on Jira is not the current one: Jira admin (project admin), open the ReadyGate settings page of ${projectKey}, which signs the current policy again; the current policy was applied`,
        );
      choice = fresh.policy;
    }
    records = current.records;
    untrusted = [];
  }
  const stories = issues.map((i) => toStory(i, { fields: choice.policy.fields, keys: config.publicKeys }));
  const verdict = evaluate(
    'release',
    { version: { id: version.id, name: version.name, projectKey }, stories, records, untrusted },
    choice.policy,
  );
  const warnings = config.fresh === null ? [NO_FRESHNESS_WARNING] : [];
  const base = env.browseBase;
  const report = [
    renderMarkdown(verdict, {
      title: `ReadyGate release ${version.name}`,
      ...(base ? { issueUrl: (key: string) => `${base}/browse/${encodeURIComponent(key)}` } : {}),
    }).trimEnd(),
    '',
    ...warnings.map((w) => `⚠️ ${w}\n`),
    `<sub>Policy: ${choice.source}${env.runUrl ? ` · [run details](${env.runUrl})` : ''}</sub>`,
    '',
  ].join('\n');
  const failed = verdict.checks.filter((c) => c.outcome === 'fail');
  if (freshProblems.length > 0) {
    const message = `ReadyGate: release ${version.name} is a no-go: ${freshProblems.join('; ')}.`;
    return { kind: 'incomplete', message: message.slice(0, 2000), stories: [] };
  }
  const line = verdict.pass
    ? `ReadyGate: release ${version.name} is a go (${verdict.headline})`
    : `ReadyGate: release ${version.name} is a no-go: ${failed.map((c) => `${c.rule} (${c.message})`).join('; ') || verdict.headline}`.slice(
        0,
        900,
      );
  return { kind: 'release', verdict, report, line, warnings };
}
