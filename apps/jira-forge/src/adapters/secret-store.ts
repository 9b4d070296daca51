import { kvs } from '@forge/kvs';
import type { SecretStore } from '@readygate/workflows';

/** The signing key's private half lives in Forge secret storage (`kvs.getSecret` / `kvs.setSecret`) only. */
export function kvsSecrets(): SecretStore {
  return {
    async get(name) {
      const value = await kvs.getSecret<unknown>(name);
      return typeof value === 'string' ? value : undefined;
    },
    set: (name, value) => kvs.setSecret(name, value),
  };
}
