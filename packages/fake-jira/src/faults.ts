/** A fault the server injects into matching requests. */
export interface FaultSpec {
  /**
   * Which paths: a RegExp, or a string that is either a path template with `{param}` segments
   * (`/rest/api/3/issue/{issueIdOrKey}`) matched whole, or a plain path prefix (`/rest/agile/`).
   * Absent means every path.
   */
  readonly route?: string | RegExp;
  /** HTTP method, case-insensitive; absent means any. */
  readonly method?: string;
  /** Answer with this status instead of handling the request. */
  readonly status?: 429 | 500 | 503;
  /** `Retry-After` seconds (429 and 503). */
  readonly retryAfter?: number;
  /** Apply this many times, then stop; absent means forever. */
  readonly times?: number;
  /** Apply to this fraction of matching requests (0..1), decided by the server's seeded PRNG. */
  readonly fraction?: number;
  /** Wait this long before answering (or before dropping). */
  readonly latencyMs?: number;
  /** Close the connection without an answer. */
  readonly drop?: true;
  /**
   * Answer with exactly this instead of handling the request: not Jira's answer (e.g. `200 {}` for a
   * search, or a proxy's `404` HTML page).
   */
  readonly answer?: { readonly status: number; readonly body: string; readonly contentType?: string };
  /**
   * Handle the request, then send the answer's body slowly: `chunkBytes` (default 1) every `intervalMs`.
   * With `forever`, whitespace keeps dripping after the body and the answer never ends.
   */
  readonly drip?: { readonly intervalMs: number; readonly chunkBytes?: number; readonly forever?: true };
  /**
   * Searches never end: every page points to a next page, with a new token each time (`new-token`) or the
   * same one (`same-token`). Each page is answered as if it were the first.
   */
  readonly endlessPaging?: 'new-token' | 'same-token';
  /** A search answers these issues (visible to the caller) instead of the ones its JQL asks for. */
  readonly searchAnswers?: readonly string[];
  /** Answer `status` (default 400) with a Jira error body that echoes the request's Authorization header. */
  readonly echoAuthorization?: { readonly status?: number };
}

/** A fault chosen for a request. */
export interface FaultHit {
  readonly latencyMs: number;
  readonly status?: 429 | 500 | 503;
  readonly retryAfter?: number;
  readonly drop: boolean;
  /** The whole spec, for the faults that change an answer rather than replace it. */
  readonly spec: FaultSpec;
}

/** mulberry32: a tiny seeded PRNG so that fractional faults hit the same requests on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function routeMatcher(route: FaultSpec['route']): (path: string) => boolean {
  if (route === undefined) return () => true;
  if (route instanceof RegExp) return (p) => route.test(p);
  if (route.includes('{')) {
    const pattern = route
      .split(/(\{[^}]+\})/)
      .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    const re = new RegExp(`^${pattern}$`);
    return (p) => re.test(p);
  }
  return (p) => p.startsWith(route);
}

interface ActiveFault {
  readonly spec: FaultSpec;
  readonly matches: (path: string) => boolean;
  remaining: number;
}

/** The faults configured on a server. Tests add and clear them while the server runs. */
export class Faults {
  private active: ActiveFault[] = [];
  private random: () => number;

  constructor(private readonly seed: number) {
    this.random = seededRandom(seed);
  }

  /** Adds a fault; the first matching fault in the order added wins. */
  add(spec: FaultSpec): void {
    if (spec.fraction !== undefined && (spec.fraction < 0 || spec.fraction > 1))
      throw new RangeError('fault fraction must be between 0 and 1');
    this.active.push({
      spec,
      matches: routeMatcher(spec.route),
      remaining: spec.times ?? Number.POSITIVE_INFINITY,
    });
  }

  /** Removes every fault and restarts the PRNG, so the next test sees the same sequence as a fresh server. */
  clear(): void {
    this.active = [];
    this.random = seededRandom(this.seed);
  }

  /** Faults still configured (used-up `times` faults are dropped). */
  get list(): readonly FaultSpec[] {
    return this.active.filter((f) => f.remaining > 0).map((f) => f.spec);
  }

  /** Decides whether a request is hit. Consumes one `times` and one PRNG draw per fractional candidate. */
  pick(method: string, path: string): FaultHit | undefined {
    for (const f of this.active) {
      if (f.remaining <= 0) continue;
      if (f.spec.method !== undefined && f.spec.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!f.matches(path)) continue;
      if (f.spec.fraction !== undefined && this.random() >= f.spec.fraction) continue;
      f.remaining--;
      return {
        latencyMs: f.spec.latencyMs ?? 0,
        ...(f.spec.status !== undefined ? { status: f.spec.status } : {}),
        ...(f.spec.retryAfter !== undefined ? { retryAfter: f.spec.retryAfter } : {}),
        drop: f.spec.drop === true,
        spec: f.spec,
      };
    }
    return undefined;
  }
}
