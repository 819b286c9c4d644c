/**
 * Databricks as a source, through the engine's runner into a real DuckDB file (as `ml-connector run`
 * would), from `simulate databricks --rows 40`: a table stream and a query stream (vendor groups of the
 * hierarchy) named in `source.options`; the warehouse's credit limits, DECIMAL(38,6) beyond a double, arrive
 * exact; after three vendors change in Databricks, the next run writes just those three.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabricksSql } from '../connectors/databricks/sql-client.ts';
import * as connectors from '../connectors/registry.ts';
import { startSimulator, type SimulatorHandle } from '../connectors/registry.ts';
import { installSystemRules } from '../engine/model/index.ts';
import { loadPipelineFile, runPipeline } from '../engine/runner/index.ts';
import { queryDuckDbFile } from './duckdb-rows.ts';

const TABLE = 'main.finance.vendor_attributes';
let lake: SimulatorHandle;
let dir: string;

beforeAll(async () => {
  lake = await startSimulator('databricks', { port: 0, rows: 40 });
  dir = mkdtempSync(join(tmpdir(), 'mlc-e2e-dbx-duck-'));
  writeFileSync(join(dir, 'databricks-simulator-ca.pem'), String(lake.caCert));
  installSystemRules(connectors.systemRules());
});

afterAll(async () => {
  await lake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function pipelineFile(): string {
  const pipeline = {
    version: 3,
    name: 'Vendor attributes from Databricks',
    connections: {
      lakehouse: {
        system: 'databricks',
        address: { ...lake.address, caCertFile: './databricks-simulator-ca.pem' },
        auth: { method: 'personal-access-token', secret: 'databricks_token' },
      },
      warehouse: { system: 'duckdb', address: { path: './vendors.duckdb' }, auth: { method: 'none' } },
    },
    streams: {
      vendors: {
        source: {
          connection: 'lakehouse',
          entity: 'vendor_attributes',
          key: ['vendor_id'],
          cursor: 'changed_at',
          pageSize: 7,
          options: { table: TABLE },
        },
        target: { connection: 'warehouse', table: 'vendors', writeMode: 'merge', mergeKey: ['vendor_id'] },
        mappings: {
          vendor_id: { type: 'string', expression: 'vendor_id', required: true },
          parent_vendor_id: { type: 'string', expression: 'parent_vendor_id' },
          classification: { type: 'string', expression: 'classification' },
          credit_limit: { type: 'decimal(38,6)', expression: 'credit_limit' },
          valid_from: { type: 'date', expression: 'valid_from' },
          changed_at: { type: 'timestamp', expression: 'changed_at' },
        },
      },
      vendor_groups: {
        source: {
          connection: 'lakehouse',
          entity: 'vendor_groups',
          key: ['group_id'],
          cursor: 'changed_at',
          options: {
            query: `SELECT coalesce(parent_vendor_id, vendor_id) AS group_id, count(*) AS vendors, sum(credit_limit) AS credit_limit, max(changed_at) AS changed_at FROM ${TABLE} GROUP BY coalesce(parent_vendor_id, vendor_id)`,
          },
        },
        target: { connection: 'warehouse', table: 'vendor_groups', writeMode: 'merge', mergeKey: ['group_id'] },
        mappings: {
          group_id: { type: 'string', expression: 'group_id', required: true },
          vendors: { type: 'integer', expression: 'vendors' },
          credit_limit: { type: 'decimal(38,6)', expression: 'credit_limit' },
          changed_at: { type: 'timestamp', expression: 'changed_at' },
        },
      },
    },
  };
  const file = join(dir, 'databricks-to-duckdb.json');
  writeFileSync(file, JSON.stringify(pipeline, null, 2));
  return file;
}

async function run(file: string) {
  return runPipeline({
    connectors,
    loaded: loadPipelineFile(file),
    stateDir: join(dir, 'state'),
    resolveSecret: (name) =>
      lake.secrets?.[name] === undefined
        ? Promise.reject(new Error(`no secret ${name}`))
        : Promise.resolve(lake.secrets[name]!),
    retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
  });
}

function warehouse<T>(sql: string): Promise<T[]> {
  return queryDuckDbFile<T>(join(dir, 'vendors.duckdb'), sql);
}

describe('Databricks -> the local DuckDB warehouse', () => {
  it('loads a table and a query stream exactly, then only the vendors that changed', async () => {
    const file = pipelineFile();
    const first = await run(file);
    expect(first.streams.map((s) => [s.name, s.status, s.written, s.held])).toEqual([
      ['vendors', 'ok', 40, 0],
      ['vendor_groups', 'ok', 4, 0],
    ]);
    const totals = (await lake.controlTotals?.()) as Record<string, { rows: number; sums: Record<string, string> }>;
    const [loaded] = await warehouse<{ n: number; credit: string }>(
      'SELECT count(*)::INTEGER AS n, sum(credit_limit)::VARCHAR AS credit FROM vendors',
    );
    expect(loaded).toEqual({ n: totals[TABLE]!.rows, credit: totals[TABLE]!.sums['credit_limit'] });
    const [groups] = await warehouse<{ credit: string }>(
      'SELECT sum(credit_limit)::VARCHAR AS credit FROM vendor_groups',
    );
    expect(groups?.credit).toBe(totals[TABLE]!.sums['credit_limit']);

    const sql = new DatabricksSql({
      host: String(lake.address?.['host']),
      port: Number(lake.address?.['port']),
      httpPath: String(lake.address?.['httpPath']),
      caCert: String(lake.caCert),
      auth: { kind: 'pat', token: String(lake.secrets?.['databricks_token']) },
    });
    try {
      await sql.query(
        `UPDATE ${TABLE} SET classification = 'reviewed', changed_at = TIMESTAMP'2026-06-30 17:00:00' WHERE vendor_id IN ('V0003', 'V0017', 'V0031')`,
      );
    } finally {
      await sql.close();
    }
    const second = await run(file);
    expect(second.streams.map((s) => [s.name, s.status, s.written])).toEqual([
      ['vendors', 'ok', 3],
      // Their groups' latest change moved: those three groups are read and written again.
      ['vendor_groups', 'ok', 3],
    ]);
    expect(
      await warehouse("SELECT vendor_id FROM vendors WHERE classification = 'reviewed' ORDER BY vendor_id"),
    ).toEqual([{ vendor_id: 'V0003' }, { vendor_id: 'V0017' }, { vendor_id: 'V0031' }]);
  }, 120_000);
});
