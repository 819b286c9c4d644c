/**
 * The kit's source conformance run against the IFS simulator (check, wrong secret, discover, full read
 * equal to the control totals, incremental read of exactly what changed, 10% faults including token
 * expiry), with the unconfirmed sets served under the names the connection configures.
 */
import { type SourceUnderTest, describeSourceConformance } from '../kit/testing/conformance.ts';
import { ifsConnectorDescriptor } from './descriptor.ts';
import { ifsModule } from './module.ts';
import { DEMO_SETS, type IfsSimulator, startIfsSimulator } from './simulator/index.ts';
import { createIfsSource } from './source.ts';
import { configFor } from './test-support.ts';

function rig(sim: IfsSimulator): SourceUnderTest {
  return {
    descriptor: ifsConnectorDescriptor,
    simulatorUrl: sim.url,
    open: ({ password, retry, requestMs }) =>
      createIfsSource({
        ...configFor(sim, password === undefined ? {} : { secret: password }),
        retry,
        ...(requestMs === undefined ? {} : { timeouts: { requestMs } }),
      }),
    check: (options) =>
      ifsModule.testConnection(configFor(sim, options?.password === undefined ? {} : { secret: options.password })),
    advance: (n) => sim.advance(n),
    requests: () => sim.stats.requests,
    faults: () => sim.stats.faults,
    close: () => sim.close(),
  };
}

describeSourceConformance({
  name: 'IFS Cloud',
  start: async ({ faults }) =>
    rig(await startIfsSimulator({ rows: 60, seed: 3, sets: DEMO_SETS, ...(faults === undefined ? {} : { faults }) })),
  pageSize: 7,
  maxSignInRequests: 1,
  expectFaults: ['429', '500', '503', 'reset', 'expire'],
});
