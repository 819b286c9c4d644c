/**
 * SAP ECC through the engine's runner into a real DuckDB file, from the `simulate sap-ecc` simulator (as
 * `ml-connector run` would): vendors and PO items reconcile with SAP's control totals (items and NETWR per
 * PO, the 1,200-item order included); after a vendor is renamed in SAP (a change document only: its ERDAT is
 * years old) and an item is added to a PO, the next run reads just those, and the warehouse holds the new name.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as connectors from '../connectors/registry.ts';
import { startSimulator, type SimulatorHandle } from '../connectors/registry.ts';
import { installSystemRules } from '../engine/model/index.ts';
import { loadPipelineFile, runPipeline } from '../engine/runner/index.ts';
import { queryDuckDbFile } from './duckdb-rows.ts';

let sap: SimulatorHandle;
let dir: string;

beforeAll(async () => {
  sap = await startSimulator('sap-ecc', { port: 0, seed: 4, rows: 30 });
  dir = mkdtempSync(join(tmpdir(), 'mlc-e2e-sap-duck-'));
  installSystemRules(connectors.systemRules());
});

afterAll(async () => {
  await sap?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function pipelineFile(): string {
  const source = (entity: string, key: string[]) => ({
    connection: 'sap',
    entity,
    key,
    cursor: 'CHANGED_ON',
    pageSize: 200,
  });
  const target = (table: string, mergeKey: string[]) => ({
    connection: 'warehouse',
    table,
    writeMode: 'merge',
    mergeKey,
  });
  const pipeline = {
    version: 3,
    name: 'SAP ECC to the local warehouse',
    connections: {
      sap: {
        system: 'sap-ecc',
        address: { ...sap.address },
        auth: { method: 'basic', username: 'RFC_SYNC', secret: 'sap_password' },
      },
      warehouse: { system: 'duckdb', address: { path: './sap.duckdb' }, auth: { method: 'none' } },
    },
    streams: {
      vendors: {
        source: source('vendors', ['LIFNR']),
        target: target('sap_vendors', ['lifnr']),
        mappings: {
          lifnr: { type: 'string', expression: 'LIFNR', required: true },
          name: { type: 'string', expression: 'NAME1' },
          deletion_flag: { type: 'string', expression: 'LOEVM' },
          also_customer: { type: 'string', expression: 'KUNNR' },
          changed_on: { type: 'date', expression: 'CHANGED_ON' },
        },
      },
      po_items: {
        source: source('purchase_order_items', ['EBELN', 'EBELP']),
        target: target('sap_po_items', ['ebeln', 'ebelp']),
        mappings: {
          ebeln: { type: 'string', expression: 'EBELN', required: true },
          ebelp: { type: 'string', expression: 'EBELP', required: true },
          netwr: { type: 'decimal(15,2)', expression: 'NETWR' },
          deleted: { type: 'string', expression: 'LOEKZ' },
          changed_on: { type: 'date', expression: 'CHANGED_ON' },
        },
      },
    },
  };
  const file = join(dir, 'sap-to-duckdb.json');
  writeFileSync(file, JSON.stringify(pipeline, null, 2));
  return file;
}

async function run(file: string) {
  return runPipeline({
    connectors,
    loaded: loadPipelineFile(file),
    stateDir: join(dir, 'state'),
    resolveSecret: (name) =>
      sap.secrets[name] === undefined
        ? Promise.reject(new Error(`no secret ${name}`))
        : Promise.resolve(sap.secrets[name]!),
    retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
  });
}

function warehouse<T>(sql: string): Promise<T[]> {
  return queryDuckDbFile<T>(join(dir, 'sap.duckdb'), sql);
}

const simRoute = async (path: string, body?: unknown) =>
  (
    await request(`${sap.url}${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) })
  ).body.json();

describe('SAP ECC -> the local DuckDB warehouse', () => {
  it('loads vendors and PO items equal to SAP, then only what changed, a change-document rename included', async () => {
    const file = pipelineFile();
    const first = await run(file);
    expect(first.streams.map((s) => [s.name, s.status, s.held])).toEqual([
      ['vendors', 'ok', 0],
      ['po_items', 'ok', 0],
    ]);
    const totals = (await sap.controlTotals()) as Record<string, { rows: number; sums: Record<string, string> }>;
    const poTotals = (await simRoute('/__sim/po-totals')) as Record<string, { items: number; NETWR: string }>;
    const perPo = await warehouse<{ ebeln: string; items: number; netwr: string }>(
      'SELECT ebeln, count(*)::INTEGER AS items, sum(netwr)::VARCHAR AS netwr FROM sap_po_items GROUP BY ALL ORDER BY ebeln',
    );
    expect(Object.fromEntries(perPo.map((po) => [po.ebeln, { items: po.items, NETWR: po.netwr }]))).toEqual(poTotals);
    expect(Math.max(...perPo.map((po) => po.items))).toBe(1200);
    const [vendors] = await warehouse<{ n: number }>('SELECT count(*)::INTEGER AS n FROM sap_vendors');
    expect(vendors?.n).toBe(totals.vendors!.rows);

    const renamed = (await simRoute('/__sim/change', {
      action: 'renameVendor',
      lifnr: '0000100003',
      name: 'Renamed GmbH',
    })) as {
      changes: unknown[];
    };
    const added = (await simRoute('/__sim/change', { action: 'addPoItem', ebeln: '4500000002' })) as {
      changes: unknown[];
    };
    const second = await run(file);
    const byName = Object.fromEntries(second.streams.map((s) => [s.name, s]));
    expect(byName.vendors).toMatchObject({ status: 'ok', written: renamed.changes.length });
    expect(byName.po_items).toMatchObject({ status: 'ok', written: added.changes.length });
    expect(await warehouse("SELECT name FROM sap_vendors WHERE lifnr = '0000100003'")).toEqual([
      { name: 'Renamed GmbH' },
    ]);
  }, 120_000);
});
