import * as z from 'zod';
import { sign, type CiAnswerPayload, type Envelope } from '@readygate/rules';
import { WorkflowError } from './errors.js';
import { mirrorRecords } from './mirror.js';
import { firstLine, parseInput, run } from './outcome.js';
import { loadSettings } from './policy-store.js';
import type { Caller, WorkflowPorts } from './ports.js';
import { listRecords, recordsOf } from './record-store.js';
import { storedReleaseRecords } from './release-store.js';
import type { WorkflowResult } from './results.js';
import { SigningKeys } from './signing-keys.js';
import {
  authenticateCiToken,
  issueCiToken,
  listCiTokens,
  revokeCiToken,
  type CiTokenView,
} from './ci-tokens.js';

/** Most story keys one CI request may ask for (the action judges at most this many per pull request). */
export const CI_KEYS_MAX = 100;
/** Largest CI request body read, in characters. */
export const CI_BODY_MAX = 16_384;

/** What CI sends the web trigger (JSON body). */
export const CiRequestSchema = z.strictObject({
  /** The caller's fresh random nonce: the answer is signed for it, so an old answer cannot be replayed. */
  nonce: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/),
  keys: z
    .array(z.string().regex(/^[A-Z][A-Z0-9_]{0,19}-[1-9][0-9]{0,9}$/))
    .max(CI_KEYS_MAX)
    .default([]),
  /** A release: the Jira version id (the action resolves the name with its own Jira call). */
  versionId: z
    .string()
    .regex(/^[0-9]{1,18}$/)
    .optional(),
});

/** Options of {@link createCiWorkflows}. */
export interface CiOptions {
  /** The CI web trigger's URL, for the workflow snippet (Forge: `webTrigger.getUrl`). */
  readonly ciUrl?: () => Promise<string>;
}

/** What the CI web trigger should answer. */
export type CiAnswerResult =
  | { readonly status: 200; readonly envelope: Envelope }
  /** Missing, malformed, unknown or revoked token: nothing else is said. */
  | { readonly status: 401 }
  | { readonly status: 400 | 413 | 500 | 502; readonly message: string };

/** The CI tokens' settings section. */
export interface CiTokensView {
  readonly project: { readonly id: string; readonly key: string };
  readonly tokens: readonly CiTokenView[];
  /** The GitHub workflow step that uses a token (the token itself goes into a repository secret). */
  readonly snippet: string;
}

/** The CI use cases: tokens on the settings page (project admin) and the web trigger's fresh answer. */
export interface CiWorkflows {
  listCiTokens(caller: Caller, input: unknown): Promise<WorkflowResult<CiTokensView>>;
  /** Issues a token; `token` is shown once and never stored. Input `{ project, name }`. */
  issueCiToken(
    caller: Caller,
    input: unknown,
  ): Promise<WorkflowResult<CiTokensView & { token: string; notice: string }>>;
  /** Revokes a token at once. Input `{ project, id }`. */
  revokeCiToken(caller: Caller, input: unknown): Promise<WorkflowResult<CiTokensView & { notice: string }>>;
  /**
   * The web trigger: authenticates `authorization` (a CI token) before reading anything, then answers from
   * storage the current records of the keys, the project's policy and a release's records, signed together with
   * the nonce and the time.
   */
  answer(request: { authorization: string | undefined; body: string | undefined }): Promise<CiAnswerResult>;
}

const ProjectRef = z.string().min(1).max(100);
/** Input of `listCiTokens`. */
export const CiTokensInputSchema = z.object({ project: ProjectRef });
/** Input of `issueCiToken`: the project and a name for the token (e.g. the repository). */
export const IssueCiTokenInputSchema = z.object({
  project: ProjectRef,
  name: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .regex(/^[A-Za-z0-9 ._/-]+$/, 'use letters, digits, spaces and . _ / - (e.g. the repository name)'),
});
/** Input of `revokeCiToken`. */
export const RevokeCiTokenInputSchema = z.object({
  project: ProjectRef,
  id: z.string().regex(/^[0-9a-f]{12}$/),
});

/** A GitHub workflow step with the freshness inputs (the URL is not secret; the token is). */
export function ciWorkflowSnippet(url: string): string {
  return [
    '- uses: readygate/readygate/apps/github-action@v1',
    '  with:',
    '    jira-url: https://your-site.atlassian.net',
    '    jira-email: ${{ secrets.JIRA_EMAIL }}',
    '    jira-token: ${{ secrets.JIRA_TOKEN }}',
    '    public-key: ${{ vars.READYGATE_PUBLIC_KEY }}',
    `    readygate-url: ${url}`,
    '    readygate-token: ${{ secrets.READYGATE_CI_TOKEN }}',
  ].join('\n');
}

/** Builds the CI use cases over the app's ports. */
export function createCiWorkflows(ports: WorkflowPorts, options: CiOptions = {}): CiWorkflows {
  const { store, clock, jira } = ports;
  const keys = new SigningKeys(store, ports.secrets, clock);

  async function requireAdmin(caller: Caller, ref: string): Promise<{ id: string; key: string }> {
    const project = await jira.projectAsUser(caller.accountId, ref);
    if (project === undefined)
      throw new WorkflowError(
        'not-visible',
        `Project ${ref} does not exist or you do not have permission to see it: open the settings from the project in Jira.`,
      );
    if (!project.canAdminister)
      throw new WorkflowError(
        'forbidden-role',
        `Only a project admin can manage ReadyGate's CI tokens for ${project.key}: ask a Jira admin for the "Administer projects" permission, or ask a project admin.`,
      );
    return { id: project.id, key: project.key };
  }

  async function view(project: { id: string; key: string }): Promise<CiTokensView> {
    // The URL is shown for convenience: a platform hiccup reading it must not block issuing or revoking tokens.
    const url =
      (await options.ciUrl?.().catch(() => undefined)) ??
      '<the CI web trigger URL: reload this page to see it>';
    return { project, tokens: await listCiTokens(store, project.id), snippet: ciWorkflowSnippet(url) };
  }

  /** Issue ids of keys of the token's project; a key's id never changes, so a resolved one is kept. */
  async function idsOf(
    project: { id: string; key: string },
    asked: readonly string[],
  ): Promise<{ ids: Map<string, string>; unknown: string[]; outside: string[] }> {
    const ids = new Map<string, string>();
    const outside = asked.filter((k) => k.slice(0, k.lastIndexOf('-')) !== project.key);
    const mine = asked.filter((k) => !outside.includes(k));
    const cached = await Promise.all(mine.map((k) => store.get(`ci-issue:${k}`)));
    const missed: string[] = [];
    mine.forEach((k, i) => {
      const c = cached[i] as { id?: unknown; projectId?: unknown } | undefined;
      if (typeof c?.id === 'string' && c.projectId === project.id) ids.set(k, c.id);
      else missed.push(k);
    });
    const unknown: string[] = [];
    if (missed.length > 0) {
      // Only keys never asked before cost a Jira request; later answers read storage alone.
      const found = await jira.asApp().loadIssues(missed, { fields: ['project'] });
      for (const issue of found.issues) {
        const pid = (issue.fields?.['project'] as { id?: unknown } | undefined)?.id;
        const projectId = typeof pid === 'string' || typeof pid === 'number' ? String(pid) : '';
        if (projectId !== project.id || !missed.includes(issue.key)) continue;
        ids.set(issue.key, issue.id);
        await store.set(`ci-issue:${issue.key}`, { id: issue.id, projectId: project.id });
      }
      for (const k of missed) if (!ids.has(k)) unknown.push(k);
    }
    return { ids, unknown, outside };
  }

  return {
    listCiTokens: (caller, raw) =>
      run(async () => {
        const input = parseInput(CiTokensInputSchema, raw, 'CI tokens');
        return view(await requireAdmin(caller, input.project));
      }),

    issueCiToken: (caller, raw) =>
      run(async () => {
        const input = parseInput(IssueCiTokenInputSchema, raw, 'issue CI token');
        const project = await requireAdmin(caller, input.project);
        const made = await issueCiToken(store, {
          project,
          name: input.name,
          by: caller.accountId,
          now: clock.now(),
        });
        if ('error' in made) throw new WorkflowError('invalid-input', made.error);
        return {
          ...(await view(project)),
          token: made.token,
          notice: `CI token "${made.view.name}" issued. Copy it now into the repository secret READYGATE_CI_TOKEN: it is not shown again.`,
        };
      }),

    revokeCiToken: (caller, raw) =>
      run(async () => {
        const input = parseInput(RevokeCiTokenInputSchema, raw, 'revoke CI token');
        const project = await requireAdmin(caller, input.project);
        const done = await revokeCiToken(store, {
          projectId: project.id,
          id: input.id,
          by: caller.accountId,
          now: clock.now(),
        });
        return {
          ...(await view(project)),
          notice: done
            ? 'CI token revoked: CI runs that use it fail from now on.'
            : 'That CI token was already revoked.',
        };
      }),

    async answer(request) {
      const holder = await authenticateCiToken(store, request.authorization);
      if (holder === undefined) return { status: 401 };
      const body = request.body ?? '';
      if (body.length > CI_BODY_MAX)
        return { status: 413, message: `The request is larger than ${CI_BODY_MAX} characters.` };
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        return { status: 400, message: 'The request body is not JSON.' };
      }
      const parsed = CiRequestSchema.safeParse(json);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        return {
          status: 400,
          message: `The request is invalid at "${first?.path.join('.') ?? ''}": ${first?.message ?? 'unexpected input'} (at most ${CI_KEYS_MAX} keys).`,
        };
      }
      const req = parsed.data;
      const res = await run(async () => {
        const { project } = holder;
        const asked = [...new Set(req.keys)];
        const [{ ids, unknown, outside }, settings, release] = await Promise.all([
          idsOf(project, asked),
          loadSettings(store, project.id, project.key),
          req.versionId === undefined ? undefined : storedReleaseRecords(store, req.versionId),
        ]);
        const issues = await Promise.all(
          [...ids].map(async ([key, id]) => ({
            key,
            id,
            records: mirrorRecords(recordsOf(await listRecords(store, id))),
          })),
        );
        const payload: CiAnswerPayload = {
          v: 1,
          project,
          issues,
          unknown,
          outside,
          policy: settings.source === 'built-in default policy' ? null : settings.policy,
          ...(release === undefined || req.versionId === undefined
            ? {}
            : { release: { versionId: req.versionId, records: release } }),
        };
        return sign(payload, { kind: 'ci', nonce: req.nonce }, await keys.current(), clock.now());
      });
      if (res.ok) return { status: 200, envelope: res.value };
      return {
        status: res.error.code === 'jira' ? 502 : 500,
        message: firstLine(res.error.message),
      };
    },
  };
}
