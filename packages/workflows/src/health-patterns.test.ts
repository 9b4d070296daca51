import { describe, expect, it } from 'vitest';
import { blankStory, type GateRecord, type Story } from '@readygate/rules';
import {
  acEditedByOthers,
  approvalTime,
  approvalWaits,
  bugsWithoutSeverity,
  type AcEdit,
} from './health-patterns.js';

const BA = { accountId: 'ba-1', role: 'ba' as const };
const PO = { accountId: 'po-1', role: 'po' as const };

const authored = (at: string, fp: string): GateRecord => ({
  kind: 'ac.authored',
  by: BA,
  at,
  acFingerprint: fp,
  criteriaCount: 2,
});
const approved = (at: string, fp: string): GateRecord => ({
  kind: 'ac.approval',
  by: PO,
  at,
  acFingerprint: fp,
});

const edit = (issueId: string, key: string, by: string | null): AcEdit => ({
  v: 1,
  issue: { id: issueId, key },
  projectKey: 'SHOP',
  by,
  at: '2026-11-20T10:00:00.000Z',
  approvalAt: '2026-11-19T10:00:00.000Z',
});

describe('AC edited after approval by someone other than the BA', () => {
  it("counts edits by anyone but the policy's BAs and the issue's AC author", () => {
    const records = (id: string) => (id === '1' ? [authored('2026-11-18T10:00:00.000Z', 'ac2:a')] : []);
    const p = acEditedByOthers(
      [
        edit('1', 'SHOP-1', 'ba-1'), // the issue's AC author: fine
        edit('1', 'SHOP-1', 'dev-1'), // counted
        edit('2', 'SHOP-2', 'ba-2'), // a BA of the policy: fine
        edit('2', 'SHOP-2', 'po-1'), // counted
        edit('3', 'SHOP-3', null), // editor unknown: not counted
      ],
      records,
      ['ba-2'],
    );
    expect(p).toMatchObject({ id: 'ac-edited-after-approval', owner: 'ba', evidence: ['SHOP-1', 'SHOP-2'] });
    expect(p?.message).toMatch(
      /^AC edited after PO approval by someone other than the BA: 2 edits on SHOP-1, SHOP-2 — BA: /,
    );
  });

  it('shows nothing when only BAs edited', () => {
    expect(acEditedByOthers([edit('2', 'SHOP-2', 'ba-2')], () => [], ['ba-2'])).toBeNull();
  });
});

describe('bugs without a business severity', () => {
  const issue = (key: string, init: Partial<Story>): Story =>
    blankStory({ id: key, key, summary: key, type: 'Bug', businessSeverity: null, ...init });

  it('flags the unresolved bugs with an empty severity, for the BA', () => {
    const p = bugsWithoutSeverity([
      issue('SHOP-3', {}),
      issue('SHOP-4', { businessSeverity: 'High' }),
      issue('SHOP-5', { businessSeverity: ' ' }),
      issue('SHOP-6', { status: { name: 'Done', category: 'done' } }),
      issue('SHOP-7', { type: 'Story' }),
    ]);
    expect(p).toMatchObject({ id: 'bugs-without-severity', owner: 'ba', evidence: ['SHOP-3', 'SHOP-5'] });
    expect(p?.message).toMatch(
      /^2 unresolved bugs have no business severity: SHOP-3, SHOP-5 — BA: Set each bug/,
    );
  });

  it('shows nothing when every open bug has one', () => {
    expect(bugsWithoutSeverity([issue('SHOP-4', { businessSeverity: 'Low' })])).toBeNull();
  });
});

describe('time from "AC ready for review" to approval', () => {
  it('pairs each "AC ready" with the approval of the same criteria', () => {
    // Ready 09:00, approved 15:00 the same day: 6 h. Re-worked AC ready on the 3rd, approved on the 5th at 09:00: 48 h.
    // An approval of other criteria, and an "AC ready" never approved, pair with nothing.
    const waits = approvalWaits([
      approved('2026-11-05T09:00:00.000Z', 'ac2:b'),
      authored('2026-11-01T09:00:00.000Z', 'ac2:a'),
      approved('2026-11-01T15:00:00.000Z', 'ac2:a'),
      authored('2026-11-03T09:00:00.000Z', 'ac2:b'),
      approved('2026-11-04T09:00:00.000Z', 'ac2:x'),
      authored('2026-11-06T09:00:00.000Z', 'ac2:c'),
    ]);
    expect(waits).toEqual([6, 48]);
  });

  it('reports the median, and warns past two days naming the slowest', () => {
    const fast = approvalTime([
      {
        key: 'SHOP-1',
        records: [authored('2026-11-01T09:00:00.000Z', 'a'), approved('2026-11-01T15:00:00.000Z', 'a')],
      },
    ]);
    expect(fast).toMatchObject({ severity: 'info', owner: 'po', evidence: [] });
    expect(fast?.message).toMatch(
      /^AC waited a median 6 h from "ready for review" to PO approval \(1 approval\)/,
    );

    // Waits of 6 h, 72 h and 120 h: median 72 h = 3 days; SHOP-3 (120 h) is slower than SHOP-2 (72 h).
    const slow = approvalTime([
      {
        key: 'SHOP-1',
        records: [authored('2026-11-01T09:00:00.000Z', 'a'), approved('2026-11-01T15:00:00.000Z', 'a')],
      },
      {
        key: 'SHOP-2',
        records: [authored('2026-11-01T09:00:00.000Z', 'b'), approved('2026-11-04T09:00:00.000Z', 'b')],
      },
      {
        key: 'SHOP-3',
        records: [authored('2026-11-01T09:00:00.000Z', 'c'), approved('2026-11-06T09:00:00.000Z', 'c')],
      },
    ]);
    expect(slow).toMatchObject({ severity: 'warning', owner: 'po', evidence: ['SHOP-2', 'SHOP-3'] });
    expect(slow?.message).toMatch(
      /^AC waited a median 3 days .*\(3 approvals\); slowest: SHOP-3, SHOP-2 — PO: /,
    );
    expect(approvalTime([{ key: 'SHOP-9', records: [] }])).toBeNull();
  });
});
