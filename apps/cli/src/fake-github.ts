import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A pull request the demo's fake GitHub serves. */
export interface DemoPull {
  readonly number: number;
  readonly title: string;
  readonly branch: string;
  readonly sha: string;
}

/** The tiny GitHub REST surface the action's PR check uses: the PR, its commits, comments and statuses. */
export interface DemoGitHub {
  readonly url: string;
  readonly token: string;
  /** Commit statuses the action set, newest last. */
  readonly statuses: { sha: string; state: string; description: string }[];
  stop(): Promise<void>;
}

/** Answers; returns `true` so a route can `return send(…)`. */
const send = (res: ServerResponse, status: number, body?: unknown): true => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body === undefined ? '' : JSON.stringify(body));
  return true;
};

/**
 * Starts a local fake of GitHub's REST API for one repository, on 127.0.0.1 and a free port, so the demo runs the
 * built action as the runner does without reaching github.com. Not a GitHub emulator: anything else is 404.
 */
export async function startDemoGitHub(repository: string, pulls: readonly DemoPull[]): Promise<DemoGitHub> {
  const token = 'demo-github-token';
  const statuses: DemoGitHub['statuses'] = [];
  const comments: { id: number; issue: number; body: string; user: { type: string } }[] = [];
  let nextId = 1;
  const pullJson = (p: DemoPull) => ({
    number: p.number,
    title: p.title,
    body: null,
    state: 'open',
    draft: false,
    commits: 1,
    head: { ref: p.branch, sha: p.sha, repo: { full_name: repository } },
    base: { ref: 'main', sha: '0'.repeat(40), repo: { full_name: repository } },
  });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', (): true => {
      const path = new URL(req.url ?? '/', 'http://fake').pathname.replace(`/repos/${repository}`, '');
      const body = chunks.length
        ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>)
        : {};
      if (req.headers.authorization !== `Bearer ${token}`)
        return send(res, 401, { message: 'Bad credentials' });
      const method = req.method ?? 'GET';
      let m: RegExpExecArray | null;
      if (method === 'GET' && (m = /^\/pulls\/(\d+)$/.exec(path))) {
        const p = pulls.find((x) => x.number === Number(m?.[1]));
        return p ? send(res, 200, pullJson(p)) : send(res, 404, { message: 'Not Found' });
      }
      if (method === 'GET' && (m = /^\/pulls\/(\d+)\/commits$/.exec(path))) {
        const p = pulls.find((x) => x.number === Number(m?.[1]));
        return send(res, 200, p ? [{ sha: p.sha, commit: { message: p.title } }] : []);
      }
      if ((m = /^\/issues\/(\d+)\/comments$/.exec(path))) {
        const issue = Number(m[1]);
        if (method === 'GET')
          return send(
            res,
            200,
            comments.filter((c) => c.issue === issue),
          );
        const c = { id: nextId++, issue, body: body['body'] ?? '', user: { type: 'Bot' } };
        comments.push(c);
        return send(res, 201, c);
      }
      if (method === 'PATCH' && (m = /^\/issues\/comments\/(\d+)$/.exec(path))) {
        const c = comments.find((x) => x.id === Number(m?.[1]));
        if (!c) return send(res, 404, { message: 'Not Found' });
        c.body = body['body'] ?? '';
        return send(res, 200, c);
      }
      if (method === 'POST' && (m = /^\/statuses\/([0-9a-f]+)$/.exec(path))) {
        statuses.push({
          sha: m[1] ?? '',
          state: body['state'] ?? '',
          description: body['description'] ?? '',
        });
        return send(res, 201, { id: nextId++ });
      }
      return send(res, 404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    statuses,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
