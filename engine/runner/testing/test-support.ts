/** Builders shared by the runner's tests: an in-memory pipeline over a MemorySource and a MemoryDestination. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectorRegistry, Pipeline, StreamDefinition } from '../../model/index.ts';
import type { DataRow, Destination, Source } from '../../model/io.ts';
import { Decimal, Timestamp } from '../../model/values/index.ts';
import { MemoryDestination } from './memory-destination.ts';
import { MemorySource } from '../memory-source.ts';
import type { LoadedPipeline } from '../pipeline-loader.ts';
import { runPipeline, type RunOptions } from '../run-pipeline.ts';

export function ledgerRecord(id: number, tsSeconds: number, amount: string, account = '000-4100-00'): DataRow {
  return {
    id,
    ts: Timestamp.fromEpochMillis(1_700_000_000_000 + tsSeconds * 1000),
    amount: Decimal.parse(amount),
    account,
  };
}

export function ledgerStream(
  overrides: Partial<StreamDefinition['source']> = {},
  writeMode: 'merge' | 'append' | 'replace' = 'merge',
): StreamDefinition {
  return {
    source: { connection: 'ledger', entity: 'lines', key: ['id'], cursor: 'ts', ...overrides },
    target: {
      connection: 'warehouse',
      table: 'lines',
      writeMode,
      ...(writeMode === 'merge' ? { mergeKey: ['id'] } : {}),
    },
    mappings: {
      id: { type: 'integer', expression: 'id', required: true },
      amount: { type: 'decimal(18,2)', expression: 'amount' },
      ts: { type: 'timestamp', expression: 'ts' },
      cost_center: { type: 'string', expression: 'LOOKUP(cost_centers, account)', required: true },
    },
  };
}

export function ledgerPipeline(stream: StreamDefinition, batchSize = 7): LoadedPipeline {
  const pipeline: Pipeline = {
    version: 3,
    name: 'Ledger test',
    settings: { batchSize },
    connections: {
      ledger: { system: 'file', address: { folder: '.' }, auth: { method: 'none' } },
      warehouse: { system: 'duckdb', address: { path: 'unused.duckdb' }, auth: { method: 'none' } },
    },
    lookups: {
      cost_centers: {
        rows: [
          { key: '000-4100-00', value: 'CC-SALES' },
          { key: '000-6100-00', value: 'CC-ADMIN' },
        ],
      },
    },
    streams: { lines: stream },
  };
  return {
    pipeline,
    path: join(tmpdir(), 'ledger-test.json'),
    dir: tmpdir(),
    id: 'ledger-test',
    warnings: [],
    migrations: [],
  };
}

export function ledgerSource(records: DataRow[], ordered: boolean): MemorySource {
  return new MemorySource(
    new Map([
      [
        'lines',
        {
          schema: {
            entity: 'lines',
            label: 'Ledger lines',
            key: ['id'],
            cursorField: 'ts',
            fields: [
              { name: 'id', type: 'integer' },
              { name: 'ts', type: 'timestamp' },
              { name: 'amount', type: 'decimal' },
              { name: 'account', type: 'string' },
            ],
          },
          records,
        },
      ],
    ]),
    ordered,
  );
}

export function tempStateDir(): string {
  return mkdtempSync(join(tmpdir(), 'mlc-runner-'));
}

/** A registry with no connector behind it: every connection reads from `source` and writes to `destination`. */
export function memoryConnectors(source: Source, destination: Destination): ConnectorRegistry {
  return { openSource: () => Promise.resolve(source), openDestination: () => Promise.resolve(destination) };
}

export function runWith(
  loaded: LoadedPipeline,
  source: MemorySource,
  destination: MemoryDestination,
  stateDir: string,
  extra: Partial<RunOptions> = {},
) {
  return runPipeline({
    loaded,
    stateDir,
    resolveSecret: async (name) => {
      throw new Error(`no secret ${name} in tests`);
    },
    connectors: memoryConnectors(source, destination),
    retry: { attempts: 3, baseDelayMs: 0, maxDelayMs: 0, sleep: async () => {} },
    ...extra,
  });
}
