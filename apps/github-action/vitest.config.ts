import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@readygate/source'] },
  ssr: { resolve: { conditions: ['@readygate/source'] } },
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
