/**
 * The GP -> Databricks example loaded from the studio (its secrets in the analyst's keychain), then
 * Exported for a scheduler and run from the CLI (a real process, its secrets in the environment variables
 * Export names) with the command Export printed: as printed, with an empty state folder, with the studio's
 * state folder deleted, and without --state. In append and in merge the warehouse holds what GP holds,
 * each row version once; records GP changes afterwards arrive once. A run without state resumes from the
 * checkpoint kept in `_ml_connector_state` beside the tables, so it reads only the records at the
 * watermark, not all of GP again.
 */
import { readFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../connectors/registry.ts';
import { startGpSimulator, type Change, type GpSimulator } from '../connectors/dynamics-gp/simulator/index.ts';
import { cli, tempDir } from '../engine/cli/test-support.ts';
import { GP_TO_DATABRICKS, prepareExampleWorkspace } from '../engine/cli/example-workspace.ts';
import {
  jsonRun,
  keychainWith,
  printedArguments,
  resumedFromDestination,
  studioHost,
  withState,
  type JsonRun,
} from './studio-then-cli.ts';

/**
 * Enough that a stateless run, which reads again the records at each watermark, reads a small share: the
 * simulator's 23 payroll GL accounts share one ModifiedDate, the newest of the accounts.
 */
const ROWS = 100;
/** Each stream, the GP entity its records come from, and its table. */
const STREAMS = {
  gl_accounts: { entity: 'gl_accounts', table: 'main.finance.gl_accounts' },
  vendors: { entity: 'vendors', table: 'main.finance.vendors' },
  gl_journal_lines: { entity: 'gl_journal_entries', table: 'main.finance.gl_journal_lines' },
  payables_invoices: { entity: 'payables_invoices', table: 'main.finance.payables_invoices' },
} as const;
type StreamName = keyof typeof STREAMS;
const STREAM_NAMES = Object.keys(STREAMS) as StreamName[];

type Totals = Record<string, { rows: number; sums: Record<string, string> }>;

const temp = tempDir('mlc-e2e-studio-cli-dbx-');
afterAll(() => temp.remove());

/** Rows per stream's table in the warehouse now. */
async function warehouseRows(databricks: SimulatorHandle): Promise<Record<StreamName, number>> {
  const totals = (await databricks.controlTotals()) as Totals;
  return Object.fromEntries(STREAM_NAMES.map((name) => [name, totals[STREAMS[name].table]?.rows ?? 0])) as Record<
    StreamName,
    number
  >;
}

/** Rows per stream GP holds now (journal lines counted one by one). */
function gpRows(gp: GpSimulator): Record<StreamName, number> {
  const totals = gp.controlTotals() as Totals;
  return Object.fromEntries(STREAM_NAMES.map((name) => [name, totals[name]!.rows])) as Record<StreamName, number>;
}

/** Row versions the changes make per stream: one per changed record, one per line of a changed journal entry. */
function newVersions(gp: GpSimulator, changes: readonly Change[]): Record<StreamName, number> {
  const changed = (entity: string) =>
    new Set(changes.filter((change) => change.entity === entity).map((change) => change.key));
  const lines = (key: string | number) =>
    (gp.store.map('gl_journal_entries').get(key)?.fields.Lines as unknown[] | undefined)?.length ?? 0;
  return Object.fromEntries(
    STREAM_NAMES.map((name) => {
      const keys = [...changed(STREAMS[name].entity)];
      return [name, name === 'gl_journal_lines' ? keys.reduce<number>((sum, key) => sum + lines(key), 0) : keys.length];
    }),
  ) as Record<StreamName, number>;
}

function setWriteMode(file: string, writeMode: 'append' | 'merge'): void {
  const pipeline = JSON.parse(readFileSync(file, 'utf8')) as {
    streams: Record<string, { target: { writeMode: string; mergeKey?: string[] } }>;
  };
  for (const stream of Object.values(pipeline.streams)) {
    stream.target.writeMode = writeMode;
    if (writeMode === 'append') delete stream.target.mergeKey;
  }
  writeFileSync(file, JSON.stringify(pipeline, null, 2));
}

describe.each(['append', 'merge'] as const)(
  'GP -> Databricks in %s: the studio, then the command Export prints',
  (writeMode) => {
    let gp: GpSimulator | undefined;
    let databricks: SimulatorHandle | undefined;
    afterAll(async () => {
      await gp?.close();
      await databricks?.close();
    });

    it('holds each row version once whatever state folder the CLI starts from; GP changes arrive once', async () => {
      gp = await startGpSimulator({ port: 0, seed: 7, rows: ROWS, retryAfterSeconds: 0 });
      databricks = await startSimulator('databricks', { port: 0, seed: 7, retryAfterSeconds: 0 });
      const secrets: Record<string, string> = { gp_password: gp.credentials.password, ...databricks.secrets };
      const root = join(temp.path, writeMode);
      const workspace = prepareExampleWorkspace(join(root, 'analyst'), { gp, databricks }, [GP_TO_DATABRICKS]);
      const file = workspace.files[GP_TO_DATABRICKS]!;
      setWriteMode(file, writeMode);
      const ref = { path: file };

      const studio = studioHost(root, await keychainWith(secrets));
      try {
        const { text } = await studio.services.pipelines.open(ref);
        const first = await studio.run({ ...ref, text });
        expect(first.error).toBeUndefined();
        expect(first.outcome?.streams.filter((stream) => stream.status !== 'ok')).toEqual([]);
        const loaded = gpRows(gp);
        expect(await warehouseRows(databricks)).toEqual(loaded);

        const scheduler = join(root, 'scheduler');
        const exported = await studio.services.pipelines.export({
          ...ref,
          text,
          to: join(scheduler, 'gl-nightly.json'),
        });
        expect(exported.stateDir).toBe(join(workspace.dir, '.ml-connector'));
        const printed = printedArguments(exported.command);
        expect(printed).toEqual(['run', join(scheduler, 'gl-nightly.json'), '--state', exported.stateDir, '--json']);
        // IT gives the secrets in the environment variables Export names: no keychain on the scheduler's machine.
        const env = Object.fromEntries(
          exported.secrets.map((secret) => [secret.environmentVariable, secrets[secret.name]!]),
        );
        expect(Object.keys(env)).toHaveLength(2);

        const cliRun = async (args: readonly string[]): Promise<JsonRun> => {
          const result = await cli(args, { cwd: scheduler, env });
          expect(result.stderr).toBe('');
          expect(result.code).toBe(0);
          const run = jsonRun(result.stdout);
          expect(run.summary.status).toBe('ok');
          return run;
        };
        /** A stateless run read only the records at each stream's watermark, not GP again. */
        const readLittle = (run: JsonRun) => {
          for (const stream of run.summary.streams)
            expect(stream.read, stream.name).toBeLessThan(loaded[stream.name as StreamName] / 4);
        };

        // (a) As printed: it carries on from the studio's watermarks.
        const asPrinted = await cliRun(printed);
        expect(resumedFromDestination(asPrinted)).toEqual([]);
        readLittle(asPrinted);
        expect(await warehouseRows(databricks)).toEqual(loaded);

        // (b) With an empty state folder: the warehouse's checkpoints say where each stream stopped.
        const emptyState = join(root, 'empty-state');
        mkdirSync(emptyState);
        const fresh = await cliRun(withState(printed, emptyState));
        expect(resumedFromDestination(fresh).sort()).toEqual([...STREAM_NAMES].sort());
        readLittle(fresh);
        expect(await warehouseRows(databricks)).toEqual(loaded);

        // (c) The studio's state folder deleted, then the command as printed.
        rmSync(exported.stateDir, { recursive: true, force: true });
        const lost = await cliRun(printed);
        expect(resumedFromDestination(lost).sort()).toEqual([...STREAM_NAMES].sort());
        expect(await warehouseRows(databricks)).toEqual(loaded);

        // (d) Without --state: the exported file's own state folder, new, beside it.
        const ownFolder = await cliRun(withState(printed, undefined));
        expect(resumedFromDestination(ownFolder).sort()).toEqual([...STREAM_NAMES].sort());
        expect(await warehouseRows(databricks)).toEqual(loaded);

        // GP changes records; from another empty state folder, then as printed, then from the studio: each new version once.
        const changes = gp.advance(24);
        const expected = (name: StreamName) =>
          writeMode === 'merge' ? gpRows(gp!)[name] : loaded[name] + newVersions(gp!, changes)[name];
        const emptyAgain = join(root, 'empty-state-2');
        mkdirSync(emptyAgain);
        const afterChanges = await cliRun(withState(printed, emptyAgain));
        expect(resumedFromDestination(afterChanges).sort()).toEqual([...STREAM_NAMES].sort());
        await cliRun(printed);
        const again = await studio.run({ ...ref, text });
        expect(again.error).toBeUndefined();
        expect(again.outcome?.status).toBe('ok');
        const rows = await warehouseRows(databricks);
        for (const name of STREAM_NAMES) expect(rows[name], name).toBe(expected(name));
        expect(rows.gl_journal_lines).toBeGreaterThan(loaded.gl_journal_lines);
        if (writeMode === 'merge') {
          // Merge holds GP's own numbers: the journal's debits and credits equal GP's.
          const source = gp.controlTotals() as Totals;
          const target = (await databricks.controlTotals()) as Totals;
          expect(target[STREAMS.gl_journal_lines.table]!.sums.debit).toBe(source.gl_journal_lines!.sums.DebitAmount);
          expect(target[STREAMS.gl_journal_lines.table]!.sums.credit).toBe(source.gl_journal_lines!.sums.CreditAmount);
        }
      } finally {
        await studio.close();
      }
    }, 300_000);
  },
);
