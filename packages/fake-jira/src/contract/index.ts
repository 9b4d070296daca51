/**
 * Checks requests and responses against Atlassian's published OpenAPI descriptions of Jira Cloud.
 * For tests only: it reads the spec files from disk and compiles validators on first use.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { default as addFormatsImport } from 'ajv-formats';

const PLATFORM_FILE = 'platform.v3.json';
const SOFTWARE_FILE = 'software.v3.json';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** Where the specs are read from: `READYGATE_OPENAPI_DIR`, else `<repo>/../shared/jira-openapi`. */
export function jiraSpecDir(): string {
  const fromEnv = process.env['READYGATE_OPENAPI_DIR'];
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
  return resolve(repoRoot, '../shared/jira-openapi');
}

/** The message a skipped contract test shows when the specs are absent. */
export function missingSpecsMessage(): string {
  return `Jira OpenAPI specs not found: expected ${join(jiraSpecDir(), PLATFORM_FILE)} and ${SOFTWARE_FILE} (set READYGATE_OPENAPI_DIR to their folder).`;
}

type Json = Record<string, unknown>;

interface Parameter {
  readonly name: string;
  readonly in: 'query' | 'path' | 'header' | 'cookie';
  readonly required?: boolean;
  readonly schema?: Json;
}

/** An operation found for a concrete method and path. */
export interface FoundOperation {
  readonly spec: 'platform' | 'software';
  readonly method: string;
  /** The spec's templated path, e.g. `/rest/api/3/issue/{issueIdOrKey}`. */
  readonly template: string;
  readonly operationId: string | undefined;
  /** Path parameters taken from the concrete path (decoded). */
  readonly pathParams: Readonly<Record<string, string>>;
}

/** The outcome of a check: what was checked against and the problems found (empty when it passed). */
export interface ContractResult {
  readonly ok: boolean;
  readonly problems: readonly string[];
  /**
   * `schema`: validated with ajv (error bodies against Jira's ErrorCollection, since the spec documents most error
   * statuses without content); `example`: the spec has only an example, checked by shape; `no-content`: no body documented.
   */
  readonly checkedAgainst: 'schema' | 'example' | 'no-content' | 'none';
}

const addFormats = addFormatsImport as unknown as (ajv: Ajv) => Ajv;

interface LoadedSpec {
  readonly name: 'platform' | 'software';
  readonly doc: Json;
  ajv: Ajv | undefined;
  readonly cache: Map<string, ValidateFunction>;
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function asRecord(v: unknown): Json | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * Compares a body with a documented example when the spec gives no schema (the agile API): every key the
 * body has must appear in the example with the same JSON type. Keys the example has and the body lacks are fine.
 */
function compareToExample(body: unknown, example: unknown, path: string, problems: string[]): void {
  if (example === null || body === null) return;
  const bt = typeOf(body);
  const et = typeOf(example);
  if (bt !== et) {
    problems.push(`${path || '(body)'}: is ${bt}, the spec's example has ${et}`);
    return;
  }
  if (Array.isArray(body) && Array.isArray(example)) {
    const first: unknown = example[0];
    if (first !== undefined)
      body.forEach((item: unknown, i) => {
        compareToExample(item, first, `${path}[${i}]`, problems);
      });
    return;
  }
  const b = asRecord(body);
  const e = asRecord(example);
  if (b && e) {
    for (const [k, v] of Object.entries(b)) {
      const p = path === '' ? k : `${path}.${k}`;
      if (!(k in e)) problems.push(`${p}: not in the spec's example response`);
      else compareToExample(v, e[k], p, problems);
    }
  }
}

/** Atlassian's Jira Cloud OpenAPI descriptions, loaded, with checks over them. */
/** Statuses any Jira operation may answer, documented for the API as a whole rather than per operation. */
const PLATFORM_WIDE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

export class JiraContract {
  private readonly specs: readonly LoadedSpec[];
  private readonly templates: {
    spec: LoadedSpec;
    template: string;
    re: RegExp;
    names: string[];
    literalScore: number;
  }[] = [];

  constructor(
    /** The folder the specs were read from. */
    readonly dir: string,
    platform: Json,
    software: Json,
  ) {
    this.specs = [
      { name: 'platform', doc: platform, ajv: undefined, cache: new Map() },
      { name: 'software', doc: software, ajv: undefined, cache: new Map() },
    ];
    for (const spec of this.specs) {
      const paths = asRecord(spec.doc['paths']) ?? {};
      for (const template of Object.keys(paths)) {
        const names: string[] = [];
        const pattern = template
          .split(/(\{[^}]+\})/)
          .map((part) => {
            const m = /^\{([^}]+)\}$/.exec(part);
            if (m?.[1] !== undefined) {
              names.push(m[1]);
              return '([^/]+)';
            }
            return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          })
          .join('');
        const literalScore = template.split('/').filter((s) => s !== '' && !s.startsWith('{')).length;
        this.templates.push({ spec, template, re: new RegExp(`^${pattern}$`), names, literalScore });
      }
    }
    // Prefer the most literal template: `/issue/picker` before `/issue/{issueIdOrKey}`.
    this.templates.sort((a, b) => b.literalScore - a.literalScore);
  }

  private operationObject(found: FoundOperation): { op: Json; pathItem: Json; spec: LoadedSpec } {
    const spec = this.specs.find((s) => s.name === found.spec);
    const pathItem = asRecord(asRecord(spec?.doc['paths'])?.[found.template]);
    const op = asRecord(pathItem?.[found.method.toLowerCase()]);
    if (!spec || !pathItem || !op) throw new Error(`operation vanished: ${found.method} ${found.template}`);
    return { op, pathItem, spec };
  }

  /** Finds the spec operation for a concrete method and path (query string and origin are ignored). */
  findOperation(method: string, pathOrUrl: string): FoundOperation | undefined {
    const path = new URL(pathOrUrl, 'http://x').pathname;
    const m = method.toLowerCase();
    for (const t of this.templates) {
      const match = t.re.exec(path);
      if (!match) continue;
      const pathItem = asRecord(asRecord(t.spec.doc['paths'])?.[t.template]);
      if (!pathItem || !(METHODS as readonly string[]).includes(m) || !asRecord(pathItem[m])) continue;
      const pathParams: Record<string, string> = {};
      t.names.forEach((n, i) => {
        pathParams[n] = decodeURIComponent(match[i + 1] ?? '');
      });
      const op = asRecord(pathItem[m]);
      const operationId = typeof op?.['operationId'] === 'string' ? op['operationId'] : undefined;
      return {
        spec: t.spec.name,
        method: method.toUpperCase(),
        template: t.template,
        operationId,
        pathParams,
      };
    }
    return undefined;
  }

  private parameters(op: Json, pathItem: Json): Parameter[] {
    const list = [
      ...((pathItem['parameters'] as unknown[] | undefined) ?? []),
      ...((op['parameters'] as unknown[] | undefined) ?? []),
    ];
    return list.map((p) => p as Parameter);
  }

  /**
   * Checks a request: the operation exists, query parameter names are known, required ones are present,
   * values fit the parameter's type and enum, and (when given) the JSON body fits the request body schema.
   */
  checkRequest(method: string, url: string, body?: unknown): ContractResult {
    const u = new URL(url, 'http://x');
    const found = this.findOperation(method, u.pathname);
    if (!found)
      return {
        ok: false,
        problems: [`${method.toUpperCase()} ${u.pathname}: no such operation in the Jira OpenAPI specs`],
        checkedAgainst: 'none',
      };
    const { op, pathItem, spec } = this.operationObject(found);
    const params = this.parameters(op, pathItem);
    const problems: string[] = [];
    const where = `${found.method} ${found.template}`;
    for (const name of new Set(u.searchParams.keys())) {
      const p = params.find((x) => x.in === 'query' && x.name === name);
      if (!p) {
        problems.push(`${where}: unknown query parameter "${name}"`);
        continue;
      }
      for (const value of u.searchParams.getAll(name)) problems.push(...this.checkValue(where, p, value));
    }
    for (const p of params) {
      if (p.in === 'query' && p.required === true && !u.searchParams.has(p.name))
        problems.push(`${where}: required query parameter "${p.name}" is missing`);
      if (p.in === 'path') {
        const v = found.pathParams[p.name];
        if (v === undefined || v === '') problems.push(`${where}: path parameter "${p.name}" is empty`);
        else problems.push(...this.checkValue(where, p, v));
      }
    }
    if (body !== undefined) {
      const content = asRecord(asRecord(op['requestBody'])?.['content']);
      const json = asRecord(content?.['application/json']);
      if (!json) problems.push(`${where}: the spec documents no JSON request body`);
      else if (json['schema'] !== undefined) {
        const pointer = `#/paths/${escapePointer(found.template)}/${found.method.toLowerCase()}/requestBody/content/application~1json/schema`;
        problems.push(...this.validate(spec, pointer, body).map((e) => `${where} request body${e}`));
      }
    }
    return { ok: problems.length === 0, problems, checkedAgainst: 'schema' };
  }

  private checkValue(where: string, p: Parameter, value: string): string[] {
    const schema = p.schema ?? {};
    const type = schema['type'];
    const items = asRecord(schema['items']);
    const values = type === 'array' ? value.split(',') : [value];
    const itemType = type === 'array' ? items?.['type'] : type;
    const enumValues = (type === 'array' ? items?.['enum'] : schema['enum']) as unknown[] | undefined;
    const out: string[] = [];
    for (const v of values) {
      if (itemType === 'integer' && !/^-?\d+$/.test(v))
        out.push(`${where}: parameter "${p.name}" must be an integer, got "${v}"`);
      if (itemType === 'boolean' && v !== 'true' && v !== 'false')
        out.push(`${where}: parameter "${p.name}" must be true or false, got "${v}"`);
      if (enumValues && !enumValues.map(String).includes(v))
        out.push(
          `${where}: parameter "${p.name}" must be one of ${enumValues.map(String).join(', ')}, got "${v}"`,
        );
    }
    return out;
  }

  /**
   * Checks a response body against the operation's documented response for that status. A status the spec
   * does not list for the operation is a problem; a body where the spec documents none is a problem too.
   * `body` is the parsed JSON, or undefined for an empty body.
   */
  checkResponse(method: string, path: string, status: number, body: unknown): ContractResult {
    const found = this.findOperation(method, path);
    if (!found)
      return {
        ok: false,
        problems: [`${method.toUpperCase()} ${path}: no such operation in the Jira OpenAPI specs`],
        checkedAgainst: 'none',
      };
    const { op, spec } = this.operationObject(found);
    const where = `${found.method} ${found.template} → ${status}`;
    const responses = asRecord(op['responses']) ?? {};
    const statusKey =
      String(status) in responses
        ? String(status)
        : `${String(status).charAt(0)}XX` in responses
          ? `${String(status).charAt(0)}XX`
          : 'default';
    const response = asRecord(responses[statusKey]);
    if (!response) {
      // Rate limits and server errors can answer any operation (Atlassian documents them once, for the whole
      // API, not per operation); their bodies are Jira's ErrorCollection like every other error.
      if (PLATFORM_WIDE_STATUSES.has(status)) return this.checkErrorCollection(where, body);
      return {
        ok: false,
        problems: [`${where}: status ${status} is not documented for this operation`],
        checkedAgainst: 'none',
      };
    }
    const json = asRecord(asRecord(response['content'])?.['application/json']);
    if (!json) {
      const empty = body === undefined || body === null || body === '';
      // Jira documents most error statuses without a body, yet answers them with its ErrorCollection.
      if (status >= 400 && body !== undefined) return this.checkErrorCollection(where, body);
      if (status >= 400) return { ok: true, problems: [], checkedAgainst: 'no-content' };
      return {
        ok: empty,
        problems: empty ? [] : [`${where}: the spec documents no response body, got one`],
        checkedAgainst: 'no-content',
      };
    }
    if (json['schema'] !== undefined) {
      const pointer = `#/paths/${escapePointer(found.template)}/${found.method.toLowerCase()}/responses/${statusKey}/content/application~1json/schema`;
      const problems = this.validate(spec, pointer, body).map((e) => `${where}: body${e}`);
      return { ok: problems.length === 0, problems, checkedAgainst: 'schema' };
    }
    if (json['example'] !== undefined) {
      const raw = json['example'];
      const example: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
      const problems: string[] = [];
      compareToExample(body, example, '', problems);
      return {
        ok: problems.length === 0,
        problems: problems.map((p) => `${where}: ${p}`),
        checkedAgainst: 'example',
      };
    }
    return { ok: true, problems: [], checkedAgainst: 'none' };
  }

  /** An error body checked against the platform spec's ErrorCollection. */
  private checkErrorCollection(where: string, body: unknown): ContractResult {
    const platform = this.specs.find((s) => s.name === 'platform');
    const problems = platform
      ? this.validate(platform, '#/components/schemas/ErrorCollection', body).map(
          (e) => `${where}: error body${e}`,
        )
      : [];
    return { ok: problems.length === 0, problems, checkedAgainst: 'schema' };
  }

  /** Validates a value against the schema at a JSON pointer into a spec; returns one line per error. */
  private validate(spec: LoadedSpec, pointer: string, value: unknown): string[] {
    let fn = spec.cache.get(pointer);
    if (!fn) {
      spec.ajv ??= this.makeAjv(spec);
      fn = spec.ajv.compile({ $ref: `${spec.name}${pointer}` });
      spec.cache.set(pointer, fn);
    }
    if (fn(value)) return [];
    return (fn.errors ?? []).map((e) => {
      const extra =
        e.keyword === 'additionalProperties'
          ? ` "${String((e.params as { additionalProperty?: unknown }).additionalProperty)}"`
          : '';
      return `${e.instancePath === '' ? '' : e.instancePath} ${e.message ?? e.keyword}${extra}`;
    });
  }

  private makeAjv(spec: LoadedSpec): Ajv {
    // strict: false because OpenAPI adds keywords (readOnly, xml, example, discriminator, x-*) that are not
    // JSON Schema; the schemas' own constraints, additionalProperties: false included, are all enforced.
    const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, discriminator: false });
    addFormats(ajv);
    ajv.addFormat('int32', {
      type: 'number',
      validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
    });
    ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    ajv.addFormat('double', { type: 'number', validate: () => true });
    ajv.addFormat('float', { type: 'number', validate: () => true });
    ajv.addFormat('binary', true);
    ajv.addSchema(toJsonSchema(spec.doc) as Json, spec.name);
    return ajv;
  }
}

/**
 * OpenAPI 3.0 schema objects are not quite JSON Schema: `nullable: true` widens `type` to include null.
 * Ajv understands `nullable` only next to `type`; where the spec puts it beside `$ref` or `allOf`, this
 * rewrites it to `anyOf: [ ..., { type: 'null' } ]`.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  const rec = asRecord(node);
  if (!rec) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(rec)) out[k] = toJsonSchema(v);
  if (out['nullable'] === true && out['type'] === undefined) {
    const rest = { ...out };
    delete rest['nullable'];
    return { anyOf: [rest, { type: 'null' }] };
  }
  return out;
}

/**
 * Loads the Jira OpenAPI specs. Returns null when they are absent, so a test can skip with
 * {@link missingSpecsMessage} instead of passing silently.
 */
export function loadJiraSpecs(dir: string = jiraSpecDir()): JiraContract | null {
  const platformPath = join(dir, PLATFORM_FILE);
  const softwarePath = join(dir, SOFTWARE_FILE);
  if (!existsSync(platformPath) || !existsSync(softwarePath)) return null;
  const read = (p: string): Json => JSON.parse(readFileSync(p, 'utf8')) as Json;
  return new JiraContract(dir, read(platformPath), read(softwarePath));
}
