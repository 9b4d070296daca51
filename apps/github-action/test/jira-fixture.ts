// A fake Jira site for the action's tests: project ENR with one story per situation the merge gate must
// tell apart, and versions for the release gate. Records are signed the way the ReadyGate app signs them,
// with fingerprints computed from what Jira serves (read back through the real client).
import { createJiraClient, fieldsFor, toStory, type JiraClient } from '@readygate/jira';
import {
  adf,
  ISSUE_TYPES,
  standardFields,
  start,
  STATUSES,
  type DatasetInput,
  type FakeJira,
} from '@readygate/fake-jira';
import {
  extractCriteria,
  generateKeyPair,
  sign,
  versionFingerprint,
  type Actor,
  type Envelope,
  type GateRecord,
  type KeyPair,
  type ReleaseRecord,
  type Story,
} from '@readygate/rules';

export const JIRA_EMAIL = 'gate-bot@example.test';
/** Distinctive, so a leak anywhere is easy to find. */
export const JIRA_TOKEN = 'jira-secret-7Qx9vT2mLw4pZ8';

export const PO: Actor = { accountId: 'acc-po', displayName: 'Priya Okafor', role: 'po' };
export const BA: Actor = { accountId: 'acc-ba', displayName: 'Ben Alvarez', role: 'ba' };
export const QA: Actor = { accountId: 'acc-qa', displayName: 'Quinn Abara', role: 'qa' };
export const DEV: Actor = { accountId: 'acc-dev', displayName: 'Devi Rao', role: 'dev' };

const at = (day: number): string => `2026-11-${String(day).padStart(2, '0')}T09:00:00.000Z`;

/** The situation each story is in. */
export const STORIES = {
  ready: 'ENR-1',
  acMissing: 'ENR-2',
  acChanged: 'ENR-3',
  noEvidence: 'ENR-4',
  failingEvidence: 'ENR-5',
  tampered: 'ENR-6',
  copied: 'ENR-7',
  ready2: 'ENR-8',
  ready3: 'ENR-9',
  releaseGo: 'ENR-10',
  releaseNoGo: 'ENR-11',
  releaseStale: 'ENR-12',
  /** A story turned into a Task, with no records: the merge gate does not judge Tasks. */
  retyped: 'ENR-13',
  /** A ready story in a second project, OPS, whose signed policy is laxer than ENR's. */
  otherProject: 'OPS-1',
} as const;

/** Versions: 2.0 has a current go decision; 2.1 a no-go; 2.2 a go that the version outgrew. */
export const VERSIONS = {
  go: { id: '10200', name: '2.0' },
  noGo: { id: '10201', name: '2.1' },
  stale: { id: '10202', name: '2.2' },
} as const;

const AC = [
  'Given a member, when they add a newborn, then the dependent is enrolled from birth',
  'The confirmation shows the member id',
];

function storyIssue(
  n: number,
  extra: Partial<DatasetInput['issues'][number]> = {},
): DatasetInput['issues'][number] {
  return {
    id: String(30000 + n),
    key: `ENR-${n}`,
    projectKey: 'ENR',
    issuetype: ISSUE_TYPES.story,
    status: STATUSES.inProgress,
    summary: `Enrollment story ${n}`,
    description: adf.doc(
      adf.p('As a member I want to add a dependent so that my newborn is covered.'),
      adf.h(3, 'Acceptance criteria'),
      adf.bullets(...AC),
    ),
    storyPoints: 3,
    created: at(1),
    updated: at(1),
    ...extra,
  };
}

export function dataset(): DatasetInput {
  const n = (key: string) => Number(key.split('-')[1]);
  return {
    name: 'github-action',
    users: [
      {
        accountId: 'acc-bot',
        displayName: 'Gate Bot',
        email: JIRA_EMAIL,
        apiTokens: [JIRA_TOKEN],
        bearerTokens: [JIRA_TOKEN],
      },
    ],
    projects: [
      { id: '10000', key: 'ENR', name: 'Enrollment' },
      { id: '10001', key: 'OPS', name: 'Operations' },
    ],
    fields: standardFields(),
    versions: [
      { id: VERSIONS.go.id, projectKey: 'ENR', name: VERSIONS.go.name },
      { id: VERSIONS.noGo.id, projectKey: 'ENR', name: VERSIONS.noGo.name },
      { id: VERSIONS.stale.id, projectKey: 'ENR', name: VERSIONS.stale.name },
    ],
    issues: [
      storyIssue(n(STORIES.ready)),
      storyIssue(n(STORIES.acMissing), {
        description: adf.doc(adf.p('As a member I want to see my claims.')),
      }),
      storyIssue(n(STORIES.acChanged)),
      storyIssue(n(STORIES.noEvidence)),
      storyIssue(n(STORIES.failingEvidence)),
      storyIssue(n(STORIES.tampered)),
      storyIssue(n(STORIES.copied)),
      storyIssue(n(STORIES.ready2)),
      storyIssue(n(STORIES.ready3)),
      storyIssue(n(STORIES.releaseGo), { status: STATUSES.done, fixVersions: [VERSIONS.go.id] }),
      storyIssue(n(STORIES.releaseNoGo), { status: STATUSES.done, fixVersions: [VERSIONS.noGo.id] }),
      storyIssue(n(STORIES.releaseStale), { status: STATUSES.done, fixVersions: [VERSIONS.stale.id] }),
      storyIssue(n(STORIES.retyped), { issuetype: ISSUE_TYPES.task }),
      storyIssue(1, { id: '40001', key: STORIES.otherProject, projectKey: 'OPS' }),
    ],
  };
}

function storyRecords(
  story: Story,
  opts: { evidence?: 'passed' | 'failed' | 'none'; fp?: string; accepted?: boolean } = {},
): GateRecord[] {
  const set = extractCriteria(story);
  const fp = opts.fp ?? set.fingerprint ?? 'none';
  const ids = set.criteria.map((c) => c.id);
  const records: GateRecord[] = [
    { kind: 'ac.authored', by: BA, at: at(18), acFingerprint: fp, criteriaCount: ids.length },
    { kind: 'ac.approval', by: PO, at: at(20), acFingerprint: fp },
    { kind: 'testability.review', by: QA, at: at(20), acFingerprint: fp, testable: true, gaps: [] },
  ];
  if ((opts.evidence ?? 'passed') !== 'none') {
    records.push({
      kind: 'qa.evidence',
      by: QA,
      at: at(24),
      acFingerprint: fp,
      evidenceKind: 'automated-tests',
      url: `https://ci.example.com/runs/${story.key}`,
      result: opts.evidence === 'failed' ? 'failed' : 'passed',
      covers: ids,
    });
  }
  if (opts.accepted)
    records.push({ kind: 'story.acceptance', by: PO, at: at(26), acFingerprint: fp, decision: 'accepted' });
  return records;
}

/** A running fake Jira with signed records in place. */
export interface JiraFixture {
  readonly fake: FakeJira;
  readonly keys: KeyPair;
  readonly admin: JiraClient;
  /** Signs and stores records for a story (e.g. to fix it between a check and a re-check). */
  setRecords(key: string, records: (story: Story) => GateRecord[]): Promise<void>;
  /** The story as the action will see it. */
  story(key: string): Promise<Story>;
  readonly records: typeof storyRecords;
  /** Stores a signed policy in the project property (of ENR unless another project is named). */
  setPolicy(policy: unknown, project?: { id: string; key: string }): Promise<void>;
  stop(): Promise<void>;
}

export async function startJira(): Promise<JiraFixture> {
  const fake = await start({ port: 0, dataset: dataset() });
  const keys = generateKeyPair();
  const admin = createJiraClient({
    baseUrl: fake.url,
    auth: { kind: 'basic', email: JIRA_EMAIL, token: JIRA_TOKEN },
  });
  const story = async (key: string): Promise<Story> =>
    toStory(await admin.getIssue(key, { fields: fieldsFor({}), properties: ['readygate'] }), {
      fields: {},
      keys: [keys.publicKey],
    });
  const envelopeFor = (s: Story, records: GateRecord[]): Envelope =>
    sign({ records }, { kind: 'issue', id: s.id, key: s.key }, keys.privateKey, new Date(at(27)));
  const setRecords = async (key: string, make: (s: Story) => GateRecord[]): Promise<void> => {
    const s = await story(key);
    await admin.setIssueProperty(key, 'readygate', envelopeFor(s, make(s)));
  };

  await setRecords(STORIES.ready, (s) => storyRecords(s));
  await setRecords(STORIES.ready2, (s) => storyRecords(s));
  await setRecords(STORIES.ready3, (s) => storyRecords(s));
  await setRecords(STORIES.otherProject, (s) => storyRecords(s));
  // Approved for other criteria than today's: a fingerprint of the current format that no longer matches.
  await setRecords(STORIES.acChanged, (s) =>
    storyRecords(s, {
      fp:
        extractCriteria({
          ...s,
          description: {
            format: 'adf',
            doc: adf.doc(adf.h(3, 'Acceptance criteria'), adf.bullets('The member can enrol by post')),
          },
        }).fingerprint ?? 'none',
    }),
  );
  await setRecords(STORIES.noEvidence, (s) => storyRecords(s, { evidence: 'none' }));
  await setRecords(STORIES.failingEvidence, (s) => storyRecords(s, { evidence: 'failed' }));
  // Tampered: a valid envelope whose payload was edited afterwards (failed evidence turned into passed).
  {
    const s = await story(STORIES.tampered);
    const env = envelopeFor(s, storyRecords(s, { evidence: 'failed' }));
    await admin.setIssueProperty(STORIES.tampered, 'readygate', {
      ...env,
      payload: { records: storyRecords(s, { evidence: 'passed' }) },
    });
  }
  // Copied: ENR-1's valid envelope pasted onto ENR-7.
  await admin.setIssueProperty(
    STORIES.copied,
    'readygate',
    await admin.getIssueProperty(STORIES.ready, 'readygate'),
  );

  // Release stories are done and accepted.
  for (const key of [STORIES.releaseGo, STORIES.releaseNoGo, STORIES.releaseStale])
    await setRecords(key, (s) => storyRecords(s, { accepted: true }));
  const releaseRecords = async (
    version: { id: string; name: string },
    key: string,
    decision: 'go' | 'no-go',
    stale: boolean,
  ): Promise<void> => {
    const content = versionFingerprint([await story(key)]);
    // A decision on the version's content before a late change (its status then): current format, no match.
    const before = await story(key);
    const fp = stale
      ? versionFingerprint([{ ...before, status: { name: 'In Progress', category: 'indeterminate' } }])
      : content;
    const signoff = (role: 'ba' | 'qa' | 'dev', by: Actor): ReleaseRecord => ({
      kind: 'release.signoff',
      by,
      at: at(27),
      contentFingerprint: content,
      role,
      summary: `${role} signs off`,
    });
    const records: ReleaseRecord[] = [
      signoff('ba', BA),
      signoff('qa', QA),
      signoff('dev', DEV),
      {
        kind: 'release.decision',
        by: PO,
        at: at(28),
        contentFingerprint: fp,
        decision,
        rationale: decision === 'go' ? 'Enrollment is ready for open season.' : 'Wait for the payroll fix.',
      },
    ];
    const env = sign(
      { records },
      { kind: 'version', projectKey: 'ENR', versionId: version.id },
      keys.privateKey,
      new Date(at(28)),
    );
    await admin.setProjectProperty('ENR', `readygate.release.${version.id}`, env);
  };
  await releaseRecords(VERSIONS.go, STORIES.releaseGo, 'go', false);
  await releaseRecords(VERSIONS.noGo, STORIES.releaseNoGo, 'no-go', false);
  await releaseRecords(VERSIONS.stale, STORIES.releaseStale, 'go', true);

  return {
    fake,
    keys,
    admin,
    setRecords,
    story,
    records: storyRecords,
    setPolicy: async (policy, project = { id: '10000', key: 'ENR' }) => {
      await admin.setProjectProperty(
        project.key,
        'readygate.policy',
        sign(policy, { kind: 'project', ...project }, keys.privateKey, new Date(at(27))),
      );
    },
    stop: () => fake.stop(),
  };
}
