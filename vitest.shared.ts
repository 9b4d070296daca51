import { defineConfig } from 'vitest/config';

// Every package's vitest.config.ts re-exports this. Tests read workspace packages from their sources
// through the `@readygate/source` export condition, so no build is needed before testing.
export const sharedConfig = defineConfig({
  resolve: { conditions: ['@readygate/source'] },
  ssr: { resolve: { conditions: ['@readygate/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The JSON report feeds the one-line total that scripts/test-summary.mjs prints at the end of CI.
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
    testTimeout: 20_000,
  },
});
