/**
 * Bulk writes through a staged Parquet file, against the simulator (real driver, real HTTPS, DuckDB on both
 * sides): what lands is exact, no statement passes the 256-parameter limit, and a write stopped after any
 * of its steps and sent again neither loses nor doubles a row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetTable, WriteBatch } from '../../engine/model/io.ts';
import { Decimal, PlainDate, Timestamp } from '../../engine/model/values/index.ts';
import {
  openDatabricksDestination,
  type DatabricksDestination,
  type DatabricksDestinationOptions,
} from './destination.ts';
import { startDatabricksSimulator, type DatabricksSimulator } from './simulator/server.ts';
import { connectDriver, type DriverSession } from './simulator/test-support.ts';

let sim: DatabricksSimulator;
let db: DriverSession;
const open: DatabricksDestination[] = [];

beforeAll(async () => {
  sim = await startDatabricksSimulator();
  db = await connectDriver(sim);
});

afterAll(async () => {
  await Promise.all(open.map((d) => d.close()));
  await db?.close();
  await sim?.close();
});

function destination(options: Partial<DatabricksDestinationOptions> = {}): DatabricksDestination {
  const dest = openDatabricksDestination({
    host: sim.host,
    port: sim.port,
    httpPath: sim.httpPath,
    caCert: sim.caCert,
    auth: { kind: 'pat', token: sim.credentials.token },
    retry: { sleep: async () => undefined },
    ...options,
  });
  open.push(dest);
  return dest;
}

function ledger(table: string, writeMode: TargetTable['writeMode']): TargetTable {
  return {
    table,
    columns: [
      { name: 'line', type: { kind: 'string' }, required: true },
      { name: 'amount', type: { kind: 'decimal', precision: 38, scale: 2 }, required: true },
      { name: 'rate', type: { kind: 'decimal', precision: 38, scale: 18 }, required: false },
      { name: 'posted', type: { kind: 'date' }, required: false },
      { name: 'entered', type: { kind: 'timestamp' }, required: false },
      { name: 'sequence', type: { kind: 'integer' }, required: false },
      { name: 'closed', type: { kind: 'boolean' }, required: false },
    ],
    writeMode,
    mergeKey: writeMode === 'merge' ? ['line'] : [],
    allowDestructiveChanges: false,
  };
}

const DATES = ['0001-01-01', '1899-12-31', '1970-01-01', '2024-02-29', '9999-12-31'];
const STAMPS = ['2024-03-31T23:59:59.123456+05:45', '1969-07-20T20:17:40-04:00', '2000-01-01T00:00:00Z'];

/** `count` lines; amounts of 18 to 29 digits, some negative, a rate with 18 decimals, dates from year 1 to 9999. */
function lines(count: number, batchId: string, runId = 'run-1'): WriteBatch {
  const rows = Array.from({ length: count }, (_, i) => ({
    line: `L${String(i).padStart(5, '0')}`,
    amount: Decimal.parse(`${i % 2 === 0 ? '' : '-'}${'9'.repeat(16 + (i % 12))}.${String(i % 100).padStart(2, '0')}`),
    rate: i % 7 === 0 ? null : Decimal.parse(`0.${String(i).padStart(18, '1')}`),
    posted: PlainDate.parse(DATES[i % DATES.length]!),
    entered: Timestamp.parse(STAMPS[i % STAMPS.length]!),
    sequence: i * 1_000_003,
    closed: i % 3 === 0,
  }));
  return {
    lineage: { runId, batchId, syncedAt: '2025-01-31T12:00:00Z' },
    rows,
    sourceModified: rows.map(() => null),
    rowVersions: rows.map((row) => `v-${row.line}`),
  };
}

/** The sum of the amounts, exactly, as the warehouse should hold it. */
function sumOf(batch: WriteBatch): string {
  return batch.rows.reduce((sum, row) => sum.add(row['amount'] as Decimal), Decimal.parse('0')).toString();
}

async function stagedFiles(volume = '/Volumes/main/finance/ml_connector_staging'): Promise<string[]> {
  return sim.volumes.files(sim.volumes.resolve(volume)).map((file) => file.inside);
}

describe('Databricks bulk writes through a Volume', () => {
  it('writes 600 rows as one staged Parquet file, COPY INTO and one MERGE; decimals of 18 to 29 digits, dates and zoned timestamps land exactly', async () => {
    const dest = destination();
    const target = ledger('main.finance.ledger', 'merge');
    await dest.ensureTable(target);
    const before = { ...sim.counters, copy: { ...sim.counters.copy }, volumes: { ...sim.counters.volumes } };
    const batch = lines(600, 'b1');
    expect(await dest.writeBatch(target, batch)).toMatchObject({
      inserted: 600,
      updated: 0,
      alreadyCommitted: 0,
      rejected: [],
    });

    expect(sim.counters.refusedForParameters).toBe(0);
    expect(sim.counters.maxParameters).toBeLessThanOrEqual(256);
    expect(sim.counters.copy.copyInto - before.copy.copyInto).toBe(1);
    expect(sim.counters.volumes.stagingPuts - before.volumes.stagingPuts).toBe(1);
    // CREATE VOLUME (once per schema and process), PUT, COPY INTO, MERGE: four statements for 600 rows.
    expect(sim.counters.statements - before.statements).toBe(4);
    expect(await stagedFiles()).toEqual([]);

    expect((await sim.controlTotals())['main.finance.ledger']).toEqual({
      rows: 600,
      sums: { amount: sumOf(batch), rate: expect.any(String) },
    });
    const back = await db.query(
      'SELECT line, CAST(amount AS STRING) AS amount, CAST(rate AS STRING) AS rate, CAST(posted AS STRING) AS posted, entered, CAST(sequence AS STRING) AS sequence, closed FROM main.finance.ledger ORDER BY line',
    );
    const instant = (text: string): bigint => Timestamp.parse(text).epochMicros;
    back.forEach((row, i) => {
      const sent = batch.rows[i]!;
      expect(row['line']).toBe(sent['line']);
      expect(row['amount']).toBe((sent['amount'] as Decimal).toString());
      expect(row['rate']).toBe(sent['rate'] === null ? null : (sent['rate'] as Decimal).toString());
      expect(row['posted']).toBe((sent['posted'] as PlainDate).toString());
      expect(instant(`${String(row['entered']).replace(' ', 'T')}Z`)).toBe(instant(String(sent['entered'])));
      expect(row['sequence']).toBe(String(sent['sequence']));
      expect(row['closed']).toBe(sent['closed']);
    });
    // Microseconds and the zone's offset, exactly: 23:59:59.123456 at +05:45 is 18:14:59.123456 UTC.
    expect(back[0]!['entered']).toBe('2024-03-31 18:14:59.123456');
    expect(back[1]!['amount']).toBe('-99999999999999999.01');
  });

  it('plans 1,000 keys against the table in statements of at most 256 parameters', async () => {
    const dest = destination();
    const target = ledger('main.finance.ledger', 'merge');
    const refused = sim.counters.refusedForParameters;
    const plan = await dest.plan(target, lines(1000, 'p').rows);
    expect(plan).toEqual({ inserts: 400, updates: 600, unchanged: 0 });
    expect(sim.counters.refusedForParameters).toBe(refused);
    expect(sim.counters.maxParameters).toBeLessThanOrEqual(256);
  });

  const steps = [
    { after: 'nothing (the upload fails)', fail: { match: /^PUT /, count: 1 } },
    { after: 'the upload', fail: { match: /^COPY INTO /, count: 1 } },
    { after: 'COPY INTO', fail: { match: /^(MERGE|INSERT) INTO `main`\.`finance`\.`crash_/, count: 1 } },
    { after: 'the rows', fail: { match: /_ml_connector_state` AS t/, count: 1 } },
    { after: 'the checkpoint', failDeletes: 1 },
  ] as const;
  for (const mode of ['merge', 'append'] as const) {
    for (const step of steps) {
      it(`${mode}: a write stopped after ${step.after} and sent again loses nothing and doubles nothing`, async () => {
        const target = ledger(`main.finance.crash_${mode}_${steps.indexOf(step)}`, mode);
        const batch = {
          ...lines(300, 'b-crash'),
          checkpoint: { pipelineId: 'p1', stream: 'ledger', watermark: '2025-01-31T00:00:00Z' },
        };
        const first = destination();
        await first.ensureTable(target);
        if ('fail' in step) sim.faults.failStatements = { ...step.fail };
        else sim.faults.failDeletes = step.failDeletes;
        await expect(first.writeBatch(target, batch)).rejects.toThrow();
        await first.close();

        // A new process sends the same batch again.
        const again = destination();
        const result = await again.writeBatch(target, batch);
        const written = result.inserted + result.updated + result.alreadyCommitted + (result.alreadyPresent ?? 0);
        expect(written).toBe(300);
        const totals = (await sim.controlTotals())[target.table];
        expect(totals).toEqual({ rows: 300, sums: { amount: sumOf(batch), rate: expect.any(String) } });
        expect(await again.readCheckpoint(target, 'p1', 'ledger')).toMatchObject({ watermark: '2025-01-31T00:00:00Z' });

        // The run's end clears the staging rows of this table and any file an interrupted attempt left.
        await again.finishRun(target, { runId: 'run-1' });
        expect(
          await db.query(
            `SELECT count(*) AS n FROM main.finance.\`_mlc_staging_crash_${mode}_${steps.indexOf(step)}\``,
          ),
        ).toEqual([{ n: 0 }]);
        expect((await stagedFiles()).filter((file) => file.includes(`crash_${mode}_${steps.indexOf(step)}`))).toEqual(
          [],
        );
      });
    }
  }

  it('stages through the Files API where the workspace gives no presigned URLs, and stops asking for them', async () => {
    sim.volumes.presignedUrls = false;
    try {
      const dest = destination();
      const target = ledger('main.finance.no_presign', 'append');
      await dest.ensureTable(target);
      const puts = sim.counters.volumes.filesApiUploads;
      expect(await dest.writeBatch(target, lines(300, 'f1'))).toMatchObject({ inserted: 300 });
      const statements = sim.counters.statements;
      expect(await dest.writeBatch(target, lines(300, 'f2'))).toMatchObject({ inserted: 0, alreadyPresent: 300 });
      expect(sim.counters.volumes.filesApiUploads - puts).toBe(2);
      // COPY INTO and INSERT only: no second PUT refused first.
      expect(sim.counters.statements - statements).toBe(2);
      expect((await sim.controlTotals())['main.finance.no_presign']?.rows).toBe(300);
    } finally {
      sim.volumes.presignedUrls = true;
    }
  });

  it('stages in the Volume the connection names, and refuses one it cannot read as catalog.schema.volume', async () => {
    await db.query('CREATE SCHEMA IF NOT EXISTS main.landing');
    await db.query('CREATE VOLUME IF NOT EXISTS main.landing.loads');
    const dest = destination({ stagingVolume: 'main.landing.loads' });
    const target = ledger('main.finance.named_volume', 'merge');
    const loaded = sim.counters.copy.filesLoaded;
    expect(await dest.writeBatch(target, lines(10, 'n1'))).toMatchObject({ inserted: 10 });
    expect(sim.counters.copy.filesLoaded - loaded).toBe(1);
    await expect(
      destination({ stagingVolume: 'loads' }).writeBatch({ ...target, table: 'main.finance.other' }, lines(1, 'x')),
    ).rejects.toThrow(/catalog\.schema\.volume/);
  });

  it('without a Volume (stagingVolume "none"), sends rows as parameters, never more than 256 to a statement', async () => {
    const dest = destination({ stagingVolume: 'none' });
    const target = ledger('main.finance.no_volume', 'merge');
    const statements = sim.counters.statements;
    const loaded = sim.counters.copy.copyInto;
    const refused = sim.counters.refusedForParameters;
    expect(await dest.writeBatch(target, lines(100, 'nv'))).toMatchObject({ inserted: 100 });
    expect(sim.counters.copy.copyInto).toBe(loaded);
    expect(sim.counters.refusedForParameters).toBe(refused);
    // 13 values a row: 19 rows to a statement.
    expect(sim.counters.statements - statements).toBeGreaterThanOrEqual(6);
  });
});
