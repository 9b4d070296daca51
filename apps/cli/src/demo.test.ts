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

    // 3. Starting the unhealthy sprint: every unready story back to the backlog, one comment each, though the
    //    event and every job were delivered twice.
    expect(out).toContain('3. Starting sprint "Fast Track 3": unready stories go back to the backlog');
    expect(out).toContain(
      "The app's policy and the signed project policy say sprint.enforcement: move-to-backlog.",
    );
    const fastTrack = ['ENR-120', 'ENR-121', 'ENR-122', 'ENR-123', 'ENR-124', 'ENR-125'];
    expect(out).toContain(
      `Back in the backlog: ${fastTrack.join(', ')}; left in the sprint (read back from Jira): none.`,
    );
    for (const k of fastTrack)
      expect(out).toContain(
        `${k} received one comment:\n    ReadyGate moved this story back to the backlog when sprint "Fast Track 3" started: it is not ready.`,
      );
    expect(out).toMatch(/ENR-123 received one comment:\n.*\n {4}• BA: AC missing[^]*• Dev: No estimate\./);
    expect(out).toMatch(
      /The event was delivered 2 times and every queued job ran 2 times \(\d+ runs\): 6 stories moved and 6 comments written — each story moved and commented once\./,
    );
    const start = facts.find((f) => f.step === 'sprint-start');
    expect(start).toMatchObject({
      enforcement: 'move-to-backlog',
      planned: fastTrack,
      moved: fastTrack,
      remaining: [],
      deliveries: 2,
      moves: 6,
      commentsWritten: 6,
    });
    expect(
      (start?.['comments'] as { key: string; comments: number }[]).map((c) => [c.key, c.comments]),
    ).toEqual(fastTrack.map((k) => [k, 1]));

    // 4. The PR gate: the built action, one PR passing and one failing, then the first one stale.
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

    // 5. Release 2.0 through the app's release use cases: sign-offs by the role holders and a current go
    //    decision, then stale after an issue changes, on the app's checklist and in the rules' release gate alike.
    expect(out).toContain('5. Release go/no-go: version 2.0');
    expect(out).toContain(
      'Dana Kim (Dev) tries to sign off as QA and is refused: Only the QA can sign off as QA for version 2.0 (you hold Dev)',
    );
    expect(out).toMatch(
      /sign-offs by the role holders and the PO's decision:\n {4}BA sign-off by Ben Okafor \(BA\): [^\n]*\.\n {4}QA sign-off by Quinn Alvarez \(QA\) \[concerns\]: [^\n]*\.\n {4}Dev sign-off by Dana Kim \(Dev\) \[low-risk\]: [^\n]*\.\n {4}Decision: GO by Priya Shah \(PO\)\n/,
    );
    expect(out).toMatch(
      /The checklist now:\n {4}BA sign-off [^\n]* — STALE\n {4}QA sign-off [^\n]* — STALE\n {4}Dev sign-off [^\n]* — STALE\n {4}Decision: GO by Priya Shah \(PO\) — STALE/,
    );
    expect(out).toContain('ok release.signoffs: Signed off by BA, QA, Dev.');
    expect(out).toMatch(/ok release\.decision: GO decided by Priya Shah \(PO\)/);
    expect(out).toMatch(/✗ {2}release\.decision: The version changed after Priya Shah \(PO\)'s go decision/);

    // 6. Metrics with bands.
    expect(out).toMatch(/watch {4}Sprint goal achievement: 2 of 3 sprints met their goal/);
    expect(out).toMatch(/warning {2}Backlog readiness at planning: 8 of 11 committed stories/);

    // The same facts as data.
    expect(facts.map((f) => f.step)).toEqual([
      'setup',
      'panel',
      'sprint',
      'sprint',
      'sprint-start',
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

    expect(facts.find((f) => f.step === 'release')).toMatchObject({
      refused: { code: 'forbidden-role' },
      signoffs: {
        ba: { by: 'Ben Okafor (BA)', stale: false },
        qa: { by: 'Quinn Alvarez (QA)', stale: false },
        dev: { by: 'Dana Kim (Dev)', stale: false },
      },
      decision: { decision: 'go', by: 'Priya Shah (PO)', stale: false },
      afterChange: {
        signoffs: { ba: { stale: true }, qa: { stale: true }, dev: { stale: true } },
        decisionStale: true,
      },
    });
    const outcomes = (checks: unknown) =>
      Object.fromEntries((checks as { rule: string; outcome: string }[]).map((c) => [c.rule, c.outcome]));
    const rel = facts.find((f) => f.step === 'release');
    expect(outcomes(rel?.['decided'])).toMatchObject({
      'release.signoffs': 'pass',
      'release.decision': 'pass',
    });
    expect(outcomes((rel?.['afterChange'] as { checks: unknown }).checks)).toMatchObject({
      'release.signoffs': 'fail',
      'release.decision': 'fail',
    });

    // Nothing left behind: the action's temporary files are gone.
    expect(temps()).toEqual(tempsBefore);

    // No secret: no private key, no API token.
    const all = `${out}\n${JSON.stringify(facts)}`;
    expect(all).not.toContain('readygate-ed25519-private:');
    expect(all).not.toContain('demo-token-');
  });
});
