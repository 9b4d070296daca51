// The project settings page as a project admin (the PO here) and as someone who is not: the policy as a form
// and as JSON, validated with errors next to the field, saved and mirrored as the signed project property;
// the public keys and key rotation (old keys stay listed and keep verifying).
import { parsePublicKey, verify } from '@readygate/rules';
import { createElement } from 'react';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startForgeSite } from './forge-platform';
import type { ForgeSite } from './forge-platform';
import { connect, installBridge, render } from './ui';
import type { Person } from './dataset';

installBridge();
const { handler } = await import('../src/resolvers/index');
const { publicKeys } = await import('../src/webtriggers/public-keys');
const { resetWorkflows } = await import('../src/adapters/workflows');
const { Settings } = await import('../src/frontend/settings-view');

const PROJECT = { kind: 'project', id: '10000', key: 'ENR' } as const;
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
  const project = site.jira.state.projects.find((p) => p.key === 'ENR');
  if (project) project.properties = {};
  resetWorkflows();
});

const open = (person: Person) => render(person, settingsContext, createElement(Settings));
const policyProperty = () =>
  site.jira.state.projects.find((p) => p.key === 'ENR')?.properties['readygate.policy'];
const servedKeys = async () =>
  (JSON.parse((await publicKeys({ method: 'GET' })).body) as { keys: { publicKey: string }[] }).keys.map(
    (k) => k.publicKey,
  );

describe('project settings', () => {
  it('is refused to someone who does not administer the project, with one line', async () => {
    const ba = await open('ba');
    expect(ba.has('error')).toBe(true);
    expect(ba.text(ba.byTestId('error'))).toMatch(/admin/i);
    expect(ba.has('save-form')).toBe(false);
  });

  it("offers the project's roles and the site's fields, and shows the public key with the workflow snippet", async () => {
    const po = await open('po');
    const roleOptions = (po.byTestId('role-po')?.props.options as { value: string }[]).map((o) => o.value);
    expect(roleOptions).toEqual(
      expect.arrayContaining(['Product Owner', 'Business Analyst', 'QA', 'Developers']),
    );
    const fieldOptions = (po.byTestId('field-estimate')?.props.options as { value: string }[]).map(
      (o) => o.value,
    );
    expect(fieldOptions).toContain('customfield_10016');
    const [key] = await servedKeys();
    expect(po.text(po.byTestId('public-keys'))).toContain(key);
    expect(po.text()).toContain('public-key');
  });

  it('refuses an invalid policy with the error next to the JSON, and writes nothing', async () => {
    const po = await open('po');
    const json = JSON.stringify({
      version: 1,
      gates: { ready: { issueTypes: ['Story'], rules: [{ id: 'ac.aproved' }] } },
    });
    await po.type('policy-json', json);
    await po.click('save-json');
    expect(po.text(po.byTestId('error'))).toMatch(/gates\.ready\.rules\[0\]\.id/);
    expect(po.text()).toContain("did you mean 'ac.approved'");
    expect(policyProperty()).toBeUndefined();
  });

  it('saves the form, and mirrors the policy as a project property the public key verifies', async () => {
    const po = await open('po');
    await po.choose('role-qa', 'QA', 'Developers');
    await po.choose('sprint-enforcement', 'report-only');
    await po.click('save-form');
    expect(po.has('error'), po.text(po.byTestId('error'))).toBe(false);
    expect(po.text(po.byTestId('notice'))).toMatch(/saved/i);
    const verdict = verify(policyProperty(), (await servedKeys()).map(parsePublicKey), PROJECT);
    expect(verdict).toMatchObject({ ok: true });
    const payload = (
      policyProperty() as {
        payload: { roles: { qa: { projectRoles: string[] } }; sprint: { enforcement: string } };
      }
    ).payload;
    expect(payload.roles.qa.projectRoles).toEqual(['QA', 'Developers']);
    expect(payload.sprint.enforcement).toBe('report-only');
  });

  it('rotates the key: the new key signs from then on, the old one stays listed and keeps verifying', async () => {
    const po = await open('po');
    await po.click('save-form');
    const signedWithOld = structuredClone(policyProperty());
    const [oldKey] = await servedKeys();
    await po.click('rotate-key');
    expect(po.has('error'), po.text(po.byTestId('error'))).toBe(false);
    const keys = await servedKeys();
    expect(keys).toHaveLength(2);
    expect(keys).toContain(oldKey);
    expect(po.text(po.byTestId('public-keys'))).toContain(oldKey);
    expect(verify(signedWithOld, keys.map(parsePublicKey), PROJECT)).toMatchObject({ ok: true });
    await po.click('save-form');
    const newKey = keys.find((k) => k !== oldKey) ?? '';
    expect(verify(policyProperty(), [parsePublicKey(newKey)], PROJECT)).toMatchObject({ ok: true });
  });
});
