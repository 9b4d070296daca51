// A small local fake of the GitHub REST endpoints the action calls. It records every request, the
// comments and the commit statuses, and answers 401 to any other token than the one it was given.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakePull {
  number: number;
  title: string;
  body: string | null;
  head: { ref: string; sha: string; repo: { full_name: string } | null };
  base: { ref: string; sha: string; repo: { full_name: string } };
}

export interface FakeComment {
  id: number;
  issue: number;
  body: string;
  user: { login: string; type: string };
}

export interface FakeStatus {
  sha: string;
  state: string;
  context: string;
  description: string;
  target_url?: string;
}

export interface GitHubRequest {
  method: string;
  path: string;
  body: unknown;
}

export interface FakeGitHubState {
  pulls: Map<number, FakePull>;
  commits: Map<number, { sha: string; message: string }[]>;
  compare: Map<string, { sha: string; message: string }[]>;
  comments: FakeComment[];
  statuses: FakeStatus[];
  /** Answer writes to these paths (regex) with 403, as a read-only token gets. */
  forbid: RegExp[];
  /** Never answer requests to these paths (regex): a GitHub API that hangs. */
  hang: RegExp[];
}

export interface FakeGitHub {
  readonly url: string;
  readonly state: FakeGitHubState;
  readonly requests: GitHubRequest[];
  reset(): void;
  stop(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): true {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
  return true;
}

function page(items: unknown[], url: URL, res: ServerResponse, base: string): true {
  const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
  const p = Number(url.searchParams.get('page') ?? 1);
  const slice = items.slice((p - 1) * perPage, p * perPage);
  const headers: Record<string, string> = {};
  if (p * perPage < items.length)
    headers['link'] = `<${base}${url.pathname}?per_page=${perPage}&page=${p + 1}>; rel="next"`;
  return send(res, 200, slice, headers);
}

export async function startFakeGitHub(options: { token: string; repository: string }): Promise<FakeGitHub> {
  const fresh = (): FakeGitHubState => ({
    pulls: new Map(),
    commits: new Map(),
    compare: new Map(),
    comments: [],
    statuses: [],
    forbid: [],
    hang: [],
  });
  let state = fresh();
  const requests: GitHubRequest[] = [];
  let nextId = 1000;
  let base = '';
  const repo = `/repos/${options.repository}`;

  const server = createServer((req, res) => {
    void (async (): Promise<true> => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const raw = await readBody(req);
      const body: unknown = raw === '' ? undefined : JSON.parse(raw);
      const method = req.method ?? 'GET';
      requests.push({ method, path: url.pathname + url.search, body });
      if (req.headers.authorization !== `Bearer ${options.token}`)
        return send(res, 401, { message: 'Bad credentials' });
      if (!url.pathname.startsWith(`${repo}/`)) return send(res, 404, { message: 'Not Found' });
      const path = url.pathname.slice(repo.length);
      // Holds the connection open without an answer; stop() closes it.
      if (state.hang.some((r) => r.test(path))) return new Promise<true>(() => undefined);
      if (method !== 'GET' && state.forbid.some((r) => r.test(path)))
        return send(res, 403, { message: 'Resource not accessible by integration' });
      let m: RegExpExecArray | null;
      if (method === 'GET' && (m = /^\/pulls\/(\d+)$/.exec(path))) {
        const pull = state.pulls.get(Number(m[1]));
        return pull ? send(res, 200, pull) : send(res, 404, { message: 'Not Found' });
      }
      if (method === 'GET' && (m = /^\/pulls\/(\d+)\/commits$/.exec(path))) {
        const commits = state.commits.get(Number(m[1])) ?? [];
        return page(
          commits.map((c) => ({ sha: c.sha, commit: { message: c.message } })),
          url,
          res,
          base,
        );
      }
      if (method === 'GET' && (m = /^\/compare\/([0-9a-f]+)\.\.\.([0-9a-f]+)$/.exec(path))) {
        const commits = state.compare.get(`${m[1]}...${m[2]}`);
        if (!commits) return send(res, 404, { message: 'Not Found' });
        // Like GitHub: the comparison's commits are paged (per_page, page), the rest of the object repeats.
        const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 250));
        const p = Number(url.searchParams.get('page') ?? 1);
        return send(res, 200, {
          commits: commits
            .slice((p - 1) * perPage, p * perPage)
            .map((c) => ({ sha: c.sha, commit: { message: c.message } })),
        });
      }
      if ((m = /^\/issues\/(\d+)\/comments$/.exec(path))) {
        const issue = Number(m[1]);
        if (method === 'GET')
          return page(
            state.comments.filter((c) => c.issue === issue),
            url,
            res,
            base,
          );
        if (method === 'POST') {
          const c: FakeComment = {
            id: nextId++,
            issue,
            body: (body as { body: string }).body,
            user: { login: 'github-actions[bot]', type: 'Bot' },
          };
          state.comments.push(c);
          return send(res, 201, c);
        }
      }
      if ((m = /^\/issues\/comments\/(\d+)$/.exec(path))) {
        const c = state.comments.find((x) => x.id === Number(m![1]));
        if (!c) return send(res, 404, { message: 'Not Found' });
        if (method === 'PATCH') {
          c.body = (body as { body: string }).body;
          return send(res, 200, c);
        }
        if (method === 'DELETE') {
          state.comments = state.comments.filter((x) => x !== c);
          return send(res, 204);
        }
      }
      if (method === 'POST' && (m = /^\/statuses\/([0-9a-f]+)$/.exec(path))) {
        const s = body as Omit<FakeStatus, 'sha'>;
        state.statuses.push({ sha: m[1]!, ...s });
        return send(res, 201, { id: nextId++, ...s });
      }
      return send(res, 404, { message: 'Not Found' });
    })().catch(() => send(res, 500, { message: 'fake failed' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    get state() {
      return state;
    },
    requests,
    reset() {
      state = fresh();
      requests.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
