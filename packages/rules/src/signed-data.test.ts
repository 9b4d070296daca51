import { describe, expect, it } from 'vitest';
import { generateKeyPair, sign } from './envelope.js';
import { DEFAULT_POLICY } from './policy.js';
import * as z from 'zod';
import {
  POLICY_PROPERTY,
  readIssueRecords,
  readReleaseRecords,
  readSigned,
  readSignedPolicy,
  RECORDS_PROPERTY,
  releaseProperty,
} from './signed-data.js';
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

  it('refuses an edited policy instead of falling back to a weaker default', () => {
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
    expect(r).toEqual({
      ok: false,
      message:
        'The policy of project ENR does not verify (edited or copied outside ReadyGate), so ReadyGate will not judge by it or by a weaker default: a Jira admin saves the policy again in the ReadyGate project settings.',
      issues: [],
    });
  });

  it('says to add the key when the policy is signed by a key the reader was not given', () => {
    const env = sign({ version: 1 }, { kind: 'project', ...project }, generateKeyPair().privateKey);
    const r = readSignedPolicy(env, keys, project);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.message).toMatch(/signed by a key this reader was not given: Dev, add the current public key/);
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

describe('readSigned', () => {
  const subject = { kind: 'project' as const, ...project };
  const Payload = z.object({ n: z.number() });
  const other = generateKeyPair();

  it('names every property the app writes', () => {
    expect([RECORDS_PROPERTY, POLICY_PROPERTY, releaseProperty('10011')]).toEqual([
      'readygate',
      'readygate.policy',
      'readygate.release.10011',
    ]);
  });

  it('reads no property as no value, and a verified payload through its schema', () => {
    expect(readSigned(undefined, keys, subject, Payload)).toEqual({ ok: true, value: null, envelope: null });
    const env = sign({ n: 1 }, subject, pair.privateKey);
    expect(readSigned(env, keys, subject, Payload)).toMatchObject({ ok: true, value: { n: 1 } });
  });

  it('verifies with any key of the list, for key rotation', () => {
    const env = sign({ n: 2 }, subject, other.privateKey);
    expect(readSigned(env, [pair.publicKey, other.publicKey], subject, Payload)).toMatchObject({
      ok: true,
      value: { n: 2 },
    });
    expect(readSigned(env, keys, subject, Payload)).toMatchObject({
      ok: false,
      untrusted: { reason: 'unknown-key' },
    });
  });

  it('does not trust a verified payload its schema rejects', () => {
    const env = sign({ n: 'one' }, subject, pair.privateKey);
    expect(readSigned(env, keys, subject, Payload)).toEqual({
      ok: false,
      untrusted: {
        reason: 'malformed',
        message:
          'The ReadyGate record on project ENR is signed but holds records this version of ReadyGate cannot read; update ReadyGate.',
      },
    });
  });
});

describe('records dated after their signature', () => {
  const issue = { id: '10042', key: 'ENR-42' };
  const signedAt = new Date('2026-11-21T10:00:00Z');
  const approval = { kind: 'ac.approval', by: PO, at: '2026-11-20T09:00:00Z', acFingerprint: 'ac2:abc' };

  it('trusts records dated up to the signature', () => {
    const env = sign({ records: [approval] }, { kind: 'issue', ...issue }, pair.privateKey, signedAt);
    expect(readIssueRecords(env, keys, issue)).toEqual({ records: [approval], untrusted: [] });
  });

  it('does not trust an issue envelope holding a record dated after it was signed', () => {
    const late = { ...approval, at: '2026-12-01T09:00:00Z' };
    const env = sign({ records: [approval, late] }, { kind: 'issue', ...issue }, pair.privateKey, signedAt);
    expect(readIssueRecords(env, keys, issue)).toEqual({
      records: [],
      untrusted: [
        {
          reason: 'future-dated',
          message:
            'The ReadyGate record on issue ENR-42 (id 10042) holds a record dated 2026-12-01T09:00:00Z, after the envelope was signed (2026-11-21T10:00:00.000Z), so it was not recorded by ReadyGate as it reads.',
        },
      ],
    });
  });

  it('does not trust release records dated after their signature either', () => {
    const version = { projectKey: 'ENR', versionId: '10011' };
    const decision = {
      kind: 'release.decision',
      by: PO,
      at: '2026-11-28T09:00:00Z',
      contentFingerprint: 'v2:abc',
      decision: 'go',
      rationale: 'Ship it.',
    };
    const env = sign({ records: [decision] }, { kind: 'version', ...version }, pair.privateKey, signedAt);
    expect(readReleaseRecords(env, keys, version).untrusted).toEqual([
      expect.objectContaining({ reason: 'future-dated' }),
    ]);
  });
});
