/**
 * The kit's source conformance run against the PeopleSoft simulator, once per sign-in (Basic with an OPRID;
 * a bearer token from the simulated IdP, with token expiry among the faults): check, wrong secret, discover,
 * full read equal to the control totals (windows of 14 days holding at most 25 rows, so many are split),
 * incremental read of exactly what changed, and 10% faults (bare 500s included). The saved queries carry the
 * key-paging prompt: the PO changes stamp several POs today, and their schedules and distributions hold more
 * than 25 rows on that one day, which only paging by key reads whole.
 */
import { type SourceUnderTest, describeSourceConformance } from '../kit/testing/conformance.ts';
import { psftConnectorDescriptor } from './descriptor.ts';
import { psftModule } from './module.ts';
import type { PeopleSoftSimulator } from './simulator/index.ts';
import { createPsftSource } from './source.ts';
import { configFor, startTestSimulator } from './test-support.ts';

const KEY_PROMPT = 'AFTER_KEY';

function rig(sim: PeopleSoftSimulator, auth: 'basic' | 'oauth2'): SourceUnderTest {
  return {
    descriptor: psftConnectorDescriptor,
    simulatorUrl: sim.url,
    open: ({ password, retry, requestMs }) =>
      createPsftSource({
        ...configFor(sim, {
          signIn: auth,
          keyPrompt: KEY_PROMPT,
          ...(password === undefined ? {} : { secret: password }),
        }),
        retry,
        ...(requestMs === undefined ? {} : { timeouts: { requestMs } }),
      }),
    check: (options) =>
      psftModule.testConnection(
        configFor(sim, {
          signIn: auth,
          keyPrompt: KEY_PROMPT,
          ...(options?.password === undefined ? {} : { secret: options.password }),
        }),
      ),
    advance: (n) => sim.advance(n),
    requests: () => sim.stats.requests,
    faults: () => sim.stats.faults,
    close: () => sim.close(),
  };
}

for (const auth of ['basic', 'oauth2'] as const)
  describeSourceConformance({
    name: `PeopleSoft (${auth})`,
    start: async ({ faults }) =>
      rig(await startTestSimulator({ keyPrompt: KEY_PROMPT, ...(faults === undefined ? {} : { faults }) }), auth),
    pageSize: 7,
    maxSignInRequests: 1,
    expectFaults: auth === 'basic' ? ['429', '500', '503', 'reset'] : ['429', '500', '503', 'reset', 'expire'],
  });
