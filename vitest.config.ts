import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Tests import workspace packages from source, so `vitest` runs without a build;
// tests that spawn the real `tocscan` binary use the built dist/ (`npm test` builds first).
export default defineConfig({
  resolve: {
    alias: {
      '@tocscan/core': here('./packages/core/src/index.ts'),
      '@tocscan/lang-ts': here('./packages/lang-ts/src/index.ts'),
      '@tocscan/lang-php': here('./packages/lang-php/src/index.ts'),
      '@tocscan/rules': here('./rules/index.ts'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'rules/test/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
