// Forge KVS as the real @forge/kvs client talks to it: POST /api/v1/<operation> with a JSON body, answered
// with the platform's JSON shapes and error bodies ({ code, message }). Only what the app and its tests use
// is served; any other path answers 404 so a new call fails loudly instead of silently succeeding.

const KEY = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;
const KEY_MAX = 500;
const VALUE_MAX = 240 * 1024;
const TRANSACTION_MAX = 25;

interface Clause {
  readonly property?: string;
  readonly condition: string;
  readonly values: readonly unknown[];
}

type Conditions = { readonly and?: readonly Clause[]; readonly or?: readonly Clause[] } | undefined;

class KvsFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key === '') throw new KvsFailure(400, 'EMPTY_KEY', 'Key cannot be empty.');
  if (key.length > KEY_MAX)
    throw new KvsFailure(400, 'KEY_TOO_LONG', 'The provided key has exceeded the maximum 500 characters.');
  if (!KEY.test(key)) throw new KvsFailure(400, 'INVALID_KEY', 'The provided key does not match the regex.');
  return key;
}

function checkValue(value: unknown): unknown {
  if (value === undefined) throw new KvsFailure(400, 'INVALID_VALUE', 'A value is required.');
  if (Buffer.byteLength(JSON.stringify(value), 'utf8') > VALUE_MAX)
    throw new KvsFailure(400, 'MAX_SIZE', 'The provided value has exceeded the maximum size limit.');
  return structuredClone(value);
}

function clauseHolds(clause: Clause, actual: unknown): boolean {
  const [v, w] = clause.values;
  switch (clause.condition) {
    case 'EXISTS':
      return actual !== undefined;
    case 'NOT_EXISTS':
      return actual === undefined;
    case 'EQUAL_TO':
      return actual === v;
    case 'NOT_EQUAL_TO':
      return actual !== v;
    case 'BEGINS_WITH':
      return typeof actual === 'string' && actual.startsWith(String(v));
    case 'CONTAINS':
      return typeof actual === 'string' && actual.includes(String(v));
    case 'NOT_CONTAINS':
      return typeof actual === 'string' && !actual.includes(String(v));
    case 'GREATER_THAN':
      return (actual as number) > (v as number);
    case 'GREATER_THAN_EQUAL_TO':
      return (actual as number) >= (v as number);
    case 'LESS_THAN':
      return (actual as number) < (v as number);
    case 'LESS_THAN_EQUAL_TO':
      return (actual as number) <= (v as number);
    case 'BETWEEN':
      return (actual as number) >= (v as number) && (actual as number) <= (w as number);
    default:
      throw new KvsFailure(400, 'INVALID_CONDITION', `Unknown condition ${clause.condition}.`);
  }
}

function conditionsHold(conditions: Conditions, value: unknown): boolean {
  if (conditions === undefined) return true;
  const field = (c: Clause): unknown =>
    typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)[c.property ?? '']
      : undefined;
  if (conditions.and) return conditions.and.every((c) => clauseHolds(c, field(c)));
  if (conditions.or) return conditions.or.some((c) => clauseHolds(c, field(c)));
  return true;
}

interface Stored {
  value: unknown;
  createdAt: number;
  updatedAt: number;
}

/** One installation's storage: plain keys, secrets and custom entities, each its own namespace. */
export class FakeKvs {
  readonly keys = new Map<string, Stored>();
  readonly secrets = new Map<string, Stored>();
  readonly entities = new Map<string, Map<string, Stored>>();
  /** Every operation path served, oldest first (e.g. `/api/v1/set`). */
  readonly log: string[] = [];
  /** Set to make the next operations fail as the platform would (e.g. 500 INTERNAL_SERVER_ERROR). */
  failNext: { status: number; code: string; count: number } | undefined;
  #now = 1_760_000_000_000;

  #entity(name: unknown): Map<string, Stored> {
    if (typeof name !== 'string' || name.length < 3)
      throw new KvsFailure(400, 'ENTITY_TYPE_TOO_SHORT', 'The entity name needs more than 3 characters.');
    let m = this.entities.get(name);
    if (!m) this.entities.set(name, (m = new Map()));
    return m;
  }

  #put(map: Map<string, Stored>, key: string, value: unknown): Stored {
    const now = ++this.#now;
    const prev = map.get(key);
    const next = { value, createdAt: prev?.createdAt ?? now, updatedAt: now };
    map.set(key, next);
    return next;
  }

  #set(map: Map<string, Stored>, body: Record<string, unknown>): Response {
    const key = checkKey(body.key);
    const value = checkValue(body.value);
    const options = (body.options ?? {}) as { keyPolicy?: string; returnValue?: string };
    const prev = map.get(key);
    if (options.keyPolicy === 'FAIL_IF_EXISTS' && prev !== undefined)
      throw new KvsFailure(409, 'KEY_CONFLICT', 'The key already exists.');
    const stored = this.#put(map, key, value);
    if (options.returnValue === 'PREVIOUS' || options.returnValue === 'LATEST') {
      const shown = options.returnValue === 'PREVIOUS' ? prev : stored;
      return shown === undefined ? new Response('', { status: 200 }) : ok({ key, ...shown });
    }
    return new Response(null, { status: 204 });
  }

  #get(map: Map<string, Stored>, body: Record<string, unknown>): Response {
    const key = checkKey(body.key);
    const stored = map.get(key);
    if (stored === undefined) throw new KvsFailure(404, 'KEY_NOT_FOUND', 'The specified key does not exist.');
    return ok({
      key,
      value: structuredClone(stored.value),
      createdAt: stored.createdAt,
      updatedAt: stored.updatedAt,
    });
  }

  #delete(map: Map<string, Stored>, body: Record<string, unknown>): Response {
    map.delete(checkKey(body.key));
    return new Response(null, { status: 204 });
  }

  #query(body: Record<string, unknown>): Response {
    const where = (body.where ?? []) as Clause[];
    const limit = body.limit === undefined ? 10 : Number(body.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw new KvsFailure(400, 'PAGE_LIMIT_NOT_IN_RANGE', 'The page limit must be set between 1 and 100.');
    const after =
      typeof body.after === 'string' ? Buffer.from(body.after, 'base64url').toString('utf8') : undefined;
    const keys = [...this.keys.keys()]
      .filter((k) => where.every((c) => c.property === 'key' && clauseHolds(c, k)))
      .sort()
      .filter((k) => after === undefined || k > after);
    const page = keys.slice(0, limit);
    const last = page.at(-1);
    const data = page.map((key) => ({ key, value: structuredClone(this.keys.get(key)?.value) }));
    return ok(
      keys.length > limit && last !== undefined
        ? { data, cursor: Buffer.from(last, 'utf8').toString('base64url') }
        : { data },
    );
  }

  #transaction(body: Record<string, unknown>): Response {
    type Op = { key: unknown; value?: unknown; entityName?: string; conditions?: Conditions };
    const sets = (body.set ?? []) as Op[];
    const deletes = (body.delete ?? []) as Op[];
    const checks = (body.check ?? []) as Op[];
    const all = [...sets, ...deletes, ...checks];
    if (all.length === 0) throw new KvsFailure(400, 'EMPTY_TRANSACTION', 'A transaction needs an operation.');
    if (all.length > TRANSACTION_MAX)
      throw new KvsFailure(400, 'TOO_MANY_OPERATIONS', 'A transaction takes at most 25 operations.');
    const seen = new Set<string>();
    for (const op of all) {
      const id = `${op.entityName ?? ''}\u0000${checkKey(op.key)}`;
      if (seen.has(id))
        throw new KvsFailure(400, 'DUPLICATE_KEY', 'Each key can only be used once in a transaction.');
      seen.add(id);
    }
    const mapOf = (op: Op): Map<string, Stored> =>
      op.entityName === undefined ? this.keys : this.#entity(op.entityName);
    // Conditions exist on custom entities only; a plain key in a transaction has no guard at all.
    for (const op of all) {
      if (op.conditions === undefined) continue;
      if (op.entityName === undefined)
        throw new KvsFailure(400, 'INVALID_CONDITION', 'Conditions apply to custom entities only.');
      const current = mapOf(op).get(String(op.key));
      if (current === undefined || !conditionsHold(op.conditions, current.value))
        throw new KvsFailure(
          409,
          'CONDITION_FAILED',
          `The conditions on key ${String(op.key)} were not met.`,
        );
    }
    const values = sets.map((op) => checkValue(op.value));
    sets.forEach((op, i) => this.#put(mapOf(op), String(op.key), values[i]));
    for (const op of deletes) mapOf(op).delete(String(op.key));
    return new Response(null, { status: 204 });
  }

  /** Answers one KVS request the way the platform does. */
  handle(path: string, init: RequestInit | undefined): Promise<Response> {
    return Promise.resolve(this.#answer(path, init));
  }

  #answer(path: string, init: RequestInit | undefined): Response {
    this.log.push(path);
    if (this.failNext && this.failNext.count > 0) {
      this.failNext.count--;
      return fail(new KvsFailure(this.failNext.status, this.failNext.code, 'Injected storage failure.'));
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as Record<string, unknown>;
    } catch {
      return fail(new KvsFailure(400, 'INVALID_REQUEST', 'The request body is not JSON.'));
    }
    try {
      switch (path) {
        case '/api/v1/get':
          return this.#get(this.keys, body);
        case '/api/v1/set':
          return this.#set(this.keys, body);
        case '/api/v1/delete':
          return this.#delete(this.keys, body);
        case '/api/v1/query':
          return this.#query(body);
        case '/api/v1/secret/get':
          return this.#get(this.secrets, body);
        case '/api/v1/secret/set':
          return this.#set(this.secrets, body);
        case '/api/v1/secret/delete':
          return this.#delete(this.secrets, body);
        case '/api/v1/entity/get':
          return this.#get(this.#entity(body.entityName), body);
        case '/api/v1/entity/set':
          return this.#set(this.#entity(body.entityName), body);
        case '/api/v1/entity/delete':
          return this.#delete(this.#entity(body.entityName), body);
        case '/api/v1/transaction':
          return this.#transaction(body);
        default:
          return fail(new KvsFailure(404, 'NOT_FOUND', `The fake KVS does not serve ${path}.`));
      }
    } catch (err) {
      if (err instanceof KvsFailure) return fail(err);
      throw err;
    }
  }
}

function ok(value: unknown): Response {
  return new Response(JSON.stringify(value), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
}

function fail(err: KvsFailure): Response {
  return new Response(JSON.stringify({ code: err.code, message: err.message }), {
    status: err.status,
    headers: { 'content-type': 'application/json' },
  });
}
