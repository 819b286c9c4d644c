/**
 * One benchmark measurement in its own process: the shipped `sap-ecc-to-dynamics365.json` example, all
 * three streams (vendors and customers -> accounts, PO items -> sales orders with their lines), from the
 * SAP ECC simulator (RFC over SOAP) into the Dynamics 365 simulator (Dataverse Web API) through the real
 * runner and the registry; and, as the baseline, the same three streams read by the SAP source alone (no
 * CRM), so the figures say what writing to the CRM costs.
 *   tsx bench/sap-to-dynamics365-run.ts VENDORS
 * VENDORS is the SAP simulator's size (`rows`): customers are about two thirds as many, purchase orders
 * half as many with 3 items each, plus one PO of 1,200 items. Prints one JSON line:
 * { records, sapRecords, seconds, readSeconds, sap: { httpRequests, per1000 },
 *   dynamics: { httpRequests, batchRequests, per1000, batchesPer1000 } }
 * records: what the CRM holds after the run (accounts + order lines); sapRecords: what SAP holds in the
 * three streams (vendors + customers + PO items); per 1,000 records written. The run's seconds cover the
 * whole run (connections opened, both sign-ins); the read's cover the source opened, read and closed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as connectors from '../connectors/registry.ts';
import { startSimulator } from '../connectors/registry.ts';
import { prepareExampleWorkspace, SAP_ECC_TO_DYNAMICS365 } from '../engine/cli/example-workspace.ts';
import { Decimal } from '../engine/model/values/index.ts';
import { loadPipelineFile, runPipeline } from '../engine/runner/index.ts';
import { countsAt, demoSecrets, readAlone, served } from './example-run-parts.ts';

const STREAMS = ['vendors', 'customers', 'purchase_orders'];
const vendors = Number(process.argv[2] ?? '1000');
const sap = await startSimulator('sap-ecc', { port: 0, seed: 16, rows: vendors });
const dynamics = await startSimulator('dynamics365', { port: 0, seed: 16 });
const dir = mkdtempSync(join(tmpdir(), 'mlc-bench-sap-d365-'));
try {
  const resolveSecret = demoSecrets(sap, dynamics);
  const workspace = prepareExampleWorkspace(dir, { 'sap-ecc': sap, dynamics365: dynamics }, [SAP_ECC_TO_DYNAMICS365]);
  const loaded = loadPipelineFile(workspace.files[SAP_ECC_TO_DYNAMICS365]!);
  const simulators = { sap, dynamics };

  const before = countsAt(simulators);
  const outcome = await runPipeline({
    connectors,
    loaded,
    stateDir: join(dir, 'state'),
    streams: STREAMS,
    resolveSecret,
  });
  const after = countsAt(simulators);
  if (outcome.status !== 'ok')
    throw new Error(`benchmark run ended ${outcome.status}: ${JSON.stringify(outcome.streams)}`);

  // The baseline, which also counts the customers that are a vendor's account (KNA1-LIFNR) for the check.
  let linkedCustomers = 0;
  const read = await readAlone(loaded, 'sap', dir, resolveSecret, STREAMS, (stream, records) => {
    if (stream === 'customers') linkedCustomers += records.filter((r) => r.LIFNR != null && r.LIFNR !== '').length;
  });

  // A fast load that loses records measures nothing: the CRM must hold what SAP holds (e2e/sap-to-dynamics365).
  const held = (await sap.controlTotals()) as Record<string, { rows: number; sums: { NETWR?: string } }>;
  const crm = (await dynamics.controlTotals()) as {
    accounts: { rows: number };
    salesorders: { rows: number; lines: number; sums: { lineValue: string } };
  };
  const sapRecords = held.vendors!.rows + held.customers!.rows + held.purchase_order_items!.rows;
  const expected = {
    read: {
      vendors: held.vendors!.rows,
      customers: held.customers!.rows,
      purchase_orders: held.purchase_order_items!.rows,
    },
    accounts: held.vendors!.rows + held.customers!.rows - linkedCustomers,
    orders: held.purchase_orders!.rows,
    lines: held.purchase_order_items!.rows,
  };
  const found = {
    read: read.records,
    accounts: crm.accounts.rows,
    orders: crm.salesorders.rows,
    lines: crm.salesorders.lines,
  };
  if (JSON.stringify(found) !== JSON.stringify(expected) || linkedCustomers === 0)
    throw new Error(`the CRM or the read does not match SAP: ${JSON.stringify({ expected, found, linkedCustomers })}`);
  const netwr = held.purchase_order_items!.sums.NETWR!;
  if (!Decimal.parse(crm.salesorders.sums.lineValue).equals(Decimal.parse(netwr)))
    throw new Error(`order lines are worth ${crm.salesorders.sums.lineValue}, SAP's PO items ${netwr}`);

  const records = crm.accounts.rows + crm.salesorders.lines;
  const per1000 = (n: number) => Math.round((n * 10_000) / records) / 10;
  const sapRequests = served(before, after, 'sap', 'httpRequests');
  const dynamicsRequests = served(before, after, 'dynamics', 'httpRequests');
  const batchRequests = served(before, after, 'dynamics', 'batchRequests');
  console.log(
    JSON.stringify({
      records,
      sapRecords,
      seconds: (after.at - before.at) / 1000,
      readSeconds: read.seconds,
      sap: { httpRequests: sapRequests, per1000: per1000(sapRequests) },
      dynamics: {
        httpRequests: dynamicsRequests,
        batchRequests,
        per1000: per1000(dynamicsRequests),
        batchesPer1000: per1000(batchRequests),
      },
    }),
  );
} finally {
  await sap.close();
  await dynamics.close();
  rmSync(dir, { recursive: true, force: true });
}
