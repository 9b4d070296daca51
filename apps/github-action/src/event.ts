/**
 * Turns the workflow's event (name + payload file) into what to check. Payloads are parsed with zod at
 * this boundary; only the fields read are declared.
 */
import { ReadyGateError } from '@readygate/rules';
import * as z from 'zod';
import { PullRequestSchema, type PullRequest } from './github.js';

/** What one run checks. */
export type Target =
  | {
      readonly kind: 'pull-request';
      readonly number: number;
      /** The PR from the payload; absent for re-checks, which must read it first. */
      readonly pull: PullRequest | null;
      /** True when a Jira change (not a PR change) started this run. */
      readonly recheck: boolean;
      readonly trigger: string;
    }
  | {
      readonly kind: 'merge-group';
      readonly headSha: string;
      readonly baseSha: string;
      readonly headRef: string;
      readonly headCommitMessage: string;
    }
  /** Nothing to check (a comment that is not a command, a closed PR): the run ends with a notice. */
  | { readonly kind: 'skip'; readonly reason: string };

/** Why the event could not be understood. */
export class EventError extends ReadyGateError<'event.unsupported'> {
  constructor(message: string) {
    super('event.unsupported', message);
  }
}

/** The command a PR comment must start with to re-check. */
export const RECHECK_COMMAND = '/readygate recheck';
/** The `repository_dispatch` type that re-checks. */
export const RECHECK_DISPATCH = 'readygate-recheck';

/** A schema built on first use: building zod schemas is start-up time, and a run reads one kind of event. */
function lazy<T>(build: () => T): () => T {
  let schema: T | undefined;
  return () => (schema ??= build());
}

const PullRequestEventSchema = lazy(() => z.object({ action: z.string(), pull_request: PullRequestSchema }));

const IssueCommentEventSchema = lazy(() =>
  z.object({
    action: z.string(),
    issue: z.object({ number: z.number().int(), pull_request: z.object({}).loose().optional() }),
    comment: z.object({ body: z.string().nullable() }),
  }),
);

const PrNumber = lazy(() =>
  z.union([
    z.number().int().positive(),
    z
      .string()
      .trim()
      .regex(/^#?[1-9][0-9]{0,9}$/)
      .transform((s) => Number(s.replace('#', ''))),
  ]),
);

const WorkflowDispatchSchema = lazy(() =>
  z.object({ inputs: z.record(z.string(), z.unknown()).nullable().optional() }),
);

const RepositoryDispatchSchema = lazy(() =>
  z.object({
    action: z.string(),
    client_payload: z.object({ pull_request: z.unknown() }).loose().nullable().optional(),
  }),
);

const MergeGroupEventSchema = lazy(() =>
  z.object({
    action: z.string(),
    merge_group: z.object({
      head_sha: z.string(),
      head_ref: z.string(),
      base_sha: z.string(),
      head_commit: z.object({ message: z.string() }).nullable().optional(),
    }),
  }),
);

function parse<T>(schema: z.ZodType<T>, payload: unknown, event: string): T {
  const r = schema.safeParse(payload);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  const at = first && first.path.length > 0 ? first.path.join('.') : 'the top level';
  throw new EventError(
    `The ${event} event payload is not as expected at ${at}; is this a GitHub Actions event?`,
  );
}

/** Reads the event a run was started by. */
export function readEvent(eventName: string, payload: unknown): Target {
  switch (eventName) {
    case 'pull_request':
    case 'pull_request_target': {
      const e = parse(PullRequestEventSchema(), payload, eventName);
      if (e.action === 'closed')
        return {
          kind: 'skip',
          reason: `pull request #${e.pull_request.number} is closed; nothing to check.`,
        };
      return {
        kind: 'pull-request',
        number: e.pull_request.number,
        pull: e.pull_request,
        recheck: false,
        trigger: `${eventName}.${e.action}`,
      };
    }
    case 'issue_comment': {
      const e = parse(IssueCommentEventSchema(), payload, eventName);
      if (!e.issue.pull_request)
        return { kind: 'skip', reason: `#${e.issue.number} is an issue, not a pull request.` };
      if (e.action !== 'created')
        return {
          kind: 'skip',
          reason: `only new comments can ask for a re-check (this one was ${e.action}).`,
        };
      const first =
        (e.comment.body ?? '').trimStart().slice(0, 200).split(/\r?\n/, 1)[0]?.trim().toLowerCase() ?? '';
      if (first !== RECHECK_COMMAND && !first.startsWith(`${RECHECK_COMMAND} `)) {
        return { kind: 'skip', reason: `the comment is not "${RECHECK_COMMAND}".` };
      }
      return {
        kind: 'pull-request',
        number: e.issue.number,
        pull: null,
        recheck: true,
        trigger: 'issue_comment',
      };
    }
    case 'workflow_dispatch': {
      const e = parse(WorkflowDispatchSchema(), payload, eventName);
      const n = PrNumber().safeParse(e.inputs?.['pull-request']);
      if (!n.success) {
        throw new EventError(
          'workflow_dispatch needs a "pull-request" input with the pull request number; add it under on.workflow_dispatch.inputs (see docs/examples/recheck.yml).',
        );
      }
      return {
        kind: 'pull-request',
        number: n.data,
        pull: null,
        recheck: true,
        trigger: 'workflow_dispatch',
      };
    }
    case 'repository_dispatch': {
      const e = parse(RepositoryDispatchSchema(), payload, eventName);
      if (e.action !== RECHECK_DISPATCH)
        return {
          kind: 'skip',
          reason: `repository_dispatch type "${e.action.slice(0, 60)}" is not "${RECHECK_DISPATCH}".`,
        };
      const n = PrNumber().safeParse(e.client_payload?.pull_request);
      if (!n.success) {
        throw new EventError(
          `repository_dispatch "${RECHECK_DISPATCH}" needs client_payload.pull_request with the pull request number.`,
        );
      }
      return {
        kind: 'pull-request',
        number: n.data,
        pull: null,
        recheck: true,
        trigger: 'repository_dispatch',
      };
    }
    case 'merge_group': {
      const e = parse(MergeGroupEventSchema(), payload, eventName);
      if (e.action !== 'checks_requested')
        return { kind: 'skip', reason: `merge group event "${e.action}" needs no check.` };
      const g = e.merge_group;
      return {
        kind: 'merge-group',
        headSha: g.head_sha,
        baseSha: g.base_sha,
        headRef: g.head_ref,
        headCommitMessage: g.head_commit?.message ?? '',
      };
    }
    default:
      throw new EventError(
        `ReadyGate does not run on "${eventName.slice(0, 60)}" events in pull-request mode; use pull_request, pull_request_target, merge_group, issue_comment, workflow_dispatch or repository_dispatch (or mode: release).`,
      );
  }
}

/** True when a PR's head lives in another repository (a fork). */
export function isFork(pull: PullRequest): boolean {
  const head = pull.head.repo?.full_name;
  return head === undefined || head.toLowerCase() !== (pull.base.repo?.full_name ?? '').toLowerCase();
}

/** PR numbers named in a merge queue's ref and commit messages (`gh-readonly-queue/main/pr-12-…`, `(#12)`). */
export function mergeGroupPulls(headRef: string, messages: readonly string[]): number[] {
  const out = new Set<number>();
  const fromRef = /\/pr-([1-9][0-9]{0,9})-/.exec(headRef);
  if (fromRef?.[1]) out.add(Number(fromRef[1]));
  for (const m of messages) {
    const head = m.slice(0, 1000);
    for (const x of head.matchAll(/Merge pull request #([1-9][0-9]{0,9})\b|\(#([1-9][0-9]{0,9})\)/g)) {
      out.add(Number(x[1] ?? x[2]));
    }
  }
  return [...out];
}
