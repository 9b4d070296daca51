/**
 * Story-key extraction from untrusted pull-request text (branch, title, body, commit messages).
 *
 * Rules, chosen so that a key is found where people write it and nothing else is:
 * - A key is `PROJECT-NUMBER`: the project part starts with a letter, 2–10 characters of letters, digits
 *   and `_` (Jira's own limits); the number has no leading zero and at most 9 digits.
 * - Neither side may touch a letter or digit (`XENR-1`, `ENR-1a`), so `2023-04-11-245a825` yields nothing.
 * - With `project-keys`, only those projects count and matching ignores case (`feature/enr-12-login`);
 *   keys are reported upper-case. Without it, only upper-case keys count (a lower-case branch such as
 *   `release-2` is not a story) and well-known identifiers that look like keys are dropped
 *   (`UTF-8`, `SHA-256`, `ISO-8601`, `RFC-8785`, `CVE-2024-…`).
 * - Inside a URL only a Jira issue link counts (`…/browse/ENR-12`, `selectedIssue=ENR-12`); any other
 *   URL text is ignored, so `https://example.com/RFC-8785` or a path on another tracker is no story.
 * - Each text is read up to {@link MAX_TEXT} characters and at most {@link MAX_KEYS} keys are kept; either
 *   cut is reported in `cut`, so the gate fails closed instead of judging a subset. Every pattern is linear:
 *   bounded quantifiers, no nested repetition.
 */

/** Where a key was found. `commit` places carry the short commit SHA. */
export type KeySource =
  | { readonly kind: 'branch' }
  | { readonly kind: 'title' }
  | { readonly kind: 'body' }
  | { readonly kind: 'commit'; readonly sha: string }
  | { readonly kind: 'merge-group' };

/** One piece of text to search, with where it came from. */
export interface KeyText {
  readonly source: KeySource;
  readonly text: string | null | undefined;
}

/** A key and the places it was found, in the order they were searched. */
export interface FoundKey {
  readonly key: string;
  readonly project: string;
  readonly foundIn: readonly KeySource[];
}

/** The keys of a pull request, first-seen order, without duplicates. */
export interface KeyScan {
  readonly keys: readonly FoundKey[];
  /** Every place that was searched (also when nothing was found), for the "no story key" message. */
  readonly searched: readonly KeySource[];
  /**
   * Why the scan could not see everything, or null: more than {@link MAX_KEYS} keys, or a text longer than
   * {@link MAX_TEXT} (a key past the cut would go unseen). A gate must not judge such a subset.
   */
  readonly cut: KeyCut | null;
}

/** What made a scan incomplete. */
export type KeyCut =
  | { readonly kind: 'too-many-keys'; readonly limit: number }
  | {
      readonly kind: 'text-too-long';
      readonly source: KeySource;
      readonly length: number;
      readonly limit: number;
    };

/** Longest text searched per place; a PR body is at most 65,536 characters on GitHub. */
export const MAX_TEXT = 65_536;
/** Most keys one check looks up. */
export const MAX_KEYS = 100;

const PROJECT = /^[A-Z][A-Z0-9_]{1,9}$/;

/** Whole keys that are standards, encodings or algorithms, not stories. */
const NOT_A_KEY = new Set([
  'UTF-7',
  'UTF-8',
  'UTF-16',
  'UTF-32',
  'UCS-2',
  'UCS-4',
  'SHA-1',
  'SHA-2',
  'SHA-3',
  'SHA-224',
  'SHA-256',
  'SHA-384',
  'SHA-512',
  'MD-5',
  'AES-128',
  'AES-192',
  'AES-256',
  'RSA-1024',
  'RSA-2048',
  'RSA-3072',
  'RSA-4096',
  'ED-25519',
  'ES-256',
  'ES-384',
  'ES-512',
  'HS-256',
  'HS-384',
  'HS-512',
  'RS-256',
  'RS-384',
  'RS-512',
  'PS-256',
  'PS-384',
  'PS-512',
  'BASE-32',
  'BASE-64',
  'LATIN-1',
  'HTTP-1',
  'HTTP-2',
  'HTTP-3',
  'TLS-1',
  'SSL-2',
  'SSL-3',
  'IPV-4',
  'IPV-6',
  'COVID-19',
  'WINDOWS-1250',
  'WINDOWS-1251',
  'WINDOWS-1252',
  'CP-1252',
]);
/** Prefixes where every number names a standard or an advisory. */
const NOT_A_PROJECT = new Set([
  'ISO',
  'RFC',
  'CVE',
  'CWE',
  'ECMA',
  'IEC',
  'IEEE',
  'ANSI',
  'PEP',
  'BCP',
  'STD',
  'GHSA',
]);

/** Options for {@link scanKeys}. */
export interface ScanOptions {
  /** Project keys that count (any case). Empty: any upper-case key that is not a known false positive. */
  readonly projects?: readonly string[];
}

/**
 * Normalises a `project-keys` input (`"enr, PAY"`) to upper-case project keys.
 * @returns the keys, or the entries that are not project keys.
 */
export function parseProjectKeys(
  input: string,
): { ok: true; value: string[] } | { ok: false; invalid: string[] } {
  const parts = input
    .split(/[\s,]+/)
    .map((p) => p.trim().toUpperCase())
    .filter((p) => p !== '');
  const invalid = parts.filter((p) => !PROJECT.test(p));
  if (invalid.length > 0) return { ok: false, invalid };
  return { ok: true, value: [...new Set(parts)] };
}

const URL_RE = /\bhttps?:\/\/[^\s<>()[\]{}"'`]{1,2048}/gi;
const LINK_KEY_RE =
  /(?:\/browse\/|[?&]selectedIssue=)([A-Za-z][A-Za-z0-9_]{1,9}-[1-9][0-9]{0,8})(?![A-Za-z0-9])/g;

function keyPattern(projects: readonly string[]): RegExp {
  if (projects.length === 0)
    return /(?<![A-Za-z0-9_])([A-Z][A-Z0-9_]{1,9})-([1-9][0-9]{0,8})(?![A-Za-z0-9])/g;
  // Project keys are validated against PROJECT, so they contain no regex syntax.
  return new RegExp(`(?<![A-Za-z0-9])(${projects.join('|')})-([1-9][0-9]{0,8})(?![A-Za-z0-9])`, 'gi');
}

/** Searches the given texts, in order, for story keys. */
export function scanKeys(texts: readonly KeyText[], options: ScanOptions = {}): KeyScan {
  const projects = (options.projects ?? []).map((p) => p.toUpperCase()).filter((p) => PROJECT.test(p));
  const allowed = new Set(projects);
  const pattern = keyPattern(projects);
  const found = new Map<string, { key: string; project: string; foundIn: KeySource[] }>();
  const searched: KeySource[] = [];
  let cut: KeyCut | null = null;

  const accept = (rawProject: string, num: string, source: KeySource, fromLink: boolean): void => {
    const project = rawProject.toUpperCase();
    if (allowed.size > 0) {
      if (!allowed.has(project)) return;
    } else {
      // A Jira link is unambiguous, so its key counts in any case; loose text needs upper case.
      if (!fromLink && rawProject !== project) return;
      if (!PROJECT.test(project) || NOT_A_PROJECT.has(project) || NOT_A_KEY.has(`${project}-${num}`)) return;
    }
    const key = `${project}-${num}`;
    const entry = found.get(key);
    if (entry) {
      if (!entry.foundIn.some((s) => sameSource(s, source))) entry.foundIn.push(source);
      return;
    }
    if (found.size >= MAX_KEYS) {
      cut ??= { kind: 'too-many-keys', limit: MAX_KEYS };
      return;
    }
    found.set(key, { key, project, foundIn: [source] });
  };

  for (const { source, text } of texts) {
    searched.push(source);
    if (!text) continue;
    if (text.length > MAX_TEXT)
      cut ??= { kind: 'text-too-long', source, length: text.length, limit: MAX_TEXT };
    const bounded = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
    // Keys in Jira links first, then the text with every URL blanked out.
    const plain = bounded.replace(URL_RE, (url) => {
      for (const m of url.matchAll(LINK_KEY_RE)) {
        const [project = '', num = ''] = (m[1] ?? '').split('-');
        accept(project, num, source, true);
      }
      return ' ';
    });
    for (const m of plain.matchAll(pattern)) accept(m[1] ?? '', m[2] ?? '', source, false);
  }
  return { keys: [...found.values()], searched, cut };
}

function sameSource(a: KeySource, b: KeySource): boolean {
  return a.kind === b.kind && (a.kind !== 'commit' || (b.kind === 'commit' && a.sha === b.sha));
}

/** `branch name`, `PR title`, `commit 1a2b3c4`, … for messages. */
export function describeSource(s: KeySource): string {
  switch (s.kind) {
    case 'branch':
      return 'branch name';
    case 'title':
      return 'PR title';
    case 'body':
      return 'PR description';
    case 'commit':
      return `commit ${s.sha.slice(0, 7)}`;
    case 'merge-group':
      return 'merge queue commit';
  }
}

/**
 * Summarises the searched places for a message: `branch name, PR title, PR description and 3 commit
 * messages`.
 */
export function describeSearched(searched: readonly KeySource[]): string {
  const named = new Set<string>();
  let commits = 0;
  for (const s of searched) {
    if (s.kind === 'commit') commits += 1;
    else named.add(describeSource(s));
  }
  const parts = [...named];
  if (commits > 0) parts.push(commits === 1 ? '1 commit message' : `${commits} commit messages`);
  if (parts.length <= 1) return parts[0] ?? 'nothing';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}
