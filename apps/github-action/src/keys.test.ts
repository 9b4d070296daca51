import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeSearched, parseProjectKeys, scanKeys, MAX_KEYS, MAX_TEXT, type KeyText } from './keys.js';

const branch = (text: string): KeyText => ({ source: { kind: 'branch' }, text });
const title = (text: string): KeyText => ({ source: { kind: 'title' }, text });
const body = (text: string | null): KeyText => ({ source: { kind: 'body' }, text });
const commit = (sha: string, text: string): KeyText => ({ source: { kind: 'commit', sha }, text });

const keysOf = (texts: KeyText[], projects?: string[]) =>
  scanKeys(texts, projects ? { projects } : {}).keys.map((k) => k.key);

describe('scanKeys', () => {
  it.each([
    // [what, text, project-keys, expected]
    ['upper-case key in a branch', 'feature/ENR-12-login', undefined, ['ENR-12']],
    ['key with underscore after it', 'ENR-12_login', undefined, ['ENR-12']],
    ['several keys in one text', 'ENR-12, PAY-7 and ENR-3', undefined, ['ENR-12', 'PAY-7', 'ENR-3']],
    ['lower-case branch without project-keys is no key', 'feature/enr-12-login', undefined, []],
    ['lower-case branch with project-keys', 'feature/enr-12-login', ['ENR'], ['ENR-12']],
    ['project-keys given in lower case', 'ENR-12', ['enr'], ['ENR-12']],
    ['project-keys exclude other projects', 'ENR-12 PAY-7 OPS-1', ['ENR', 'PAY'], ['ENR-12', 'PAY-7']],
    ['date-named branch', '2023-04-11-245a825', undefined, []],
    ['date-named branch with project-keys', '2023-04-11-245a825', ['ENR'], []],
    ['key glued to letters on the left', 'XENR-12', ['ENR'], []],
    ['key glued to letters on the right', 'ENR-12a', undefined, []],
    ['leading zero', 'ENR-012', undefined, []],
    ['single-letter project', 'X-1 and A-12', undefined, []],
    ['encodings and hashes', 'UTF-8 SHA-256 SHA-1 ED-25519 COVID-19', undefined, []],
    ['standards and advisories', 'ISO-8601 RFC-8785 CVE-2024-12345 PEP-8', undefined, []],
    ['a denied word is still a key when its project is configured', 'RFC-12', ['RFC'], ['RFC-12']],
    [
      'key inside a URL of another site',
      'see https://example.com/docs/ENR-99 and ENR-1',
      undefined,
      ['ENR-1'],
    ],
    ['Jira browse link', 'https://acme.atlassian.net/browse/ENR-77', undefined, ['ENR-77']],
    [
      'Jira board link',
      'https://acme.atlassian.net/jira/software/projects/ENR/boards/1?selectedIssue=ENR-5',
      undefined,
      ['ENR-5'],
    ],
    [
      'markdown link text and target',
      '[ENR-4](https://acme.atlassian.net/browse/ENR-4)',
      undefined,
      ['ENR-4'],
    ],
    ['key after a hyphen', 'feature-ENR-12', undefined, ['ENR-12']],
  ] as const)('%s', (_what, text, projects, expected) => {
    expect(keysOf([branch(text)], projects ? [...projects] : undefined)).toEqual(expected);
  });

  it('dedupes, keeps first-seen order and remembers every place', () => {
    const scan = scanKeys([
      branch('ENR-2-x'),
      title('ENR-1: login'),
      body('Fixes ENR-2'),
      commit('abcdef123', 'ENR-1 wip'),
      commit('0123456ff', 'ENR-3'),
    ]);
    expect(scan.keys.map((k) => k.key)).toEqual(['ENR-2', 'ENR-1', 'ENR-3']);
    expect(scan.keys[0]?.foundIn).toEqual([{ kind: 'branch' }, { kind: 'body' }]);
    expect(scan.keys[1]?.foundIn).toEqual([{ kind: 'title' }, { kind: 'commit', sha: 'abcdef123' }]);
  });

  it('lists the places searched when nothing is found', () => {
    const scan = scanKeys([
      branch('main'),
      title('Tidy up'),
      body(null),
      commit('a1', 'x'),
      commit('b2', 'y'),
    ]);
    expect(scan.keys).toEqual([]);
    expect(describeSearched(scan.searched)).toBe(
      'branch name, PR title, PR description and 2 commit messages',
    );
  });

  it(`keeps at most ${MAX_KEYS} keys and says so`, () => {
    const text = Array.from({ length: MAX_KEYS + 5 }, (_, i) => `ENR-${i + 1}`).join(' ');
    const scan = scanKeys([body(text)]);
    expect(scan.keys).toHaveLength(MAX_KEYS);
    expect(scan.cut).toEqual({ kind: 'too-many-keys', limit: MAX_KEYS });
  });

  it('says when a text is longer than it reads, so a key past the cut cannot go unseen', () => {
    const long = `${'x'.repeat(MAX_TEXT)} ENR-7`;
    const scan = scanKeys([branch('feature/ENR-1'), commit('c0ffee1', long)]);
    expect(scan.keys.map((k) => k.key)).toEqual(['ENR-1']);
    expect(scan.cut).toEqual({
      kind: 'text-too-long',
      source: { kind: 'commit', sha: 'c0ffee1' },
      length: MAX_TEXT + 6,
      limit: MAX_TEXT,
    });
    expect(scanKeys([branch('feature/ENR-1')]).cut).toBeNull();
  });

  it('returns only well-formed upper-case keys of configured projects, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), (a, b) => {
        const scan = scanKeys([branch(a), body(b)], { projects: ['ENR', 'pay'] });
        for (const k of scan.keys) expect(k.key).toMatch(/^(ENR|PAY)-[1-9][0-9]{0,8}$/);
      }),
    );
  });

  it('finds a key planted anywhere in noise', () => {
    const noise = fc.stringMatching(/^[a-z .,/:\n]{0,80}$/);
    fc.assert(
      fc.property(noise, fc.integer({ min: 1, max: 99999 }), noise, (before, n, after) => {
        expect(keysOf([body(`${before} ENR-${n} ${after}`)])).toContain(`ENR-${n}`);
      }),
    );
  });

  // A super-linear pattern would take minutes here; the test timeout is the guard, not a timed assertion.
  it('handles adversarial text', { timeout: 20_000 }, () => {
    const evil = [
      'A'.repeat(60_000),
      'AB-'.repeat(20_000),
      'https://'.repeat(8_000),
      'ENR-1a'.repeat(10_000),
      'a-'.repeat(30_000),
    ];
    for (const text of evil) {
      expect(scanKeys([body(text)]).keys).toEqual([]);
      expect(scanKeys([body(text)], { projects: ['ENR', 'AB'] }).keys).toEqual([]);
    }
  });
});

describe('parseProjectKeys', () => {
  it.each([
    ['ENR,PAY', ['ENR', 'PAY']],
    [' enr , pay ,, ENR ', ['ENR', 'PAY']],
    ['ENR PAY', ['ENR', 'PAY']],
  ])('reads %j', (input, expected) => {
    expect(parseProjectKeys(input)).toEqual({ ok: true, value: expected });
  });

  it('names entries that are not project keys', () => {
    expect(parseProjectKeys('ENR, 12X, A')).toEqual({ ok: false, invalid: ['12X', 'A'] });
  });
});
