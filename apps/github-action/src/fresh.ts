/**
 * Fresh answers: with `readygate-url` and `readygate-token`, the action asks the ReadyGate app's CI web trigger
 * for the CURRENT records and policy (from the app's storage), signed together with a nonce of this run and the
 * time, and judges with them instead of the Jira properties — which anyone who may edit the issue can set back
 * to an older, validly signed copy. The request goes out at the same time as the Jira search (one round trip).
 */
import { randomBytes } from 'node:crypto';
import { httpSend, HttpSendError, type LoadedStories, type StoryPolicy } from '@readygate/jira';
import {
  canonicalJson,
  DEFAULT_POLICY,
  parsePolicy,
  readCiAnswer,
  type CiAnswerPayload,
  type Policy,
  ReadyGateError,
} from '@readygate/rules';
import type { Config } from './inputs.js';

/** The fresh answer is missing, late, stale or does not verify: the check fails with this one line. */
export class FreshnessError extends ReadyGateError<'fresh.refused'> {
  constructor(message: string) {
    super('fresh.refused', message);
  }
}

/** Oldest answer accepted (the runner's and the app's clocks may differ by up to a minute more). */
export const FRESH_MAX_AGE_MS = 300_000;
/** Time the web trigger has to answer: a few storage reads; Forge allows it 55 s. */
const FRESH_TIMEOUT_MS = 25_000;
/** Kept back from the run's deadline (which already keeps 5 s for reporting), so a late answer says so itself. */
const FRESH_MARGIN_MS = 7_000;

/** The line that tells a user, without the inputs, what the check cannot see. */
export const NO_FRESHNESS_WARNING =
  'ReadyGate judged the records mirrored on the Jira issues and project: a replayed older record (put back by someone who can edit the issue) cannot be detected without the inputs readygate-url and readygate-token — set them for required checks (see the README).';

/** What a fresh answer says about one run's stories, policies and release. */
export interface FreshAnswer {
  readonly payload: CiAnswerPayload;
  /** The project's current policy, as the app holds it. */
  readonly policy: StoryPolicy;
}

function where(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'readygate-url';
  }
}

/**
 * Asks the web trigger and verifies the answer: signature (the public keys), the nonce of this request, its age.
 * @throws FreshnessError with one line: which check failed and who fixes it.
 */
export async function askFresh(
  config: Config,
  request: { readonly keys?: readonly string[]; readonly versionId?: string },
  signal: AbortSignal,
  now: () => Date = () => new Date(),
): Promise<FreshAnswer> {
  const fresh = config.fresh;
  if (fresh === null) throw new FreshnessError('readygate-url is not set.');
  const nonce = randomBytes(24).toString('base64url');
  const host = where(fresh.url);
  const timeoutMs = Math.max(1_000, Math.min(FRESH_TIMEOUT_MS, config.timeoutMs - FRESH_MARGIN_MS));
  let res;
  try {
    res = await httpSend({
      method: 'POST',
      url: fresh.url,
      headers: {
        authorization: `Bearer ${fresh.token}`,
        'content-type': 'application/json',
        'user-agent': 'readygate-github-action',
      },
      body: JSON.stringify({
        nonce,
        keys: request.keys ?? [],
        ...(request.versionId === undefined ? {} : { versionId: request.versionId }),
      }),
      signal,
      timeoutMs,
      maxBodyBytes: 4 * 1024 * 1024,
    });
  } catch (e) {
    if (signal.aborted) throw e;
    const reason = e instanceof HttpSendError ? e.reason : 'error';
    if (reason === 'timeout')
      throw new FreshnessError(
        `The ReadyGate app's CI web trigger at ${host} did not answer within ${Math.round(timeoutMs / 1000)} s (late answer), so the records cannot be checked as current: Dev, re-run the job; if it persists, a Jira admin should check the ReadyGate app.`,
      );
    throw new FreshnessError(
      `The ReadyGate app's CI web trigger at ${host} could not be reached (${reason}), so the records cannot be checked as current (missing answer): Dev, check input readygate-url against the URL on the ReadyGate project settings page in Jira.`,
    );
  }
  if (res.status === 401)
    throw new FreshnessError(
      `The ReadyGate app refused readygate-token (HTTP 401: unknown, revoked or mistyped), so the records cannot be checked as current: Dev, put a live CI token in the secret (a project admin issues one on the ReadyGate settings page in Jira).`,
    );
  if (res.status !== 200) {
    // The first line of what it said, without the token should a proxy echo the Authorization header.
    const said = (res.body.split('\n', 1)[0] ?? '')
      .split(fresh.token)
      .join('***')
      .slice(0, 200)
      .replace(/[^\x20-\x7e]/g, '');
    throw new FreshnessError(
      res.status === 404 || res.status === 405
        ? `The ReadyGate app's CI web trigger was not found at readygate-url (HTTP ${res.status}): Dev, copy the URL from the ReadyGate project settings page in Jira.`
        : `The ReadyGate app's CI web trigger answered HTTP ${res.status}${said ? ` (${said})` : ''}, so the records cannot be checked as current (missing answer): Jira admin, check the ReadyGate app; Dev, re-run the job afterwards.`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(res.body);
  } catch {
    value = null;
  }
  const read = readCiAnswer(value, {
    keys: config.publicKeys,
    nonce,
    now: now(),
    maxAgeMs: FRESH_MAX_AGE_MS,
  });
  if (!read.ok) {
    const fix =
      read.reason === 'unknown-key'
        ? 'Dev, add the current public key from the ReadyGate project settings page to input public-key'
        : read.reason === 'stale' || read.reason === 'future'
          ? "Dev, check the runner's clock and any cache between the runner and Jira; Jira admin, check the ReadyGate app"
          : 'Dev, check any proxy between the runner and Jira (the answer was altered or replayed); Jira admin, check the ReadyGate app';
    throw new FreshnessError(`${read.message} (answer does not verify): ${fix}.`);
  }
  return { payload: read.payload, policy: policyOf(read.payload) };
}

function policyOf(payload: CiAnswerPayload): StoryPolicy {
  const source = `current policy of project ${payload.project.key} (ReadyGate app)`;
  if (payload.policy === null) return { policy: DEFAULT_POLICY, source };
  const parsed = parsePolicy(payload.policy);
  if (!parsed.ok)
    throw new FreshnessError(
      `The current policy of project ${payload.project.key} is not one this version of the action understands (${parsed.issues[0]?.message ?? 'invalid'}): Dev, update the ReadyGate action to the version that matches the app.`,
    );
  return { policy: parsed.value, source };
}

const same = (a: Policy, b: Policy): boolean => canonicalJson(a) === canonicalJson(b);

/**
 * The stories judged with the fresh answer: each story's records replaced by the app's current ones, and the
 * token's project's policy by its current one (unless a policy file judges every story). Returns the problems
 * that fail the check: a Jira copy that is not the current one, a story the answer does not cover.
 */
export function applyFresh(
  loaded: LoadedStories,
  answer: FreshAnswer,
  fromFile: boolean,
): { loaded: LoadedStories; problems: string[] } {
  const { payload } = answer;
  const problems: string[] = [];
  const policies = new Map<string, StoryPolicy>(loaded.policies);
  const project = payload.project.key;
  const mirrored = loaded.policies.get(project);
  if (!fromFile && mirrored !== undefined) {
    if (!same(mirrored.policy, answer.policy.policy))
      problems.push(
        `the ReadyGate policy of project ${project} on Jira is not the current one (the app holds another; ${mirrored.source} was read from Jira): someone put an older or different copy back — Jira admin (project admin), open the ReadyGate settings page of ${project}, which signs the current policy again; the current policy was applied`,
      );
    policies.set(project, answer.policy);
  }
  const byKey = new Map(payload.issues.map((i) => [i.key, i]));
  const stories = loaded.stories.map((s) => {
    const key = s.story.key;
    const current = byKey.get(key);
    if (current === undefined || current.id !== s.story.id) {
      problems.push(
        payload.outside.includes(key)
          ? `${key} is not in project ${project}, the only project readygate-token answers for: Dev, link stories of ${project} only, or run a second ReadyGate step with a token of ${key.slice(0, key.lastIndexOf('-'))}`
          : `the ReadyGate app did not answer for ${key} (id ${s.story.id}) though Jira returned it: Dev, re-run the job; if it persists, a Jira admin should check the ReadyGate app`,
      );
      return s;
    }
    if (s.story.untrusted.length > 0 || canonicalJson(s.story.records) !== canonicalJson(current.records))
      problems.push(
        `the ReadyGate record on ${key} is not the current one (the issue shows ${s.story.untrusted.length > 0 ? 'a copy that does not verify' : `${s.story.records.length} records, the app holds ${current.records.length}`}): someone put an older or edited copy back — anyone who can see ${key}, open its ReadyGate panel in Jira, which restores the current record; ${key} was judged by the app's current records`,
      );
    const policy = s.policy === mirrored && !fromFile ? answer.policy : s.policy;
    return { ...s, story: { ...s.story, records: current.records, untrusted: [] }, policy };
  });
  return { loaded: { ...loaded, stories, policies }, problems };
}
