import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { demo, type DemoFact } from './demo.js';

describe('readygate demo', () => {
  it('walks the life of a sprint through the real use cases and gates, and says what the data holds', async () => {
    const temps = () => readdirSync(tmpdir()).filter((f) => f.startsWith('readygate-demo-'));
    const tempsBefore = temps();
    const lines: string[] = [];
    const facts: DemoFact[] = [];
    const code = await demo(
      (l) => lines.push(l),
      (f) => facts.push(f),
    );
    const out = lines.join('\n');
    expect(code).toBe(0);
    expect(out).toContain('Policy: signed policy of project ENR.');

    // 1. The panel: not ready, each role acts, ready and mirrored.
    expect(out).toContain('ENR-109  Download a digital member ID card — NOT READY');
    expect(out).toMatch(/✗ ac\.approved: AC not approved by the PO\. → PO/);
    expect(out).toMatch(/✗ qa\.testability-reviewed: .* → QA/);
    expect(out).toContain('Ben Okafor (BA): Saved: Mark AC ready on ENR-109.');
    expect(out).toContain('Priya Shah (PO): Saved: Approve AC on ENR-109.');
    expect(out).toContain('ENR-109  Download a digital member ID card — READY');
    expect(out).toContain('mirror in-sync');

    // 2. Two FUTURE sprints, capacity against the velocity of the closed sprints.
    expect(out).toContain('2. Sprint readiness check: sprint "Enrollment 15" (future)');
    expect(out).toContain("Velocity of the board's last closed sprints: 16, 13, 13 points.");
    expect(out).toContain('ok sprint.capacity: 8 points committed, within 14');
    expect(out).toContain('2. Sprint readiness check: sprint "Fast Track 3" (future)');
    expect(out).toContain('✗  sprint.goal-set: The sprint has no goal. → PO:');
    expect(out).toContain('sprint.capacity: 15 points committed, above the capacity of 9');
    expect(out).not.toContain('active)');

    // 3. The PR gate: the built action, one PR passing and one failing, then the first one stale.
    expect(out).toMatch(
      /PR #41 .*: the action exited 0 \(verdict pass\); job summary:\n {4}│ ### ✅ ReadyGate: Merge gate passed for ENR-109\./,
    );
    expect(out).toMatch(
      /PR #42 .*: the action exited 1 \(verdict fail\); job summary:\n {4}│ ### ❌ ReadyGate: Merge gate failed for ENR-105/,
    );
    expect(out).toMatch(
      /PR #41 re-checked: the action exited 1 \(verdict fail\)[^]*`ac\.approved` \| ❌ AC changed after PO approval on \d{4}-\d{2}-\d{2} — re-approval needed/,
    );
    expect(out).toContain(
      'Commit statuses the action set: aaaaaaa success, bbbbbbb failure, aaaaaaa failure.',
    );

    // 4. Release 2.0: sign-offs and a current go decision, then stale after an issue changes.
    expect(out).toContain('ok release.signoffs: Signed off by BA, QA, Dev.');
    expect(out).toMatch(/ok release\.decision: GO decided by Priya Shah \(PO\)/);
    expect(out).toMatch(/✗ {2}release\.decision: The version changed after Priya Shah \(PO\)'s go decision/);

    // 5. Metrics with bands.
    expect(out).toMatch(/watch {4}Sprint goal achievement: 2 of 3 sprints met their goal/);
    expect(out).toMatch(/warning {2}Backlog readiness at planning: 8 of 11 committed stories/);

    // The same facts as data.
    expect(facts.map((f) => f.step)).toEqual([
      'setup',
      'panel',
      'sprint',
      'sprint',
      'pr',
      'pr',
      'pr-recheck',
      'release',
      'metrics',
    ]);
    expect(facts.find((f) => f.step === 'panel')).toMatchObject({
      before: { ready: false },
      after: { ready: true },
    });
    expect(
      facts.filter((f) => f.step === 'sprint').map((f) => [f['sprint'], f['pass'], f['velocity']]),
    ).toEqual([
      ['sprint "Enrollment 15"', true, [16, 13, 13]],
      ['sprint "Fast Track 3"', false, [10, 8]],
    ]);
    expect(
      facts.filter((f) => f.step.startsWith('pr')).map((f) => [f['pr'], f['exitCode'], f['verdict']]),
    ).toEqual([
      [41, 0, 'pass'],
      [42, 1, 'fail'],
      [41, 1, 'fail'],
    ]);

    // Nothing left behind: the action's temporary files are gone.
    expect(temps()).toEqual(tempsBefore);

    // No secret: no private key, no API token.
    const all = `${out}\n${JSON.stringify(facts)}`;
    expect(all).not.toContain('readygate-ed25519-private:');
    expect(all).not.toContain('demo-token-');
  });
});
