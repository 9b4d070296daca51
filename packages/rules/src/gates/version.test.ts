import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../policy.js';
import type { Actor, GateRecord, ReleaseRecord } from '../records.js';
import type { Story } from '../story.js';
import { acOf, DEV, BA, PO, QA, readyStory } from '../test-support/stories.js';
import { evaluate } from './evaluate.js';
import { versionFingerprint } from './version.js';

const done = { status: { name: 'Done', category: 'done' as const } };

/** The story with one more QA evidence record for its current criteria. */
function withEvidence(
  story: Story,
  result: 'passed' | 'failed',
  at: string,
  opts: { covers?: string[]; by?: Actor } = {},
): Story {
  const { fp, ids } = acOf(story);
  const evidence: GateRecord = {
    kind: 'qa.evidence',
    by: opts.by ?? QA,
    at,
    acFingerprint: fp,
    evidenceKind: 'manual-test-run',
    url: `https://ci.example.com/runs/${story.key}-${at}`,
    result,
    covers: opts.covers ?? ids,
  };
  return { ...story, records: [...story.records, evidence] };
}

describe('versionFingerprint and QA evidence', () => {
  const a = readyStory('ENR-1', done, { accepted: true });
  const b = readyStory('ENR-2', done, { accepted: true });

  it('changes when newer evidence fails a criterion, and only then', () => {
    const before = versionFingerprint([a, b]);
    expect(before).toMatch(/^v2:[0-9a-f]{32}$/);
    // Another passing run changes no criterion's outcome: the decision stays current.
    expect(versionFingerprint([withEvidence(a, 'passed', '2026-11-29T09:00:00Z'), b])).toBe(before);
    // A failure on one criterion does.
    const { ids } = acOf(a);
    const failed = withEvidence(a, 'failed', '2026-11-29T09:00:00Z', { covers: [ids[1]!] });
    expect(versionFingerprint([failed, b])).not.toBe(before);
    // Older failed evidence, overtaken by the passing run, decides nothing.
    expect(versionFingerprint([withEvidence(a, 'failed', '2026-11-01T09:00:00Z'), b])).toBe(before);
  });

  it('decides a tie between passed and failed evidence for the failure, whatever the list order', () => {
    const at = '2026-11-24T09:00:00.000Z'; // the time of the passing evidence readyStory records
    const failedAfter = withEvidence(a, 'failed', at);
    const failedFirst = { ...failedAfter, records: [...failedAfter.records].reverse() };
    const before = versionFingerprint([a]);
    expect(versionFingerprint([failedAfter])).not.toBe(before);
    expect(versionFingerprint([failedFirst])).toBe(versionFingerprint([failedAfter]));
  });

  it('ignores evidence recorded outside the QA role, as the qa.evidence rule does', () => {
    const byDev = withEvidence(a, 'failed', '2026-11-29T09:00:00Z', { by: DEV });
    expect(versionFingerprint([byDev])).toBe(versionFingerprint([a]));
  });

  it('makes the go decision stale when QA evidence fails after it', () => {
    const version = { id: '10020', name: '2.0', projectKey: 'ENR' };
    const content = versionFingerprint([a, b]);
    const signed = (role: 'ba' | 'qa' | 'dev', by: Actor): ReleaseRecord => ({
      kind: 'release.signoff',
      role,
      by,
      at: '2026-11-27T10:00:00Z',
      contentFingerprint: content,
      summary: 'Checked.',
      ...(role === 'qa'
        ? { assessment: 'go' as const }
        : role === 'dev'
          ? { assessment: 'low-risk' as const }
          : {}),
    });
    const records: ReleaseRecord[] = [
      signed('ba', BA),
      signed('qa', QA),
      signed('dev', DEV),
      {
        kind: 'release.decision',
        by: PO,
        at: '2026-11-28T09:00:00Z',
        contentFingerprint: content,
        decision: 'go',
        rationale: 'Ship it.',
      },
    ];
    const fresh = evaluate('release', { version, stories: [a, b], records, untrusted: [] }, DEFAULT_POLICY);
    expect(fresh.checks.find((c) => c.rule === 'release.decision')?.outcome).toBe('pass');

    const regressed = withEvidence(b, 'failed', '2026-11-29T09:00:00Z');
    const v = evaluate(
      'release',
      { version, stories: [a, regressed], records, untrusted: [] },
      DEFAULT_POLICY,
    );
    const decision = v.checks.find((c) => c.rule === 'release.decision');
    expect(decision).toMatchObject({ outcome: 'fail' });
    expect(decision?.message).toBe(
      "The version changed after Priya Okafor's go decision on 2026-11-28 — the PO must decide again.",
    );
    expect(v.pass).toBe(false);
  });
});
