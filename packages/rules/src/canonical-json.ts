/**
 * Canonical JSON in the manner of RFC 8785 (JCS): object keys sorted by UTF-16 code units, no
 * whitespace, numbers and strings as ECMAScript serialises them. Two equal values always encode to the
 * same text, so a signature over it survives re-serialisation by Jira or by any other JSON tool.
 *
 * Only what JSON itself can hold is accepted: `null`, booleans, finite numbers, strings, arrays without holes
 * or `undefined` items, and plain objects (an `undefined` member is left out, as `JSON.stringify` does).
 * Anything else would be signed as something it is not (a `Date` or a `Map` as `{}`), so it is refused.
 *
 * @throws TypeError naming the value and where it is (e.g. `cannot encode a Date at $.payload.at`).
 */
export function canonicalJson(value: unknown): string {
  return encode(value, '$');
}

function refuse(path: string, what: string): never {
  throw new TypeError(
    `canonical JSON cannot encode ${what} at ${path}: JSON cannot represent it — pass plain data (ISO strings for dates, arrays or objects for maps)`,
  );
}

function describeObject(value: object): string {
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor
    ?.name;
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'a non-plain object';
}

function encode(value: unknown, path: string): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) refuse(path, String(value));
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        const parts: string[] = [];
        for (let i = 0; i < value.length; i++) {
          // `in`, not the item: a hole and an explicit undefined both read as undefined.
          if (!(i in value)) refuse(`${path}[${i}]`, 'a hole in a sparse array');
          const item: unknown = value[i];
          if (item === undefined) refuse(`${path}[${i}]`, 'undefined');
          parts.push(encode(item, `${path}[${i}]`));
        }
        return `[${parts.join(',')}]`;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) refuse(path, describeObject(value));
      const obj = value as Record<string, unknown>;
      const parts: string[] = [];
      for (const key of Object.keys(obj).sort()) {
        const v = obj[key];
        if (v === undefined) continue;
        parts.push(`${JSON.stringify(key)}:${encode(v, `${path}.${key}`)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      return refuse(path, `a ${typeof value}`);
  }
}
