/**
 * Integration 4 end to end: the shipped `sap-ecc-to-dynamics365.json` from the SAP ECC simulator (RFC over
 * SOAP) into the Dynamics 365 simulator (Dataverse Web API) through the real runner. Correctness for a CRM
 * is "one account per SAP partner, one order per PO with exactly its lines, never a duplicate after a
 * retry", so each test checks the CRM against SAP's own tables:
 * - a full run, and a second that sends nothing (only what changed is written);
 * - a vendor renamed in SAP (a change document only: its creation date is years old) reaches its account;
 * - `ml-connector run` killed (SIGKILL) after a `$batch` creating orders was applied but before its answer,
 *   then run again: every order once, with exactly its lines;
 * - a 429 storm: the run waits as Dataverse asks (waits recorded, not slept), completes, totals equal.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderTableTotals } from '../connectors/dynamics-365/simulator/control-totals.ts';
import { startDynamicsSimulator, type DynamicsSimulator } from '../connectors/dynamics-365/simulator/index.ts';
import { ORDER_TABLES } from '../connectors/dynamics-365/destination/tables.ts';
import * as connectors from '../connectors/registry.ts';
import { startSapSimulator, type RunningSapSimulator } from '../connectors/sap-ecc/simulator/index.ts';
import { prepareExampleWorkspace, SAP_ECC_TO_DYNAMICS365 } from '../engine/cli/example-workspace.ts';
import { installSystemRules } from '../engine/model/index.ts';
import { Decimal } from '../engine/model/values/index.ts';
import { loadPipelineFile, runPipeline, type ConnectorRegistry, type RunEvent } from '../engine/runner/index.ts';
import { environmentVariableFor } from '../engine/secrets/index.ts';
import { registryRecordingDynamicsWaits } from './dynamics-365-waits.ts';

const CLI = new URL('../bin/ml-connector.mjs', import.meta.url).pathname;
const SAP_PASSWORD = 'sap-e2e-Pa55';

let sap: RunningSapSimulator;
let dir: string;
const started: DynamicsSimulator[] = [];

beforeAll(async () => {
  installSystemRules(connectors.systemRules());
  sap = await startSapSimulator({
    port: 0,
    seed: 16,
    user: 'RFC_SYNC',
    password: SAP_PASSWORD,
    rfcServiceActive: true,
  });
  dir = mkdtempSync(join(tmpdir(), 'mlc-e2e-sap-d365-'));
});

afterAll(async () => {
  await Promise.all([sap?.close(), ...started.map((sim) => sim.close())]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** An empty Dynamics 365 environment with the customizations the example needs (README). */
async function crm(): Promise<DynamicsSimulator> {
  const { lineSet, linesNavigation } = ORDER_TABLES.opportunities;
  const sim = await startDynamicsSimulator({
    port: 0,
    accountColumns: ['mlc_sapvendornumber', 'mlc_sapcustomernumber'],
    opportunityLines: { set: lineSet, navigation: linesNavigation },
  });
  started.push(sim);
  return sim;
}

interface Workspace {
  readonly file: string;
  readonly state: string;
  readonly secrets: Record<string, string>;
}

function workspace(name: string, sim: DynamicsSimulator): Workspace {
  const folder = join(dir, name);
  const simulators = {
    'sap-ecc': { url: sap.url, address: { baseUrl: sap.url, sapClient: sap.client, companyCode: sap.companyCode } },
    dynamics365: { url: sim.url, address: { environmentUrl: sim.url, tenant: sim.tenant, authorityUrl: sim.url } },
  };
  const file = prepareExampleWorkspace(folder, simulators, [SAP_ECC_TO_DYNAMICS365]).files[SAP_ECC_TO_DYNAMICS365]!;
  return {
    file,
    state: join(folder, 'state'),
    secrets: { sap_password: SAP_PASSWORD, d365_client_secret: sim.credentials.clientSecret },
  };
}

async function run(space: Workspace, registry: ConnectorRegistry = connectors, events: RunEvent[] = []) {
  const outcome = await runPipeline({
    connectors: registry,
    onEvent: (event) => void events.push(event),
    loaded: loadPipelineFile(space.file),
    stateDir: space.state,
    resolveSecret: (name) =>
      space.secrets[name] === undefined
        ? Promise.reject(new Error(`no secret ${name}`))
        : Promise.resolve(space.secrets[name]!),
    retry: { attempts: 3, baseDelayMs: 0, maxDelayMs: 0 },
  });
  expect(outcome.streams.map((s) => [s.name, s.status, s.error?.message])).toEqual([
    ['vendors', 'ok', undefined],
    ['customers', 'ok', undefined],
    ['purchase_orders', 'ok', undefined],
  ]);
  return outcome;
}

type Row = Readonly<Record<string, unknown>>;
const rowsOf = (sim: DynamicsSimulator, table: string): Row[] => [...sim.store.table(table)!.rows.values()];

/** The CRM against SAP's own tables: each partner one account, each PO one order with exactly its lines. */
async function expectCrmMatchesSap(sim: DynamicsSimulator): Promise<void> {
  const accounts = rowsOf(sim, 'accounts');
  const byNumber = new Map<string, Row[]>();
  for (const account of accounts)
    byNumber.set(String(account.accountnumber), [...(byNumber.get(String(account.accountnumber)) ?? []), account]);
  expect([...byNumber.values()].filter((same) => same.length > 1)).toEqual([]);

  const vendorNames = new Map(sap.fixture.LFA1.map((vendor) => [vendor.LIFNR!, vendor.NAME1]));
  for (const [lifnr, name] of vendorNames)
    expect(byNumber.get(`V-${lifnr}`)?.[0], lifnr).toMatchObject({ name, mlc_sapvendornumber: lifnr });
  let linked = 0;
  for (const customer of sap.fixture.KNA1) {
    const vendor = customer.LIFNR === undefined || customer.LIFNR === '' ? undefined : customer.LIFNR;
    if (vendor !== undefined) linked += 1;
    const account = byNumber.get(vendor === undefined ? `C-${customer.KUNNR}` : `V-${vendor}`)?.[0];
    // A customer that is also a vendor is the vendor's account: its name stays the vendor's, its type Customer.
    expect(account, customer.KUNNR).toMatchObject({
      mlc_sapcustomernumber: customer.KUNNR,
      customertypecode: 3,
      name: vendor === undefined ? customer.NAME1 : vendorNames.get(vendor),
    });
  }
  expect(linked).toBeGreaterThan(0);
  expect(accounts).toHaveLength(sap.fixture.LFA1.length + sap.fixture.KNA1.length - linked);

  const poTotals = (await (await request(`${sap.url}/__sim/po-totals`)).body.json()) as Record<
    string,
    { items: number; NETWR: string }
  >;
  const orders = sim.controlTotals().salesorders as OrderTableTotals;
  expect(Object.keys(orders.byOrder).sort()).toEqual(Object.keys(poTotals).sort());
  expect(rowsOf(sim, 'salesorders')).toHaveLength(Object.keys(poTotals).length);
  for (const [ebeln, sapTotals] of Object.entries(poTotals)) {
    const order = orders.byOrder[ebeln]!;
    expect(order.lines, ebeln).toBe(sapTotals.items);
    expect(Decimal.parse(order.value).equals(Decimal.parse(sapTotals.NETWR)), `${ebeln} ${order.value}`).toBe(true);
  }
  expect(Math.max(...Object.values(poTotals).map((po) => po.items))).toBe(1200);
}

describe('SAP ECC -> Dynamics 365 Sales, the shipped example', () => {
  it('writes one account per partner and one order per PO with its lines; a second run sends nothing', async () => {
    const sim = await crm();
    const space = workspace('full', sim);
    await run(space);
    await expectCrmMatchesSap(sim);
    const batches = sim.stats.batches;
    await run(space);
    expect(sim.stats.batches).toBe(batches);
  }, 120_000);

  it('a vendor renamed in SAP (seen only in its change documents) is renamed in the CRM, and nothing else is sent', async () => {
    const sim = await crm();
    const space = workspace('rename', sim);
    await run(space);
    const vendor = sap.fixture.LFA1[3]!;
    const answer = (await (
      await request(`${sap.url}/__sim/change`, {
        method: 'POST',
        body: JSON.stringify({ action: 'renameVendor', lifnr: vendor.LIFNR, name: 'Renamed Vendor GmbH' }),
      })
    ).body.json()) as { changes: unknown[] };
    expect(answer.changes).toEqual([{ entity: 'vendors', key: [vendor.LIFNR] }]);
    const batches = sim.stats.batches;
    await run(space);
    expect(sim.stats.batches - batches).toBe(1);
    expect(rowsOf(sim, 'accounts').find((row) => row.accountnumber === `V-${vendor.LIFNR}`)?.name).toBe(
      'Renamed Vendor GmbH',
    );
    await expectCrmMatchesSap(sim);
  }, 120_000);

  it('killed after a $batch of new orders was applied, before its answer: the rerun leaves every order once with its lines', async () => {
    const sim = await crm();
    const space = workspace('kill', sim);
    const env = {
      ...process.env,
      [environmentVariableFor('sap_password')]: space.secrets.sap_password!,
      [environmentVariableFor('d365_client_secret')]: space.secrets.d365_client_secret!,
    };
    const applied = sim.holdNextBatchAnswer((body) => /^POST \S*salesorders /m.test(body));
    const child = spawn(process.execPath, [CLI, 'run', space.file, '--state', space.state, '--json'], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await Promise.race([applied, exited.then(() => Promise.reject(new Error(`the run ended first: ${stderr}`)))]);
    child.kill('SIGKILL');
    await exited;
    expect(sim.stats.heldAnswers).toBe(1);
    // The orders of that batch are in the CRM, the run never learnt it; the other orders are not there yet.
    const landed = rowsOf(sim, 'salesorders').length;
    expect(landed).toBeGreaterThan(0);
    expect(landed).toBeLessThan(sap.fixture.EKKO.filter((po) => po.BUKRS === sap.companyCode).length);

    const rerun = spawn(process.execPath, [CLI, 'run', space.file, '--state', space.state, '--json'], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let rerunErr = '';
    rerun.stderr?.on('data', (chunk) => (rerunErr += String(chunk)));
    expect(await new Promise((resolve) => rerun.once('exit', resolve)), rerunErr).toBe(0);
    await expectCrmMatchesSap(sim);
  }, 180_000);

  it('a 429 storm slows the run by Retry-After (waited, not slept here); it completes with equal totals', async () => {
    const sim = await crm();
    const space = workspace('storm', sim);
    sim.throttle(20, 7);
    const waits: number[] = [];
    const events: RunEvent[] = [];
    await run(space, registryRecordingDynamicsWaits(waits), events);
    // The service-protection budget is shown with each batch's progress (the CLI's progress line).
    const usage = events.flatMap((event) => (event.type === 'batch-committed' && event.usage ? [event.usage] : []));
    expect(usage.length).toBeGreaterThan(0);
    expect(usage.at(-1)).toMatch(/^Dataverse requests \d+ of 6,000 per 300 s$/);
    expect(sim.protection.refused['0x80072322']).toBe(20);
    expect(waits.filter((ms) => ms === 7000)).toHaveLength(20);
    await expectCrmMatchesSap(sim);
  }, 120_000);
});
