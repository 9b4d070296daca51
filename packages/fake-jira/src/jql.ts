/**
 * The subset of JQL the fake understands: the shapes ReadyGate's client sends. Clauses on `key`
 * (`issuekey`, `id`), `sprint`, `fixVersion` and `project` with `=` or `IN`, joined by `AND`, and an
 * optional `ORDER BY key|rank [ASC|DESC]`. Anything else is refused with a message that names the clause,
 * so a test that drifts from what the client really sends fails loudly instead of matching nothing.
 */

/** A field the fake can search on. */
export type JqlField = 'key' | 'sprint' | 'fixVersion' | 'project';

/** One `field = value` or `field IN (values)` clause. */
export interface JqlClause {
  readonly field: JqlField;
  readonly values: readonly string[];
  /** The clause as written, for error messages. */
  readonly text: string;
}

/** A parsed query. */
export interface JqlQuery {
  readonly clauses: readonly JqlClause[];
  readonly orderBy: { readonly field: 'key' | 'rank'; readonly direction: 'ASC' | 'DESC' } | null;
}

/** The outcome of parsing: the query or Jira-style error messages. */
export type JqlParseResult =
  | { readonly ok: true; readonly query: JqlQuery }
  | { readonly ok: false; readonly errorMessages: readonly string[] };

type Token =
  | { kind: 'word'; text: string; at: number }
  | { kind: 'string'; text: string; at: number }
  | { kind: 'op'; text: string; at: number }
  | { kind: 'punct'; text: '(' | ')' | ','; at: number };

class JqlSyntaxError extends Error {}

function tokenize(jql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const c = jql.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      out.push({ kind: 'punct', text: c, at: i });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let text = '';
      while (j < jql.length && jql.charAt(j) !== c) {
        if (jql.charAt(j) === '\\' && j + 1 < jql.length) j++;
        text += jql.charAt(j);
        j++;
      }
      if (j >= jql.length)
        throw new JqlSyntaxError(
          `Error in the JQL Query: The quoted string '${text}' has not been completed. (line 1, character ${i + 1})`,
        );
      out.push({ kind: 'string', text, at: i });
      i = j + 1;
      continue;
    }
    const op = /^(!=|>=|<=|!~|=|~|>|<)/.exec(jql.slice(i));
    if (op) {
      out.push({ kind: 'op', text: op[0], at: i });
      i += op[0].length;
      continue;
    }
    const word = /^[A-Za-z0-9_.\-[\]*]+/.exec(jql.slice(i));
    if (!word) {
      throw new JqlSyntaxError(
        `Error in the JQL Query: The character '${c}' is a reserved JQL character. You must enclose it in a string or use the escape '\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}' instead. (line 1, character ${i + 1})`,
      );
    }
    out.push({ kind: 'word', text: word[0], at: i });
    i += word[0].length;
  }
  return out;
}

const FIELD_ALIASES: Readonly<Record<string, JqlField>> = {
  key: 'key',
  issuekey: 'key',
  id: 'key',
  sprint: 'sprint',
  fixversion: 'fixVersion',
  project: 'project',
};

const SUPPORTED =
  'the fake Jira supports key, issuekey, sprint, fixVersion and project with = or IN, joined by AND, and ORDER BY key or rank';

/** Parses the JQL subset. Never throws. */
export function parseJql(jql: string): JqlParseResult {
  try {
    return { ok: true, query: parseTokens(jql, tokenize(jql)) };
  } catch (e) {
    if (e instanceof JqlSyntaxError) return { ok: false, errorMessages: [e.message] };
    throw e;
  }
}

function parseTokens(jql: string, tokens: Token[]): JqlQuery {
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isWord = (t: Token | undefined, w: string): boolean =>
    t?.kind === 'word' && t.text.toLowerCase() === w;
  const unsupported = (from: number, to: number): never => {
    throw new JqlSyntaxError(`Unsupported JQL clause '${jql.slice(from, to).trim()}': ${SUPPORTED}.`);
  };
  const endOfClause = (): number => {
    let j = pos;
    while (j < tokens.length && !isWord(tokens[j], 'and') && !isWord(tokens[j], 'order')) j++;
    return tokens[j]?.at ?? jql.length;
  };

  const clauses: JqlClause[] = [];
  let orderBy: JqlQuery['orderBy'] = null;
  while (pos < tokens.length) {
    if (isWord(peek(), 'order')) break;
    if (clauses.length > 0) {
      const t = peek();
      if (!isWord(t, 'and')) {
        const at = t?.at ?? jql.length;
        if (isWord(t, 'or') || isWord(t, 'not')) unsupported(at, endOfClause());
        throw new JqlSyntaxError(
          `Error in the JQL Query: Expecting either 'OR' or 'AND' but got '${t && 'text' in t ? t.text : ''}'. (line 1, character ${at + 1})`,
        );
      }
      pos++;
    }
    const start = peek();
    if (!start)
      throw new JqlSyntaxError(
        `Error in the JQL Query: Expecting a field name but reached the end of the query. (line 1, character ${jql.length + 1})`,
      );
    if (start.kind === 'punct' || isWord(start, 'not')) unsupported(start.at, endOfClause());
    if (start.kind !== 'word' && start.kind !== 'string') {
      throw new JqlSyntaxError(
        `Error in the JQL Query: Expecting a field name but got '${start.text}'. (line 1, character ${start.at + 1})`,
      );
    }
    pos++;
    const field = FIELD_ALIASES[start.text.toLowerCase()];
    const opTok = peek();
    if (!opTok)
      throw new JqlSyntaxError(
        `Error in the JQL Query: Expecting an operator but reached the end of the query. (line 1, character ${jql.length + 1})`,
      );
    const isIn = isWord(opTok, 'in');
    const isEq = opTok.kind === 'op' && opTok.text === '=';
    if (field === undefined || (!isIn && !isEq)) unsupported(start.at, endOfClause());
    pos++;
    const values: string[] = [];
    const readValue = (): string => {
      const v = peek();
      if (!v || (v.kind !== 'word' && v.kind !== 'string')) {
        const at = v?.at ?? jql.length;
        throw new JqlSyntaxError(
          `Error in the JQL Query: Expecting either a value, list or function but got '${v?.text ?? ''}'. (line 1, character ${at + 1})`,
        );
      }
      pos++;
      if (v.kind === 'word' && tokens[pos]?.kind === 'punct' && tokens[pos]?.text === '(')
        unsupported(start.at, endOfClause());
      return v.text;
    };
    if (isIn) {
      const open = peek();
      if (open?.kind === 'word') unsupported(start.at, endOfClause());
      if (open?.kind !== 'punct' || open.text !== '(') {
        throw new JqlSyntaxError(
          `Error in the JQL Query: Expecting '(' after 'in'. (line 1, character ${(open?.at ?? jql.length) + 1})`,
        );
      }
      pos++;
      for (;;) {
        values.push(readValue());
        const sep = peek();
        if (sep?.kind === 'punct' && sep.text === ',') {
          pos++;
          continue;
        }
        if (sep?.kind === 'punct' && sep.text === ')') {
          pos++;
          break;
        }
        throw new JqlSyntaxError(
          `Error in the JQL Query: Expecting ',' or ')' but got '${sep?.text ?? ''}'. (line 1, character ${(sep?.at ?? jql.length) + 1})`,
        );
      }
    } else {
      values.push(readValue());
    }
    const endAt = tokens[pos]?.at ?? jql.length;
    clauses.push({ field: field as JqlField, values, text: jql.slice(start.at, endAt).trim() });
  }
  if (isWord(peek(), 'order')) {
    const orderAt = peek()?.at ?? 0;
    pos++;
    if (!isWord(peek(), 'by'))
      throw new JqlSyntaxError(
        `Error in the JQL Query: Expecting 'by' after 'order'. (line 1, character ${(peek()?.at ?? jql.length) + 1})`,
      );
    pos++;
    const f = peek();
    const name = f?.kind === 'word' ? f.text.toLowerCase() : '';
    if (name !== 'key' && name !== 'issuekey' && name !== 'rank') unsupported(orderAt, jql.length);
    pos++;
    let direction: 'ASC' | 'DESC' = 'ASC';
    const d = peek();
    if (isWord(d, 'asc') || isWord(d, 'desc')) {
      direction = d?.text.toUpperCase() === 'DESC' ? 'DESC' : 'ASC';
      pos++;
    }
    if (pos < tokens.length) unsupported(orderAt, jql.length);
    orderBy = { field: name === 'rank' ? 'rank' : 'key', direction };
  }
  if (clauses.length === 0) {
    throw new JqlSyntaxError(
      'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
    );
  }
  return { clauses, orderBy };
}
