/** `target.holdTogether`: a unit (a journal's lines) is written whole or held whole, and replays whole. */
import { describe, expect, it } from 'vitest';
import { openRunStore } from '../store/index.ts';
import { MemoryDestination } from './testing/memory-destination.ts';
import { replay } from './replay.ts';
import {
  ledgerPipeline,
  ledgerRecord,
  ledgerSource,
  ledgerStream,
  memoryConnectors,
  runWith,
  tempStateDir,
} from './testing/test-support.ts';
import { UNIT_HELD } from './unit-holds.ts';

function journalStream() {
  const stream = ledgerStream({ cursor: undefined }, 'append');
  return {
    ...stream,
    target: { ...stream.target, holdTogether: ['journal'] },
    // Lines 1-2 are journal J1, 3-4 journal J2, 5-6 journal J3.
    mappings: {
      ...stream.mappings,
      journal: { type: 'string', expression: 'IF(id <= 2, "J1", IF(id <= 4, "J2", "J3"))', required: true },
    },
  };
}

describe('units held together', () => {
  it('holds every line of a journal when one line is held, writes the other journals, and replays the held journal whole', async () => {
    const records = [1, 2, 3, 4, 5, 6].map((id) =>
      ledgerRecord(id, id, `${id}.00`, id === 4 ? '000-9999-00' : '000-4100-00'),
    );
    const loaded = ledgerPipeline(journalStream(), 100);
    const destination = new MemoryDestination();
    const stateDir = tempStateDir();
    const outcome = await runWith(loaded, ledgerSource(records, false), destination, stateDir);
    expect(outcome.streams[0]).toMatchObject({ read: 6, written: 4, held: 2, status: 'held' });
    expect(destination.tables.get('lines')?.appended.map((row) => row.id)).toEqual([1, 2, 5, 6]);
    const store = openRunStore(stateDir);
    const holds = store.listHolds({ status: 'open' });
    store.close();
    const byId = new Map(holds.map((hold) => [hold.sourceRecord.id, hold.reasons]));
    expect(byId.get(4)?.[0]?.code).toBe('LOOKUP_MISS');
    expect(byId.get(3)).toEqual([
      {
        column: 'journal',
        code: UNIT_HELD,
        message: expect.stringContaining('Held with the rest of journal "J2", because another of its rows was held: '),
      },
    ]);

    // The lookup is fixed: the replay writes the whole journal, both lines, once.
    const fixed = ledgerPipeline(journalStream(), 100);
    fixed.pipeline.lookups!.cost_centers!.rows!.push({ key: '000-9999-00', value: 'CC-NEW' });
    const replayed = await replay(fixed, {
      stateDir,
      id: outcome.runId,
      resolveSecret: () => Promise.reject(new Error('none')),
      connectors: memoryConnectors(ledgerSource([], false), destination),
    });
    expect(replayed).toMatchObject({ replayed: 2, resolved: 2, stillHeld: 0 });
    expect(
      destination.tables
        .get('lines')
        ?.appended.map((row) => Number(row.id))
        .sort(),
    ).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('without holdTogether, the other line of the journal is written', async () => {
    const records = [1, 2].map((id) => ledgerRecord(id, id, '1.00', id === 2 ? '000-9999-00' : '000-4100-00'));
    const stream = ledgerStream({ cursor: undefined }, 'append');
    const destination = new MemoryDestination();
    const outcome = await runWith(
      ledgerPipeline(stream, 100),
      ledgerSource(records, false),
      destination,
      tempStateDir(),
    );
    expect(outcome.streams[0]).toMatchObject({ written: 1, held: 1 });
  });
});
