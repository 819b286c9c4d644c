import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['engine/**/*.test.ts', 'connectors/**/*.test.ts', 'scripts/**/*.test.ts', 'e2e/**/*.test.ts', 'renderer/**/*.test.ts', 'electron/**/*.test.ts'],
    // Two cores: keep forks few so timing-sensitive tests are not starved.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    // expect.poll waits for a state (a browser test's screen, a run's end), never a fixed time; one second
    // is too short on a busy two-core machine, and a wait that succeeds returns at once anyway.
    expect: { poll: { timeout: 10_000 } },
  },
});
