/**
 * PeopleSoft through the engine's runner into a real DuckDB file, from the `simulate peoplesoft` simulator (as
 * `ml-connector run` would): posted journal lines whose signed sums by ledger and period equal PeopleSoft's
 * control totals, vendors one row each; after a journal is posted and a vendor moves (a new effective-dated
 * address row) today, the next run writes just those.
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

let psft: SimulatorHandle;
let dir: string;

beforeAll(async () => {
  psft = await startSimulator('peoplesoft', { port: 0, seed: 6, rows: 40 });
  dir = mkdtempSync(join(tmpdir(), 'mlc-e2e-psft-duck-'));
  installSystemRules(connectors.systemRules());
});

afterAll(async () => {
  await psft?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function pipelineFile(): string {
  const pipeline = {
    version: 3,
    name: 'PeopleSoft to the local warehouse',
    connections: {
      psft: {
        system: 'peoplesoft',
        address: { ...psft.address, windowDays: 365, maxRows: 50 },
        auth: { method: 'basic', username: 'MLC_SYNC', secret: 'psft_password' },
      },
      warehouse: { system: 'duckdb', address: { path: './psft.duckdb' }, auth: { method: 'none' } },
    },
    streams: {
      journal_lines: {
        source: {
          connection: 'psft',
          entity: 'journal_lines',
          key: ['BUSINESS_UNIT', 'JOURNAL_ID', 'JOURNAL_DATE', 'UNPOST_SEQ', 'JOURNAL_LINE'],
          cursor: 'POSTED_DATE',
        },
        target: {
          connection: 'warehouse',
          table: 'psft_journal_lines',
          writeMode: 'merge',
          mergeKey: ['business_unit', 'journal_id', 'journal_date', 'unpost_seq', 'journal_line'],
        },
        mappings: {
          business_unit: { type: 'string', expression: 'BUSINESS_UNIT', required: true },
          journal_id: { type: 'string', expression: 'JOURNAL_ID', required: true },
          journal_date: { type: 'date', expression: 'JOURNAL_DATE', required: true },
          unpost_seq: { type: 'integer', expression: 'UNPOST_SEQ', required: true },
          journal_line: { type: 'integer', expression: 'JOURNAL_LINE', required: true },
          ledger: { type: 'string', expression: 'LEDGER' },
          fiscal_year: { type: 'integer', expression: 'FISCAL_YEAR' },
          period: { type: 'integer', expression: 'ACCOUNTING_PERIOD' },
          amount: { type: 'decimal(19,2)', expression: 'MONETARY_AMOUNT' },
        },
      },
      vendors: {
        source: { connection: 'psft', entity: 'vendors', key: ['SETID', 'VENDOR_ID'], cursor: 'EFFDT' },
        target: {
          connection: 'warehouse',
          table: 'psft_vendors',
          writeMode: 'merge',
          mergeKey: ['setid', 'vendor_id'],
        },
        mappings: {
          setid: { type: 'string', expression: 'SETID', required: true },
          vendor_id: { type: 'string', expression: 'VENDOR_ID', required: true },
          city: { type: 'string', expression: 'CITY' },
          address_from: { type: 'date', expression: 'EFFDT' },
        },
      },
    },
  };
  const file = join(dir, 'psft-to-duckdb.json');
  writeFileSync(file, JSON.stringify(pipeline, null, 2));
  return file;
}

async function run(file: string) {
  return runPipeline({
    connectors,
    loaded: loadPipelineFile(file),
    stateDir: join(dir, 'state'),
    resolveSecret: (name) =>
      psft.secrets[name] === undefined
        ? Promise.reject(new Error(`no secret ${name}`))
        : Promise.resolve(psft.secrets[name]!),
    retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
  });
}

function warehouse<T>(sql: string): Promise<T[]> {
  return queryDuckDbFile<T>(join(dir, 'psft.duckdb'), sql);
}

describe('PeopleSoft -> the local DuckDB warehouse', () => {
  it('loads journal lines equal to PeopleSoft by ledger and period, then only what changed today', async () => {
    const file = pipelineFile();
    const first = await run(file);
    expect(first.streams.map((s) => [s.name, s.status, s.held])).toEqual([
      ['journal_lines', 'ok', 0],
      ['vendors', 'ok', 0],
    ]);
    const totals = (await psft.controlTotals()) as Record<string, { rows: number; sums: Record<string, string> }>;
    const groups = await warehouse<{ grp: string; amount: string }>(
      "SELECT ledger || '/' || fiscal_year || '/' || period AS grp, sum(amount)::VARCHAR AS amount FROM psft_journal_lines GROUP BY ALL ORDER BY grp",
    );
    expect(Object.fromEntries(groups.map((g) => [g.grp, g.amount]))).toEqual(
      totals.journal_lines_by_ledger_period!.sums,
    );
    const [vendors] = await warehouse<{ n: number }>('SELECT count(*)::INTEGER AS n FROM psft_vendors');
    expect(vendors?.n).toBe(totals.vendors!.rows);

    const { changes } = (await (
      await request(`${psft.url}/__sim/change`, { method: 'POST', body: JSON.stringify({ n: 2 }) })
    ).body.json()) as { changes: { entity: string }[] };
    const second = await run(file);
    const byName = Object.fromEntries(second.streams.map((s) => [s.name, s]));
    expect(byName.journal_lines).toMatchObject({
      status: 'ok',
      written: changes.filter((c) => c.entity === 'journal_lines').length,
    });
    expect(byName.vendors).toMatchObject({ status: 'ok', written: 1 });
  }, 120_000);
});
