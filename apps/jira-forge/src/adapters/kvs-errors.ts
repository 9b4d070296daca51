import { ForgeKvsAPIError } from '@forge/kvs';

/**
 * A write KVS refused because of its condition: `FAIL_IF_EXISTS` on an existing key (`KEY_CONFLICT`, 409) or
 * an entity condition that did not hold. The platform documents the 409 for the first; the status is what this
 * checks, so a renamed code does not turn a lost race into a crash.
 */
export function isConflict(err: unknown): boolean {
  return (
    err instanceof ForgeKvsAPIError && (err.responseDetails.status === 409 || err.code === 'KEY_CONFLICT')
  );
}
