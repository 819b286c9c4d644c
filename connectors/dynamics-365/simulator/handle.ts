/**
 * The simulator as `ml-connector simulate dynamics365` and the example workspace start it: the demo Entra
 * app, tenant and environment, opportunity lines under the connector's documented defaults, and where a
 * test reads control totals and pulls the kill-after-send and 429-storm switches.
 */
import {
  describeFaultRules,
  httpSimulatorStats,
  type SimulatorHandle,
  type SimulatorStartOptions,
} from '../../kit/module/simulator-handle.ts';
import { parseFaultSpec } from '../../kit/simulator/faults.ts';
import { ORDER_TABLES } from '../destination/tables.ts';
import { startDynamicsSimulator } from './index.ts';

export async function startDynamicsHandle(
  options: SimulatorStartOptions & { readonly port: number },
): Promise<SimulatorHandle> {
  const rules = parseFaultSpec(options.faults ?? '');
  const { lineSet, linesNavigation } = ORDER_TABLES.opportunities;
  const sim = await startDynamicsSimulator({
    port: options.port,
    seed: options.seed ?? 1,
    faults: rules,
    accountColumns: ['mlc_sapvendornumber', 'mlc_sapcustomernumber'],
    opportunityLines: { set: lineSet, navigation: linesNavigation },
    ...(options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
  });
  const { clientId, clientSecret } = sim.credentials;
  return {
    system: 'dynamics-365',
    url: sim.url,
    port: sim.port,
    banner: [
      `Dynamics 365 Sales simulator at ${sim.url} (Web API ${sim.apiUrl})`,
      `  Entra tenant ${sim.tenant}; app (client id) ${clientId}, secret ${clientSecret}; token ${sim.tokenUrl}`,
      `  environment URL ${sim.url}; alternate keys Active: account(accountnumber), salesorder/opportunity(mlc_ponumber)`,
      ...(sim.caCert === undefined
        ? []
        : ['  HTTPS with a certificate signed by its own CA: trust that CA (see below)']),
      `  control totals: ${sim.url}/__sim/control-totals; POST ${sim.url}/__sim/drop-batch-answers?count=1 (apply the next $batch, answer nothing); POST ${sim.url}/__sim/throttle?requests=20&retryAfter=1 (a 429 storm)`,
      ...(rules.length > 0 ? [`  faults: ${describeFaultRules(rules)}`] : []),
    ],
    secrets: { d365_client_secret: clientSecret },
    address: { environmentUrl: sim.url, tenant: sim.tenant, authorityUrl: sim.url },
    ...(sim.caCert === undefined ? {} : { caCert: sim.caCert }),
    stats: () => ({ ...httpSimulatorStats(sim.stats), batchRequests: sim.stats.batches }),
    controlTotals: () => Promise.resolve(sim.controlTotals()),
    close: () => sim.close(),
  };
}
