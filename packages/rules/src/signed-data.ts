import { verify, type PublicKey } from './envelope.js';
import { DEFAULT_POLICY, parsePolicy, type Policy } from './policy.js';
import type { Problem } from './result.js';
import { ReleaseRecordsPayloadSchema, type ReleaseRecord } from './records.js';
import type { UntrustedRecord } from './story.js';

/** The Jira project property where the app keeps the project's signed policy. */
export const POLICY_PROPERTY = 'readygate.policy';

/** The Jira project property where the app keeps a version's signed release records. */
export function releaseProperty(versionId: string): string {
  return `readygate.release.${versionId}`;
}

/** The policy a reader should apply, where it came from, and what the user should know about that choice. */
export type SignedPolicy =
  | { readonly ok: true; readonly policy: Policy; readonly source: string; readonly warning?: string }
  | { readonly ok: false; readonly message: string; readonly issues: readonly Problem[] };

/**
 * Turns the value of the project's `readygate.policy` property (a signed envelope, or `null` when absent)
 * into the policy to apply. An envelope that does not verify is not used — an edited property must not
 * weaken the gate — and the default applies with a warning. A verified policy that does not parse (the app
 * is newer than this reader) is an error, since guessing would judge stories by rules nobody chose.
 */
export function readSignedPolicy(
  value: unknown,
  keys: readonly PublicKey[],
  project: { readonly id: string; readonly key: string },
): SignedPolicy {
  if (value === null || value === undefined)
    return { ok: true, policy: DEFAULT_POLICY, source: 'built-in default policy' };
  const checked = verify(value, keys, { kind: 'project', id: project.id, key: project.key });
  if (!checked.ok) {
    return {
      ok: true,
      policy: DEFAULT_POLICY,
      source: 'built-in default policy',
      warning: `${checked.message} The built-in default policy applies instead; a Jira admin should save the policy again in the ReadyGate project settings.`,
    };
  }
  const parsed = parsePolicy(checked.payload);
  if (!parsed.ok) {
    const first = parsed.issues[0]?.message ?? 'invalid';
    return {
      ok: false,
      message: `The signed policy of project ${project.key} is not one this reader understands (${first}): update it to the version that matches the ReadyGate app.`,
      issues: parsed.issues,
    };
  }
  return { ok: true, policy: parsed.value, source: `signed policy of project ${project.key}` };
}

/** Reads a version's signed release records; an envelope that does not verify counts as no record and says why. */
export function readReleaseRecords(
  value: unknown,
  keys: readonly PublicKey[],
  version: { readonly projectKey: string; readonly versionId: string },
): { records: ReleaseRecord[]; untrusted: UntrustedRecord[] } {
  if (value === null || value === undefined) return { records: [], untrusted: [] };
  const checked = verify(value, keys, {
    kind: 'version',
    projectKey: version.projectKey,
    versionId: version.versionId,
  });
  if (!checked.ok) return { records: [], untrusted: [{ reason: checked.reason, message: checked.message }] };
  const payload = ReleaseRecordsPayloadSchema.safeParse(checked.payload);
  if (!payload.success) {
    return {
      records: [],
      untrusted: [
        {
          reason: 'malformed',
          message: `The release records of version ${version.versionId} are signed but not in a format this reader understands: update it to match the ReadyGate app.`,
        },
      ],
    };
  }
  return { records: payload.data.records, untrusted: [] };
}
