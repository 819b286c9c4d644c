import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['engine/**/*.test.ts', 'connectors/**/*.test.ts', 'scripts/**/*.test.ts', 'e2e/**/*.test.ts', 'renderer/**/*.test.ts', 'electron/**/*.test.ts'],
    // Two cores: keep forks few so timing-sensitive tests are not starved.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
  },
});
