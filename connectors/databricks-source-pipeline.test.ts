/**
 * A pipeline file that reads from Databricks: the stream names its table (or query) in `source.options`,
 * the registry opens the source from it, and it reads the simulator's table through the real driver.
 * A query that writes is refused naming its JSON path, before anything reaches the warehouse.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionContext, parsePipelineDocument, type Pipeline } from '../engine/model/index.ts';
import { Decimal } from '../engine/model/values/index.ts';
import { startDatabricksSimulator, type DatabricksSimulator } from './databricks/simulator/server.ts';
import { creditLimit } from './databricks/test-source-support.ts';
import { openSource } from './registry.ts';

const dir = mkdtempSync(join(tmpdir(), 'mlc-dbx-source-'));
let sim: DatabricksSimulator;

beforeAll(async () => {
  sim = await startDatabricksSimulator({ vendors: 12 });
  writeFileSync(join(dir, 'databricks-ca.pem'), sim.caCert);
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

function pipelineReading(options: Record<string, string>): Pipeline {
  const load = parsePipelineDocument({
    version: 3,
    name: 'Vendor attributes from Databricks',
    connections: {
      lake: {
        system: 'databricks',
        address: { host: sim.host, port: sim.port, httpPath: sim.httpPath, caCertFile: './databricks-ca.pem' },
        auth: { method: 'personal-access-token', secret: 'databricks_token' },
      },
      warehouse: { system: 'duckdb', address: { path: './w.duckdb' }, auth: { method: 'none' } },
    },
    streams: {
      vendors: {
        source: {
          connection: 'lake',
          entity: 'vendor_attributes',
          key: ['vendor_id'],
          cursor: 'changed_at',
          options,
        },
        target: { connection: 'warehouse', table: 'vendors', writeMode: 'merge', mergeKey: ['vendor_id'] },
        mappings: { vendor_id: { type: 'string', expression: 'vendor_id' } },
      },
    },
  });
  if (load.pipeline === undefined) throw new Error(JSON.stringify(load.problems));
  return load.pipeline;
}

const context = (pipeline: Pipeline) =>
  connectionContext({ pipeline, dir }, 'lake', { resolveSecret: () => Promise.resolve(sim.credentials.token) });

describe('a Databricks source stream in a pipeline file', () => {
  it('reads the table its options name, by its key and cursor, values exact', async () => {
    const source = await openSource(context(pipelineReading({ table: 'main.finance.vendor_attributes' })));
    try {
      const [schema] = await source.discover();
      expect(schema).toMatchObject({
        entity: 'vendor_attributes',
        key: ['vendor_id'],
        cursorField: 'changed_at',
      });
      const rows = [];
      for await (const page of source.read({
        entity: 'vendor_attributes',
        key: ['vendor_id'],
        cursorField: 'changed_at',
        pageSize: 5,
      }))
        rows.push(...page.records);
      expect(rows).toHaveLength(12);
      expect((rows.find((row) => row['vendor_id'] === 'V0007')?.['credit_limit'] as Decimal).toString()).toBe(
        creditLimit(7),
      );
    } finally {
      await source.close();
    }
  });

  it('refuses a query that writes, naming where it is in the file, before any statement is sent', async () => {
    const before = sim.counters.statements;
    await expect(
      openSource(
        context(pipelineReading({ query: 'UPDATE main.finance.vendor_attributes SET classification = NULL' })),
      ),
    ).rejects.toThrow(
      /^streams\.vendors\.source\.options: .*options\.query must be one SELECT .*it starts with UPDATE/,
    );
    await expect(openSource(context(pipelineReading({ view: 'main.finance.v' })))).rejects.toThrow(
      'streams.vendors.source.options: a Databricks stream reads table or query, not view',
    );
    expect(sim.counters.statements).toBe(before);
  });
});
