/** Evolving an existing Delta table against the simulator, which enforces Delta's table-property gates. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetColumn, TargetTable } from '../../engine/model/io.ts';
import { Decimal, Timestamp } from '../../engine/model/values/index.ts';
import { openDatabricksDestination, type DatabricksDestination } from './destination.ts';
import { startDatabricksSimulator, type DatabricksSimulator } from './simulator/server.ts';
import { compareTypes } from './table-evolution.ts';

let sim: DatabricksSimulator;
let dest: DatabricksDestination;

const account: TargetColumn = { name: 'account', type: { kind: 'string' }, required: true };
const table = (columns: TargetColumn[], allowDestructiveChanges = false): TargetTable => ({
  table: 'main.evolve.balances',
  columns: [account, ...columns],
  writeMode: 'merge',
  mergeKey: ['account'],
  allowDestructiveChanges,
});
const balance = (precision: number, scale: number): TargetColumn => ({
  name: 'balance',
  type: { kind: 'decimal', precision, scale },
  required: false,
});
const qty: TargetColumn = { name: 'qty', type: { kind: 'integer' }, required: false };
const memo: TargetColumn = { name: 'memo', type: { kind: 'string' }, required: false };

const columnsNow = async (): Promise<string[]> =>
  (await dest.sql.query('DESCRIBE TABLE main.evolve.balances'))
    .map((r) => `${String(r['col_name'])} ${String(r['data_type'])}`)
    .filter((c) => !c.startsWith('_mlc'));

beforeAll(async () => {
  sim = await startDatabricksSimulator();
  dest = openDatabricksDestination({
    host: sim.host,
    port: sim.port,
    httpPath: sim.httpPath,
    caCert: sim.caCert,
    auth: { kind: 'pat', token: sim.credentials.token },
    retry: { sleep: async () => undefined },
  });
  await dest.ensureTable(table([balance(18, 2), qty]));
  await dest.writeBatch(table([balance(18, 2), qty]), {
    lineage: { runId: 'r1', batchId: 'b1', syncedAt: '2025-01-31T12:00:00Z' },
    rows: [{ account: '1000', balance: Decimal.parse('12.34'), qty: 5 }],
    sourceModified: [Timestamp.parse('2025-01-31T11:00:00Z')],
  });
});
afterAll(async () => {
  await dest?.close();
  await sim?.close();
});

describe('Delta type widening rules', () => {
  it('widens DECIMAL only when the integer digits and the scale both keep up; BIGINT into DECIMAL with 20 integer digits', () => {
    expect(compareTypes('decimal(18,2)', 'DECIMAL(20,3)')).toBe('widen');
    expect(compareTypes('decimal(18,2)', 'DECIMAL(19,3)')).toBe('widen');
    expect(compareTypes('decimal(18,2)', 'DECIMAL(19,4)')).toBe('narrow'); // one fewer integer digit
    expect(compareTypes('decimal(18,2)', 'DECIMAL(18,1)')).toBe('narrow');
    expect(compareTypes('bigint', 'DECIMAL(22,2)')).toBe('widen');
    expect(compareTypes('bigint', 'DECIMAL(21,2)')).toBe('narrow');
    expect(compareTypes('int', 'BIGINT')).toBe('widen');
    expect(compareTypes('string', 'BIGINT')).toBe('incompatible');
    expect(compareTypes('decimal(38,2)', 'DECIMAL(38,2)')).toBe('same');
  });
});

describe('evolving an existing table', () => {
  it('adds a new column and widens DECIMAL and BIGINT columns in place, keeping the values', async () => {
    const evolved = table([balance(20, 3), { ...qty, type: { kind: 'decimal', precision: 22, scale: 2 } }, memo]);
    expect(await dest.ensureTable(evolved)).toEqual([
      {
        kind: 'add-column',
        column: 'memo',
        detail: 'main.evolve.balances: added column "memo" STRING (empty in rows written before)',
      },
      {
        kind: 'widen-column',
        column: 'balance',
        detail: 'main.evolve.balances: column "balance" widened from decimal(18,2) to DECIMAL(20,3)',
      },
      {
        kind: 'widen-column',
        column: 'qty',
        detail: 'main.evolve.balances: column "qty" widened from bigint to DECIMAL(22,2)',
      },
    ]);
    expect(await columnsNow()).toEqual(['account string', 'balance decimal(20,3)', 'qty decimal(22,2)', 'memo string']);
    await dest.writeBatch(evolved, {
      lineage: { runId: 'r2', batchId: 'b2', syncedAt: '2025-02-01T12:00:00Z' },
      rows: [{ account: '2000', balance: Decimal.parse('0.125'), qty: Decimal.parse('1.50'), memo: 'new' }],
      sourceModified: [null],
    });
    expect((await sim.controlTotals())['main.evolve.balances']).toEqual({
      rows: 2,
      sums: { balance: '12.465', qty: '6.50' },
    });
    expect(await dest.ensureTable(evolved)).toEqual([]);
  });

  it('refuses a narrower type, naming table, column and allowDestructiveChanges, and changes nothing', async () => {
    const before = await columnsNow();
    const narrowed = table([balance(10, 2), { ...qty, type: { kind: 'decimal', precision: 22, scale: 2 } }, memo]);
    const refusal = dest.ensureTable(narrowed);
    await expect(refusal).rejects.toMatchObject({ code: 'DATABRICKS_DESTRUCTIVE_CHANGE' });
    await expect(refusal).rejects.toThrow(
      /^Refused to change table main\.evolve\.balances: this change could lose data:\n- main\.evolve\.balances: column "balance" would change from decimal\(20,3\) to DECIMAL\(10,2\)/,
    );
    await expect(refusal).rejects.toThrow(/"allowDestructiveChanges" cannot make Delta narrow/);
    // Delta cannot narrow in place, so the flag does not make it happen either.
    await expect(dest.ensureTable({ ...narrowed, allowDestructiveChanges: true })).rejects.toThrow(
      /column "balance" would change/,
    );
    expect(await columnsNow()).toEqual(before);
  });

  it('refuses to drop a column unless allowDestructiveChanges, then drops it under column mapping', async () => {
    const withoutMemo = table([balance(20, 3), { ...qty, type: { kind: 'decimal', precision: 22, scale: 2 } }]);
    await expect(dest.ensureTable(withoutMemo)).rejects.toThrow(
      /main\.evolve\.balances: column "memo" \(string\) is no longer in the target; dropping it deletes its values\nNothing was changed\. To go on, set "allowDestructiveChanges": true/,
    );
    expect(await columnsNow()).toContain('memo string');
    expect(await dest.ensureTable({ ...withoutMemo, allowDestructiveChanges: true })).toMatchObject([
      { kind: 'drop-column', column: 'memo' },
    ]);
    expect(await columnsNow()).toEqual(['account string', 'balance decimal(20,3)', 'qty decimal(22,2)']);
  });

  it('the simulator holds the destination to Delta: no type change without type widening, no DROP COLUMN without column mapping', async () => {
    await dest.ensureTable({ ...table([balance(18, 2)]), table: 'main.evolve.plain' });
    await expect(
      dest.sql.query('ALTER TABLE main.evolve.plain ALTER COLUMN balance TYPE DECIMAL(20,2)'),
    ).rejects.toMatchObject({
      details: { errorClass: 'DELTA_UNSUPPORTED_ALTER_TABLE_CHANGE_COL_OP', sqlState: '0AKDC' },
    });
    await expect(dest.sql.query('ALTER TABLE main.evolve.plain DROP COLUMNS (balance)')).rejects.toMatchObject({
      details: { errorClass: 'DELTA_UNSUPPORTED_DROP_COLUMN' },
    });
  });
});
