import type { WorkflowPorts } from '@readygate/workflows';
import { forgeJiraPort } from './jira-port';
import { kvsSecrets } from './secret-store';
import { kvsStore } from './kvs-store';

/** The use cases' ports on Forge: KVS, Forge secret storage, Jira as the app and as the invoking user. */
export function forgePorts(): WorkflowPorts {
  return {
    store: kvsStore(),
    secrets: kvsSecrets(),
    jira: forgeJiraPort(),
    clock: { now: () => new Date() },
  };
}
