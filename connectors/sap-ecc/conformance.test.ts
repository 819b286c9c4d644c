/**
 * The kit's source conformance run against the SAP simulator (check, wrong password, discover, full read
 * equal to the control totals, incremental read of exactly what changed — renames seen only through change
 * documents among them — and 10% faults: COMMUNICATION_FAILURE faults, the ICM's 503 pages, resets, slow
 * answers, security sessions ended).
 */
import { PlainDate } from '../../engine/model/values/date.ts';
import { type SourceUnderTest, describeSourceConformance } from '../kit/testing/conformance.ts';
import { sapConnectorDescriptor } from './descriptor.ts';
import { startSapSimulator, type RunningSapSimulator } from './simulator/index.ts';
import { createSapSource } from './source.ts';
import { testSapConnection } from './check.ts';
import { configFor, SIM_PASSWORD, SIM_USER } from './test-support.ts';

function rig(sim: RunningSapSimulator): SourceUnderTest {
  return {
    descriptor: sapConnectorDescriptor,
    simulatorUrl: sim.url,
    open: ({ password, retry, requestMs }) =>
      createSapSource({
        ...configFor(sim, password === undefined ? {} : { password }),
        retry,
        ...(requestMs === undefined ? {} : { timeouts: { requestMs } }),
      }),
    check: (options) =>
      testSapConnection(configFor(sim, options?.password === undefined ? {} : { password: options.password })),
    advance: (n) => sim.advance(n),
    requests: () => sim.stats.requests,
    faults: () => sim.stats.faults,
    close: () => sim.close(),
  };
}

describeSourceConformance({
  name: 'SAP ECC',
  start: async ({ faults }) =>
    rig(
      await startSapSimulator({
        user: SIM_USER,
        password: SIM_PASSWORD,
        rfcServiceActive: true,
        vendors: 24,
        bigPoItems: 40,
        seed: 3,
        today: PlainDate.parse('2026-03-10'),
        ...(faults === undefined ? {} : { faults }),
      }),
    ),
  pageSize: 7,
  maxSignInRequests: 1,
  advanceBy: 8,
  // SAP answers no 429; a 500 is a COMMUNICATION_FAILURE fault, `expire` ends the security session.
  faults: '500:0.03,503:0.03,reset:0.03,slow:0.01@60ms,expire:0.02',
  expectFaults: ['500', '503', 'reset', 'expire'],
});
