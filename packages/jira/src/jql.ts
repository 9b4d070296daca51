import { JiraError } from './errors.js';

/** An issue key as Jira Cloud writes it: project key, dash, number. Anything else cannot enter JQL. */
export const ISSUE_KEY = /^[A-Z][A-Z0-9_]+-\d+$/;
/** A project key. */
export const PROJECT_KEY = /^[A-Z][A-Z0-9_]+$/;

/** Throws a `bad-request` JiraError unless every key is a well-formed issue key. */
export function checkIssueKeys(keys: readonly string[]): void {
  const bad = keys.filter((k) => !ISSUE_KEY.test(k));
  if (bad.length > 0) {
    const shown = bad.slice(0, 3).map((k) => JSON.stringify(k.slice(0, 40)));
    throw new JiraError(
      'bad-request',
      `Not a Jira issue key: ${shown.join(', ')}${bad.length > 3 ? ` and ${bad.length - 3} more` : ''}; issue keys look like ENR-42 (upper-case project key, dash, number).`,
    );
  }
}

/** Throws a `bad-request` JiraError unless the project key is well-formed. */
export function checkProjectKey(key: string): void {
  if (!PROJECT_KEY.test(key)) {
    throw new JiraError(
      'bad-request',
      `Not a Jira project key: ${JSON.stringify(key.slice(0, 40))}; project keys look like ENR (upper-case letters and digits).`,
    );
  }
}

/** A JQL string literal: double-quoted with `"` and `\` escaped, so a version name cannot end the string. */
export function jqlString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** `key in (A-1, B-2)` for validated keys. */
export function keysJql(keys: readonly string[]): string {
  checkIssueKeys(keys);
  return `key in (${keys.join(', ')})`;
}
