// pnpm bench: how much does judging stories cost compared with merely reading them? It measures the built
// package (dist/, as apps load it), which turbo builds first.
// Builds 10,000 stories with 5–15 criteria each (ADF descriptions, signed-off records) as JSON text, then
// measures (a) JSON.parse of that text and (b) JSON.parse + criteria extraction + the ready, done and merge
// gates. Prints stories per second and the ratio b/a (goal: at most 3).
import {
  DEFAULT_POLICY,
  evaluate,
  extractCriteria,
  blankStory,
  type Story,
  type GateRecord,
} from '@readygate/rules';

const STORIES = 10_000;
const RUNS = 7;

let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const subjects = ['member', 'dependent', 'broker', 'enrollment clerk', 'employer admin'];
const actions = [
  'submits the form',
  'uploads a birth certificate',
  'selects a plan',
  'adds a spouse',
  'requests COBRA continuation',
];
const outcomes = [
  'a confirmation number is shown',
  'the coverage starts on the first of next month',
  'an email is sent within 5 minutes',
  'the premium is recalculated',
  'the request appears in the audit log',
];

const text = (t: string) => ({ type: 'text', text: t });
const para = (t: string) => ({ type: 'paragraph', content: [text(t)] });

function adfDescription(n: number, i: number): unknown {
  const items = [];
  for (let c = 0; c < n; c++) {
    const s = `${pick(subjects)} ${pick(actions)} (case ${i}.${c})`;
    if (c % 4 === 3) {
      items.push({
        type: 'listItem',
        content: [
          {
            type: 'paragraph',
            content: [
              text(`Scenario: ${s}`),
              { type: 'hardBreak' },
              text(`Given a ${pick(subjects)}`),
              { type: 'hardBreak' },
              text(`When they ${pick(actions)}`),
              { type: 'hardBreak' },
              text(`Then ${pick(outcomes)}`),
            ],
          },
        ],
      });
    } else {
      items.push({ type: 'listItem', content: [para(`When a ${s}, ${pick(outcomes)}`)] });
    }
  }
  return {
    type: 'doc',
    version: 1,
    content: [
      para(`As a ${pick(subjects)} I want to ${pick(actions)} so that ${pick(outcomes)}.`),
      { type: 'heading', attrs: { level: 2 }, content: [text('Acceptance criteria')] },
      { type: 'bulletList', content: items },
      { type: 'heading', attrs: { level: 2 }, content: [text('Notes')] },
      para('Coordinate with underwriting before release.'),
    ],
  };
}

const actor = (role: 'po' | 'qa' | 'ba') => ({
  accountId: `acc-${role}`,
  displayName: role.toUpperCase(),
  role,
});

function build(): string {
  const stories: Story[] = [];
  for (let i = 0; i < STORIES; i++) {
    const story = blankStory({
      id: String(10000 + i),
      key: `ENR-${i + 1}`,
      summary: `Story ${i}`,
      estimate: pick([1, 2, 3, 5, 8, null]),
      description: { format: 'adf', doc: adfDescription(5 + Math.floor(rand() * 11), i) },
    });
    // Extract from a copy so the measured run starts with a cold cache, as it would on fresh data.
    const set = extractCriteria(JSON.parse(JSON.stringify(story)) as Story);
    const fp = set.fingerprint ?? 'ac2:none';
    const records: GateRecord[] = [];
    if (rand() < 0.8)
      records.push({
        kind: 'ac.approval',
        by: actor('po'),
        at: '2026-11-20T09:00:00.000Z',
        acFingerprint: fp,
      });
    if (rand() < 0.7)
      records.push({
        kind: 'testability.review',
        by: actor('qa'),
        at: '2026-11-20T10:00:00.000Z',
        acFingerprint: fp,
        testable: true,
        gaps: [],
      });
    if (rand() < 0.6)
      records.push({
        kind: 'qa.evidence',
        by: actor('qa'),
        at: '2026-11-24T10:00:00.000Z',
        acFingerprint: fp,
        evidenceKind: 'automated-tests',
        url: `https://ci.example.com/run/${i}`,
        result: 'passed',
        covers: set.criteria.map((c) => c.id),
      });
    stories.push({ ...story, records });
  }
  return JSON.stringify(stories);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const json = build();
let sink = 0;
const parseOnly = (): number => {
  const t = performance.now();
  const stories = JSON.parse(json) as Story[];
  sink += stories.length;
  return performance.now() - t;
};
const parseAndJudge = (): number => {
  const t = performance.now();
  const stories = JSON.parse(json) as Story[];
  for (const gate of ['ready', 'done', 'merge'] as const) {
    for (let i = 0; i < stories.length; i += 100)
      sink += evaluate(gate, { stories: stories.slice(i, i + 100) }, DEFAULT_POLICY).counts.failing;
  }
  return performance.now() - t;
};

parseOnly();
parseAndJudge();
const a: number[] = [];
const b: number[] = [];
for (let r = 0; r < RUNS; r++) {
  a.push(parseOnly());
  b.push(parseAndJudge());
}
const ma = median(a);
const mb = median(b);
const perSec = (ms: number) => Math.round((STORIES / ms) * 1000).toLocaleString('en-US');
console.log(
  `rules bench: ${STORIES.toLocaleString('en-US')} stories, ${(json.length / 1e6).toFixed(1)} MB of JSON, median of ${RUNS} runs (sink ${sink % 7})`,
);
console.log(
  `(a) JSON.parse                                 ${ma.toFixed(1).padStart(8)} ms  ${perSec(ma).padStart(10)} stories/s`,
);
console.log(
  `(b) parse + extract + ready, done, merge gates ${mb.toFixed(1).padStart(8)} ms  ${perSec(mb).padStart(10)} stories/s`,
);
console.log(`ratio b/a: ${(mb / ma).toFixed(2)} (goal ≤ 3)`);
