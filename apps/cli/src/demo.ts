import { createJiraClient, type JiraClient } from '@readygate/jira';
import {
  buildEnrollmentDataset,
  ENROLLMENT_DEMO_USERS,
  ENROLLMENT_IDS,
  enrollmentMetricsHistory,
  start,
  type FakeJira,
} from '@readygate/fake-jira';
import {
  computeMetrics,
  DEFAULT_POLICY,
  evaluate,
  extractCriteria,
  generateKeyPair,
  parseMetricsHistory,
  parsePublicKey,
  readReleaseRecords,
  releaseProperty,
  renderText,
  ROLE_LABEL,
  type Policy,
  type PublicKey,
  type Story,
  type Verdict,
} from '@readygate/rules';
import {
  createReleaseWorkflows,
  createSprintWorkflows,
  createWorkflows,
  type KeyValueStore,
  type PanelView,
  type ReleaseChecklist,
  type ReleaseWorkflows,
  type SprintJob,
  type SprintWorkflows,
  type WorkflowResult,
  type Workflows,
} from '@readygate/workflows';
import { httpJiraPort, ManualClock, memoryPorts } from '@readygate/workflows/testing';
import { collect, projectPolicy, searchOptions } from './stories.js';
import { boardVelocity } from './velocity.js';
import { runActionBundle, type ActionResult } from './action-run.js';
import { startDemoGitHub } from './fake-github.js';

type Print = (line: string) => void;

/** One step of the demo as data (`demo --json`): the same facts the text prints. */
export interface DemoFact {
  readonly step: string;
  readonly [k: string]: unknown;
}

const U = ENROLLMENT_DEMO_USERS;
const ID = ENROLLMENT_IDS;

function section(print: Print, title: string, explain: string): void {
  print('');
  print(`━━ ${title} ${'━'.repeat(Math.max(0, 96 - title.length))}`);
  print(explain);
  print('');
}

/** Prints a verdict; `checksOnly` stops before the per-story part (the release checklist is what the PO reads). */
function show(print: Print, verdict: Verdict, checksOnly = false): void {
  const lines = renderText(verdict).trimEnd().split('\n');
  const end = checksOnly ? lines.findIndex((l) => l.trim() === '') : -1;
  for (const line of end === -1 ? lines : lines.slice(0, end)) print(`  ${line}`);
}

function value<T>(r: WorkflowResult<T>): T {
  // The demo's own data makes every action valid; a refusal means the demo and the use cases disagree.
  if (!r.ok) throw new Error(`demo step refused (${r.error.code}): ${r.error.message}`);
  return r.value;
}

function showPanel(print: Print, panel: PanelView): void {
  print(`  ${panel.issue.key}  ${panel.issue.summary} — ${panel.ready.pass ? 'READY' : 'NOT READY'}`);
  panel.criteria.items.forEach((c, i) => {
    print(`    AC${i + 1}  ${c.text}`);
  });
  for (const g of panel.ready.failing) print(`    ✗ ${g.rule}: ${g.message} → ${g.ownerLabel}`);
  for (const h of panel.history) print(`    · ${h.by.displayName ?? h.by.accountId} ${h.label}`);
}

/** Replaces the text of the ADF text node that reads `from`; false when there is none. */
function replaceText(node: unknown, from: string, to: string): boolean {
  if (Array.isArray(node)) return node.some((n) => replaceText(n, from, to));
  if (typeof node !== 'object' || node === null) return false;
  const n = node as { type?: unknown; text?: unknown; content?: unknown };
  if (n.type === 'text' && n.text === from) {
    n.text = to;
    return true;
  }
  return replaceText(n.content, from, to);
}

/** The text of an ADF document, one line per paragraph (a list item's paragraph starts with "• "). */
function adfLines(node: unknown, bullet = false): string[] {
  if (Array.isArray(node)) return node.flatMap((n) => adfLines(n, bullet));
  if (typeof node !== 'object' || node === null) return [];
  const n = node as { type?: unknown; text?: unknown; content?: unknown };
  if (n.type === 'paragraph') {
    const text = (Array.isArray(n.content) ? n.content : [])
      .map((c: { text?: unknown }) => (typeof c.text === 'string' ? c.text : ''))
      .join('');
    return [`${bullet ? '• ' : ''}${text}`];
  }
  return adfLines(n.content, bullet || n.type === 'listItem');
}

/** The Jira app over the fake Jira: its use cases, in-memory storage (what the Forge app keeps in KVS) and queue. */
interface JiraApp {
  readonly wf: Workflows;
  readonly sprints: SprintWorkflows;
  readonly releases: ReleaseWorkflows;
  /** Jobs the sprint triggers pushed and the consumer has not run yet (Forge: the app's event queue). */
  readonly queue: SprintJob[];
  readonly clock: ManualClock;
  /** The app's storage (Forge: KVS), where the authoritative records live. */
  readonly store: KeyValueStore;
}

/**
 * The data set's stories were approved and tested before this run, so their signed records sit only on the
 * issues. The app keeps the authoritative copy in its storage: put each verified record there, as the app wrote
 * them, so that the app and every reader of the mirrors see the same version.
 */
async function seedStorage(store: KeyValueStore, stories: readonly Story[]): Promise<void> {
  for (const story of stories) {
    const criteria = extractCriteria(story).criteria.map((c) => ({ id: c.id, text: c.text }));
    for (const [i, record] of story.records.entries()) {
      const ms = String(Date.parse(record.at)).padStart(13, '0');
      await store.setIfAbsent(`rec:${story.id}:${ms}:seed${i}`, { v: 1, record, criteria });
    }
  }
}

/** The Jira app's use cases over the fake Jira, with in-memory storage (what the Forge app keeps in KVS). */
function jiraApp(server: FakeJira): JiraApp {
  const basic = (u: { email: string; apiToken: string }) =>
    ({ kind: 'basic', email: u.email, token: u.apiToken }) as const;
  const port = httpJiraPort({
    baseUrl: server.url,
    app: basic(U.app),
    users: Object.fromEntries(Object.values(U).map((u) => [u.accountId, basic(u)])),
    projects: { [ID.projectKey]: { id: ID.projectId, admins: [U.po.accountId] } },
  });
  // The team acted over the last few minutes; records must not be dated after the checks that read them.
  const clock = new ManualClock(new Date(Date.now() - 10 * 60_000));
  const ports = memoryPorts(port, clock);
  const queue: SprintJob[] = [];
  const sprints = createSprintWorkflows({
    ...ports,
    queue: {
      push: (jobs) => {
        queue.push(...jobs);
        return Promise.resolve();
      },
    },
  });
  return {
    wf: createWorkflows(ports),
    sprints,
    releases: createReleaseWorkflows(ports),
    queue,
    clock,
    store: ports.store,
  };
}

async function sprintVerdict(
  jira: JiraClient,
  sprintId: number,
  policy: Policy,
  keys: readonly PublicKey[],
): Promise<{ verdict: Verdict; velocity: number[]; state: string }> {
  const sprint = await jira.getSprint(sprintId);
  const stories = await collect(jira.sprintIssues(sprint.id, searchOptions(policy)), policy, keys);
  const velocity = await boardVelocity(jira, { boardId: sprint.originBoardId, policy, keys });
  const verdict = evaluate(
    'sprint',
    { sprint: { id: sprint.id, name: sprint.name, goal: sprint.goal ?? null }, stories, velocity },
    policy,
  );
  return { verdict, velocity, state: sprint.state };
}

/**
 * The main job: starts the fake Jira with the member-enrollment data set and walks the life of a sprint through
 * the real code — the Jira app's use cases (`@readygate/workflows`), the Jira client and the rules the GitHub
 * Action uses. Prints readable text through `print` and the same facts through `emit`; returns the exit code.
 */
export async function demo(print: Print, emit: (fact: DemoFact) => void = () => undefined): Promise<number> {
  const demoKey = generateKeyPair();
  const now = new Date();
  const dataset = buildEnrollmentDataset({ privateKey: demoKey.privateKey, now, policy: DEFAULT_POLICY });
  const server = await start({ port: 0, dataset });
  try {
    const jira = createJiraClient({
      baseUrl: server.url,
      auth: { kind: 'basic', email: U.po.email, token: U.po.apiToken },
    });
    const project = { id: ID.projectId, key: ID.projectKey };
    const { wf, sprints: sprintApp, releases, queue, clock, store } = jiraApp(server);

    print(
      'ReadyGate demo — a health-insurance carrier builds a member enrollment portal (Jira project ENR).',
    );
    print(
      `Fake Jira Cloud on ${server.url}; the seeded records are signed with a DEMO key made for this run:`,
    );
    print(`  ${demoKey.publicKey.text}`);
    const { policy, note } = await projectPolicy(jira, project, [demoKey.publicKey]);
    print(`Policy: ${note}.`);
    emit({ step: 'setup', policy: note, demoKey: demoKey.publicKey.text });

    // 1. The issue panel, and the BA → QA → PO → QA flow through the Jira app's use cases.
    const key = ID.panelStory;
    section(
      print,
      `1. The issue panel of ${key}: from written AC to ready`,
      "What the ReadyGate panel on the issue shows, then each role acts from it (the Jira app's use cases).",
    );
    const as = {
      po: { accountId: U.po.accountId, displayName: U.po.displayName },
      ba: { accountId: U.ba.accountId, displayName: U.ba.displayName },
      qa: { accountId: U.qa.accountId, displayName: U.qa.displayName },
      dev: { accountId: U.dev.accountId, displayName: U.dev.displayName },
    };
    const before = value(await wf.loadPanel(as.po, { issue: key }));
    showPanel(print, before);
    const fp = before.criteria.fingerprint;
    if (fp === null) throw new Error(`${key} has no acceptance criteria in the demo data`);
    const notices: string[] = [];
    const act = async (who: string, r: Promise<WorkflowResult<{ notice: string }>>): Promise<void> => {
      const notice = value(await r).notice;
      notices.push(`${who}: ${notice}`);
      print(`  ${who}: ${notice}`);
      clock.advance(60_000);
    };
    print('');
    await act(U.ba.displayName, wf.markAcReady(as.ba, { issue: key, acFingerprint: fp }));
    await act(
      U.qa.displayName,
      wf.reviewTestability(as.qa, { issue: key, acFingerprint: fp, testable: true }),
    );
    await act(U.po.displayName, wf.approveAc(as.po, { issue: key, acFingerprint: fp }));
    await act(
      U.qa.displayName,
      wf.addEvidence(as.qa, {
        issue: key,
        acFingerprint: fp,
        url: 'https://ci.demo.readygate.test/enrollment/runs/1501',
        evidenceKind: 'automated-tests',
        result: 'passed',
        covers: before.criteria.items.map((c) => c.id),
      }),
    );
    print('');
    const after = value(await wf.loadPanel(as.po, { issue: key }));
    showPanel(print, after);
    print(
      `  The app signed the records and mirrored them to the issue property: mirror ${after.mirror.state}.`,
    );
    emit({
      step: 'panel',
      issue: key,
      before: { ready: before.ready.pass, failing: before.ready.failing.map((g) => g.rule) },
      actions: notices,
      after: { ready: after.ready.pass, mirror: after.mirror.state },
    });

    // Readers trust the seeded records' demo key and the app's key (a list, as during a key rotation).
    const keys = [demoKey.publicKey, ...(await wf.publicKeys()).map((k) => parsePublicKey(k.text))];

    // 2. Readiness of the two future sprints, with capacity against velocity.
    const sprints: DemoFact[] = [];
    for (const [id, explain] of [
      [
        ID.futureSprint,
        `Planned with a goal; ${key} is now ready. What the PO sees from the sprint menu before pressing "Start sprint".`,
      ],
      [
        ID.unhealthySprint,
        'Planned in a hurry: no goal, incomplete AC, a "quick change" added the day before, more points than the team delivers.',
      ],
    ] as const) {
      const { verdict, velocity, state } = await sprintVerdict(jira, id, policy, keys);
      section(print, `2. Sprint readiness check: ${verdict.subject} (${state})`, explain);
      print(`  Velocity of the board's last closed sprints: ${velocity.join(', ')} points.`);
      show(print, verdict);
      sprints.push({
        step: 'sprint',
        sprint: verdict.subject,
        state,
        pass: verdict.pass,
        velocity,
        checks: verdict.checks.map((c) => ({ rule: c.rule, outcome: c.outcome, message: c.message })),
        failingStories: verdict.stories.filter((s) => !s.pass).map((s) => s.key),
      });
    }
    sprints.forEach((f) => {
      emit(f);
    });

    // 3. The PO starts the unhealthy sprint anyway: the app's sprint-started trigger and its queue consumer.
    const fastTrack = server.state.sprint(ID.unhealthySprint);
    if (fastTrack === undefined) throw new Error('sprint "Fast Track 3" missing from the demo data');
    section(
      print,
      `3. Starting sprint "${fastTrack.name}": unready stories go back to the backlog`,
      `The PO presses "Start sprint" on "${fastTrack.name}" despite the check. Jira sends the app the sprint-started event; the trigger queues a job and the queue's consumer judges each story, moves the unready ones to the backlog and comments on each.`,
    );
    const inSprint = async (): Promise<string[]> => {
      const out: string[] = [];
      for await (const b of jira.sprintIssues(fastTrack.id, searchOptions(policy))) out.push(b.key);
      return out;
    };
    const planned = await inSprint();
    // Jira's "Start sprint": the fake Jira's sprint turns active with its start date (it has no start endpoint).
    const startDate = clock.now().toISOString();
    fastTrack.state = 'active';
    fastTrack.startDate = startDate;
    const event = {
      sprint: {
        id: String(fastTrack.id),
        originBoardId: String(fastTrack.boardId),
        name: fastTrack.name,
        state: 'active',
        startDate,
        ...(fastTrack.goal === undefined ? {} : { goal: fastTrack.goal }),
      },
    };
    // Forge delivers at least once: the event arrives twice and the consumer runs every job twice.
    const deliveries = 2;
    for (let i = 0; i < deliveries; i++) value(await sprintApp.onSprintStarted(event));
    let moves = 0;
    let commentsMade = 0;
    let jobs = 0;
    for (let job = queue.shift(); job !== undefined; job = queue.shift())
      for (let i = 0; i < deliveries; i++) {
        const done = value(await sprintApp.runJob(JSON.parse(JSON.stringify(job)) as unknown));
        jobs++;
        moves += done.moved;
        commentsMade += done.commented;
      }
    clock.advance(60_000);
    const check = value(await sprintApp.loadSprintCheck(as.po, { sprintId: fastTrack.id }));
    const report = check.report;
    if (report === null) throw new Error('the sprint start was not recorded');
    // The app judged with its own settings; the readers above with the signed project policy: they must agree.
    if (report.enforcement !== policy.sprint.enforcement)
      throw new Error(
        `demo data: the app enforces ${report.enforcement} but the project policy says ${policy.sprint.enforcement}`,
      );
    const remaining = await inSprint();
    print(
      `  In the sprint when it started: ${planned.join(', ')}. The app's policy and the signed project policy say sprint.enforcement: ${report.enforcement}.`,
    );
    print(`  ${report.headline}`);
    print(
      `  Back in the backlog: ${report.moved.join(', ')}; left in the sprint (read back from Jira): ${remaining.length === 0 ? 'none' : remaining.join(', ')}.`,
    );
    const received: { key: string; comments: number; text: string[] }[] = [];
    for (const k of report.moved) {
      const comments = server.state.issue(k)?.comments ?? [];
      const text = comments.flatMap((c) => adfLines(c.body));
      received.push({ key: k, comments: comments.length, text });
      print('');
      print(`  ${k} received ${comments.length === 1 ? 'one comment' : `${comments.length} comments`}:`);
      for (const line of text) print(`    ${line}`);
    }
    print('');
    print(
      `  The event was delivered ${deliveries} times and every queued job ran ${deliveries} times (${jobs} runs): ${moves} stories moved and ${commentsMade} comments written — each story moved and commented once.`,
    );
    emit({
      step: 'sprint-start',
      sprint: `sprint "${fastTrack.name}"`,
      enforcement: report.enforcement,
      planned,
      moved: report.moved,
      remaining,
      comments: received,
      deliveries,
      jobRuns: jobs,
      moves,
      commentsWritten: commentsMade,
    });

    // 4. The pull-request gate: the BUILT action bundle, run as the runner runs it, on two PRs.
    const repository = 'carrier/enrollment-portal';
    const prs = [
      {
        number: 41,
        title: `${key}: digital member ID card`,
        branch: `feature/${key}-id-card`,
        sha: 'a'.repeat(40),
      },
      {
        number: 42,
        title: 'ENR-105: newborn before the SSN arrives',
        branch: 'feature/ENR-105-newborn',
        sha: 'b'.repeat(40),
      },
    ];
    section(
      print,
      '4. Pull-request gate: the GitHub Action on two PRs',
      `The committed action bundle (apps/github-action/dist/index.js) run with node as the runner runs it, against this Jira and a local fake GitHub; its job summary follows.`,
    );
    const github = await startDemoGitHub(repository, prs);
    const prFacts: DemoFact[] = [];
    try {
      const runPr = async (pr: (typeof prs)[number]) =>
        runActionBundle({
          event: 'pull_request',
          payload: {
            action: 'synchronize',
            number: pr.number,
            pull_request: {
              number: pr.number,
              title: pr.title,
              body: null,
              state: 'open',
              draft: false,
              commits: 1,
              head: { ref: pr.branch, sha: pr.sha, repo: { full_name: repository } },
              base: { ref: 'main', sha: '0'.repeat(40), repo: { full_name: repository } },
            },
            repository: { full_name: repository, name: 'enrollment-portal', owner: { login: 'carrier' } },
          },
          inputs: {
            'jira-url': server.url,
            'jira-email': U.dev.email,
            'jira-token': U.dev.apiToken,
            'public-key': keys.map((k) => k.text).join('\n'),
            'project-keys': ID.projectKey,
            'github-token': github.token,
            mode: 'pull-request',
            comment: 'true',
            'commit-status': 'true',
            'require-story': 'true',
            'timeout-seconds': '45',
          },
          githubApiUrl: github.url,
          repository,
        });
      const showRun = (label: string, run: ActionResult): void => {
        print(`  ${label}: the action exited ${run.code} (verdict ${run.verdict}); job summary:`);
        for (const line of run.summary.trimEnd().split('\n')) print(`    │ ${line}`);
        print('');
      };
      for (const pr of prs) {
        const run = await runPr(pr);
        showRun(`PR #${pr.number} "${pr.title}"`, run);
        prFacts.push({ step: 'pr', pr: pr.number, exitCode: run.code, verdict: run.verdict });
      }
      const issue = server.state.issue(key);
      if (issue === undefined) throw new Error(`${key} missing from the demo data`);
      const firstCriterion = before.criteria.items[0]?.text ?? '';
      const reworded = firstCriterion.replace('"Download ID card" button', '"Download ID card" link');
      // The BA edits the description in Jira (a plain Jira edit: ReadyGate only sees the new text).
      if (!replaceText(issue.description, firstCriterion, reworded) || reworded === firstCriterion)
        throw new Error(`demo data: AC1 of ${key} is not where the demo rewords it`);
      print(
        `  ${U.ba.displayName} rewords AC1 of ${key} in Jira ("button" becomes "link"); PR #41 is checked again:`,
      );
      print('');
      const first = prs[0];
      if (first === undefined) throw new Error('no PR');
      const again = await runPr(first);
      showRun(`PR #${first.number} re-checked`, again);
      prFacts.push({ step: 'pr-recheck', pr: first.number, exitCode: again.code, verdict: again.verdict });
      print(
        `  Commit statuses the action set: ${github.statuses.map((st) => `${st.sha.slice(0, 7)} ${st.state}`).join(', ')}.`,
      );
    } finally {
      await github.stop();
    }
    prFacts.forEach((f) => {
      emit(f);
    });

    // 5. Release go/no-go for 2.0 through the app's release use cases; the rules' release gate reads the result.
    const version = (await jira.projectVersions(project.key)).find((v) => v.id === ID.releaseVersionId);
    if (version === undefined) throw new Error('version 2.0 missing from the demo data');
    section(
      print,
      `5. Release go/no-go: version ${version.name}`,
      "On the app's Releases page BA, QA and Dev sign off and the PO decides go; the app signs the records into the project property every reader checks. Then an issue changes.",
    );
    const release = async (): Promise<Verdict> => {
      const stories = await collect(
        jira.versionIssues(project.key, version.name, searchOptions(policy)),
        policy,
        keys,
      );
      const { records, untrusted } = readReleaseRecords(
        await jira.getProjectProperty(project.key, releaseProperty(version.id)),
        keys,
        { projectKey: project.key, versionId: version.id },
      );
      return evaluate(
        'release',
        {
          version: { id: version.id, name: version.name, projectKey: project.key },
          stories,
          records,
          untrusted,
        },
        policy,
      );
    };
    await seedStorage(
      store,
      await collect(jira.versionIssues(project.key, version.name, searchOptions(policy)), policy, keys),
    );
    const versionRef = { project: project.key, versionId: version.id };
    const checklistOf = (r: WorkflowResult<{ checklist: ReleaseChecklist | null }>): ReleaseChecklist => {
      const c = value(r).checklist;
      if (c === null) throw new Error(`version ${version.name} has no checklist`);
      return c;
    };
    let shown = checklistOf(await releases.loadReleases(as.po, versionRef));
    // Roles come from the policy's role mapping over ENR's project roles: a Dev cannot sign off for QA.
    const refused = await releases.signOff(as.dev, {
      ...versionRef,
      role: 'qa',
      summary: 'Looks tested to me.',
      contentFingerprint: shown.contentFingerprint,
    });
    if (refused.ok) throw new Error('a Dev signed off as QA: the demo data and the role mapping disagree');
    print(`  ${U.dev.displayName} tries to sign off as QA and is refused: ${refused.error.message}`);
    const signoffs = [
      { role: 'ba', summary: 'Enrollment flows match the business rules.' },
      { role: 'qa', summary: 'Regression suite passed; two known defects triaged.', assessment: 'concerns' },
      { role: 'dev', summary: 'Feature flags in place; rollback tested.', assessment: 'low-risk' },
    ] as const;
    for (const so of signoffs) {
      shown = checklistOf(
        await releases.signOff(as[so.role], {
          ...versionRef,
          ...so,
          contentFingerprint: shown.contentFingerprint,
        }),
      );
      clock.advance(30_000);
    }
    shown = checklistOf(
      await releases.decide(as.po, {
        ...versionRef,
        decision: 'go',
        rationale: 'Go once ENR-130 and ENR-131 are fixed; the open-enrollment date does not move.',
        contentFingerprint: shown.contentFingerprint,
      }),
    );
    const roleLines = (c: ReleaseChecklist): string[] => [
      ...(['ba', 'qa', 'dev'] as const).map((r) => {
        const v = c.signoffs[r];
        if (v === null) return `${ROLE_LABEL[r]} sign-off: none`;
        const rec = v.record;
        const note = rec.kind === 'release.signoff' ? rec.summary : '';
        const assessment = rec.kind === 'release.signoff' && rec.assessment ? ` [${rec.assessment}]` : '';
        return `${ROLE_LABEL[r]} sign-off by ${rec.by.displayName ?? rec.by.accountId}${assessment}: ${note}${v.stale ? ' — STALE' : ''}`;
      }),
      c.decision === null
        ? 'Decision: none'
        : `Decision: ${c.decision.record.kind === 'release.decision' ? c.decision.record.decision.toUpperCase() : ''} by ${c.decision.record.by.displayName ?? c.decision.record.by.accountId}${c.decision.stale ? ' — STALE: the version changed after it' : ''}`,
    ];
    print('');
    print("  The app's checklist after the sign-offs by the role holders and the PO's decision:");
    for (const l of roleLines(shown)) print(`    ${l}`);
    print('');
    print(
      "  The rules' release gate (what the GitHub Action's release mode runs) on the signed project property:",
    );
    const decided = await release();
    show(print, decided, true);
    const bug = server.state.issue('ENR-133');
    if (bug === undefined) throw new Error('ENR-133 missing from the demo data');
    const todo = dataset.issues.find((i) => i.key === 'ENR-131')?.status;
    if (todo !== undefined) bug.status = todo;
    print('');
    print('  ENR-133 (the COBRA footer typo) is reopened after the decision. The checklist now:');
    const reopened = checklistOf(await releases.loadReleases(as.po, versionRef));
    for (const l of roleLines(reopened)) print(`    ${l}`);
    print('');
    print("  The rules' release gate agrees:");
    const changed = await release();
    show(print, changed, true);
    const roleFacts = (c: ReleaseChecklist) =>
      Object.fromEntries(
        (['ba', 'qa', 'dev'] as const).map((r) => [
          r,
          c.signoffs[r] === null
            ? null
            : { by: c.signoffs[r].record.by.displayName ?? null, stale: c.signoffs[r].stale },
        ]),
      );
    emit({
      step: 'release',
      version: version.name,
      refused: { by: U.dev.displayName, as: 'qa', code: refused.error.code },
      signoffs: roleFacts(shown),
      decision: {
        decision: shown.decision?.record.kind === 'release.decision' ? shown.decision.record.decision : null,
        by: shown.decision?.record.by.displayName ?? null,
        stale: shown.decision?.stale ?? null,
      },
      decided: decided.checks.map((c) => ({ rule: c.rule, outcome: c.outcome })),
      change: 'ENR-133 reopened',
      afterChange: {
        signoffs: roleFacts(reopened),
        decisionStale: reopened.decision?.stale ?? null,
        checks: changed.checks.map((c) => ({ rule: c.rule, outcome: c.outcome, message: c.message })),
      },
    });

    // 6. The PO health metrics over the recorded history.
    section(
      print,
      '6. PO health: metrics over the recorded history',
      'Five closed sprints and release 1.9, as the app recorded them; each metric with its band.',
    );
    const history = parseMetricsHistory(enrollmentMetricsHistory(now));
    if (!history.ok) throw new Error(`demo history invalid: ${history.issues[0]?.message ?? ''}`);
    const metrics = computeMetrics(history.value);
    for (const m of metrics) print(`  ${m.band.padEnd(8)} ${m.title}: ${m.explanation}`);
    emit({ step: 'metrics', metrics: metrics.map((m) => ({ id: m.id, value: m.value, band: m.band })) });

    print('');
    print(
      `Jira requests made by the demo's reader: ${jira.stats.requests} (retries: ${jira.stats.retries}).`,
    );
    return 0;
  } finally {
    await server.stop();
  }
}
