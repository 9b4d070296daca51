import { createJiraClient, loadStories } from '@readygate/jira';
import { buildEnrollmentDataset, ENROLLMENT_DEMO_USERS, ENROLLMENT_IDS, start } from '@readygate/fake-jira';
import {
  DEFAULT_POLICY,
  evaluate,
  generateKeyPair,
  readReleaseRecords,
  releaseProperty,
  renderText,
  type Verdict,
} from '@readygate/rules';
import { collect, projectPolicy, searchOptions } from './stories.js';

type Print = (line: string) => void;

/** One step of the demo as data (`demo --json`). */
export interface DemoFact {
  readonly step: string;
  readonly [k: string]: unknown;
}

function section(print: Print, title: string, explain: string): void {
  print('');
  print(`━━ ${title} ${'━'.repeat(Math.max(0, 96 - title.length))}`);
  print(explain);
  print('');
}

function show(print: Print, verdict: Verdict): void {
  for (const line of renderText(verdict).trimEnd().split('\n')) print(`  ${line}`);
}

/**
 * The main job: starts the fake Jira with the member-enrollment data set, then judges what a Scrum team
 * judges in a sprint — readiness at sprint start, a pull request, tampered records and a release — through
 * the same Jira client and rules the Forge app and the GitHub Action use. Returns the process exit code.
 */
export async function demo(print: Print, emit: (fact: DemoFact) => void = () => undefined): Promise<number> {
  const demoKey = generateKeyPair();
  const dataset = buildEnrollmentDataset({
    privateKey: demoKey.privateKey,
    now: new Date(),
    policy: DEFAULT_POLICY,
  });
  const server = await start({ port: 0, dataset });
  try {
    const po = ENROLLMENT_DEMO_USERS.po;
    const jira = createJiraClient({
      baseUrl: server.url,
      auth: { kind: 'basic', email: po.email, token: po.apiToken },
    });
    const keys = [demoKey.publicKey];
    const project = { id: ENROLLMENT_IDS.projectId, key: ENROLLMENT_IDS.projectKey };

    print(
      'ReadyGate demo — a health-insurance carrier builds a member enrollment portal (Jira project ENR).',
    );
    print(
      `Fake Jira Cloud on ${server.url}; gate records are signed with a DEMO key made for this run only:`,
    );
    print(`  ${demoKey.publicKey.text}`);
    const { policy, note } = await projectPolicy(jira, project, keys);
    print(`Policy: ${note}.`);

    const healthy = await jira.getSprint(ENROLLMENT_IDS.sprint);
    section(
      print,
      `1. Sprint readiness check: "${healthy.name}"`,
      'What the PO sees before pressing "Start sprint" (the sprint menu\'s readiness check).',
    );
    const healthyStories = await collect(jira.sprintIssues(healthy.id, searchOptions(policy)), policy, keys);
    show(
      print,
      evaluate(
        'sprint',
        {
          sprint: { id: healthy.id, name: healthy.name, goal: healthy.goal ?? null },
          stories: healthyStories,
        },
        policy,
      ),
    );

    const unhealthy = await jira.getSprint(ENROLLMENT_IDS.unhealthySprint);
    section(
      print,
      `2. Sprint readiness check: "${unhealthy.name}"`,
      'A sprint planned in a hurry: no goal, incomplete AC, a "quick change" added after it started.',
    );
    const unhealthyStories = await collect(
      jira.sprintIssues(unhealthy.id, searchOptions(policy)),
      policy,
      keys,
    );
    show(
      print,
      evaluate(
        'sprint',
        {
          sprint: { id: unhealthy.id, name: unhealthy.name, goal: unhealthy.goal ?? null },
          stories: unhealthyStories,
        },
        policy,
      ),
    );

    const prKeys = ['ENR-102', 'ENR-103', 'ENR-105'];
    section(
      print,
      `3. Pull request check (merge gate): ${prKeys.join(', ')}`,
      'What the GitHub Action reports on a PR that names these stories — one Jira search for all of them.',
    );
    const before = jira.stats.requests;
    const prStories = await loadStories(jira, prKeys, { publicKeys: keys, policy: { policy, source: note } });
    show(print, evaluate('merge', { stories: prStories.stories.map((s) => s.story) }, policy));
    print(`  (${jira.stats.requests - before} Jira request for ${prKeys.length} stories)`);

    const suspect = ['ENR-106', 'ENR-107'];
    section(
      print,
      `4. Records edited outside ReadyGate: ${suspect.join(', ')}`,
      "ENR-106's approval was edited in the issue property; ENR-107 carries a record copied from another issue.",
    );
    const suspectStories = await loadStories(jira, suspect, {
      publicKeys: keys,
      policy: { policy, source: note },
    });
    show(print, evaluate('ready', { stories: suspectStories.stories.map((s) => s.story) }, policy));

    const version = (await jira.projectVersions(project.key)).find(
      (v) => v.id === ENROLLMENT_IDS.releaseVersionId,
    );
    if (version) {
      section(
        print,
        `5. Release go/no-go: version ${version.name}`,
        'The checklist the PO decides on: every issue done, no blocking defects, BA/QA/Dev sign-offs, a current go decision.',
      );
      const releaseStories = await collect(
        jira.versionIssues(project.key, version.name, searchOptions(policy)),
        policy,
        keys,
      );
      const { records, untrusted } = readReleaseRecords(
        await jira.getProjectProperty(project.key, releaseProperty(version.id)),
        keys,
        { projectKey: project.key, versionId: version.id },
      );
      show(
        print,
        evaluate(
          'release',
          {
            version: { id: version.id, name: version.name, projectKey: project.key },
            stories: releaseStories,
            records,
            untrusted,
          },
          policy,
        ),
      );
    }

    print('');
    print(`Jira requests made by the demo: ${jira.stats.requests} (retries: ${jira.stats.retries}).`);
    return 0;
  } finally {
    await server.stop();
  }
}
