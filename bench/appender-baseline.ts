/**
 * The baseline the end-to-end figure is compared with: the same GL lines, already parsed and typed in
 * memory (not timed), loaded with DuckDB's plain appender and nothing else: no mapping, no batches,
 * no run store, no lineage.
 */
import { dirname, basename } from 'node:path';
import { rawAppenderLoad } from '../connectors/duckdb/bench-baseline.ts';
import { createFileSource } from '../connectors/file/index.ts';
import type { DataRow } from '../engine/model/io.ts';

export async function appenderBaseline(csvPath: string, duckdbPath: string): Promise<number> {
  const source = createFileSource({
    connection: { folder: dirname(csvPath) },
    entities: [
      {
        entity: 'gl',
        file: basename(csvPath),
        fields: { DEBITAMT: 'decimal', CRDTAMNT: 'decimal', TRXDATE: 'date', DEX_ROW_TS: 'timestamp' },
      },
    ],
  });
  const rows: DataRow[] = [];
  for await (const page of source.read({ entity: 'gl', key: [], pageSize: 50_000 })) rows.push(...page.records);
  await source.close();
  const started = performance.now();
  await rawAppenderLoad(duckdbPath, rows);
  return (performance.now() - started) / 1000;
}
