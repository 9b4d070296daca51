// Builders for realistic stories and records, shared by the rules tests, the bench and the examples.
import { extractCriteria } from '../criteria/index.js';
import type { Actor, GateRecord } from '../records.js';
import { blankStory, type Story } from '../story.js';

export const PO: Actor = { accountId: 'acc-po', displayName: 'Priya Okafor', role: 'po' };
export const BA: Actor = { accountId: 'acc-ba', displayName: 'Ben Alvarez', role: 'ba' };
export const QA: Actor = { accountId: 'acc-qa', displayName: 'Quinn Abara', role: 'qa' };
export const DEV: Actor = { accountId: 'acc-dev', displayName: 'Devi Rao', role: 'dev' };

export const DEFAULT_AC = [
  'Given a member with an active policy, when they add a dependent born in the last 60 days, then the dependent is enrolled from the birth date',
  "The confirmation page shows the dependent's member id",
  'A dependent older than 26 is refused with the message "Dependents must be under 26"',
];

/** A markdown description with a story statement and an "Acceptance criteria" section. */
export function description(
  ac: readonly string[],
  statement = 'As a member I want to add a dependent so that my newborn is covered from birth.',
): string {
  return `${statement}\n\n## Acceptance criteria\n${ac.map((c) => `- ${c}`).join('\n')}\n\n## Notes\nSee the enrollment rules wiki.\n`;
}

/** The AC fingerprint and criterion ids of a story as the gates will compute them. */
export function acOf(story: Story): { fp: string; ids: string[] } {
  const set = extractCriteria(story);
  if (set.fingerprint === null) throw new Error(`test story ${story.key} has no criteria`);
  return { fp: set.fingerprint, ids: set.criteria.map((c) => c.id) };
}

const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T09:00:00.000Z`;

/** Records of a story that went through the whole flow for its current AC. */
export function fullRecords(
  story: Story,
  opts: { evidence?: 'passed' | 'failed' | 'none'; accepted?: boolean } = {},
): GateRecord[] {
  const { fp, ids } = acOf(story);
  const records: GateRecord[] = [
    { kind: 'ac.authored', by: BA, at: at(18), acFingerprint: fp, criteriaCount: ids.length },
    { kind: 'ac.approval', by: PO, at: at(20), acFingerprint: fp },
    { kind: 'testability.review', by: QA, at: at(20), acFingerprint: fp, testable: true, gaps: [] },
  ];
  const result = opts.evidence ?? 'passed';
  if (result !== 'none') {
    records.push({
      kind: 'qa.evidence',
      by: QA,
      at: at(24),
      acFingerprint: fp,
      evidenceKind: 'automated-tests',
      url: `https://ci.example.com/runs/${story.key}`,
      result,
      covers: ids,
    });
  }
  if (opts.accepted)
    records.push({ kind: 'story.acceptance', by: PO, at: at(26), acFingerprint: fp, decision: 'accepted' });
  return records;
}

/** A ready story with approved, reviewed, tested AC. */
export function readyStory(
  key: string,
  init: Partial<Story> = {},
  opts: Parameters<typeof fullRecords>[1] = {},
): Story {
  const base = blankStory({
    id: String(10000 + Number(key.split('-')[1] ?? 0)),
    key,
    summary: `Story ${key}`,
    description: { format: 'markdown', text: description(DEFAULT_AC) },
    estimate: 5,
    ...init,
  });
  return { ...base, records: init.records ?? fullRecords(base, opts) };
}
