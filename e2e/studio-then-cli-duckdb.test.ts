/**
 * The CSV example loaded from the studio, then Exported for a scheduler and run from the CLI (a real
 * process) with the command Export printed: as printed, with an empty state folder, with the studio's
 * state folder deleted, and without --state (the exported file's own, new, state folder). Whatever state
 * the CLI starts from, the warehouse holds each source line once, in append and in merge, and a line
 * added to the export afterwards arrives once. A run without state resumes from the checkpoint DuckDB
 * recorded beside the table, so it reads only the lines in the lookback window, not the whole file.
 * And with no state folder named at all, the CLI finds the studio's own (beside the file), from any folder.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_SECRETS } from '../engine/host/services/test-context.ts';
import { cli, copyOfExamples, tempDir } from '../engine/cli/test-support.ts';
import {
  jsonRun,
  printedArguments,
  resumedFromDestination,
  studioHost,
  withState,
  type JsonRun,
} from './studio-then-cli.ts';

const PIPELINE = 'csv-to-duckdb.json';
const SOURCE_LINES = 8;
const NEW_LINE = '1005,16384,000-6100-00,2024-02-01,5.00,0.00,Stamps,Z-US$,2024-02-01T08:00:00Z\n';

const temp = tempDir('mlc-e2e-studio-cli-');
afterAll(() => temp.remove());

/** Every row as `entry/line@modified`, so a row written twice shows as a repeat. */
async function rowsIn(warehouse: string): Promise<string[]> {
  const instance = await DuckDBInstance.create(warehouse);
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT journal_entry || '/' || line_number || '@' || modified_at FROM gl_lines ORDER BY 1`,
    );
    return reader.getRows().map((row) => String(row[0]));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function expectEachLineOnce(warehouse: string, lines: number): Promise<string[]> {
  const rows = await rowsIn(warehouse);
  expect(rows).toHaveLength(lines);
  expect(new Set(rows).size).toBe(lines);
  return rows;
}

/** The example in `folder`, set to `writeMode`, every account mapped (so all 8 lines are written, none held). */
function prepareExample(folder: string, writeMode: 'append' | 'merge'): void {
  const file = join(folder, PIPELINE);
  const pipeline = JSON.parse(readFileSync(file, 'utf8')) as {
    streams: { gl_lines: { target: { writeMode: string; mergeKey?: string[] } } };
  };
  pipeline.streams.gl_lines.target.writeMode = writeMode;
  if (writeMode === 'append') delete pipeline.streams.gl_lines.target.mergeKey;
  writeFileSync(file, JSON.stringify(pipeline, null, 2));
  appendFileSync(join(folder, 'lookups', 'cost-centers.csv'), '000-6900-00,CC-FACILITIES\n');
}

async function cliRun(args: readonly string[], cwd: string): Promise<JsonRun> {
  const result = await cli(args, { cwd });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const run = jsonRun(result.stdout);
  expect(run.summary.status).toBe('ok');
  return run;
}

describe.each(['append', 'merge'] as const)(
  'CSV -> DuckDB in %s: the studio, then the command Export prints',
  (writeMode) => {
    it('writes each source line once whatever state folder the CLI starts from; a new line arrives once', async () => {
      const root = join(temp.path, writeMode);
      const examples = copyOfExamples(root);
      prepareExample(examples, writeMode);
      const warehouse = join(examples, 'warehouse.duckdb');
      const ref = { path: `examples/${PIPELINE}` };

      // The analyst opens the example in the studio (started in `root`) and runs it.
      const studio = studioHost(root, NO_SECRETS);
      try {
        const { text } = await studio.services.pipelines.open(ref);
        const first = await studio.run({ ...ref, text });
        expect(first.error).toBeUndefined();
        expect(first.outcome?.status).toBe('ok');
        expect(first.outcome?.streams[0]?.written).toBe(SOURCE_LINES);
        await expectEachLineOnce(warehouse, SOURCE_LINES);

        // Export for the scheduler, into a folder of its own: the command names the studio's state folder.
        const scheduler = join(root, 'scheduler');
        const exported = await studio.services.pipelines.export({
          ...ref,
          text,
          to: join(scheduler, 'gl-nightly.json'),
        });
        expect(exported.stateDir).toBe(join(examples, '.ml-connector'));
        const printed = printedArguments(exported.command);
        expect(printed).toEqual(['run', join(scheduler, 'gl-nightly.json'), '--state', exported.stateDir, '--json']);

        // (a) As printed: it carries on from the studio's watermark; nothing is loaded again.
        const asPrinted = await cliRun(printed, scheduler);
        expect(resumedFromDestination(asPrinted)).toEqual([]);
        expect(asPrinted.summary.streams[0]!.read).toBeLessThan(SOURCE_LINES);
        await expectEachLineOnce(warehouse, SOURCE_LINES);

        // (b) With an empty state folder: the warehouse's checkpoint says where the stream stopped.
        const emptyState = join(root, 'empty-state');
        mkdirSync(emptyState);
        const fresh = await cliRun(withState(printed, emptyState), scheduler);
        expect(resumedFromDestination(fresh)).toEqual(['gl_lines']);
        // Only the lookback window before the watermark is read again (4 of the 8 lines), and none written twice.
        expect(fresh.summary.streams[0]!.read).toBeLessThan(SOURCE_LINES);
        await expectEachLineOnce(warehouse, SOURCE_LINES);

        // (c) The studio's state folder deleted, then the command as printed.
        rmSync(exported.stateDir, { recursive: true, force: true });
        const lost = await cliRun(printed, scheduler);
        expect(resumedFromDestination(lost)).toEqual(['gl_lines']);
        await expectEachLineOnce(warehouse, SOURCE_LINES);

        // (d) Without --state: the exported file's own state folder, new, beside it.
        const ownFolder = await cliRun(withState(printed, undefined), scheduler);
        expect(resumedFromDestination(ownFolder)).toEqual(['gl_lines']);
        await expectEachLineOnce(warehouse, SOURCE_LINES);

        // A line the ledger exports later arrives once: from a fresh state folder, as printed, and from the studio.
        appendFileSync(join(examples, 'data', 'gl-lines-2024-01.csv'), NEW_LINE);
        const emptyAgain = join(root, 'empty-state-2');
        mkdirSync(emptyAgain);
        const withNewLine = await cliRun(withState(printed, emptyAgain), scheduler);
        expect(resumedFromDestination(withNewLine)).toEqual(['gl_lines']);
        await expectEachLineOnce(warehouse, SOURCE_LINES + 1);
        await cliRun(printed, scheduler);
        const again = await studio.run({ ...ref, text });
        expect(again.outcome?.status).toBe('ok');
        const rows = await expectEachLineOnce(warehouse, SOURCE_LINES + 1);
        expect(rows.filter((row) => row.startsWith('1005/16384@'))).toHaveLength(1);
      } finally {
        await studio.close();
      }
    }, 240_000);
  },
);

describe('CSV -> DuckDB: the studio and the CLI on the same file, neither given a state folder', () => {
  it('share the state folder beside the file, however the CLI names the file and wherever it starts', async () => {
    const root = join(temp.path, 'shared');
    const examples = copyOfExamples(root);
    prepareExample(examples, 'merge');
    const ref = { path: `examples/${PIPELINE}` };
    const studio = studioHost(root, NO_SECRETS);
    try {
      expect((await studio.run(ref)).outcome?.status).toBe('ok');
      const elsewhere = join(root, 'elsewhere');
      mkdirSync(elsewhere);
      // Relative from another folder, then by its full path: both carry on from the studio's watermark.
      for (const named of [join('..', 'examples', PIPELINE), join(examples, PIPELINE)]) {
        const run = await cliRun(['run', named, '--json'], elsewhere);
        expect(resumedFromDestination(run)).toEqual([]);
        expect(run.events.find((event) => event.type === 'stream-started')?.from).not.toBeNull();
        expect(run.summary.streams[0]!.read).toBeLessThan(SOURCE_LINES);
      }
      expect(existsSync(join(elsewhere, '.ml-connector'))).toBe(false);
      // The studio's history of this pipeline shows the CLI's runs beside its own.
      expect(await studio.services.runs.audit({ pipeline: ref })).toHaveLength(3);
      await expectEachLineOnce(join(examples, 'warehouse.duckdb'), SOURCE_LINES);
    } finally {
      await studio.close();
    }
  }, 120_000);
});
