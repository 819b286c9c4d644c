import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RAW_TABLE, inferColumns, rawAppenderLoad } from './bench-baseline.ts';
import { glRow } from './test-support.ts';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'duckdb-baseline-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('rawAppenderLoad', () => {
  it('loads every row with the plain appender, with column types taken from the values', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) =>
      glRow(i, 1, `${i}.25`, { posted: i % 2 === 0, modified_at: null }),
    );
    expect(inferColumns(rows).map((column) => [column.name, column.type])).toEqual([
      ['journal_entry', { kind: 'integer' }],
      ['line_number', { kind: 'integer' }],
      ['account', { kind: 'string' }],
      ['posting_date', { kind: 'date' }],
      ['debit', { kind: 'decimal', precision: 18, scale: 2 }],
      ['credit', { kind: 'decimal', precision: 18, scale: 2 }],
      ['posted', { kind: 'boolean' }],
      ['modified_at', { kind: 'string' }], // never a value: any type does
    ]);
    const path = join(folder, 'raw.duckdb');
    const result = await rawAppenderLoad(path, rows);
    expect(result.rows).toBe(3000);
    expect(result.seconds).toBeGreaterThan(0);
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(
      `SELECT count(*)::VARCHAR, sum(debit)::VARCHAR, count(*) FILTER (WHERE posted)::VARCHAR FROM ${RAW_TABLE}`,
    );
    connection.closeSync();
    instance.closeSync();
    expect(reader.getRows()[0]).toEqual(['3000', '4499250.00', '1500']); // 2999 * 3000 / 2 + 3000 * 0.25
  });
});
