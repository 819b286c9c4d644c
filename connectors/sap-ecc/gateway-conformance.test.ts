/**
 * The kit's source conformance run with every stream read over Gateway OData v2 (the simulator's custom
 * services built over the seeded tables): the full read equals the same control totals as over RFC, an
 * incremental read returns exactly what changed (renames move the services' ChangedOn through their change
 * documents), and 10% faults on Gateway's paths (5xx, the ICM's 503 page, resets, ended sessions) are survived.
 */
import { PlainDate } from '../../engine/model/values/date.ts';
import { type SourceUnderTest, describeSourceConformance } from '../kit/testing/conformance.ts';
import type { SapConnectionConfig } from './config.ts';
import { sapConnectorDescriptor } from './descriptor.ts';
import { parseGatewayAddress } from './gateway/config.ts';
import { startSapSimulator, type RunningSapSimulator } from './simulator/index.ts';
import { createSapSource } from './source.ts';
import { testSapConnection } from './check.ts';
import { configFor, SIM_PASSWORD, SIM_USER } from './test-support.ts';

const SETTINGS = {
  vendors:
    'ZVENDOR_SRV/VendorSet;date=ChangedOn;LFB1_ERDAT=CompanyErdat;LFB1_LOEVM=CompanyLoevm;LFB1_SPERR=CompanySperr',
  customers:
    'ZCUSTOMER_SRV/CustomerSet;date=ChangedOn;KNB1_ERDAT=CompanyErdat;KNB1_LOEVM=CompanyLoevm;KNB1_SPERR=CompanySperr',
  purchase_order_items: 'ZPURCHASEORDER_SRV/ItemSet;date=ChangedOn;HEADER_AEDAT=HeaderAedat;HEADER_LOEKZ=HeaderLoekz',
};

function config(sim: RunningSapSimulator, password: string | undefined): SapConnectionConfig {
  return {
    ...configFor(sim, password === undefined ? {} : { password }),
    gateway: Object.fromEntries(
      Object.entries(SETTINGS).map(([entity, text]) => [entity, parseGatewayAddress(text, entity)]),
    ),
  };
}

function rig(sim: RunningSapSimulator): SourceUnderTest {
  return {
    descriptor: sapConnectorDescriptor,
    simulatorUrl: sim.url,
    open: ({ password, retry, requestMs }) =>
      createSapSource({
        ...config(sim, password),
        retry,
        ...(requestMs === undefined ? {} : { timeouts: { requestMs } }),
      }),
    check: (options) => testSapConnection(config(sim, options?.password)),
    advance: (n) => sim.advance(n),
    requests: () => sim.stats.requests,
    faults: () => sim.stats.faults,
    close: () => sim.close(),
  };
}

describeSourceConformance({
  name: 'SAP ECC over Gateway OData v2',
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
        gateway: {
          fixtureServices: {
            vendors: 'ZVENDOR_SRV/VendorSet',
            customers: 'ZCUSTOMER_SRV/CustomerSet',
            purchaseOrderItems: 'ZPURCHASEORDER_SRV/ItemSet',
          },
        },
        ...(faults === undefined ? {} : { faults }),
      }),
    ),
  pageSize: 7,
  maxSignInRequests: 1,
  advanceBy: 8,
  faults: '500:0.03,503:0.03,reset:0.03,slow:0.01@60ms,expire:0.02',
  expectFaults: ['500', '503', 'reset', 'expire'],
});
