// The manifest as Forge itself judges it, offline: @forge/manifest's validate(), then Forge's own linters and
// bundler through ../shared/forge (skipped, with a message naming the path, where that folder is absent).
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validate } from '@forge/manifest';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const APP = fileURLToPath(new URL('..', import.meta.url));
const CHECKS = process.env['READYGATE_FORGE_CHECKS_DIR'] ?? join(APP, '..', '..', '..', 'shared', 'forge');
const haveChecks = existsSync(join(CHECKS, 'lint-check.cjs')) && existsSync(join(CHECKS, 'bundle-check.cjs'));
if (!haveChecks)
  console.warn(
    `Forge lint and bundle checks skipped: ${CHECKS}/{lint,bundle}-check.cjs not found (set READYGATE_FORGE_CHECKS_DIR to the folder that has them).`,
  );

function run(script: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(CHECKS, script), APP],
      { maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: `${stdout}${stderr}` });
      },
    );
  });
}

const manifest = parse(readFileSync(join(APP, 'manifest.yml'), 'utf8')) as {
  modules: Record<string, { key: string; [k: string]: unknown }[]>;
  permissions: { scopes: string[] };
};

describe('manifest.yml', () => {
  // validate() loads Forge's schemas; it shares the machine with the lint and bundle checks running beside it.
  it(
    'passes @forge/manifest validate() (modules, required properties, handler files)',
    { timeout: 120_000 },
    async () => {
      const result = await validate(false, join(APP, 'manifest.yml'));
      expect(result.errors ?? []).toEqual([]);
      expect(result.success).toBe(true);
    },
  );

  it('declares what users get: panel, context, two validators for both project types, settings, web trigger, ignoreSelf trigger', () => {
    const m = manifest.modules;
    expect(m['jira:issuePanel']?.[0]).toMatchObject({ title: 'Readiness', render: 'native' });
    expect(m['jira:issueContext']?.[0]).toMatchObject({ label: 'Readiness' });
    expect(m['jira:workflowValidator']?.map((v) => [v.name, v.projectTypes])).toEqual([
      ['Story is ready', ['company-managed', 'team-managed']],
      ['Story is done', ['company-managed', 'team-managed']],
    ]);
    expect(m['jira:projectSettingsPage']).toHaveLength(1);
    // The public keys, and the CI web trigger that answers fresh signed records to CI.
    expect(m.webtrigger?.map((w) => w.key)).toEqual(['readygate-public-keys', 'readygate-ci']);
    const trigger = m.trigger?.[0];
    expect(trigger).toMatchObject({ events: ['avi:jira:updated:issue'], filter: { ignoreSelf: true } });
    expect(trigger).not.toHaveProperty('timeoutSeconds');
  });

  it('asks for exactly the scopes the README justifies', () => {
    const readme = readFileSync(join(APP, 'README.md'), 'utf8');
    for (const scope of manifest.permissions.scopes) expect(readme).toContain(`\`${scope}\``);
    expect(manifest.permissions.scopes).not.toContain('manage:jira-configuration');
  });
});

// The two Forge checks take most of this package's test time (about 30 s and 75–110 s): they run side by side.
describe.concurrent("Forge's own checks, offline", () => {
  it.skipIf(!haveChecks)("passes Forge's own linters (lint-check.cjs)", { timeout: 180_000 }, async () => {
    const { code, out } = await run('lint-check.cjs');
    expect(out).toContain('"errors":0');
    expect(code).toBe(0);
  });

  // Forge's bundler compiles workspace packages from their built dist/ (turbo builds them before this test).
  it.skipIf(!haveChecks)(
    "bundles every handler and UI Kit resource with Forge's own bundler (bundle-check.cjs)",
    { timeout: 600_000 },
    async () => {
      const { code, out } = await run('bundle-check.cjs');
      expect(out).toContain('backend: 12 handlers bundled');
      expect(out).toContain('UI Kit: 5 resources bundled');
      expect(code).toBe(0);
    },
  );
});
