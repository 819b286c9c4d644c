/**
 * The runner with the real parts the example uses (CSV file source, DuckDB warehouse, SQLite run
 * store), opened through the connector registry exactly as the CLI opens them.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import type { Pipeline } from '../engine/model/index.ts';
import { openRunStore } from '../engine/store/index.ts';
import * as connectors from '../connectors/registry.ts';
import { loadPipelineFile, runPipeline } from '../engine/runner/index.ts';

const HEADER = 'JRNENTRY,SEQNUMBR,ACTNUMST,DEBITAMT,DEX_ROW_TS';

function pipelineIn(dir: string, csv: string, source: Partial<Pipeline['streams'][string]['source']> = {}): string {
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'data', 'gl.csv'), csv);
  const pipeline: Pipeline = {
    version: 3,
    name: 'GL to warehouse',
    connections: {
      files: { system: 'file', address: { folder: './data' }, auth: { method: 'none' } },
      warehouse: { system: 'duckdb', address: { path: './w.duckdb' }, auth: { method: 'none' } },
    },
    streams: {
      gl: {
        source: {
          connection: 'files',
          entity: 'gl',
          key: ['JRNENTRY', 'SEQNUMBR'],
          cursor: 'DEX_ROW_TS',
          fields: { DEBITAMT: 'decimal', DEX_ROW_TS: 'timestamp' },
          options: { file: 'gl.csv' },
          ...source,
        },
        target: { connection: 'warehouse', table: 'gl', writeMode: 'merge', mergeKey: ['journal', 'line'] },
        mappings: {
          journal: { type: 'integer', expression: 'JRNENTRY', required: true },
          line: { type: 'integer', expression: 'SEQNUMBR', required: true },
          debit: { type: 'decimal(18,2)', expression: 'DEBITAMT', required: true },
        },
      },
    },
  };
  const path = join(dir, 'gl.json');
  writeFileSync(path, JSON.stringify(pipeline));
  return path;
}

async function warehouseRows(dir: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(join(dir, 'w.duckdb'));
  const connection = await db.connect();
  const reader = await connection.runAndReadAll(
    'SELECT journal, line, debit::VARCHAR AS debit FROM gl ORDER BY journal, line',
  );
  const rows = reader.getRowObjectsJS();
  connection.closeSync();
  return rows;
}

const noSecrets = async (): Promise<string> => {
  throw new Error('no secrets here');
};

describe('CSV -> mapping -> DuckDB', () => {
  it('holds a value the file cannot give as its type, naming file, line and column, and writes the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlc-file-duck-'));
    const path = pipelineIn(
      dir,
      `${HEADER}\n1,1,000-4100-00,10.50,2024-01-01T00:00:00Z\n1,2,000-1200-00,"12,50",2024-01-01T00:00:00Z\n`,
    );
    const outcome = await runPipeline({
      connectors,
      loaded: loadPipelineFile(path),
      stateDir: join(dir, 'state'),
      resolveSecret: noSecrets,
    });
    expect(outcome.status).toBe('held');
    expect(await warehouseRows(dir)).toEqual([{ journal: 1n, line: 1n, debit: '10.50' }]);
    const store = openRunStore(join(dir, 'state'), { readonly: true });
    const [hold] = store.listHolds({ status: 'open' });
    store.close();
    expect(hold?.reasons[0]).toMatchObject({ column: 'DEBITAMT', code: 'bad-source-value' });
    expect(hold?.reasons[0]?.message).toMatch(/gl\.csv line 3, column DEBITAMT/);
  });

  it('backfills only records before the end value and keeps the watermark below it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlc-file-duck-'));
    const csv = `${HEADER}\n1,1,a,1.00,2024-01-01T00:00:00Z\n1,2,a,2.00,2024-02-01T00:00:00Z\n1,3,a,3.00,2024-03-01T00:00:00Z\n`;
    const path = pipelineIn(dir, csv, { end: '2024-02-15T00:00:00Z' });
    await runPipeline({
      connectors,
      loaded: loadPipelineFile(path),
      stateDir: join(dir, 'state'),
      resolveSecret: noSecrets,
    });
    expect((await warehouseRows(dir)).map((r) => r.line)).toEqual([1n, 2n]);
    const store = openRunStore(join(dir, 'state'), { readonly: true });
    expect(String(store.getStreamState('gl', 'gl')?.cursor)).toBe('2024-02-01T00:00:00Z');
    store.close();
  });
});
