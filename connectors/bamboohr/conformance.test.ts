/** The kit's source conformance run against the BambooHR simulator, once per sign-in (API key, OAuth). */
import { type SourceUnderTest, describeSourceConformance } from '../kit/testing/conformance.ts';
import { bambooModule } from './module.ts';
import { bambooConnectorDescriptor } from './descriptor.ts';
import { type BambooSimulator, startBambooSimulator } from './simulator/index.ts';
import { createBambooSource } from './source.ts';
import { type Method, changedRecords, configFor, secretsFor } from './test-support.ts';

function rig(sim: BambooSimulator, method: Method): SourceUnderTest {
  const secrets = secretsFor(sim);
  // The wrong-password tests get their own store: a wrong key, or a wrong client secret for OAuth.
  const withPassword = (password: string | undefined) => {
    if (password === undefined) return secrets;
    const wrong = secretsFor(sim);
    wrong.values.set(method === 'api-key' ? 'bamboo-key' : 'bamboo-client-secret', password);
    return wrong;
  };
  return {
    descriptor: bambooConnectorDescriptor,
    simulatorUrl: sim.url,
    open: ({ password, retry, requestMs }) =>
      createBambooSource({
        ...configFor(sim, method, withPassword(password)),
        retry,
        ...(requestMs === undefined ? {} : { timeouts: { requestMs } }),
      }),
    check: (options) => bambooModule.testConnection(configFor(sim, method, withPassword(options?.password))),
    advance: (n) => changedRecords(sim, n),
    requests: () => sim.stats.requests,
    faults: () => sim.stats.faults,
    close: () => sim.close(),
  };
}

const start =
  (method: Method) =>
  async ({ faults }: { readonly faults?: string }) =>
    rig(await startBambooSimulator({ rows: 150, seed: 5, ...(faults === undefined ? {} : { faults }) }), method);

/** The read streams; `payroll` is computed from them over a window of pay periods (payroll/payroll.test.ts). */
const entities = ['employees', 'jobInfo', 'compensation', 'employmentStatus'];

describeSourceConformance({
  name: 'BambooHR with an API key',
  start: start('api-key'),
  entities,
  pageSize: 5,
  maxSignInRequests: 1,
  expectFaults: ['429', '500', '503', 'reset', 'slow'],
});
describeSourceConformance({
  name: 'BambooHR with OAuth',
  start: start('oauth2-refresh-token'),
  entities,
  pageSize: 5,
  maxSignInRequests: 1,
  expectFaults: ['429', '503', 'reset', 'expire'],
});
