import { defineConfig } from 'vitest/config';

// The tests talk to simulators on loopback: a proxy in the developer's environment (HTTPS_PROXY, as curl
// and undici do, also takes 127.0.0.1) is told to leave loopback alone. Tests of proxies set their own.
const noProxy = [process.env.no_proxy ?? process.env.NO_PROXY, '127.0.0.1,localhost,::1']
  .filter((value) => value !== undefined && value !== '')
  .join(',');

export default defineConfig({
  test: {
    include: [
      'engine/**/*.test.ts',
      'connectors/**/*.test.ts',
      'scripts/**/*.test.ts',
      'e2e/**/*.test.ts',
      'renderer/**/*.test.ts',
      'electron/**/*.test.ts',
    ],
    // Two cores: keep forks few so timing-sensitive tests are not starved.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    env: { no_proxy: noProxy, NO_PROXY: noProxy },
    // expect.poll waits for a state (a browser test's screen, a run's end), never a fixed time; one second
    // is too short on a busy two-core machine, and a wait that succeeds returns at once anyway.
    expect: { poll: { timeout: 10_000 } },
  },
});
