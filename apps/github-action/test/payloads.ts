// Event payloads for the tests, taken from @octokit/webhooks-examples and adjusted to the test repository.
// `edited` and `pull_request_target` are derived from `opened`; a PR comment from an issue comment.
import { createRequire } from 'node:module';
import type { FakePull } from './fake-github.js';

const require = createRequire(import.meta.url);
// Webhook examples are arbitrary JSON; the tests only copy and override parts of them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;
const index = require('@octokit/webhooks-examples') as { name: string; examples: Obj[] }[];

function example(name: string, pick: (e: Obj) => boolean = () => true): Obj {
  const found = index.find((e) => e.name === name)?.examples.find(pick);
  if (!found) throw new Error(`no ${name} example`);
  return structuredClone<Obj>(found);
}

export const REPO = 'octo-org/enrollment';

function repository(p: Obj): Obj {
  const r = p['repository'] as Obj;
  return { ...r, full_name: REPO, name: 'enrollment', owner: { ...(r['owner'] as Obj), login: 'octo-org' } };
}

let sha = 0x100000;
/** A fresh 40-hex SHA. */
export function nextSha(): string {
  sha += 1;
  return sha.toString(16).padStart(40, 'a');
}

export interface PullSpec {
  number: number;
  branch: string;
  title: string;
  body?: string | null;
  headSha?: string;
  /** Head repository when it is a fork. */
  fork?: string;
}

/** The PR as the REST API and the payload show it. */
export function pull(spec: PullSpec): FakePull & Obj {
  const base = example('pull_request', (e) => e['action'] === 'opened')['pull_request'] as Obj;
  const out: FakePull & Obj = {
    ...base,
    number: spec.number,
    title: spec.title,
    body: spec.body ?? null,
    head: {
      ...base.head,
      ref: spec.branch,
      sha: spec.headSha ?? nextSha(),
      repo: { ...base.head.repo, full_name: spec.fork ?? REPO },
    },
    base: { ...base.base, ref: 'main', sha: nextSha(), repo: { ...base.base.repo, full_name: REPO } },
  };
  return out;
}

/** A `pull_request` (or `pull_request_target`) payload for an action. */
export function pullRequestEvent(
  pr: FakePull,
  action: 'opened' | 'edited' | 'synchronize' | 'reopened' | 'ready_for_review' = 'opened',
): Obj {
  const p = example('pull_request', (e) => e['action'] === 'opened');
  const out: Obj = { ...p, action, number: pr.number, pull_request: pr, repository: repository(p) };
  if (action === 'edited') out['changes'] = { title: { from: 'Old title' } };
  return out;
}

/** An `issue_comment` payload on a PR. */
export function prCommentEvent(number: number, body: string): Obj {
  const p = example('issue_comment', (e) => e['action'] === 'created');
  return {
    ...p,
    issue: {
      ...p['issue'],
      number,
      pull_request: { url: `https://api.github.com/repos/${REPO}/pulls/${number}` },
    },
    comment: { ...p['comment'], body },
    repository: repository(p),
  };
}

/** A `merge_group` payload. */
export function mergeGroupEvent(group: {
  headSha: string;
  baseSha: string;
  pr: number;
  message: string;
}): Obj {
  const p = example('merge_group');
  return {
    ...p,
    merge_group: {
      ...p['merge_group'],
      head_sha: group.headSha,
      base_sha: group.baseSha,
      head_ref: `refs/heads/gh-readonly-queue/main/pr-${group.pr}-${group.baseSha}`,
      head_commit: { ...p['merge_group'].head_commit, id: group.headSha, message: group.message },
    },
    repository: repository(p),
  };
}

/** A `workflow_dispatch` payload with the `pull-request` input. */
export function workflowDispatchEvent(number: number): Obj {
  const p = example('workflow_dispatch');
  return { ...p, inputs: { 'pull-request': String(number) }, repository: repository(p) };
}

/** A `repository_dispatch` payload of type readygate-recheck. */
export function repositoryDispatchEvent(number: number): Obj {
  const p = example('repository_dispatch');
  return {
    ...p,
    action: 'readygate-recheck',
    client_payload: { pull_request: number },
    repository: repository(p),
  };
}
