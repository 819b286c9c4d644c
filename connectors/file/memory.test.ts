import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataRow } from '../../engine/model/io.ts';
import { Decimal } from '../../engine/model/values/index.ts';
import { writeSampleGlLines } from './sample-gl.ts';
import type { SampleGlTotals } from './sample-gl.ts';
import { createFileSource } from './source.ts';

// A full collection on demand, so retained memory is measured rather than whatever the collector left.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const ROWS = 100_000;
let folder: string;
let totals: SampleGlTotals;

function retainedBytes(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'file-memory-'));
  totals = await writeSampleGlLines(join(folder, 'gl-lines-1.csv'), ROWS, 2024);
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

function glSource() {
  return createFileSource({
    connection: { folder },
    entities: [{ entity: 'gl', file: 'gl-lines-*.csv', key: ['JRNENTRY', 'SEQNUMBR'], cursorField: 'DEX_ROW_TS' }],
  });
}

describe('file source: a 100k-row file', () => {
  it('streams with flat memory, and its exact sums match the control totals written with the file', async () => {
    const fileBytes = (await stat(join(folder, 'gl-lines-1.csv'))).size;
    const source = glSource();
    await source.discover();

    // What holding every record would cost, to show that the bound below means something.
    const beforeAll = retainedBytes();
    const everything: DataRow[] = [];
    for await (const page of source.read({ entity: 'gl', key: [], pageSize: 1000 })) everything.push(...page.records);
    const allRecordsBytes = retainedBytes() - beforeAll;
    expect(everything.length).toBe(ROWS);
    everything.length = 0;

    const baseline = retainedBytes();
    const samples: number[] = [];
    let rows = 0;
    let pages = 0;
    let debit = Decimal.ZERO;
    let credit = Decimal.ZERO;
    for await (const page of source.read({ entity: 'gl', key: [], pageSize: 1000 })) {
      expect(page.problems).toEqual([]);
      for (const record of page.records) {
        debit = debit.add(record['DEBITAMT'] as Decimal);
        credit = credit.add(record['CRDTAMNT'] as Decimal);
      }
      rows += page.records.length;
      if (++pages % 10 === 0) samples.push(retainedBytes() - baseline);
    }

    expect(rows).toBe(totals.rows);
    expect(debit.toString()).toBe(totals.debitTotal);
    expect(credit.toString()).toBe(totals.creditTotal);
    const peak = Math.max(...samples);
    const first = samples[0] ?? 0;
    const last = samples[samples.length - 1] ?? 0;
    // Holding everything costs several times the file; streaming keeps about one page and one chunk.
    expect(allRecordsBytes).toBeGreaterThan(fileBytes);
    expect(peak).toBeLessThan(allRecordsBytes / 5);
    expect(peak).toBeLessThan(8 * 1024 * 1024);
    // Flat: what is retained late in the file is what was retained early, not a growing pile.
    expect(last - first).toBeLessThan(2 * 1024 * 1024);
  });
});
