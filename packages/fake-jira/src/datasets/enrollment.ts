import { extractCriteria, sign } from '@readygate/rules';
import type { Actor, Envelope, GateRecord, PrivateKey } from '@readygate/rules';
import type { DatasetInput } from '../dataset.js';
import { ISSUE_TYPES, LINK_TYPES, STATUSES, adf, standardFields } from './common.js';

/**
 * Demo credentials of the enrollment data set. They open nothing but a local fake Jira, so they are
 * printed by the CLI and may appear in docs.
 */
export const ENROLLMENT_DEMO_USERS = {
  po: {
    accountId: 'demo-po-priya',
    displayName: 'Priya Shah (PO)',
    email: 'priya.shah@demo.readygate.test',
    apiToken: 'demo-token-priya',
  },
  ba: {
    accountId: 'demo-ba-ben',
    displayName: 'Ben Okafor (BA)',
    email: 'ben.okafor@demo.readygate.test',
    apiToken: 'demo-token-ben',
  },
  qa: {
    accountId: 'demo-qa-quinn',
    displayName: 'Quinn Alvarez (QA)',
    email: 'quinn.alvarez@demo.readygate.test',
    apiToken: 'demo-token-quinn',
  },
  dev: {
    accountId: 'demo-dev-dana',
    displayName: 'Dana Kim (Dev)',
    email: 'dana.kim@demo.readygate.test',
    apiToken: 'demo-token-dana',
  },
  /** The ReadyGate app's own account (writes the signed properties); uses a bearer token. */
  app: {
    accountId: 'demo-app-readygate',
    displayName: 'ReadyGate',
    email: 'readygate-app@demo.readygate.test',
    apiToken: 'demo-token-app',
    bearerToken: 'demo-bearer-readygate-app',
  },
  /** A stakeholder who may read but not edit properties, comment or move issues. */
  viewer: {
    accountId: 'demo-viewer-sam',
    displayName: 'Sam Rivera (Compliance)',
    email: 'sam.rivera@demo.readygate.test',
    apiToken: 'demo-token-sam',
  },
} as const;

/** Ids the demo's callers refer to. */
export const ENROLLMENT_IDS = {
  projectId: '10000',
  projectKey: 'ENR',
  board: 7,
  fastTrackBoard: 8,
  /** "Enrollment 14": the healthy sprint with a goal. */
  sprint: 42,
  /**
   * "Fast Track 3": the unhealthy FUTURE sprint (no goal, six stories, three with incomplete AC, a quick change
   * added the day before planning, 15 points against a velocity of 9).
   */
  unhealthySprint: 44,
  /** "Enrollment 15": the healthy FUTURE sprint (a goal, ENR-109 and ENR-110, 8 points against a velocity of 14). */
  futureSprint: 43,
  /** The story the demo walks through the issue panel: AC written, no ReadyGate record yet. */
  panelStory: 'ENR-109',
  /** Closed sprints of the ENR Scrum board, newest last (velocity 13, 13, 16). */
  closedSprints: [39, 40, 41],
  /** Closed sprints of the Fast Track board, newest last (velocity 8, 10). */
  closedFastTrackSprints: [37, 38],
  /** Version 2.0, the release under go/no-go. */
  releaseVersionId: '10011',
  releaseVersionName: '2.0',
} as const;

/** Options of {@link buildEnrollmentDataset}. */
export interface EnrollmentOptions {
  /** Signs the gate records. Generate a DEMO key at run time (`generateKeyPair()`); never commit one. */
  readonly privateKey: PrivateKey;
  /** "Today" for the demo: sprints and records are dated relative to it. */
  readonly now: Date;
  /**
   * Hook for the project policy: when given, it is signed for project ENR and stored as the project property
   * `readygate.policy` (the payload is the policy object itself, as the readers expect).
   */
  readonly policy?: unknown;
}

type IssueInput = DatasetInput['issues'][number];
type Adf = Record<string, unknown>;

const U = ENROLLMENT_DEMO_USERS;
const actor = (who: 'po' | 'ba' | 'qa' | 'dev'): Actor => ({
  accountId: U[who].accountId,
  displayName: U[who].displayName,
  role: who,
});

/** Criteria of an ADF description, exactly as the rules read them. */
function criteriaOf(description: Adf): { ids: string[]; fingerprint: string } {
  const set = extractCriteria({ acceptanceCriteria: null, description: { format: 'adf', doc: description } });
  if (set.fingerprint === null)
    throw new Error('demo story without acceptance criteria where the data set expects some');
  return { ids: set.criteria.map((c) => c.id), fingerprint: set.fingerprint };
}

const ac = (...items: string[]): Adf[] => [adf.h(3, 'Acceptance criteria'), adf.bullets(...items)];
const story = (context: string, value: string, ...rest: Adf[]): Adf =>
  adf.doc(adf.h(3, 'Context'), adf.p(context), adf.p(value), ...rest);

const COVERAGE_CARD = story(
  'Members call the service centre for a replacement ID card and wait a week for it by post.',
  'As a member, I want to download my digital ID card right after enrollment, so that I can show proof of coverage at my first appointment.',
  ...ac(
    'After enrollment is confirmed, the "My coverage" page offers a "Download ID card" button for each covered person.',
    'The card shows the member name, member ID, group number, plan name and the coverage effective date.',
    'The card downloads as a PDF of at most 500 KB within 5 seconds.',
  ),
);

const BENEFICIARY = story(
  'Life-insurance beneficiaries are collected on paper and keyed by staff.',
  'As a subscriber, I want to name my beneficiaries during enrollment, so that my family is protected without paperwork.',
  ...ac(
    'The subscriber can add up to 5 beneficiaries with name, relationship and share in percent.',
    'The shares must add up to 100 before the subscriber can continue; otherwise the page says "Shares must total 100%".',
  ),
);

const DEPENDENT = story(
  'Members currently phone the service centre to add a spouse or child, and staff re-key the form into the enrollment system.',
  'As a subscriber, I want to add an eligible dependent online during open enrollment, so that my family is covered from the plan-year start without calling the service centre.',
  ...ac(
    'A subscriber can add a spouse, domestic partner or child under 26 from the "My coverage" page during the open enrollment window.',
    'The dependent’s date of birth, relationship and SSN (or "SSN pending" for newborns) are required before the request can be submitted.',
    'On submission the member sees a confirmation number and the coverage effective date (January 1 of the plan year).',
    'The enrollment record is sent to the eligibility system within 15 minutes, without staff intervention.',
    'A dependent already covered under another subscriber on the same policy is rejected with the message "This person is already covered on this policy".',
  ),
);

const COBRA = story(
  'Former employees currently receive a paper COBRA election form and mail it back; elections are keyed by staff, often after the 60-day window.',
  'As a former employee with a qualifying event, I want to elect COBRA continuation online, so that my coverage continues without a gap.',
  adf.h(3, 'Acceptance criteria'),
  adf.code(
    'gherkin',
    [
      'Scenario: Elect COBRA within the election period',
      '  Given a member whose employment ended on 2026-10-31',
      '  And the member received the COBRA notice on 2026-11-03',
      '  When the member elects COBRA for medical and dental on 2026-11-20',
      '  Then the election is recorded with coverage continuing from 2026-11-01',
      '  And the first premium due date is shown as 45 days after the election',
      '',
      'Scenario: Election after the 60-day window',
      '  Given a member who received the COBRA notice 61 days ago',
      '  When the member tries to elect COBRA',
      '  Then the election is refused with "The 60-day election period ended on <date>"',
      '  And the member is shown the service centre number for an appeal',
    ].join('\n'),
  ),
);

const LATE_ENROLLMENT = story(
  'Outside open enrollment, a member may enroll within 30 days of a special enrollment event (marriage, birth, loss of other coverage) if they provide documentation.',
  'As a member with a special enrollment event, I want to enroll late and upload my documentation, so that I do not wait for the next open enrollment.',
  ...ac(
    'The member chooses the qualifying event and its date; events older than 30 days are refused with the date the window closed.',
    'The member uploads at least one supporting document (PDF, JPG or PNG, up to 10 MB each).',
    'Documentation is reviewed and valid before coverage starts.',
    'The member sees the status of the request (submitted, under review, approved, more information needed) on "My coverage".',
  ),
);

const NEWBORN_APPROVED = story(
  'Newborns must be added within 30 days of birth for coverage from the date of birth.',
  'As a subscriber, I want to add my newborn before the SSN arrives, so that the baby is covered from birth.',
  ...ac(
    'A subscriber can add a newborn with "SSN pending" within 30 days of the date of birth.',
    'Coverage starts on the date of birth.',
    'The member is reminded to add the SSN 30 days after enrollment.',
  ),
);
const NEWBORN_NOW = story(
  'Newborns must be added within 30 days of birth for coverage from the date of birth (60 days for adoption, per the 2027 plan rules).',
  'As a subscriber, I want to add my newborn or adopted child before the SSN arrives, so that the child is covered from birth or placement.',
  ...ac(
    'A subscriber can add a newborn with "SSN pending" within 30 days of the date of birth, or an adopted child within 60 days of placement.',
    'Coverage starts on the date of birth or placement.',
    'The member is reminded to add the SSN 30 days after enrollment.',
  ),
);

const PREMIUM = story(
  'Members abandon enrollment when the premium changes appear only on the first bill.',
  'As a subscriber, I want to see how my monthly premium changes before I confirm, so that there are no surprises on my bill.',
  ...ac(
    'Before confirming, the member sees the current and the new monthly premium and the difference, per coverage line.',
    'Employer contribution is shown separately from the member’s share.',
    'Amounts match the rating engine’s quote to the cent.',
  ),
);

const PROOF_UPLOAD = story(
  'Eligibility audits require proof of relationship for every dependent added.',
  'As a subscriber, I want to upload proof of my dependent’s eligibility, so that the audit does not suspend their coverage.',
  ...ac(
    'The member can upload a marriage certificate, birth certificate or adoption papers for each dependent.',
    'Uploaded documents are stored against the dependent and visible to eligibility staff within 5 minutes.',
    'The member is told which dependents still need proof and by which date.',
  ),
);

const ADDRESS = story(
  'Returned mail costs the carrier and delays ID cards.',
  'As a member, I want my address checked as I type it, so that my ID cards arrive.',
  ...ac(
    'Addresses are validated against USPS data and a suggested correction is offered when one exists.',
    'The member can keep their own address after seeing the suggestion.',
    'PO boxes are refused for the residential address with "Enter the address where you live".',
  ),
);

/**
 * Done stories of the closed sprints, `[issue number, sprint id, points, summary]`: the velocity of the ENR
 * Scrum board is 13, 13, 16 (mean 14) and of the Fast Track board 8, 10 (mean 9).
 */
/** The closed sprints whose work release 1.9 shipped (they ended by day -19; 1.9 shipped on day -18). */
const RELEASED_IN_1_9: readonly number[] = [37, 39, 40];

const CLOSED_WORK: readonly (readonly [number, number, number, string])[] = [
  [80, 37, 3, 'Show the enrollment deadline banner'],
  [81, 37, 5, 'List available plans by ZIP code'],
  [82, 38, 5, 'Pre-fill the address from the employer feed'],
  [83, 38, 5, 'Show the plan documents as PDF links'],
  [90, 39, 5, 'Sign in with the employer single sign-on'],
  [91, 39, 8, 'Show the current coverage summary'],
  [92, 40, 5, 'Show covered dependents on the coverage page'],
  [93, 40, 5, 'Reset the password by email'],
  [94, 40, 3, 'Show the member ID on the coverage page'],
  [95, 41, 8, 'Show claims history for the last 12 months'],
  [96, 41, 3, 'Download the explanation of benefits'],
  [97, 41, 5, 'Update contact preferences'],
];

/**
 * The demo data set: a health-insurance carrier building a member enrollment portal (project ENR).
 * Gate records are signed with the given DEMO key; the data set is otherwise deterministic for a given `now`.
 */
export function buildEnrollmentDataset(options: EnrollmentOptions): DatasetInput {
  const { privateKey, now } = options;
  const day = 24 * 60 * 60 * 1000;
  const at = (days: number, hour = 10): string => {
    const d = new Date(now.getTime() + days * day);
    d.setUTCHours(hour, 0, 0, 0);
    return d.toISOString();
  };
  const date = (days: number): string => at(days).slice(0, 10);

  const envelope = (id: string, key: string, records: GateRecord[]): Envelope =>
    sign({ records }, { kind: 'issue', id, key }, privateKey, new Date(at(-1, 16)));

  /** The full happy path: BA wrote, PO approved, QA found it testable and recorded passing evidence for every criterion. */
  const readyRecords = (description: Adf, evidenceUrl: string | null): GateRecord[] => {
    const c = criteriaOf(description);
    const records: GateRecord[] = [
      {
        kind: 'ac.authored',
        by: actor('ba'),
        at: at(-12),
        acFingerprint: c.fingerprint,
        criteriaCount: c.ids.length,
      },
      {
        kind: 'ac.approval',
        by: actor('po'),
        at: at(-10),
        acFingerprint: c.fingerprint,
        note: 'Approved at backlog refinement.',
      },
      {
        kind: 'testability.review',
        by: actor('qa'),
        at: at(-9),
        acFingerprint: c.fingerprint,
        testable: true,
        gaps: [],
      },
    ];
    if (evidenceUrl !== null) {
      records.push({
        kind: 'qa.evidence',
        by: actor('qa'),
        at: at(-1),
        acFingerprint: c.fingerprint,
        evidenceKind: 'automated-tests',
        url: evidenceUrl,
        result: 'passed',
        covers: c.ids,
        note: 'Regression suite run on the staging environment.',
      });
    }
    return records;
  };

  const dependentRecords = readyRecords(DEPENDENT, 'https://ci.demo.readygate.test/enrollment/runs/1482');
  const dependentEnvelope = envelope('10102', 'ENR-102', dependentRecords);

  const late = criteriaOf(LATE_ENROLLMENT);
  const lateRecords: GateRecord[] = [
    {
      kind: 'ac.authored',
      by: actor('ba'),
      at: at(-12),
      acFingerprint: late.fingerprint,
      criteriaCount: late.ids.length,
    },
    { kind: 'ac.approval', by: actor('po'), at: at(-10), acFingerprint: late.fingerprint },
    {
      kind: 'testability.review',
      by: actor('qa'),
      at: at(-8),
      acFingerprint: late.fingerprint,
      testable: false,
      gaps: [
        '"Documentation is reviewed and valid" names no reviewer, no list of accepted documents and no time limit: QA cannot write a pass/fail test for it.',
      ],
    },
  ];

  const oldNewborn = criteriaOf(NEWBORN_APPROVED);
  const newNewborn = criteriaOf(NEWBORN_NOW);
  const newbornRecords: GateRecord[] = [
    {
      kind: 'ac.authored',
      by: actor('ba'),
      at: at(-14),
      acFingerprint: oldNewborn.fingerprint,
      criteriaCount: oldNewborn.ids.length,
    },
    { kind: 'ac.approval', by: actor('po'), at: at(-13), acFingerprint: oldNewborn.fingerprint },
    {
      kind: 'testability.review',
      by: actor('qa'),
      at: at(-12),
      acFingerprint: oldNewborn.fingerprint,
      testable: true,
      gaps: [],
    },
    {
      kind: 'ac.authored',
      by: actor('ba'),
      at: at(-3),
      acFingerprint: newNewborn.fingerprint,
      criteriaCount: newNewborn.ids.length,
    },
  ];

  // Signed honestly, then edited in Jira by someone who wanted the story to look tested.
  const premiumSigned = envelope('10106', 'ENR-106', readyRecords(PREMIUM, null));
  const premiumTampered = structuredClone(premiumSigned) as Envelope & { payload: { records: GateRecord[] } };
  premiumTampered.payload.records.push({
    kind: 'qa.evidence',
    by: actor('qa'),
    at: at(-1),
    acFingerprint: criteriaOf(PREMIUM).fingerprint,
    evidenceKind: 'manual-test-run',
    url: 'https://ci.demo.readygate.test/enrollment/runs/1490',
    result: 'passed',
    covers: criteriaOf(PREMIUM).ids,
  });

  const base = (n: number, fields: Partial<IssueInput> & Pick<IssueInput, 'summary'>): IssueInput => ({
    id: String(10000 + n),
    key: `ENR-${n}`,
    projectKey: 'ENR',
    issuetype: ISSUE_TYPES.story,
    status: STATUSES.todo,
    priority: 'Medium',
    reporterAccountId: U.ba.accountId,
    created: at(-20),
    updated: at(-1),
    ...fields,
  });

  const sprintStory = (n: number, fields: Partial<IssueInput> & Pick<IssueInput, 'summary'>): IssueInput =>
    base(n, {
      sprints: [ENROLLMENT_IDS.sprint],
      fixVersions: [ENROLLMENT_IDS.releaseVersionId],
      parentKey: 'ENR-101',
      labels: ['enrollment'],
      ...fields,
    });

  const fast = (n: number, fields: Partial<IssueInput> & Pick<IssueInput, 'summary'>): IssueInput =>
    base(n, { sprints: [ENROLLMENT_IDS.unhealthySprint], labels: ['fast-track'], ...fields });

  const bug = (
    n: number,
    priority: string,
    summary: string,
    status: IssueInput['status'],
    text: string,
  ): IssueInput =>
    base(n, {
      issuetype: ISSUE_TYPES.bug,
      priority,
      summary,
      status,
      fixVersions: [ENROLLMENT_IDS.releaseVersionId],
      reporterAccountId: U.qa.accountId,
      description: adf.doc(
        adf.h(3, 'Steps to reproduce'),
        adf.p(text),
        adf.h(3, 'Business impact'),
        adf.p(`Business severity: ${priority}.`),
      ),
    });

  const issues: IssueInput[] = [
    base(101, {
      issuetype: ISSUE_TYPES.epic,
      summary: 'Self-service member enrollment',
      status: STATUSES.inProgress,
      description: adf.doc(
        adf.p(
          'Members complete new enrollments, dependent changes and COBRA elections online, with no manual staff intervention for standard cases.',
        ),
      ),
      created: at(-60),
    }),
    sprintStory(102, {
      summary: 'Enroll a dependent during open enrollment',
      status: STATUSES.inReview,
      description: DEPENDENT,
      storyPoints: 5,
      assigneeAccountId: U.dev.accountId,
      properties: { readygate: dependentEnvelope },
      links: [{ id: '20001', type: 'Relates', direction: 'outward', key: 'ENR-131' }],
    }),
    sprintStory(103, {
      summary: 'Elect COBRA continuation coverage online',
      status: STATUSES.inReview,
      description: COBRA,
      storyPoints: 8,
      assigneeAccountId: U.dev.accountId,
      properties: {
        readygate: envelope(
          '10103',
          'ENR-103',
          readyRecords(COBRA, 'https://ci.demo.readygate.test/enrollment/runs/1487'),
        ),
      },
      links: [{ id: '20002', type: 'Blocks', direction: 'inward', key: 'ENR-130' }],
    }),
    sprintStory(104, {
      summary: 'Late enrollment with supporting documentation',
      status: STATUSES.todo,
      description: LATE_ENROLLMENT,
      storyPoints: 8,
      properties: { readygate: envelope('10104', 'ENR-104', lateRecords) },
    }),
    sprintStory(105, {
      summary: 'Add a newborn or adopted child before the SSN arrives',
      status: STATUSES.todo,
      description: NEWBORN_NOW,
      storyPoints: 3,
      properties: { readygate: envelope('10105', 'ENR-105', newbornRecords) },
    }),
    sprintStory(106, {
      summary: 'Show the premium impact before confirming enrollment',
      status: STATUSES.inProgress,
      description: PREMIUM,
      storyPoints: 5,
      assigneeAccountId: U.dev.accountId,
      properties: { readygate: premiumTampered },
    }),
    sprintStory(107, {
      summary: 'Upload proof of dependent eligibility',
      status: STATUSES.inProgress,
      description: PROOF_UPLOAD,
      storyPoints: 3,
      // A copy of ENR-102's envelope: valid signature, wrong issue.
      properties: { readygate: structuredClone(dependentEnvelope) },
    }),
    sprintStory(108, {
      summary: 'Validate the home address as the member types it',
      status: STATUSES.todo,
      description: ADDRESS,
      storyPoints: 2,
      properties: { readygate: envelope('10108', 'ENR-108', readyRecords(ADDRESS, null)) },
    }),

    // The unhealthy future sprint: no goal, six stories, three with incomplete AC, one quick change added the day
    // before planning, 3 + 5 + 5 + 2 = 15 estimated points against a velocity of 9.
    fast(120, {
      summary: 'Show plan comparison table on the enrollment start page',
      description: story(
        'Members pick the wrong plan and call to switch.',
        'As a prospective member, I want to compare plans side by side, so that I pick the right one.',
        ...ac(
          'The table lists deductible, out-of-pocket maximum and monthly premium for each plan.',
          'The member can choose a plan from the table.',
        ),
      ),
      storyPoints: 3,
    }),
    fast(121, {
      summary: 'Improve the enrollment wizard',
      description: story(
        'Feedback says the wizard is confusing.',
        'As a member, I want a better wizard.',
        ...ac('The wizard works properly and is user friendly.', 'Performance is fast enough.'),
      ),
      storyPoints: 5,
    }),
    fast(122, {
      summary: 'Save enrollment progress and resume later',
      description: story(
        'Members lose their entries when the session times out.',
        'As a member, I want to save my progress, so that I can finish enrollment later.',
        adf.h(3, 'Acceptance criteria'),
        adf.p('TBD with the PO'),
      ),
      storyPoints: 5,
    }),
    fast(123, {
      summary: 'Spanish translation of the confirmation page',
      description: adf.doc(
        adf.p('Translate the confirmation page into Spanish. Copy is in the shared drive.'),
      ),
      storyPoints: null,
    }),
    fast(124, {
      summary: 'Email a PDF summary of the enrollment',
      description: story(
        'Members ask for a record of what they chose.',
        'As a member, I want a PDF summary by email, so that I have a record of my enrollment.',
        ...ac(
          'The PDF lists every covered person, plan and effective date.',
          'The email is sent within 10 minutes of confirmation.',
        ),
      ),
      storyPoints: 2,
    }),
    fast(125, {
      summary: 'Quick change: rename "Subscriber" to "Primary member" on the confirmation page',
      labels: ['fast-track', 'quick-change'],
      description: adf.doc(
        adf.p('Marketing asked for this yesterday, should be a quick one.'),
        ...ac('The confirmation page says "Primary member" wherever it said "Subscriber".'),
      ),
      storyPoints: null,
      created: at(-1, 15),
      updated: at(-1, 15),
      reporterAccountId: U.dev.accountId,
    }),

    // Release 2.0 bugs, with business severities as priorities.
    bug(
      130,
      'Highest',
      'Confirmation email shows the wrong coverage effective date',
      STATUSES.inProgress,
      'Enroll a dependent on 2026-11-20; the email says coverage starts 2026-11-20 instead of 2027-01-01.',
    ),
    bug(
      131,
      'High',
      'Dependent SSN field accepts 8 digits',
      STATUSES.todo,
      'Type 12345678 in the SSN field and submit: the request is accepted.',
    ),
    bug(
      132,
      'Medium',
      'Premium breakdown table overflows on small phones',
      STATUSES.todo,
      'Open the premium breakdown on a 360 px wide screen: the last column is cut off.',
    ),
    bug(
      133,
      'Low',
      'Typo in the COBRA notice footer ("continution")',
      STATUSES.done,
      'Open the COBRA election page and scroll to the footer.',
    ),

    // The healthy future sprint "Enrollment 15": ENR-109 is the story the demo walks through the panel (AC
    // written, nothing recorded yet); ENR-110 is ready. 5 + 3 = 8 points against a velocity of 14.
    base(109, {
      summary: 'Download a digital member ID card',
      description: COVERAGE_CARD,
      storyPoints: 5,
      sprints: [ENROLLMENT_IDS.futureSprint],
      parentKey: 'ENR-101',
      labels: ['enrollment'],
    }),
    base(110, {
      summary: 'Name life-insurance beneficiaries during enrollment',
      description: BENEFICIARY,
      storyPoints: 3,
      sprints: [ENROLLMENT_IDS.futureSprint],
      parentKey: 'ENR-101',
      labels: ['enrollment'],
      properties: { readygate: envelope('10110', 'ENR-110', readyRecords(BENEFICIARY, null)) },
    }),

    // Done stories of the closed sprints: the velocity the capacity check compares with.
    ...CLOSED_WORK.map(([n, sprint, points, summary]) =>
      base(n, {
        summary,
        status: STATUSES.done,
        storyPoints: points,
        sprints: [sprint],
        // Release 1.9 shipped on day -18 with the work of the sprints that had ended by then.
        fixVersions: RELEASED_IN_1_9.includes(sprint) ? ['10010'] : [],
        labels: sprint >= 39 ? ['enrollment'] : ['fast-track'],
        description: story(
          'Delivered in an earlier sprint.',
          `As a member, I want this (${summary.toLowerCase()}), so that I can manage my coverage myself.`,
          ...ac(`${summary} works as shown at the sprint review.`),
        ),
        created: at(-60),
        updated: at(-20),
      }),
    ),
  ];

  const projectProperties: Record<string, unknown> = {};
  if (options.policy !== undefined) {
    projectProperties['readygate.policy'] = sign(
      options.policy,
      { kind: 'project', id: ENROLLMENT_IDS.projectId, key: ENROLLMENT_IDS.projectKey },
      privateKey,
      new Date(at(-30)),
    );
  }

  const user = (
    u: (typeof U)[keyof typeof U],
    extra: Partial<DatasetInput['users'][number]> = {},
  ): DatasetInput['users'][number] => ({
    accountId: u.accountId,
    displayName: u.displayName,
    email: u.email,
    apiTokens: [u.apiToken],
    bearerTokens: 'bearerToken' in u ? [u.bearerToken] : [],
    ...extra,
  });

  return {
    name: 'enrollment (demo)',
    users: [
      user(U.po),
      user(U.ba),
      user(U.qa),
      user(U.dev),
      user(U.app, { accountType: 'app' }),
      user(U.viewer, {
        permissions: {
          editIssueProperties: false,
          editProjectProperties: false,
          addComments: false,
          scheduleIssues: false,
        },
      }),
    ],
    projects: [
      {
        id: ENROLLMENT_IDS.projectId,
        key: ENROLLMENT_IDS.projectKey,
        name: 'Member Enrollment Portal',
        roles: [
          {
            id: 10100,
            name: 'Product Owner',
            description: 'Owns the backlog order, approves acceptance criteria, decides releases.',
            actors: [U.po.accountId],
          },
          {
            id: 10101,
            name: 'Business Analyst',
            description: 'Authors acceptance criteria.',
            actors: [U.ba.accountId],
          },
          {
            id: 10102,
            name: 'QA',
            description: 'Reviews testability and records test evidence.',
            actors: [U.qa.accountId],
          },
          { id: 10103, name: 'Developers', description: 'Build and estimate.', actors: [U.dev.accountId] },
          {
            id: 10002,
            name: 'Administrators',
            description: 'Project administrators.',
            actors: [U.po.accountId, U.app.accountId],
          },
        ],
        properties: projectProperties,
      },
    ],
    fields: standardFields(),
    linkTypes: LINK_TYPES,
    boards: [
      { id: ENROLLMENT_IDS.board, name: 'ENR Scrum board', projectKey: 'ENR' },
      { id: ENROLLMENT_IDS.fastTrackBoard, name: 'ENR Fast Track', projectKey: 'ENR' },
    ],
    sprints: [
      ...(
        [
          [37, ENROLLMENT_IDS.fastTrackBoard, 'Fast Track 1', undefined, -33],
          [38, ENROLLMENT_IDS.fastTrackBoard, 'Fast Track 2', undefined, -19],
          [39, ENROLLMENT_IDS.board, 'Enrollment 11', 'Members can see the plans they may choose.', -47],
          [
            40,
            ENROLLMENT_IDS.board,
            'Enrollment 12',
            'Members can manage their account without calling.',
            -33,
          ],
          [
            41,
            ENROLLMENT_IDS.board,
            'Enrollment 13',
            'Members can sign in and see their current coverage.',
            -19,
          ],
        ] as const
      ).map(([id, boardId, name, goal, start]) => ({
        id,
        boardId,
        name,
        state: 'closed' as const,
        ...(goal === undefined ? {} : { goal }),
        startDate: at(start, 9),
        endDate: at(start + 14, 9),
        completeDate: at(start + 14, 8),
      })),
      {
        id: ENROLLMENT_IDS.sprint,
        boardId: ENROLLMENT_IDS.board,
        name: 'Enrollment 14',
        state: 'active',
        goal: 'By the end of this sprint, members can complete a new enrollment with no manual staff intervention for standard cases',
        startDate: at(-5, 9),
        endDate: at(9, 9),
      },
      {
        id: ENROLLMENT_IDS.futureSprint,
        boardId: ENROLLMENT_IDS.board,
        name: 'Enrollment 15',
        state: 'future',
        goal: 'Newly enrolled members have proof of coverage and have named their beneficiaries',
      },
      {
        id: ENROLLMENT_IDS.unhealthySprint,
        boardId: ENROLLMENT_IDS.fastTrackBoard,
        name: 'Fast Track 3',
        state: 'future',
      },
    ],
    versions: [
      {
        id: '10010',
        projectKey: 'ENR',
        name: '1.9',
        description: 'Sign-in and coverage overview',
        released: true,
        releaseDate: date(-18),
      },
      {
        id: ENROLLMENT_IDS.releaseVersionId,
        projectKey: 'ENR',
        name: ENROLLMENT_IDS.releaseVersionName,
        description: 'Self-service enrollment',
        startDate: date(-19),
        releaseDate: date(12),
      },
    ],
    issues,
  };
}

/**
 * The history ReadyGate recorded for the closed sprints and release 1.9 of this data set (the Jira app keeps it in
 * its storage, not in Jira): what each sprint committed and whether each story was ready at planning, scope
 * added after the start, the PO's review outcomes and goal calls, stakeholder ratings and escaped defects. It
 * agrees with the issues and sprints above: the same keys, estimates, goals and dates. Shaped as
 * `MetricsHistory` of `@readygate/rules` (parse it with `parseMetricsHistory`).
 */
export function enrollmentMetricsHistory(now: Date): unknown {
  const at = (days: number, hour = 10): string => {
    const d = new Date(now);
    d.setUTCDate(d.getUTCDate() + days);
    d.setUTCHours(hour, 0, 0, 0);
    return d.toISOString();
  };
  const points = new Map(CLOSED_WORK.map(([n, , p]) => [`ENR-${n}`, p]));
  const committed = (...stories: [number, boolean][]) =>
    stories.map(([n, ready]) => ({
      key: `ENR-${n}`,
      estimate: points.get(`ENR-${n}`) ?? null,
      readyAtPlanning: ready,
    }));
  type Outcome = 'accepted-first-time' | 'accepted-after-rework' | 'rejected';
  const reviewed = (...stories: [number, Outcome][]) =>
    stories.map(([n, outcome]) => ({ key: `ENR-${n}`, outcome }));
  const sprint = (
    id: number,
    name: string,
    goal: string | null,
    goalMet: boolean | null,
    start: number,
    rest: { committed: unknown[]; added?: unknown[]; reviewed: unknown[] },
  ) => ({
    sprintId: String(id),
    name,
    goal,
    goalMet,
    startedAt: at(start, 9),
    endedAt: at(start + 14, 8),
    committed: rest.committed,
    addedAfterStart: rest.added ?? [],
    removedAfterStart: [],
    reviewed: rest.reviewed,
  });
  return {
    sprints: [
      sprint(37, 'Fast Track 1', null, null, -33, {
        committed: committed([80, false]),
        added: [{ key: 'ENR-81', estimate: 5, addedAt: at(-30, 11) }],
        reviewed: reviewed([80, 'accepted-after-rework'], [81, 'accepted-first-time']),
      }),
      sprint(38, 'Fast Track 2', null, null, -19, {
        committed: committed([82, true], [83, false]),
        reviewed: reviewed([82, 'accepted-first-time'], [83, 'accepted-after-rework']),
      }),
      sprint(39, 'Enrollment 11', 'Members can see the plans they may choose.', true, -47, {
        committed: committed([90, true], [91, true]),
        reviewed: reviewed([90, 'accepted-first-time'], [91, 'accepted-first-time']),
      }),
      sprint(40, 'Enrollment 12', 'Members can manage their account without calling.', true, -33, {
        committed: committed([92, true], [93, true], [94, true]),
        reviewed: reviewed(
          [92, 'accepted-first-time'],
          [93, 'accepted-after-rework'],
          [94, 'accepted-first-time'],
        ),
      }),
      sprint(41, 'Enrollment 13', 'Members can sign in and see their current coverage.', false, -19, {
        committed: committed([95, true], [96, true], [97, false]),
        reviewed: reviewed(
          [95, 'accepted-first-time'],
          [96, 'accepted-first-time'],
          [97, 'accepted-after-rework'],
        ),
      }),
    ],
    ratings: [
      { at: at(-33, 15), score: 4.5, by: 'Benefits operations' },
      { at: at(-19, 15), score: 3.5, by: 'Member services' },
      { at: at(-5, 15), score: 4, by: 'Benefits operations' },
    ],
    releases: [
      {
        versionId: '10010',
        name: '1.9',
        releasedAt: at(-18, 18),
        storiesShipped: CLOSED_WORK.filter(([, sprint]) => RELEASED_IN_1_9.includes(sprint)).length,
        defectsFoundAfterRelease: 1,
      },
    ],
  };
}
