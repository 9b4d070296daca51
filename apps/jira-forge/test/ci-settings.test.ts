// CI tokens on the project settings page, as a project admin (the PO here) sees them: issued with a name and
// shown once, listed without the secret, several live at once, revoked at once (the CI web trigger then answers
// 401); someone who does not administer the project gets no page.
import { createElement } from 'react';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startForgeSite } from './forge-platform';
import type { ForgeSite } from './forge-platform';
import { connect, installBridge, render } from './ui';
import type { Person } from './dataset';

installBridge();
const { handler } = await import('../src/resolvers/index');
const { ciAnswer } = await import('../src/webtriggers/ci-answer');
const { resetWorkflows } = await import('../src/adapters/workflows');
const { resetCiWorkflows } = await import('../src/adapters/ci-workflows');
const { Settings } = await import('../src/frontend/settings-view');

const settingsContext = {
  extension: { type: 'jira:projectSettingsPage', project: { id: '10000', key: 'ENR' } },
};
let site: ForgeSite;
beforeAll(async () => {
  site = await startForgeSite();
  connect(site, handler);
});
afterAll(() => site.stop());
beforeEach(() => {
  site.kvs.keys.clear();
  site.kvs.secrets.clear();
  resetWorkflows();
  resetCiWorkflows();
});

const shownToken = (screen: { byTestId(id: string): { props: Record<string, unknown> } | null }) => {
  const text = screen.byTestId('ci-token-once')?.props.text;
  return typeof text === 'string' ? text : '';
};
const open = (person: Person) => render(person, settingsContext, createElement(Settings));
const ask = (token: string) =>
  site.as(undefined, () =>
    ciAnswer({
      method: 'POST',
      headers: { Authorization: [`Bearer ${token}`] },
      body: JSON.stringify({ nonce: 'settings-test-nonce-0001', keys: ['ENR-1'] }),
    }),
  );

describe('CI tokens on the settings page', () => {
  it('issues a named token shown once, keeps only its hash, and revokes it at once', async () => {
    const po = await open('po');
    expect(po.text(po.byTestId('ci-snippet'))).toContain(
      'readygate-token: ${{ secrets.READYGATE_CI_TOKEN }}',
    );
    await po.type('ci-token-name', 'enrollment-web');
    await po.click('ci-token-issue');
    expect(po.has('error'), po.text(po.byTestId('error'))).toBe(false);
    const token = shownToken(po);
    expect(token).toMatch(/^rgci_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect((await ask(token)).statusCode).toBe(200);

    // A second token for another repository: both live.
    await po.type('ci-token-name', 'enrollment-api');
    await po.click('ci-token-issue');
    const second = shownToken(po);
    expect(second).not.toBe(token);

    // Storage holds no secret; a reopened page shows names, never a token.
    const stored = JSON.stringify([...site.kvs.keys.values()].map((v) => v.value));
    expect(stored).not.toContain(token.slice(18));
    const again = await open('po');
    expect(again.has('ci-token-once')).toBe(false);
    expect(again.text()).not.toContain(token.slice(18));
    expect(again.rows('ci-token-list').map((r) => [r[0], r[2]])).toEqual(
      expect.arrayContaining([
        ['enrollment-web', 'live'],
        ['enrollment-api', 'live'],
      ]),
    );

    await again.click('ci-token-revoke-enrollment-web');
    expect(again.text(again.byTestId('notice'))).toMatch(/revoked/);
    expect(await ask(token)).toMatchObject({ statusCode: 401, body: '' });
    expect((await ask(second)).statusCode).toBe(200);
  });

  it('refuses a token without a name, with one line, and shows nothing to a non-admin', async () => {
    const po = await open('po');
    await po.click('ci-token-issue');
    expect(po.text(po.byTestId('error'))).toMatch(/name/);
    expect(po.has('ci-token-once')).toBe(false);
    const ba = await open('ba');
    expect(ba.has('ci-tokens')).toBe(false);
    expect(ba.text(ba.byTestId('error'))).toMatch(/admin/i);
  });
});
