/**
 * One benchmark measurement in its own process: the shipped `ifs-to-databricks.json` example, its
 * voucher-rows stream and the streams it depends on, from the IFS Cloud simulator into the Databricks
 * simulator through the real runner and the registry; and, as the baseline, the same voucher rows read by
 * the IFS source alone (no warehouse), so the figure says what the load adds to the read.
 *   tsx bench/ifs-to-databricks-run.ts ROWS
 * ROWS is about how many voucher rows IFS holds (vouchers of 2-4 rows, 3 on average). Prints one JSON line:
 * { rows, seconds, readSeconds, ifs: { httpRequests }, databricks: { sqlStatements, copyInto } }; seconds and
 * the counts are the voucher-rows stream's alone, its after-load job run included (the simulator's job is
 * polled with no pause, so it adds REST calls, not SQL statements or waiting).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../connectors/registry.ts';
import * as connectors from '../connectors/registry.ts';
import { IFS_TO_DATABRICKS, prepareExampleWorkspace } from '../engine/cli/example-workspace.ts';
import { loadPipelineFile, runPipeline, type RunEvent } from '../engine/runner/index.ts';
import { countsAt, demoSecrets, readAlone, served, type CountsAt } from './example-run-parts.ts';

const STREAM = 'voucher_rows';
const ROWS_PER_VOUCHER = 3;
const wanted = Number(process.argv[2] ?? '60000');
const ifs = await startSimulator('ifs', { port: 0, seed: 13, rows: Math.max(1, Math.ceil(wanted / ROWS_PER_VOUCHER)) });
const databricks = await startSimulator('databricks', { port: 0, seed: 13 });
const dir = mkdtempSync(join(tmpdir(), 'mlc-bench-ifs-dbx-'));
try {
  const resolveSecret = demoSecrets(ifs, databricks);
  const workspace = prepareExampleWorkspace(dir, { ifs, databricks }, [IFS_TO_DATABRICKS]);
  const loaded = loadPipelineFile(workspace.files[IFS_TO_DATABRICKS]!);

  let before: CountsAt | undefined;
  let after: CountsAt | undefined;
  const outcome = await runPipeline({
    connectors,
    loaded,
    stateDir: join(dir, 'state'),
    streams: ['gl_accounts', 'code_part_values', STREAM],
    resolveSecret,
    onEvent: (event: RunEvent) => {
      if (event.type === 'stream-started' && event.stream === STREAM) before = countsAt({ ifs, databricks });
      if (event.type === 'stream-finished' && event.stream === STREAM) after = countsAt({ ifs, databricks });
    },
  });
  if (outcome.status !== 'ok')
    throw new Error(`benchmark run ended ${outcome.status}: ${JSON.stringify(outcome.streams)}`);
  if (before === undefined || after === undefined) throw new Error(`the ${STREAM} stream did not run`);

  // A fast load that loses rows measures nothing: the warehouse must hold every row IFS holds.
  type Totals = Record<string, { rows: number }>;
  const rows = ((await ifs.controlTotals()) as Totals)[STREAM]!.rows;
  const held = ((await databricks.controlTotals()) as Totals)['main.finance.ifs_voucher_rows']?.rows;
  if (held !== rows) throw new Error(`the warehouse holds ${held} voucher rows, IFS ${rows}`);

  // The baseline: the same stream read by the IFS source alone, asked for as the runner asks.
  const baseline = await readAlone(loaded, 'ifs', dir, resolveSecret, [STREAM]);
  const read = baseline.records[STREAM];
  if (read !== rows) throw new Error(`the source alone read ${read} voucher rows, IFS holds ${rows}`);

  console.log(
    JSON.stringify({
      rows,
      seconds: (after.at - before.at) / 1000,
      readSeconds: baseline.seconds,
      ifs: { httpRequests: served(before, after, 'ifs', 'httpRequests') },
      databricks: {
        sqlStatements: served(before, after, 'databricks', 'sqlStatements'),
        copyInto: served(before, after, 'databricks', 'copyInto'),
      },
    }),
  );
} finally {
  await ifs.close();
  await databricks.close();
  rmSync(dir, { recursive: true, force: true });
}
