import { describe, expect, it } from 'vitest';
import { GateRecordSchema } from './records.js';
import { PO } from './test-support/stories.js';

describe('story acceptance records', () => {
  const rejection = {
    kind: 'story.acceptance',
    by: PO,
    at: '2026-11-27T09:00:00.000Z',
    acFingerprint: `ac2:${'0'.repeat(32)}`,
    decision: 'rejected',
  } as const;

  it('need a reason to reject, so the Devs know what to rework', () => {
    const parsed = GateRecordSchema.safeParse({ ...rejection, reason: '  ' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['reason', 'a rejection needs a reason: say what the story must do differently'],
    ]);
  });

  it('take a rejection with a reason, and an acceptance without one', () => {
    expect(GateRecordSchema.safeParse({ ...rejection, reason: 'Totals exclude VAT' }).success).toBe(true);
    expect(GateRecordSchema.safeParse({ ...rejection, decision: 'accepted' }).success).toBe(true);
  });
});
