import { afterEach, describe, expect, it } from 'vitest';
import type { DataRow } from '../../../engine/model/io.ts';
import { isTransient } from '../../../engine/model/errors.ts';
import { Decimal } from '../../../engine/model/values/index.ts';
import { DynamicsDestination } from './destination.ts';
import { accountsTarget, batchOf, ordersTarget, poLines, startHarness, valueOf } from './test-support.ts';

let harness: Awaited<ReturnType<typeof startHarness>> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const CUSTOMERS: DataRow[] = ['C1', 'C2', 'C3'].map((number) => ({
  accountnumber: number,
  name: `Customer ${number}`,
}));

async function withCustomers(
  options: Parameters<typeof startHarness>[0] = {},
  config: Parameters<typeof startHarness>[1] = {},
) {
  harness = await startHarness(options, config);
  await harness.destination.writeBatch(accountsTarget(['accountnumber', 'name']), batchOf(CUSTOMERS));
  await harness.destination.ensureTable(ordersTarget());
  return harness;
}

function expectOrders(orders: Record<string, DataRow[]>) {
  const totals = harness!.sim.controlTotals().salesorders as {
    rows: number;
    lines: number;
    byOrder: Record<string, { lines: number; value: string }>;
  };
  expect(totals.rows).toBe(Object.keys(orders).length);
  expect(totals.lines).toBe(Object.values(orders).reduce((sum, rows) => sum + rows.length, 0));
  for (const [po, rows] of Object.entries(orders))
    expect(totals.byOrder[po], po).toEqual({ lines: rows.length, value: Decimal.parse(valueOf(rows)).toString() });
}

describe('Dynamics 365 destination: sales orders', () => {
  it('writes a 1,200-line PO atomically as one request of one $batch, beside smaller orders', async () => {
    const { destination, sim } = await withCustomers();
    const big = poLines('4500000001', 'C1', 1200);
    const small = poLines('4500000002', 'C2', 3);
    const batchesBefore = sim.stats.batches;
    expect(await destination.writeBatch(ordersTarget(), batchOf([...big, ...small]))).toMatchObject({ inserted: 1203 });
    expect(sim.stats.batches - batchesBefore).toBe(1);
    expectOrders({ '4500000001': big, '4500000002': small });
    const lines = [...sim.store.table('salesorderdetails')!.rows.values()];
    expect(lines.every((line) => line.isproductoverridden === true && line.ispriceoverridden === true)).toBe(true);
  });

  it('a refused line fails its whole 1,200-line order (nothing of it lands), never the other orders', async () => {
    const { destination, sim } = await withCustomers();
    const big = poLines('4500000001', 'C1', 1200).map((row) =>
      row.lineitemnumber === 1150 ? { ...row, productdescription: 'x'.repeat(501) } : row,
    );
    const small = poLines('4500000002', 'C2', 2);
    const result = await destination.writeBatch(ordersTarget(), batchOf([...big, ...small]));
    expect(result.inserted).toBe(2);
    expect(result.rejected).toHaveLength(1200);
    expect(result.rejected?.[0]).toMatchObject({
      code: '0x80044331',
      message: expect.stringContaining("'productdescription'"),
    });
    expectOrders({ '4500000002': small });
    void sim;
  });

  it('a rerun sends nothing; a changed line is a PATCH and a new line a POST in one change set', async () => {
    const { destination, sim } = await withCustomers();
    const rows = poLines('4500000003', 'C3', 4);
    await destination.writeBatch(ordersTarget(), batchOf(rows));
    const batchesBefore = sim.stats.batches;
    expect(await destination.writeBatch(ordersTarget(), batchOf(rows))).toMatchObject({
      unchanged: 4,
      inserted: 0,
      updated: 0,
    });
    expect(sim.stats.batches).toBe(batchesBefore);
    const changed = [
      ...rows.map((row) => (row.lineitemnumber === 2 ? { ...row, quantity: Decimal.parse('7.5') } : row)),
      ...poLines('4500000003', 'C3', 1, 5),
    ];
    expect(await destination.writeBatch(ordersTarget(), batchOf(changed))).toMatchObject({
      inserted: 1,
      updated: 1,
      unchanged: 3,
    });
    expect(sim.stats.batches - batchesBefore).toBe(1);
    expectOrders({ '4500000003': changed });
  });

  it('an update of 1,200 lines is split into change sets within the 1,000-request limit', async () => {
    const { destination, sim } = await withCustomers({}, { batchSize: 1000 });
    const rows = poLines('4500000004', 'C1', 1200);
    await destination.writeBatch(ordersTarget(), batchOf(rows));
    const repriced = rows.map((row) => ({ ...row, priceperunit: (row.priceperunit as Decimal).add(Decimal.ONE) }));
    const before = sim.stats.batches;
    expect(await destination.writeBatch(ordersTarget(), batchOf(repriced))).toMatchObject({ updated: 1200 });
    expect(sim.stats.batches - before).toBe(2);
    expectOrders({ '4500000004': repriced });
  });

  it('killed after the $batch was sent, before its answer: the rerun writes every account and order once, with exactly its lines', async () => {
    const { destination, sim } = await withCustomers();
    const rows = [...poLines('4500000005', 'C1', 30), ...poLines('4500000006', 'C2', 5)];
    sim.dropBatchAnswers(1);
    // A connection cut mid-write: not re-sent by the client (it may have landed), transient for the runner.
    const cut = await destination.writeBatch(ordersTarget(), batchOf(rows)).catch((error: unknown) => error);
    expect(cut).toMatchObject({ code: 'ECONNRESET' });
    expect(isTransient(cut)).toBe(true);
    expect(sim.stats.droppedAnswers).toBe(1);
    expectOrders({ '4500000005': rows.slice(0, 30), '4500000006': rows.slice(30) }); // it landed, unseen
    expect(await destination.writeBatch(ordersTarget(), batchOf(rows))).toMatchObject({ unchanged: 35 });
    const accounts = [{ accountnumber: 'K1', name: 'Killed' }];
    sim.dropBatchAnswers(1);
    await expect(
      destination.writeBatch(accountsTarget(['accountnumber', 'name']), batchOf(accounts)),
    ).rejects.toThrow();
    expect(await destination.writeBatch(accountsTarget(['accountnumber', 'name']), batchOf(accounts))).toMatchObject({
      unchanged: 1,
    });
    expect(sim.controlTotals().accounts.rows).toBe(4);
    expectOrders({ '4500000005': rows.slice(0, 30), '4500000006': rows.slice(30) });
  });

  it('an order whose customer account is missing is held whole, naming the account', async () => {
    const { destination } = await withCustomers();
    const result = await destination.writeBatch(ordersTarget(), batchOf(poLines('4500000007', 'NOPE', 3)));
    expect(result.rejected).toHaveLength(3);
    expect(result.rejected?.[0]?.message).toContain('the customer account NOPE of 4500000007 is not in Dynamics 365');
  });

  it('refuses to start without the PO-number key, naming it; opportunities get their lines the same way', async () => {
    harness = await startHarness({ orderKey: null });
    await expect(harness.destination.ensureTable(ordersTarget())).rejects.toThrow(
      /no alternate key on salesorder over mlc_ponumber/,
    );
    await harness.close();
    const { destination, sim } = await withCustomers();
    const rows = poLines('4500000008', 'C1', 3);
    expect(await destination.writeBatch(ordersTarget('opportunities'), batchOf(rows))).toMatchObject({ inserted: 3 });
    expect(sim.controlTotals().opportunities).toMatchObject({ rows: 1, lines: 3, sums: { lineValue: valueOf(rows) } });
  });

  it('two writers creating the same new PO at once: one creates it, the other meets the key (412 0x80060892), reads again, finds it equal', async () => {
    const { destination, sim, config } = await withCustomers();
    const other = new DynamicsDestination(config);
    await other.ensureTable(ordersTarget()); // both signed in and past the key check: they race from the read
    try {
      const rows = poLines('4500000009', 'C1', 6);
      const before = sim.stats.batches;
      const results = await Promise.all([
        destination.writeBatch(ordersTarget(), batchOf(rows)),
        other.writeBatch(ordersTarget(), batchOf(rows)),
      ]);
      expect(results.map((result) => [result.inserted, result.unchanged, result.rejected ?? []]).sort()).toEqual([
        [0, 6, []],
        [6, 0, []],
      ]);
      expectOrders({ '4500000009': rows });
      expect(sim.stats.batches - before).toBe(2); // both sent their create: the race really happened
    } finally {
      await other.close();
    }
  });
});
