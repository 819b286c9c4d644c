import { afterEach, describe, expect, it } from 'vitest';
import type { DataRow } from '../../../engine/model/io.ts';
import { Pacer } from '../pacing.ts';
import { accountsTarget, batchOf, ordersTarget, poLines, startHarness, valueOf } from './test-support.ts';

let harness: Awaited<ReturnType<typeof startHarness>> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const accounts = (n: number, prefix = 'A'): DataRow[] =>
  Array.from({ length: n }, (_, i) => ({ accountnumber: `${prefix}${i}`, name: `Account ${i}` }));

/** The runner retries a failed batch; here the test does, as often as the runner's policy would. */
async function writeUntilDone(write: () => Promise<unknown>, attempts = 20) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}

describe('Dynamics 365 destination: service protection', () => {
  it('a 429 storm slows the run by Retry-After; it completes and the totals are equal', async () => {
    harness = await startHarness();
    const { destination, sim, waits } = harness;
    sim.throttle(25, 2);
    const target = accountsTarget(['accountnumber', 'name']);
    expect(await destination.writeBatch(target, batchOf(accounts(60)))).toMatchObject({ inserted: 60 });
    expect(sim.protection.refused['0x80072322']).toBe(25);
    expect(waits.filter((ms) => ms === 2000)).toHaveLength(25);
    expect(sim.controlTotals().accounts.rows).toBe(60);
  });

  it('keeps under the request budget instead of running into it: waits for the window, never a 429', async () => {
    harness = await startHarness(
      { limits: { requests: 5, windowSeconds: 300 } },
      { requestBudget: { requests: 5, windowSeconds: 300 }, batchSize: 2 },
    );
    const { destination, sim, waits } = harness;
    const target = accountsTarget(['accountnumber', 'name']);
    expect(await destination.writeBatch(target, batchOf(accounts(12)))).toMatchObject({ inserted: 12 });
    expect(sim.protection.refused).toEqual({});
    expect(waits.length).toBeGreaterThan(0);
    expect(destination.budget()).toMatchObject({ limit: 5, windowSeconds: 300 });
    expect(destination.budget().used).toBeLessThanOrEqual(5);
    expect(sim.controlTotals().accounts.rows).toBe(12);
  });

  it('never has more requests in flight than maxConcurrency, and refuses a bound at or over 52', async () => {
    const pacer = new Pacer({
      maxConcurrency: 2,
      requests: 100,
      windowMs: 1000,
      now: () => 0,
      sleep: () => Promise.resolve(),
    });
    let inFlight = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const send = pacer.interceptor(async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise<void>((resolve) => releases.push(resolve));
      inFlight -= 1;
      return { status: 200, headers: {}, body: Buffer.alloc(0) };
    });
    const all = Array.from({ length: 6 }, () => send({ method: 'GET', path: 'x' }));
    for (let round = 0; round < 6; round += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      releases.shift()?.();
    }
    await Promise.all(all);
    expect(peak).toBe(2);
    expect(pacer.status().peakInFlight).toBe(2);
    expect(() => new Pacer({ ...pacer.options, maxConcurrency: 52 })).toThrow(/below Dataverse's limit of 52/);
  });

  it('conformance under 10% faults (429, 503, resets): reruns converge to exactly the source, nothing twice', async () => {
    harness = await startHarness({ faults: '429:0.04,503:0.03,reset:0.03', seed: 7 });
    const { destination, sim } = harness;
    const customers = accounts(40, 'C');
    const orders = [
      ...poLines('4500000101', 'C1', 40),
      ...poLines('4500000102', 'C2', 7),
      ...poLines('4500000103', 'C3', 1),
    ];
    await writeUntilDone(() => destination.ensureTable(accountsTarget(['accountnumber', 'name'])));
    for (let at = 0; at < customers.length; at += 10)
      await writeUntilDone(() =>
        destination.writeBatch(accountsTarget(['accountnumber', 'name']), batchOf(customers.slice(at, at + 10))),
      );
    await writeUntilDone(() => destination.ensureTable(ordersTarget()));
    await writeUntilDone(() => destination.writeBatch(ordersTarget(), batchOf(orders)));
    const faults = Object.values(sim.stats.faults).reduce((sum, n) => sum + n, 0);
    expect(faults).toBeGreaterThan(0);
    expect(sim.controlTotals().accounts.rows).toBe(40);
    expect(sim.controlTotals().salesorders).toMatchObject({ rows: 3, lines: 48, sums: { lineValue: valueOf(orders) } });
  });

  it('sizes batches by measurement: slow batches (5 s a request) shrink the next to fit 20 s', async () => {
    harness = await startHarness({ executionMsPerRequest: 5000 }, { batchSize: 10 });
    const { destination, sim } = harness;
    expect(
      await destination.writeBatch(accountsTarget(['accountnumber', 'name']), batchOf(accounts(30))),
    ).toMatchObject({ inserted: 30 });
    expect(sim.stats.batches).toBe(1 + 5); // 10, then 4 a batch
    expect(destination.sizer.size()).toBe(4);
  });
});
