/**
 * The action's inputs (names as in action.yml), read and checked in one place. Every problem is one line
 * that names the input and how to fix it; secret values are never quoted.
 */
import { ReadyGateError } from '@readygate/rules';
import { isLoopback, secretsOf, type JiraAuth } from '@readygate/jira';
import { parsePublicKeys, KeyFormatError, type PublicKey } from '@readygate/rules';
import { parseProjectKeys } from './keys.js';
import type { Runner } from './runner.js';

/** The checked configuration of one run. */
export interface Config {
  readonly mode: 'pull-request' | 'release';
  readonly jiraUrl: string;
  readonly jiraEmail: string | null;
  /** May be empty here: a fork PR gets no secrets, which main.ts reports with its own message. */
  readonly jiraToken: string;
  readonly jiraAuth: JiraAuth;
  /** Every key whose signatures count (the current one and older ones after a rotation). */
  readonly publicKeys: readonly PublicKey[];
  readonly fixVersion: string | null;
  readonly projectKeys: readonly string[];
  readonly policyPath: string | null;
  readonly githubToken: string;
  readonly comment: boolean;
  readonly commitStatus: boolean;
  readonly requireStory: boolean;
  /** The whole run's time limit, reporting included. */
  readonly timeoutMs: number;
  /**
   * The ReadyGate app's CI web trigger and a CI token (`readygate-url`, `readygate-token`): when set, records and
   * policy come from a fresh signed answer of the app instead of the Jira properties. Null when unset.
   */
  readonly fresh: { readonly url: string; readonly token: string } | null;
}

/** A bad input. */
export class InputError extends ReadyGateError<'input.invalid'> {
  constructor(message: string) {
    super('input.invalid', message);
  }
}

function bool(runner: Runner, name: string, fallback: boolean): boolean {
  const v = runner.input(name).toLowerCase();
  if (v === '') return fallback;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new InputError(`Input ${name} must be true or false.`);
}

/** An https URL (http only to this machine, for tests): the CI token travels in its Authorization header. */
function isSafeTriggerUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
  return secure && url.username === '' && url.password === '' && url.hash === '';
}

/**
 * Reads the inputs. Secrets are registered with the runner before anything else can print them.
 * @throws InputError
 */
export function readInputs(runner: Runner): Config {
  const jiraToken = runner.input('jira-token');
  const githubToken = runner.input('github-token');
  const jiraEmail = runner.input('jira-email') || null;
  const jiraAuth: JiraAuth =
    jiraEmail !== null
      ? { kind: 'basic', email: jiraEmail, token: jiraToken }
      : { kind: 'bearer', token: jiraToken };
  // Every form the token travels in (raw, base64 of email:token, the header values), so a Jira or proxy
  // error that echoes the Authorization header is masked too.
  if (jiraToken !== '') for (const s of secretsOf(jiraAuth)) runner.setSecret(s);
  runner.setSecret(githubToken);
  const freshToken = runner.input('readygate-token');
  if (freshToken !== '') {
    runner.setSecret(freshToken);
    runner.setSecret(`Bearer ${freshToken}`);
  }

  const modeText = runner.input('mode') || 'pull-request';
  if (modeText !== 'pull-request' && modeText !== 'release')
    throw new InputError(`Input mode must be pull-request or release, not "${modeText.slice(0, 40)}".`);

  const jiraUrl = runner.input('jira-url');
  if (jiraUrl === '')
    throw new InputError(
      'Input jira-url is required: set it to your Jira Cloud site, e.g. https://acme.atlassian.net.',
    );

  const keyText = runner.input('public-key');
  if (keyText === '') {
    throw new InputError(
      'Input public-key is required: copy the public key from the ReadyGate project settings page in Jira (a Jira admin can see it).',
    );
  }
  let publicKeys: PublicKey[];
  try {
    publicKeys = parsePublicKeys(keyText);
  } catch (e) {
    if (e instanceof KeyFormatError) throw new InputError(`Input public-key: ${e.message}`);
    throw e;
  }

  const projects = parseProjectKeys(runner.input('project-keys'));
  if (!projects.ok) {
    throw new InputError(
      `Input project-keys has ${projects.invalid.map((p) => `"${p.slice(0, 20)}"`).join(', ')}, which are not Jira project keys: list keys such as ENR,PAY.`,
    );
  }

  const fixVersion = runner.input('fix-version') || null;
  if (modeText === 'release') {
    if (fixVersion === null)
      throw new InputError('Release mode needs input fix-version: the Jira version name, e.g. 2.0.');
    if (projects.value.length !== 1)
      throw new InputError(
        'Release mode needs input project-keys with exactly one project key: the project the fix-version belongs to.',
      );
  }

  const timeoutText = runner.input('timeout-seconds') || '45';
  const timeoutSeconds = /^[0-9]{1,4}$/.test(timeoutText) ? Number(timeoutText) : NaN;
  if (!(timeoutSeconds >= 10 && timeoutSeconds <= 600))
    throw new InputError(
      `Input timeout-seconds must be a whole number of seconds from 10 to 600 (default 45), not "${timeoutText.slice(0, 20)}".`,
    );

  const freshUrl = runner.input('readygate-url');
  // A fork PR gets neither secret: main.ts says so with its own message.
  if ((freshUrl === '') !== (freshToken === '') && jiraToken !== '')
    throw new InputError(
      freshUrl === ''
        ? 'Input readygate-token is set but readygate-url is not: Dev, set both (the URL and a CI token from the ReadyGate project settings page in Jira), or neither.'
        : 'Input readygate-url is set but readygate-token is empty: Dev, pass the CI token from a secret, e.g. readygate-token: ${{ secrets.READYGATE_CI_TOKEN }} (a project admin issues it on the ReadyGate settings page).',
    );
  if (freshUrl !== '' && !isSafeTriggerUrl(freshUrl))
    throw new InputError(
      'Input readygate-url must be an https:// URL without credentials (the CI token would travel in clear over http): Dev, copy the CI web trigger URL from the ReadyGate project settings page in Jira.',
    );

  return {
    mode: modeText,
    jiraUrl,
    jiraEmail,
    jiraToken,
    jiraAuth,
    publicKeys,
    fixVersion,
    projectKeys: projects.value,
    policyPath: runner.input('policy') || null,
    githubToken,
    comment: bool(runner, 'comment', true),
    commitStatus: bool(runner, 'commit-status', true),
    requireStory: bool(runner, 'require-story', true),
    timeoutMs: timeoutSeconds * 1000,
    fresh: freshUrl === '' || freshToken === '' ? null : { url: freshUrl, token: freshToken },
  };
}
