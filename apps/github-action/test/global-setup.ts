// Builds the action once per test run into a temporary folder: tests run a bundle of the current sources
// exactly as the runner runs dist/index.js, without ever rewriting the committed dist/ (check-dist compares
// that separately).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildBundle } from './run-action.js';

declare module 'vitest' {
  export interface ProvidedContext {
    actionBundle: string;
  }
}

export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'readygate-bundle-'));
  const bundle = join(dir, 'index.js');
  await buildBundle(bundle);
  project.provide('actionBundle', bundle);
  return () => rm(dir, { recursive: true, force: true });
}
