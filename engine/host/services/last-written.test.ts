/**
 * `preview.lastWritten` over the CSV example and a real DuckDB file: before any run it says why there is
 * nothing to compare; after a real run (the runs service, as the studio starts it) it reads back the
 * rows the run wrote for the preview's keys, exact decimals and dates as the warehouse holds them.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatPipeline, parsePipelineText, type Pipeline } from '../../model/index.ts';
import { previewService } from './preview.ts';
import { runsService } from './runs.ts';
import { testHostContext } from './test-context.ts';

const EXAMPLES = fileURLToPath(new URL('../../../assets/examples', import.meta.url));
const PIPELINE = 'examples/csv-to-duckdb.json';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlc-last-written-'));
  cpSync(EXAMPLES, join(dir, 'examples'), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the example through the runs service and waits for its end event. */
async function runOnce(): Promise<string> {
  let finished: (event: { type: string; outcome?: { runId: string } }) => void = () => {};
  const done = new Promise<{ type: string; outcome?: { runId: string } }>((resolve) => (finished = resolve));
  const runs = runsService(
    testHostContext(dir, (event) => {
      const e = event as { type: string; outcome?: { runId: string } };
      if (e.type === 'run-finished' || e.type === 'run-failed') finished(e);
    }),
  );
  await runs.start({ pipeline: { path: PIPELINE } });
  const end = await done;
  expect(end.type).toBe('run-finished');
  return end.outcome!.runId;
}

describe('preview.lastWritten', () => {
  it('says there is nothing to compare before a run, then reads back what the run wrote for the preview keys', async () => {
    const preview = previewService(testHostContext(dir));
    // The description made upper case: the preview's rows change, the warehouse's do not.
    const pipeline = parsePipelineText(readFileSync(join(dir, PIPELINE), 'utf8')).pipeline as Pipeline;
    pipeline.streams.gl_lines!.mappings.description!.expression = 'UPPER(TRIM(DSCRIPTN))';
    const ref = { path: PIPELINE, text: formatPipeline(pipeline) };
    const rows = (await preview.stream({ pipeline: ref, stream: 'gl_lines' })).rows;
    const keys = rows.map((row) => [row.journal_entry!, row.line_number!] as (string | number | boolean | null)[]);
    expect(keys).toHaveLength(7);

    expect(await preview.lastWritten({ pipeline: ref, stream: 'gl_lines', keys })).toEqual({
      available: false,
      reason: 'No run has written gl_lines yet. Run it on the Runs tab, then compare.',
    });

    const runId = await runOnce();
    // One key the run never wrote (the held line's), and the keys as text, as a browser might send them.
    const asked = [...keys.map(([journal, line]) => [String(journal), String(line)]), ['1004', '16384']];
    const answer = await preview.lastWritten({ pipeline: ref, stream: 'gl_lines', keys: asked });
    if (!answer.available) throw new Error(answer.reason);
    expect(answer.table).toBe('gl_lines');
    expect(answer.key).toEqual(['journal_entry', 'line_number']);
    expect(answer.lastRun.runId).toBe(runId);
    expect(answer.rows).toHaveLength(7);
    expect(answer.rows.every((row) => row.runId === runId && /Z|[+-]\d\d:\d\d$/.test(row.syncedAt ?? ''))).toBe(true);
    const first = answer.rows.find((row) => row.values.journal_entry === 1001 && row.values.line_number === 32768);
    expect(first?.values).toMatchObject({
      description: 'Invoice 4471, Contoso',
      debit: '1250.00',
      credit: '0.00',
      posting_date: '2024-01-15',
      cost_center: expect.any(String),
    });
    expect(answer.rows.some((row) => row.values.journal_entry === 1004 && row.values.line_number === 16384)).toBe(
      false,
    );
  });
});
