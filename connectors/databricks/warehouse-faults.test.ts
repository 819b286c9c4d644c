/**
 * The destination against the ways a real workspace fails (simulator/faults.ts), through the real driver:
 * each test failed before the client handled that failure.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TargetTable, WriteBatch } from '../../engine/model/io.ts';
import { Decimal, Timestamp } from '../../engine/model/values/index.ts';
import {
  openDatabricksDestination,
  type DatabricksDestination,
  type DatabricksDestinationOptions,
} from './destination.ts';
import { ensureSchema } from './schemas.ts';
import { tableName } from './sql-encoding.ts';
import { startDatabricksSimulator, type DatabricksSimulator } from './simulator/server.ts';

let sim: DatabricksSimulator;
let dest: DatabricksDestination;
let slept: number[] = [];

const target = (table: string): TargetTable => ({
  table,
  columns: [
    { name: 'account', type: { kind: 'string' }, required: true },
    { name: 'balance', type: { kind: 'decimal', precision: 38, scale: 2 }, required: false },
  ],
  writeMode: 'merge',
  mergeKey: ['account'],
  allowDestructiveChanges: false,
});

const batch = (batchId: string, rows: [string, string][]): WriteBatch => ({
  lineage: { runId: 'run-1', batchId, syncedAt: '2025-01-31T12:00:00Z' },
  rows: rows.map(([account, balance]) => ({ account, balance: Decimal.parse(balance) })),
  sourceModified: rows.map(() => Timestamp.parse('2025-01-31T11:00:00Z')),
});

/** A destination on its own fake clock, which its sleeps move on: minutes of waiting take milliseconds. */
const onFakeClock = (
  options: Partial<DatabricksDestinationOptions> = {},
): { dest: DatabricksDestination; clock: { now: number } } => {
  const clock = { now: 1_000_000 };
  const dest = openDatabricksDestination({
    host: sim.host,
    port: sim.port,
    httpPath: sim.httpPath,
    caCert: sim.caCert,
    auth: { kind: 'pat', token: sim.credentials.token },
    retry: { sleep: async (ms) => void (clock.now += ms), now: () => clock.now },
    ...options,
  });
  return { dest, clock };
};

const rowsIn = async (table: string): Promise<number | undefined> => (await sim.controlTotals())[table]?.rows;

beforeAll(async () => {
  sim = await startDatabricksSimulator();
  dest = openDatabricksDestination({
    host: sim.host,
    port: sim.port,
    httpPath: sim.httpPath,
    caCert: sim.caCert,
    auth: { kind: 'pat', token: sim.credentials.token },
    retry: { sleep: async (ms) => void slept.push(ms) },
  });
  await dest.sql.query('CREATE SCHEMA IF NOT EXISTS main.faults');
});
afterAll(async () => {
  await dest?.close();
  await sim?.close();
});
afterEach(() => {
  for (const key of Object.keys(sim.faults)) delete (sim.faults as Record<string, unknown>)[key];
  slept = [];
});

describe('errors inside direct results', () => {
  it('a MERGE that fails fast is retried and its rows written, never counted as already committed', async () => {
    const table = target('main.faults.direct_results');
    await dest.ensureTable(table);
    sim.faults.errorsInDirectResults = true;
    sim.faults.mergeConflicts = 1;
    const result = await dest.writeBatch(
      table,
      batch('b1', [
        ['1000', '1.00'],
        ['2000', '2.00'],
        ['3000', '3.00'],
      ]),
    );
    expect(result).toMatchObject({ inserted: 3, alreadyCommitted: 0 });
    expect(await rowsIn('main.faults.direct_results')).toBe(3);
    expect(slept).toHaveLength(1);
  });

  it('a failure that is not transient surfaces with its class and SQLSTATE', async () => {
    sim.faults.errorsInDirectResults = true;
    await expect(dest.sql.query(`SELECT CAST('not a number' AS INT) AS n`)).rejects.toMatchObject({
      code: 'DATABRICKS_SQL_FAILED',
      details: { sqlState: '22018', errorClass: 'CAST_INVALID_INPUT' },
    });
  });
});

describe('a warehouse that takes minutes to start', () => {
  it('is waited for by the clock: cold for five minutes (503s, then statements refused while its nodes boot), the write goes through', async () => {
    const { dest: patient, clock } = onFakeClock();
    try {
      sim.faults.coldStart = { seconds: 300, now: () => clock.now };
      const table = target('main.faults.cold_start');
      await patient.ensureTable(table);
      expect(await patient.writeBatch(table, batch('c1', [['1000', '1.00']]))).toMatchObject({ inserted: 1 });
      expect(clock.now - 1_000_000).toBeGreaterThanOrEqual(300_000);
      // Both ways a starting warehouse answers were met: 503 first, then `Couldn't create directory .../_resources`.
      expect(sim.rpcLog.filter((m) => m === 'OpenSession').length).toBeGreaterThan(2);
    } finally {
      await patient.close();
    }
  });

  it('gives up after its budget (warehouseStartMinutes), saying so', async () => {
    const { dest: hurried, clock } = onFakeClock({ warehouseStartMs: 2 * 60_000 });
    try {
      sim.faults.coldStart = { seconds: 600, now: () => clock.now };
      await expect(hurried.sql.query('SELECT 1 AS one')).rejects.toMatchObject({
        code: 'DATABRICKS_UNAVAILABLE',
        message: expect.stringMatching(/still starting after 2 minutes .*warehouseStartMinutes/),
        // The budget is spent: the runner must not retry the batch and wait as long again.
        transient: false,
      });
      expect(clock.now - 1_000_000).toBeLessThanOrEqual(2 * 60_000);
    } finally {
      await hurried.close();
    }
  });
});

describe('least privilege: no CREATE SCHEMA on the catalog', () => {
  it("finds an existing schema in the catalog's information_schema instead of asking to create it", async () => {
    await dest.sql.query('CREATE SCHEMA IF NOT EXISTS main.`Made By Admin`');
    sim.faults.deniedPrivileges = ['CREATE SCHEMA'];
    await ensureSchema(dest.sql, tableName('main.Made By Admin.t'));
    await expect(dest.sql.query('CREATE SCHEMA IF NOT EXISTS main.`Made By Admin`')).rejects.toThrow(
      /PERMISSION_DENIED: User does not have CREATE SCHEMA on Catalog 'main'/,
    );
  });

  it('writes into a schema an admin made, without asking to create it', async () => {
    await dest.sql.query('CREATE SCHEMA IF NOT EXISTS main.granted');
    sim.faults.deniedPrivileges = ['CREATE SCHEMA'];
    const table = target('main.granted.balances');
    expect(await dest.ensureTable(table)).toEqual([{ kind: 'create-table', detail: 'created main.granted.balances' }]);
    expect(await dest.writeBatch(table, batch('p1', [['1000', '1.00']]))).toMatchObject({ inserted: 1 });
  });

  it('a missing schema it may not create is refused in words, with Databricks own', async () => {
    sim.faults.deniedPrivileges = ['CREATE SCHEMA'];
    await expect(dest.ensureTable(target('main.nowhere.balances'))).rejects.toMatchObject({
      code: 'DATABRICKS_SQL_FAILED',
      details: { sqlState: '42501', errorClass: 'UNAUTHORIZED_ACCESS' },
      message:
        "The schema main.nowhere does not exist and this connection may not create it ([UNAUTHORIZED_ACCESS] Unauthorized access: PERMISSION_DENIED: User does not have CREATE SCHEMA on Catalog 'main'. SQLSTATE: 42501). " +
        'Ask a workspace admin to create it and grant USE SCHEMA, CREATE TABLE and MODIFY on it, or to grant CREATE SCHEMA on catalog main.',
    });
  });
});

describe('sessions the warehouse forgets (idle timeout, restart)', () => {
  it('a statement refused with Invalid SessionHandle runs again on a new session', async () => {
    await dest.sql.query('SELECT 1 AS one');
    sim.faults.dropSessions = 'now';
    expect(await dest.sql.query('SELECT 2 AS two')).toEqual([{ two: 2 }]);
    expect(slept).toHaveLength(1);
  });

  it('after the warehouse may have run it, an idempotent MERGE runs again on a new session and writes nothing twice', async () => {
    await dest.sql.query('CREATE TABLE IF NOT EXISTS main.faults.merged (account STRING)');
    sim.faults.dropSessions = 'during-next-statement';
    const merge = `MERGE INTO main.faults.merged AS t USING (SELECT :account AS account) AS s ON t.account = s.account WHEN NOT MATCHED THEN INSERT (account) VALUES (s.account)`;
    // The first run committed before the restart; the second finds the row and inserts nothing.
    expect(await dest.sql.query(merge, { account: '1000' })).toEqual([
      { num_affected_rows: 0, num_updated_rows: 0, num_deleted_rows: 0, num_inserted_rows: 0 },
    ]);
    expect(await rowsIn('main.faults.merged')).toBe(1);
  });

  it('a statement that is not safe to repeat is not run again: the outcome is reported unknown', async () => {
    await dest.sql.query('CREATE TABLE IF NOT EXISTS main.faults.inserted (n INT)');
    sim.faults.dropSessions = 'during-next-statement';
    await expect(
      dest.sql.query('INSERT INTO main.faults.inserted VALUES (1)', {}, { idempotent: false }),
    ).rejects.toMatchObject({
      code: 'DATABRICKS_OUTCOME_UNKNOWN',
      message: expect.stringMatching(
        /^Databricks may have run a statement whose answer was lost \(Invalid SessionHandle: SessionHandle \[[0-9a-f-]{36}\]\); it would write twice if run again, so it was not\./,
      ),
    });
    expect(await rowsIn('main.faults.inserted')).toBe(1);
    expect(await dest.sql.query('INSERT INTO main.faults.inserted VALUES (2)', {}, { idempotent: false })).toEqual([
      { num_affected_rows: 1, num_inserted_rows: 1 },
    ]);
  });
});
