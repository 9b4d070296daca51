/**
 * Starts the first round of requests before the rest of the action is even loaded: the PR's commits and
 * comments, the Jira search for the keys in the branch, title and body, and the policy property read. Loading and
 * evaluating the bundle (zod and every schema) takes tens of milliseconds, and Node moves a request on only when
 * the event loop turns, which it does not during that load: what overlaps it is each host's DNS lookup (on libuv's
 * thread pool); the connections and the requests proceed as soon as the load ends. (Yielding a loop turn first
 * was measured: against local servers it cost more than it saved.) Only this module, keys.ts and http.ts are
 * evaluated first (primed.ts, index.ts's first import, calls it); main.ts and everything it imports are after.
 *
 * The requests are exactly those the clients will make; each client takes its primed answer by method, URL and
 * body. A request built differently simply goes out again, so a mismatch costs time, never correctness.
 */
import { readFileSync } from 'node:fs';
import { send, type HttpRequest, type HttpResponse } from './http.js';
import { parseProjectKeys, scanKeys } from './keys.js';

/** Answers already on their way, taken once each. */
export class Primed {
  private readonly answers = new Map<string, Promise<HttpResponse>>();

  static key(method: string, url: string, body: string | undefined): string {
    return `${method} ${url} ${body ?? ''}`;
  }

  put(req: HttpRequest): void {
    const p = send(req);
    p.catch(() => undefined);
    this.answers.set(Primed.key(req.method, req.url, req.body), p);
  }

  /** The primed answer for this request, if any (each is used once). */
  take(method: string, url: string, body: string | undefined): Promise<HttpResponse> | undefined {
    const k = Primed.key(method, url, body);
    const p = this.answers.get(k);
    this.answers.delete(k);
    return p;
  }

  /** Sends a request, or takes its primed answer. */
  send = (req: HttpRequest): Promise<HttpResponse> => this.take(req.method, req.url, req.body) ?? send(req);
}

/** GitHub's headers, as {@link GitHubClient} sends them. */
export function githubHeaders(token: string): Record<string, string> {
  return {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${token}`,
    'user-agent': 'readygate-action',
    'x-github-api-version': '2022-11-28',
  };
}

/** `origin + base path` of a Jira URL, as the Jira transport builds request URLs. */
export function jiraBase(jiraUrl: string): string | null {
  try {
    const u = new URL(jiraUrl.trim());
    if (
      (u.protocol !== 'https:' && u.protocol !== 'http:') ||
      u.username !== '' ||
      u.password !== '' ||
      u.search !== '' ||
      u.hash !== ''
    )
      return null;
    return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return null;
  }
}

/** The Authorization header for Jira. */
export function jiraAuthorization(email: string, token: string): string {
  return email !== ''
    ? `Basic ${Buffer.from(`${email}:${token}`, 'utf8').toString('base64')}`
    : `Bearer ${token}`;
}

/** The fields the first search asks for (see stories.ts): all navigable ones but the heavy, plus the project. */
export const NAVIGABLE_FIELDS = ['*navigable', '-comment', '-worklog', '-attachment', 'project'];

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Starts what a pull_request / pull_request_target run will ask first. Never throws. */
export function prefetch(env: NodeJS.ProcessEnv = process.env): Primed {
  const primed = new Primed();
  try {
    const input = (name: string) => (env[`INPUT_${name.toUpperCase()}`] ?? '').trim();
    const event = env['GITHUB_EVENT_NAME'] ?? '';
    if (
      (input('mode') || 'pull-request') !== 'pull-request' ||
      (event !== 'pull_request' && event !== 'pull_request_target')
    )
      return primed;
    const payload = obj(JSON.parse(readFileSync(env['GITHUB_EVENT_PATH'] ?? '', 'utf8')));
    const pull = obj(payload?.['pull_request']);
    const number = pull?.['number'];
    if (!pull || typeof number !== 'number' || payload?.['action'] === 'closed') return primed;

    const repository = env['GITHUB_REPOSITORY'] ?? '';
    const githubToken = input('github-token');
    if (repository !== '' && githubToken !== '') {
      const base = `${(env['GITHUB_API_URL'] || 'https://api.github.com').replace(/\/+$/, '')}/repos/${repository}`;
      const headers = githubHeaders(githubToken);
      primed.put({ method: 'GET', url: `${base}/pulls/${number}/commits?per_page=100&page=1`, headers });
      if (input('comment').toLowerCase() !== 'false')
        primed.put({ method: 'GET', url: `${base}/issues/${number}/comments?per_page=100&page=1`, headers });
    }

    const site = jiraBase(input('jira-url'));
    const token = input('jira-token');
    const projects = parseProjectKeys(input('project-keys'));
    if (site === null || token === '' || !projects.ok) return primed;
    const headers = {
      accept: 'application/json',
      'user-agent': 'readygate-github-action',
      authorization: jiraAuthorization(input('jira-email'), token),
    };
    const scan = scanKeys(
      [
        { source: { kind: 'branch' }, text: str(obj(pull['head'])?.['ref']) },
        { source: { kind: 'title' }, text: str(pull['title']) },
        { source: { kind: 'body' }, text: str(pull['body']) },
      ],
      { projects: projects.value },
    );
    if (input('policy') !== '') return primed;
    const project = projects.value[0] ?? scan.keys[0]?.project;
    // The literal, not POLICY_PROPERTY: this file runs before @readygate/rules (and zod) are loaded.
    if (project !== undefined)
      primed.put({
        method: 'GET',
        url: `${site}/rest/api/3/project/${encodeURIComponent(project)}/properties/readygate.policy`,
        headers,
      });
    if (scan.keys.length > 0) {
      const keys = scan.keys.map((k) => k.key);
      const body = JSON.stringify({
        jql: `key in (${keys.join(', ')})`,
        maxResults: keys.length,
        fields: NAVIGABLE_FIELDS,
        properties: ['readygate'],
      });
      primed.put({
        method: 'POST',
        url: `${site}/rest/api/3/search/jql`,
        headers: { ...headers, 'content-type': 'application/json' },
        body,
      });
    }
  } catch {
    // Anything odd here is found and reported properly by the real run.
  }
  return primed;
}
