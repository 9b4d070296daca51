import { describe, expect, it } from 'vitest';
import { seededRandom } from './faults.js';
import { parseJql } from './jql.js';

describe('parseJql', () => {
  const parsed: [string, unknown][] = [
    ['key in (A-1, "A-2")', { clauses: [{ field: 'key', values: ['A-1', 'A-2'] }], orderBy: null }],
    ["issuekey = 'A-1'", { clauses: [{ field: 'key', values: ['A-1'] }], orderBy: null }],
    ['sprint = 42', { clauses: [{ field: 'sprint', values: ['42'] }], orderBy: null }],
    ['fixVersion = "2.0"', { clauses: [{ field: 'fixVersion', values: ['2.0'] }], orderBy: null }],
    [
      'project = ENR and Sprint = 42 ORDER BY Rank desc',
      {
        clauses: [
          { field: 'project', values: ['ENR'] },
          { field: 'sprint', values: ['42'] },
        ],
        orderBy: { field: 'rank', direction: 'DESC' },
      },
    ],
    [
      'key IN ("A-1") order by key',
      { clauses: [{ field: 'key', values: ['A-1'] }], orderBy: { field: 'key', direction: 'ASC' } },
    ],
  ];
  it.each(parsed)('%s', (jql, expected) => {
    const r = parseJql(jql);
    expect(r.ok).toBe(true);
    if (r.ok)
      expect({
        clauses: r.query.clauses.map(({ field, values }) => ({ field, values })),
        orderBy: r.query.orderBy,
      }).toEqual(expected);
  });

  const refused: [string, string][] = [
    ['assignee = currentUser()', "Unsupported JQL clause 'assignee = currentUser()'"],
    ['project = ENR ORDER BY created', "Unsupported JQL clause 'ORDER BY created'"],
    ['NOT key = A-1', "Unsupported JQL clause 'NOT key = A-1'"],
    ['(key = A-1)', "Unsupported JQL clause '(key = A-1)'"],
    ['key in (A-1', "Expecting ',' or ')'"],
    ['key =', 'Expecting either a value, list or function'],
    ['key = A-1 sprint = 2', "Expecting either 'OR' or 'AND' but got 'sprint'"],
    ['key = A%1', "The character '%' is a reserved JQL character"],
    ['', 'Unbounded JQL queries are not allowed here'],
  ];
  it.each(refused)('refuses %s', (jql, message) => {
    const r = parseJql(jql);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errorMessages.join(' ')).toContain(message);
  });

  // fast-check is not a dependency of this package; a seeded generator gives the same coverage repeatably.
  it('never throws on random input, and a successful parse always has a clause', () => {
    const random = seededRandom(7);
    const tokens = [
      'key',
      'sprint',
      'project',
      'fixVersion',
      'in',
      '=',
      '!=',
      '(',
      ')',
      ',',
      '"',
      "'",
      'AND',
      'OR',
      'ORDER',
      'BY',
      'A-1',
      '42',
      ' ',
      '%',
      '\\',
      '~',
    ];
    const pick = (n: number): number => Math.floor(random() * n);
    for (let run = 0; run < 3000; run++) {
      const jql =
        run % 2 === 0
          ? Array.from({ length: pick(12) }, () => tokens[pick(tokens.length)] ?? '').join(
              pick(2) === 0 ? ' ' : '',
            )
          : String.fromCharCode(...Array.from({ length: pick(20) }, () => 32 + pick(95)));
      const r = parseJql(jql);
      if (r.ok) expect(r.query.clauses.length).toBeGreaterThan(0);
      else expect(r.errorMessages.length).toBeGreaterThan(0);
    }
  });
});
