import { describe, expect, it } from 'vitest';
import { generateKeyPair, sign } from './envelope.js';
import { DEFAULT_POLICY } from './policy.js';
import { readReleaseRecords, readSignedPolicy } from './signed-data.js';
import { PO } from './test-support/stories.js';

const pair = generateKeyPair();
const keys = [pair.publicKey];
const project = { id: '10000', key: 'ENR' };

describe('readSignedPolicy', () => {
  it('applies the default when the project has no policy', () => {
    expect(readSignedPolicy(null, keys, project)).toEqual({
      ok: true,
      policy: DEFAULT_POLICY,
      source: 'built-in default policy',
    });
  });

  it('applies a verified policy', () => {
    const env = sign(
      { version: 1, sprint: { enforcement: 'report-only' } },
      { kind: 'project', ...project },
      pair.privateKey,
    );
    const r = readSignedPolicy(JSON.parse(JSON.stringify(env)), keys, project);
    expect(r.ok && r.policy.sprint.enforcement).toBe('report-only');
    expect(r.ok && r.source).toBe('signed policy of project ENR');
  });

  it('falls back to the default, with a warning, when the property was edited', () => {
    const env = sign(
      { version: 1, gates: { merge: { issueTypes: ['Story'], rules: [] } } },
      { kind: 'project', ...project },
      pair.privateKey,
    );
    const weakened = {
      ...env,
      payload: { version: 1, gates: { merge: { issueTypes: ['Nothing'], rules: [] } } },
    };
    const r = readSignedPolicy(weakened, keys, project);
    expect(r).toMatchObject({ ok: true, policy: DEFAULT_POLICY });
    expect(r.ok && r.warning).toMatch(
      /^The ReadyGate record on project ENR was edited outside ReadyGate .* a Jira admin should save the policy again/,
    );
  });

  it('refuses a verified policy it cannot parse, naming the path', () => {
    const env = sign(
      { version: 1, gates: { merge: { issueTypes: ['Story'], rules: [{ id: 'ac.future-rule' }] } } },
      { kind: 'project', ...project },
      pair.privateKey,
    );
    const r = readSignedPolicy(env, keys, project);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.message).toMatch(
        /^The signed policy of project ENR is not one this reader understands \(gates\.merge\.rules\[0\]\.id: unknown rule 'ac\.future-rule'/,
      );
  });
});

describe('readReleaseRecords', () => {
  const version = { projectKey: 'ENR', versionId: '10011' };
  const decision = {
    kind: 'release.decision',
    by: PO,
    at: '2026-11-28T09:00:00Z',
    contentFingerprint: 'v1:abc',
    decision: 'go',
    rationale: 'Ship it.',
  };

  it('returns the verified records', () => {
    const env = sign({ records: [decision] }, { kind: 'version', ...version }, pair.privateKey);
    expect(readReleaseRecords(env, keys, version)).toEqual({ records: [decision], untrusted: [] });
  });

  it('counts records signed for another version as none, saying so', () => {
    const env = sign(
      { records: [decision] },
      { kind: 'version', projectKey: 'ENR', versionId: '10010' },
      pair.privateKey,
    );
    const r = readReleaseRecords(env, keys, version);
    expect(r.records).toEqual([]);
    expect(r.untrusted[0]).toMatchObject({ reason: 'other-subject' });
  });

  it('counts a signed payload of an unknown shape as malformed', () => {
    const env = sign(
      { records: [{ kind: 'release.party' }] },
      { kind: 'version', ...version },
      pair.privateKey,
    );
    expect(readReleaseRecords(env, keys, version).untrusted[0]).toMatchObject({ reason: 'malformed' });
  });
});
