/**
 * What a run reports when it reads records again (a lookback window, ties at the watermark): `written`
 * counts the rows the destination inserted or updated, `alreadyLoaded` the ones it already held, and
 * the run store's batches and totals say the same, so an operator reconciling counts is not misled.
 */
import { describe, expect, it } from 'vitest';
import { openRunStore } from '../store/index.ts';
import { MemoryDestination } from './testing/memory-destination.ts';
import {
  ledgerPipeline,
  ledgerRecord,
  ledgerSource,
  ledgerStream,
  runWith,
  tempStateDir,
} from './testing/test-support.ts';

function storedCounts(stateDir: string, runId: string) {
  const store = openRunStore(stateDir, { readonly: true });
  try {
    const run = store.getRun(runId)!;
    return {
      streams: run.streams,
      batches: run.batches.map((b) => ({
        countIn: b.countIn,
        countOut: b.countOut,
        countHeld: b.countHeld,
        countAlreadyLoaded: b.countAlreadyLoaded,
      })),
    };
  } finally {
    store.close();
  }
}

describe('rows read again are counted as already loaded, not as written', () => {
  it('append with lookback: a later run writes only the new record and names the re-read ones', async () => {
    const source = ledgerSource(
      [ledgerRecord(1, 1, '10.00'), ledgerRecord(2, 30, '20.00'), ledgerRecord(3, 30, '30.00')],
      true,
    );
    const destination = new MemoryDestination();
    const loaded = ledgerPipeline(ledgerStream({ lookback: 'PT10S' }, 'append'));
    const stateDir = tempStateDir();
    const first = await runWith(loaded, source, destination, stateDir);
    expect(first.streams[0]).toMatchObject({ read: 3, written: 3, held: 0, alreadyLoaded: 0 });

    const again = await runWith(loaded, source, destination, stateDir);
    expect(again.streams[0]).toMatchObject({ read: 2, written: 0, held: 0, alreadyLoaded: 2, failed: 0, status: 'ok' });

    source.upsert('lines', ledgerRecord(4, 31, '5.00'));
    const events: unknown[] = [];
    const next = await runWith(loaded, source, destination, stateDir, { onEvent: (event) => events.push(event) });
    expect(next.streams[0]).toMatchObject({ read: 3, written: 1, held: 0, alreadyLoaded: 2, failed: 0 });
    expect(destination.rowsOf('lines')).toHaveLength(4);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'batch-committed', written: 1, held: 0, alreadyLoaded: 2 }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'stream-finished', read: 3, written: 1, held: 0, alreadyLoaded: 2 }),
    );

    const stored = storedCounts(stateDir, next.runId);
    expect(stored.batches).toEqual([{ countIn: 3, countOut: 1, countHeld: 0, countAlreadyLoaded: 2 }]);
    expect(stored.streams).toEqual([
      expect.objectContaining({ stream: 'lines', read: 3, written: 1, held: 0, alreadyLoaded: 2, failed: 0 }),
    ]);
  });

  it('merge with lookback: an identical row is already loaded, a changed one is written', async () => {
    const source = ledgerSource([ledgerRecord(1, 30, '10.00'), ledgerRecord(2, 30, '20.00')], true);
    const destination = new MemoryDestination();
    const loaded = ledgerPipeline(ledgerStream({ lookback: 'PT10S' }));
    const stateDir = tempStateDir();
    await runWith(loaded, source, destination, stateDir);
    source.upsert('lines', ledgerRecord(2, 31, '25.00'));
    const outcome = await runWith(loaded, source, destination, stateDir);
    expect(outcome.streams[0]).toMatchObject({ read: 2, written: 1, alreadyLoaded: 1 });
    expect(storedCounts(stateDir, outcome.runId).batches).toEqual([
      { countIn: 2, countOut: 1, countHeld: 0, countAlreadyLoaded: 1 },
    ]);
  });

  it('without lookback: records at the watermark that the runner skips (closed start) are counted too', async () => {
    const source = ledgerSource([ledgerRecord(1, 5, '10.00'), ledgerRecord(2, 5, '20.00')], true);
    const destination = new MemoryDestination();
    const loaded = ledgerPipeline(ledgerStream({}, 'append'));
    const stateDir = tempStateDir();
    await runWith(loaded, source, destination, stateDir);
    source.upsert('lines', ledgerRecord(3, 5, '30.00'));
    const outcome = await runWith(loaded, source, destination, stateDir);
    // The closed start reads the whole tie again; only the new record of it is sent and written.
    expect(outcome.streams[0]).toMatchObject({ read: 3, written: 1, held: 0, alreadyLoaded: 2, failed: 0 });
    expect(destination.rowsOf('lines')).toHaveLength(3);
  });

  it('a held record is held, not already loaded, and the counts still add up', async () => {
    const source = ledgerSource([ledgerRecord(1, 30, '10.00'), ledgerRecord(2, 30, '20.00', '000-9999-00')], true);
    const destination = new MemoryDestination();
    const loaded = ledgerPipeline(ledgerStream({ lookback: 'PT10S' }, 'append'));
    const stateDir = tempStateDir();
    await runWith(loaded, source, destination, stateDir);
    const outcome = await runWith(loaded, source, destination, stateDir);
    expect(outcome.streams[0]).toMatchObject({ read: 2, written: 0, held: 1, alreadyLoaded: 1, status: 'held' });
  });
});
