/**
 * Release mode: the `release` gate for one Jira version. Passes only with a signed PO go decision that is
 * still current (nothing in the version changed after it). Round trips: [versions ‖ policy] →
 * [issues of the version ‖ release records].
 */
import { RECORDS_PROPERTY, type IssueBean, type JiraClient } from '@readygate/jira';
import { evaluate, readReleaseRecords, releaseProperty, renderMarkdown } from '@readygate/rules';
import { loadPolicyFile } from './policy-source.js';
import type { CheckEnv, CheckResult } from './pull-request.js';
import { storiesOutput } from './report.js';
import { searchWithPolicy, startPolicyRead, type PolicyPlan } from './stories.js';

/** The version named in fix-version does not exist. */
export class ReleaseError extends Error {
  readonly code = 'release.unknown-version';
}

/** Checks the release gate for `fix-version`. */
export async function checkRelease(env: CheckEnv): Promise<CheckResult> {
  const { config } = env;
  const jira: JiraClient = env.jira();
  const projectKey = config.projectKeys[0] ?? '';
  const name = config.fixVersion ?? '';
  const plan: PolicyPlan =
    config.policyPath !== null
      ? { kind: 'file', choice: loadPolicyFile(config.policyPath, env.workspace) }
      : { kind: 'property', projectKey };
  if (plan.kind === 'file') plan.choice.catch(() => undefined);
  const policyRead = plan.kind === 'property' ? startPolicyRead(jira, projectKey) : null;

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
  const projectId =
    typeof rawProjectId === 'number' || typeof rawProjectId === 'string' ? String(rawProjectId) : null;

  const recordsP = jira.getProjectProperty(projectKey, releaseProperty(version.id));
  recordsP.catch(() => undefined);
  const collect = async (fields: string[]): Promise<{ issues: IssueBean[]; missing: string[] }> => {
    const issues: IssueBean[] = [];
    for await (const issue of jira.versionIssues(projectKey, version.name, {
      fields,
      properties: [RECORDS_PROPERTY],
    }))
      issues.push(issue);
    return { issues, missing: [] };
  };
  const [loaded, recordsValue] = await Promise.all([
    searchWithPolicy(collect, plan, policyRead, config.publicKey, () =>
      projectId === null ? null : { id: projectId, key: projectKey },
    ),
    recordsP,
  ]);
  const { records, untrusted } = readReleaseRecords(recordsValue, [config.publicKey], {
    projectKey,
    versionId: version.id,
  });
  const verdict = evaluate(
    'release',
    {
      version: { id: version.id, name: version.name, projectKey },
      stories: loaded.stories,
      records,
      untrusted,
    },
    loaded.policy.policy,
  );
  const warnings = loaded.policy.warning ? [loaded.policy.warning] : [];
  for (const w of warnings) env.runner.warning(w);
  const base = env.browseBase;
  const report = [
    renderMarkdown(verdict, {
      title: `ReadyGate release ${version.name}`,
      ...(base ? { issueUrl: (key: string) => `${base}/browse/${encodeURIComponent(key)}` } : {}),
    }).trimEnd(),
    '',
    ...warnings.map((w) => `⚠️ ${w}\n`),
    `<sub>Policy: ${loaded.policy.source}${env.runUrl ? ` · [run details](${env.runUrl})` : ''}</sub>`,
    '',
  ].join('\n');
  const failed = verdict.checks.filter((c) => c.outcome === 'fail');
  return {
    pass: verdict.pass,
    stories: storiesOutput(verdict, [], false),
    report,
    failure: verdict.pass
      ? null
      : `ReadyGate: release ${version.name} is a no-go: ${failed.map((c) => `${c.rule} (${c.message})`).join('; ') || verdict.headline}`.slice(
          0,
          900,
        ),
  };
}
