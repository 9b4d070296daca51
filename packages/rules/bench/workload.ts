// The benchmark's workload, shared by `pnpm bench` (evaluate.bench.ts) and the A/B comparison (ab.ts), so both
// time exactly the same thing. It takes the rules package as a parameter: the A/B run hands it another
// version's build.
// Builds 10,000 stories with 5–15 criteria each (ADF descriptions, signed-off records) as JSON text, then
// measures (a) JSON.parse of that text and (b) JSON.parse + criteria extraction + the ready, done and merge
// gates.
import type * as Rules from '@readygate/rules';
import type { GateRecord, Story } from '@readygate/rules';

/** What the workload uses of the rules package; every version compared offers it. */
export type RulesApi = Pick<typeof Rules, 'DEFAULT_POLICY' | 'evaluate' | 'extractCriteria' | 'blankStory'>;

/** Stories in the workload. */
export const STORIES = 10_000;

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

const actor = (role: 'po' | 'qa' | 'ba') => ({
  accountId: `acc-${role}`,
  displayName: role.toUpperCase(),
  role,
});

/** The workload's stories as JSON text; the same text on every call (a fixed seed). */
export function buildStories(lib: RulesApi): string {
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

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

  const stories: Story[] = [];
  for (let i = 0; i < STORIES; i++) {
    const story = lib.blankStory({
      id: String(10000 + i),
      key: `ENR-${i + 1}`,
      summary: `Story ${i}`,
      estimate: pick([1, 2, 3, 5, 8, null]),
      description: { format: 'adf', doc: adfDescription(5 + Math.floor(rand() * 11), i) },
    });
    // Extract from a copy so the measured run starts with a cold cache, as it would on fresh data.
    const set = lib.extractCriteria(JSON.parse(JSON.stringify(story)) as Story);
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

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Timings of one measurement: medians of the milliseconds of (a) and (b), and of the ratio b/a. */
export interface Timings {
  readonly parse: number;
  readonly judge: number;
  readonly ratio: number;
  /** The fastest (a) and the fastest (b): what a run costs when nothing else slows it down. */
  readonly bestParse: number;
  readonly bestJudge: number;
}

/** One version's workload, ready to time: its (a) and (b) each take one run and return its milliseconds. */
export interface Workload {
  readonly parseOnly: () => number;
  readonly parseAndJudge: () => number;
  /** Folded results, so no run's work can be optimised away. */
  readonly sink: () => number;
}

/** The workload for one version of the rules package, with the stories it built as JSON text. */
export function workload(lib: RulesApi, json: string): Workload {
  let sink = 0;
  return {
    parseOnly: () => {
      const t = performance.now();
      const stories = JSON.parse(json) as Story[];
      sink += stories.length;
      return performance.now() - t;
    },
    parseAndJudge: () => {
      const t = performance.now();
      const stories = JSON.parse(json) as Story[];
      for (const gate of ['ready', 'done', 'merge'] as const) {
        for (let i = 0; i < stories.length; i += 100)
          sink += lib.evaluate(gate, { stories: stories.slice(i, i + 100) }, lib.DEFAULT_POLICY).counts
            .failing;
      }
      return performance.now() - t;
    },
    sink: () => sink,
  };
}

/** Medians of (a), (b) and b/a over runs timed in pairs, (a) then (b). */
export function timings(pairs: readonly { parse: number; judge: number }[]): Timings {
  return {
    parse: median(pairs.map((p) => p.parse)),
    judge: median(pairs.map((p) => p.judge)),
    ratio: median(pairs.map((p) => p.judge / p.parse)),
    bestParse: Math.min(...pairs.map((p) => p.parse)),
    bestJudge: Math.min(...pairs.map((p) => p.judge)),
  };
}
