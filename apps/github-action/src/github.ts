/**
 * The few GitHub REST calls the action makes, on `httpSend` from @readygate/jira (node:http/https: loading
 * undici for global `fetch`, as Octokit would, costs more start-up than a whole check against a nearby server).
 * Responses are parsed with zod; only the fields read are declared.
 */
import * as z from 'zod';
import { ReadyGateError } from '@readygate/rules';
import { httpSend, HttpSendError, type HttpSendRequest, type HttpSendResponse } from '@readygate/jira';

function githubHeaders(token: string): Record<string, string> {
  return {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${token}`,
    'user-agent': 'readygate-action',
    'x-github-api-version': '2022-11-28',
  };
}

/** A failed GitHub call, with a one-line message that says what to change. */
export class GitHubError extends ReadyGateError<GitHubErrorCode> {
  constructor(
    code: GitHubErrorCode,
    message: string,
    readonly status: number,
  ) {
    super(code, message);
  }
}

/** What went wrong talking to GitHub. */
export type GitHubErrorCode =
  | 'github.unauthorized'
  | 'github.forbidden'
  | 'github.not-found'
  | 'github.unreachable'
  | 'github.failed'
  | 'github.malformed';

const RepoRefSchema = z.object({
  ref: z.string(),
  sha: z.string(),
  repo: z.object({ full_name: z.string() }).nullable(),
});

/** The parts of a pull request the action reads. */
export const PullRequestSchema = z.object({
  number: z.number().int(),
  title: z.string(),
  body: z.string().nullable(),
  html_url: z.string().optional(),
  state: z.string().optional(),
  draft: z.boolean().optional(),
  head: RepoRefSchema,
  base: RepoRefSchema,
  /** How many commits the PR has; GitHub lists at most 250 of them. */
  commits: z.number().int().nonnegative().optional(),
});
/** A pull request. */
export type PullRequest = z.infer<typeof PullRequestSchema>;

const CommitSchema = z.object({ sha: z.string(), commit: z.object({ message: z.string() }) });
/** A commit and its message. */
export interface CommitMessage {
  readonly sha: string;
  readonly message: string;
}

const CommentSchema = z.object({
  id: z.number().int(),
  body: z.string().nullable().optional(),
  user: z.object({ type: z.string() }).nullable().optional(),
});
/** An issue comment. */
export interface IssueComment {
  readonly id: number;
  readonly body: string;
  /** Written by a bot account (the workflow's token or a GitHub App), not by a person. */
  readonly byBot: boolean;
}

/** States of a commit status. */
export type StatusState = 'pending' | 'success' | 'failure' | 'error';

/** Where and as whom to call GitHub. */
export interface GitHubOptions {
  /** `GITHUB_API_URL`, e.g. `https://api.github.com` or `https://ghe.example.com/api/v3`. */
  readonly apiUrl: string;
  readonly token: string;
  /** `owner/name`. */
  readonly repository: string;
  /** Ends every request: the run's deadline. */
  readonly signal?: AbortSignal;
}

/** Largest number of pages read from a list (100 items a page). */
const MAX_PAGES = 10;

/** Most commits read from a merge group's comparison (GitHub pages them 100 at a time). */
export const COMPARE_MAX_COMMITS = 1000;

/** A minimal GitHub REST client for one repository. */
export class GitHubClient {
  private readonly base: string;

  constructor(private readonly options: GitHubOptions) {
    this.base = `${options.apiUrl.replace(/\/+$/, '')}/repos/${options.repository}`;
  }

  /** The same client with another deadline (the writes that report a run get their own). */
  withSignal(signal: AbortSignal): GitHubClient {
    return new GitHubClient({ ...this.options, signal });
  }

  /** Reads a pull request (for re-checks, which do not carry one in their payload). */
  async getPull(number: number): Promise<PullRequest> {
    return parse(
      PullRequestSchema,
      await this.call('GET', `/pulls/${number}`, undefined, `read pull request #${number}`),
      `pull request #${number}`,
    );
  }

  /** Lists a pull request's commits, oldest first (GitHub returns at most 250). */
  async listPullCommits(number: number): Promise<CommitMessage[]> {
    const items = await this.list(
      `/pulls/${number}/commits`,
      CommitSchema,
      `list the commits of pull request #${number}`,
    );
    return items.map((c) => ({ sha: c.sha, message: c.commit.message }));
  }

  /** Commits between two SHAs (a merge group's base and head), page by page up to {@link COMPARE_MAX_COMMITS}. */
  async compareCommits(base: string, head: string): Promise<CommitMessage[]> {
    const Schema = z.object({ commits: z.array(CommitSchema) });
    const commits: CommitMessage[] = [];
    for (let page = 1; commits.length < COMPARE_MAX_COMMITS; page++) {
      const query = page === 1 ? '?per_page=100' : `?per_page=100&page=${page}`;
      const res = await this.call(
        'GET',
        `/compare/${base}...${head}${query}`,
        undefined,
        'compare the merge group with its base',
      );
      const batch = parse(Schema, res, 'commit comparison').commits;
      commits.push(...batch.map((c) => ({ sha: c.sha, message: c.commit.message })));
      if (batch.length < 100) break;
    }
    return commits;
  }

  /** Lists the comments of a pull request. */
  async listComments(number: number): Promise<IssueComment[]> {
    const items = await this.list(
      `/issues/${number}/comments`,
      CommentSchema,
      `read the comments of pull request #${number}`,
    );
    return items.map((c) => ({ id: c.id, body: c.body ?? '', byBot: c.user?.type === 'Bot' }));
  }

  /** Posts a comment on a pull request. */
  async createComment(number: number, body: string): Promise<void> {
    await this.call('POST', `/issues/${number}/comments`, { body }, `comment on pull request #${number}`);
  }

  /** Replaces a comment's text. */
  async updateComment(id: number, body: string): Promise<void> {
    await this.call('PATCH', `/issues/comments/${id}`, { body }, 'update the ReadyGate comment');
  }

  /** Sets a commit status. The description is cut to GitHub's 140 characters. */
  async setStatus(
    sha: string,
    status: { state: StatusState; context: string; description: string; targetUrl?: string },
  ): Promise<void> {
    const description =
      status.description.length > 140 ? `${status.description.slice(0, 139)}…` : status.description;
    await this.call(
      'POST',
      `/statuses/${sha}`,
      {
        state: status.state,
        context: status.context,
        description,
        ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
      },
      'set the readygate commit status',
    );
  }

  private async list<T>(path: string, item: z.ZodType<T>, what: string): Promise<T[]> {
    const out: T[] = [];
    const sep = path.includes('?') ? '&' : '?';
    for (let page = 1; page <= MAX_PAGES; page += 1) {
      const res = await this.call('GET', `${path}${sep}per_page=100&page=${page}`, undefined, what);
      out.push(...parse(z.array(item), res, what));
      const link = res.headers['link'];
      if (typeof link !== 'string' || !/rel="next"/.test(link)) break;
    }
    return out;
  }

  private async call(
    method: HttpSendRequest['method'],
    path: string,
    body: unknown,
    what: string,
  ): Promise<HttpSendResponse> {
    const req: HttpSendRequest = {
      method,
      url: `${this.base}${path}`,
      headers: {
        ...githubHeaders(this.options.token),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(this.options.signal ? { signal: this.options.signal } : {}),
    };
    let res: HttpSendResponse | undefined;
    for (let attempt = 0; ; attempt += 1) {
      try {
        res = await httpSend(req);
      } catch (e) {
        if (attempt < 1 && !this.options.signal?.aborted) continue;
        const detail = e instanceof HttpSendError ? e.message : 'network error';
        throw new GitHubError(
          'github.unreachable',
          `Could not ${what}: ${detail}. Check GITHUB_API_URL and the runner's network.`,
          0,
        );
      }
      // One retry for GitHub's transient gateway errors; anything else is answered as is.
      if ((res.status === 502 || res.status === 503) && attempt < 1 && !this.options.signal?.aborted) {
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      break;
    }
    if (res.status >= 200 && res.status < 300) return res;
    if (res.status === 401) {
      throw new GitHubError(
        'github.unauthorized',
        `Could not ${what}: GitHub rejected the github-token (401). Pass a valid token, usually \${{ github.token }}.`,
        401,
      );
    }
    if (res.status === 403) {
      throw new GitHubError(
        'github.forbidden',
        `Could not ${what}: the github-token may not (403). Grant the workflow "pull-requests: write" and "statuses: write" permissions; fork PRs on pull_request get a read-only token.`,
        403,
      );
    }
    if (res.status === 404) {
      throw new GitHubError(
        'github.not-found',
        `Could not ${what}: GitHub answered 404 (not found, or the token may not see it).`,
        404,
      );
    }
    throw new GitHubError('github.failed', `Could not ${what}: GitHub answered ${res.status}.`, res.status);
  }
}

function parse<T>(schema: z.ZodType<T>, res: HttpSendResponse, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    throw new GitHubError(
      'github.malformed',
      `GitHub sent something that is not JSON for ${what}.`,
      res.status,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new GitHubError(
      'github.malformed',
      `GitHub's answer for ${what} is not as expected (at ${first?.path.join('.') ?? ''}).`,
      res.status,
    );
  }
  return parsed.data;
}
