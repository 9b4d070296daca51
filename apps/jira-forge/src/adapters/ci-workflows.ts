import { webTrigger } from '@forge/api';
import { createCiWorkflows } from '@readygate/workflows';
import type { CiWorkflows } from '@readygate/workflows';
import { forgePorts } from './ports';

/** The CI web trigger's module key (manifest.yml `webtrigger`). */
export const CI_WEBTRIGGER_KEY = 'readygate-ci';

let instance: CiWorkflows | undefined;

/** The CI use cases on Forge's ports; one per container (the signing key's registration check runs once). */
export function ciWorkflows(): CiWorkflows {
  instance ??= createCiWorkflows(forgePorts(), { ciUrl: () => webTrigger.getUrl(CI_WEBTRIGGER_KEY) });
  return instance;
}

/** Drops the cached use cases; for tests. */
export function resetCiWorkflows(): void {
  instance = undefined;
}
