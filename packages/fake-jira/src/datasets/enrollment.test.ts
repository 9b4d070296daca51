import {
  extractCriteria,
  generateKeyPair,
  lintCriteria,
  parseMetricsHistory,
  verify,
} from '@readygate/rules';
import type { GateRecord } from '@readygate/rules';
import { describe, expect, it } from 'vitest';
import { parseDataset } from '../dataset.js';
import { buildEnrollmentDataset, ENROLLMENT_IDS, enrollmentMetricsHistory } from './enrollment.js';

const keys = generateKeyPair();
const now = new Date('2026-11-20T12:00:00.000Z');
const ds = parseDataset(buildEnrollmentDataset({ privateKey: keys.privateKey, now }));
const issue = (key: string) => {
  const i = ds.issues.find((x) => x.key === key);
  if (!i) throw new Error(`no ${key}`);
  return i;
};
const criteria = (key: string) =>
  extractCriteria({ acceptanceCriteria: null, description: { format: 'adf', doc: issue(key).description } });
const verified = (key: string) =>
  verify(issue(key).properties['readygate'], [keys.publicKey], { kind: 'issue', id: issue(key).id, key });
const records = (key: string): Record<string, unknown>[] => {
  const v = verified(key);
  if (!v.ok) throw new Error(v.message);
  return (v.payload as { records: GateRecord[] }).records;
};

describe('the enrollment demo data set', () => {
  it('has the sprint with the goal and the unhealthy sprint without one', () => {
    const sprint = ds.sprints.find((s) => s.id === ENROLLMENT_IDS.sprint);
    expect(sprint).toMatchObject({ name: 'Enrollment 14', state: 'active' });
    expect(sprint?.goal).toContain('no manual staff intervention for standard cases');
    const bad = ds.sprints.find((s) => s.id === ENROLLMENT_IDS.unhealthySprint);
    expect(bad?.goal).toBeUndefined();
    const stories = ds.issues.filter((i) => i.sprints.includes(ENROLLMENT_IDS.unhealthySprint));
    expect(stories).toHaveLength(6);
    const weak = stories.filter((i) => {
      const set = criteria(i.key);
      return set.source === 'none' || lintCriteria(set.criteria).length > 0;
    });
    expect(weak.map((i) => i.key)).toEqual(['ENR-121', 'ENR-122', 'ENR-123']);
    // Planned in a hurry: the quick change arrived the day before planning; nothing has started yet.
    expect(bad?.state).toBe('future');
    const quick = stories.filter((i) => Date.parse(i.created) > now.getTime() - 2 * 86_400_000);
    expect(quick.map((i) => i.key)).toEqual(['ENR-125']);
    expect(stories.every((i) => i.status.category === 'new')).toBe(true);
  });

  it('has a metrics history that agrees with the sprints, issues and release 1.9', () => {
    const parsed = parseMetricsHistory(enrollmentMetricsHistory(now));
    if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('; '));
    for (const h of parsed.value.sprints) {
      const sprint = ds.sprints.find((s) => String(s.id) === h.sprintId);
      expect(sprint).toMatchObject({ name: h.name, state: 'closed', startDate: h.startedAt });
      expect(sprint?.goal ?? null).toBe(h.goal);
      const inSprint = ds.issues.filter((i) => i.sprints.includes(Number(h.sprintId)));
      const recorded = [...h.committed, ...h.addedAfterStart];
      expect(recorded.map((c) => c.key).sort()).toEqual(inSprint.map((i) => i.key).sort());
      for (const c of recorded) expect(c.estimate).toBe(issue(c.key).storyPoints);
    }
    const shipped = ds.issues.filter((i) => i.fixVersions.includes('10010'));
    expect(parsed.value.releases).toMatchObject([{ name: '1.9', storiesShipped: shipped.length }]);
    const released = ds.versions.find((v) => v.id === '10010');
    expect(parsed.value.releases[0]?.releasedAt.slice(0, 10)).toBe(released?.releaseDate);
  });

  it('has a velocity history the capacity checks compare with', () => {
    const velocity = (sprintIds: readonly number[]) =>
      sprintIds.map((id) =>
        ds.issues
          .filter((i) => i.sprints.includes(id) && i.status.category === 'done')
          .reduce((sum, i) => sum + (i.storyPoints ?? 0), 0),
      );
    expect(ds.sprints.filter((s) => s.state === 'closed').map((s) => s.id)).toEqual([37, 38, 39, 40, 41]);
    expect(velocity(ENROLLMENT_IDS.closedSprints)).toEqual([13, 13, 16]);
    expect(velocity(ENROLLMENT_IDS.closedFastTrackSprints)).toEqual([8, 10]);
    const committed = (id: number) =>
      ds.issues.filter((i) => i.sprints.includes(id)).reduce((sum, i) => sum + (i.storyPoints ?? 0), 0);
    expect(committed(ENROLLMENT_IDS.futureSprint)).toBe(8);
    expect(committed(ENROLLMENT_IDS.unhealthySprint)).toBe(15);
    expect(ds.sprints.find((s) => s.id === ENROLLMENT_IDS.futureSprint)).toMatchObject({ state: 'future' });
  });

  it('has ready stories whose records cover the current criteria', () => {
    for (const key of ['ENR-102', 'ENR-103']) {
      const set = criteria(key);
      const recs = records(key);
      expect(recs.find((r) => r.kind === 'ac.approval')).toMatchObject({
        acFingerprint: set.fingerprint,
        by: { role: 'po' },
      });
      expect(recs.find((r) => r.kind === 'testability.review')).toMatchObject({
        acFingerprint: set.fingerprint,
        testable: true,
      });
      expect(recs.find((r) => r.kind === 'qa.evidence')).toMatchObject({
        acFingerprint: set.fingerprint,
        result: 'passed',
        covers: set.criteria.map((c) => c.id),
      });
    }
    expect(criteria('ENR-103').criteria.map((c) => c.kind)).toEqual(['scenario', 'scenario']);
  });

  it('has a QA testability gap, a stale approval, a tampered property and a copied envelope', () => {
    expect(records('ENR-104').find((r) => r.kind === 'testability.review')).toMatchObject({
      testable: false,
      gaps: [expect.stringContaining('Documentation is reviewed')],
    });
    const approval = records('ENR-105').find((r) => r.kind === 'ac.approval');
    expect(approval).toBeDefined();
    expect(approval?.acFingerprint).not.toBe(criteria('ENR-105').fingerprint);
    expect(verified('ENR-106')).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verified('ENR-107')).toMatchObject({ ok: false, reason: 'other-subject' });
  });

  it('has release 2.0 with bugs of every business severity', () => {
    const bugs = ds.issues.filter(
      (i) => i.issuetype.name === 'Bug' && i.fixVersions.includes(ENROLLMENT_IDS.releaseVersionId),
    );
    expect(bugs.map((b) => b.priority).sort()).toEqual(['High', 'Highest', 'Low', 'Medium']);
    expect(ds.versions.find((v) => v.id === ENROLLMENT_IDS.releaseVersionId)?.name).toBe('2.0');
  });

  it('signs a policy into the project property only when one is given', () => {
    expect(ds.projects[0]?.properties).toEqual({});
    const withPolicy = parseDataset(
      buildEnrollmentDataset({ privateKey: keys.privateKey, now, policy: { version: 1 } }),
    );
    const v = verify(withPolicy.projects[0]?.properties['readygate.policy'], [keys.publicKey], {
      kind: 'project',
      id: '10000',
      key: 'ENR',
    });
    expect(v).toMatchObject({ ok: true, payload: { version: 1 } });
  });
});
