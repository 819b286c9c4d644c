/**
 * Reading back what a run wrote, for the studio's comparison: refused in words when the stream has no
 * merge key, when no run has written it (the destination not even opened), and when the destination
 * cannot read back; otherwise the destination is asked with the keys typed as its columns.
 */
import { describe, expect, it } from 'vitest';
import type { Destination, TargetTable } from '../model/index.ts';
import type { Value } from '../model/values/index.ts';
import { readLastWritten } from './last-written.ts';
import { MemoryDestination } from './testing/memory-destination.ts';
import {
  ledgerPipeline,
  ledgerRecord,
  ledgerSource,
  ledgerStream,
  memoryConnectors,
  runWith,
  tempStateDir,
} from './testing/test-support.ts';

const noSecret = async (name: string) => Promise.reject(new Error(`no secret ${name}`));

/** A destination that reads back the keys it is asked, remembering them. */
class ReadBackDestination extends MemoryDestination {
  readonly asked: (readonly Value[])[] = [];
  async readByKeys(_target: TargetTable, keys: readonly (readonly Value[])[]) {
    this.asked.push(...keys);
    return keys.map((key) => ({ row: { id: key[0]! }, runId: 'r', syncedAt: null }));
  }
}

describe('readLastWritten', () => {
  it('says so in words when a stream has no merge key or no run has written it, opening nothing', async () => {
    const opened: string[] = [];
    const connectors = {
      openSource: async () => Promise.reject(new Error('not opened')),
      openDestination: async (context: { name: string }) => (opened.push(context.name), new MemoryDestination()),
    };
    const stateDir = tempStateDir();
    const options = { stateDir, stream: 'lines', keys: [[1]], connectors, resolveSecret: noSecret };
    expect(await readLastWritten(ledgerPipeline(ledgerStream({}, 'append')), options)).toEqual({
      available: false,
      reason: 'lines has no merge key, so a row here cannot be matched with the row a run wrote.',
    });
    expect(await readLastWritten(ledgerPipeline(ledgerStream()), options)).toEqual({
      available: false,
      reason: 'No run has written lines yet. Run it on the Runs tab, then compare.',
    });
    expect(opened).toEqual([]);
  });

  it('after a run: a destination that cannot read back is named; one that can is asked with typed keys', async () => {
    const loaded = ledgerPipeline(ledgerStream());
    const stateDir = tempStateDir();
    const source = ledgerSource([ledgerRecord(1, 1, '10.00')], true);
    const plain: Destination = new MemoryDestination();
    expect((await runWith(loaded, source, plain as MemoryDestination, stateDir)).status).toBe('ok');

    const cannot = await readLastWritten(loaded, {
      stateDir,
      stream: 'lines',
      keys: [[1]],
      connectors: memoryConnectors(source, plain),
      resolveSecret: noSecret,
      systemLabel: (system) => (system === 'duckdb' ? 'The test warehouse' : system),
    });
    expect(cannot).toEqual({
      available: false,
      reason: 'The test warehouse cannot be read back, so what the last run sent there cannot be compared.',
    });

    const reading = new ReadBackDestination();
    const answer = await readLastWritten(loaded, {
      stateDir,
      stream: 'lines',
      // Text from the preview becomes the column's type; a key that cannot be of that type is left out.
      keys: [['1'], [2], ['not a number'], [1, 2]],
      connectors: memoryConnectors(source, reading),
      resolveSecret: noSecret,
    });
    expect(reading.asked).toEqual([[1], [2]]);
    expect(answer).toMatchObject({
      available: true,
      table: 'lines',
      key: ['id'],
      rows: [{ row: { id: 1 } }, { row: { id: 2 } }],
    });
    expect(answer.available && answer.lastRun.runId).toMatch(/./);
  });
});
