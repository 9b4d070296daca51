import { describe, expect, it } from 'vitest';
import { demo } from './demo.js';

describe('readygate demo', () => {
  it('judges the enrollment sprint, a PR, tampered records and the release through the fake Jira', async () => {
    const lines: string[] = [];
    const code = await demo((l) => lines.push(l));
    const out = lines.join('\n');
    expect(code).toBe(0);
    expect(out).toContain('Policy: signed policy of project ENR.');
    expect(out).toMatch(
      /ENR-102 {2}Enroll a dependent during open enrollment {2}\[pass\] \(AC approved by Priya Shah \(PO\) on \d{4}-\d{2}-\d{2}\)/,
    );
    expect(out).toMatch(
      /ENR-105 .*\[FAIL\]\n.*ac\.approved: AC changed after PO approval on \d{4}-\d{2}-\d{2} — re-approval needed\. → PO:/,
    );
    expect(out).toContain('qa.testability-reviewed: QA found 1 testability gap');
    expect(out).toContain('✗  sprint.goal-set: The sprint has no goal. → PO:');
    expect(out).toContain(
      'record.trusted: The ReadyGate record on issue ENR-106 (id 10106) was edited outside ReadyGate',
    );
    expect(out).toContain('was signed for issue ENR-102 (id 10102) and copied here');
    expect(out).toContain('Merge gate failed for ENR-102, ENR-103, ENR-105: 1 of 3 stories failing.');
    expect(out).toContain('(1 Jira request for 3 stories)');
    expect(out).toMatch(/FAIL {2}Release gate failed for version 2\.0: .*release\.decision/);
    expect(out).toContain(
      'release.defects: Open defects at a blocking or unset severity: ENR-130 (Highest), ENR-131 (High).',
    );
    expect(out).not.toContain('readygate-ed25519-private:');
    expect(out).not.toContain('demo-token-');
  });
});
