import type { useProductContext } from '@forge/react';

type ProductContext = ReturnType<typeof useProductContext>;

/**
 * The key of the issue or project a screen is shown on, from the product context (`extension.issue.key`,
 * `extension.project.key`); undefined until the context has loaded. Only a hint of what to show: every resolver
 * re-checks it on the server.
 */
export function extensionKey(context: ProductContext, of: 'issue' | 'project'): string | undefined {
  const ext = context?.extension as Record<string, { key?: unknown } | undefined> | undefined;
  const key = ext?.[of]?.key;
  return typeof key === 'string' ? key : undefined;
}
