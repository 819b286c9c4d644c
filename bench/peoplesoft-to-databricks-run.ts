/**
 * One benchmark measurement in its own process: the shipped `peoplesoft-to-databricks.json` example, its
 * journal-lines stream (it depends on no other), from the PeopleSoft simulator (Query Access Services, day
 * windows) into the Databricks simulator through the real runner and the registry; and, as the baseline,
 * the same journal lines read by the PeopleSoft source alone (no warehouse), so the figures say what the
 * load adds to the read.
 *   tsx bench/peoplesoft-to-databricks-run.ts LINES
 * LINES is about how many posted journal lines PeopleSoft holds (the simulator makes about one per three
 * of its `rows`). Prints one JSON line:
 * { rows, seconds, readSeconds, peoplesoft: { httpRequests, per1000 }, databricks: { sqlStatements, per1000, copyInto } }
 * seconds and the counts are the journal-lines stream's alone; per 1,000 journal lines.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as connectors from '../connectors/registry.ts';
import { startSimulator } from '../connectors/registry.ts';
import { PEOPLESOFT_TO_DATABRICKS, prepareExampleWorkspace } from '../engine/cli/example-workspace.ts';
import { loadPipelineFile, runPipeline, type RunEvent } from '../engine/runner/index.ts';
import { countsAt, demoSecrets, readAlone, served, type CountsAt } from './example-run-parts.ts';

const STREAM = 'journal_lines';
const TABLE = 'main.finance.psft_journal_lines';
const ROWS_PER_LINE = 3;
const wanted = Number(process.argv[2] ?? '5000');
const psft = await startSimulator('peoplesoft', { port: 0, seed: 17, rows: Math.max(1, wanted * ROWS_PER_LINE) });
const databricks = await startSimulator('databricks', { port: 0, seed: 17 });
const dir = mkdtempSync(join(tmpdir(), 'mlc-bench-psft-dbx-'));
try {
  const resolveSecret = demoSecrets(psft, databricks);
  const workspace = prepareExampleWorkspace(dir, { peoplesoft: psft, databricks }, [PEOPLESOFT_TO_DATABRICKS]);
  const loaded = loadPipelineFile(workspace.files[PEOPLESOFT_TO_DATABRICKS]!);

  let before: CountsAt | undefined;
  let after: CountsAt | undefined;
  const outcome = await runPipeline({
    connectors,
    loaded,
    stateDir: join(dir, 'state'),
    streams: [STREAM],
    resolveSecret,
    onEvent: (event: RunEvent) => {
      if (event.type === 'stream-started' && event.stream === STREAM) before = countsAt({ psft, databricks });
      if (event.type === 'stream-finished' && event.stream === STREAM) after = countsAt({ psft, databricks });
    },
  });
  if (outcome.status !== 'ok')
    throw new Error(`benchmark run ended ${outcome.status}: ${JSON.stringify(outcome.streams)}`);
  if (before === undefined || after === undefined) throw new Error(`the ${STREAM} stream did not run`);

  // A fast load that loses lines measures nothing: Databricks must hold every line PeopleSoft holds, same sum.
  type Totals = Record<string, { rows: number; sums: Record<string, string> }>;
  const source = ((await psft.controlTotals()) as Totals)[STREAM]!;
  const held = ((await databricks.controlTotals()) as Totals)[TABLE];
  const sum = source.sums.MONETARY_AMOUNT;
  if (sum === undefined || held?.rows !== source.rows || held.sums.amount !== sum)
    throw new Error(`Databricks holds ${JSON.stringify(held)}, PeopleSoft ${JSON.stringify(source)}`);

  // The baseline: the same stream read by the PeopleSoft source alone, asked for as the runner asks.
  const baseline = await readAlone(loaded, 'psft', dir, resolveSecret, [STREAM]);
  const read = baseline.records[STREAM];
  if (read !== source.rows)
    throw new Error(`the source alone read ${read} journal lines, PeopleSoft holds ${source.rows}`);

  const per1000 = (n: number) => Math.round((n * 10_000) / source.rows) / 10;
  const httpRequests = served(before, after, 'psft', 'httpRequests');
  const sqlStatements = served(before, after, 'databricks', 'sqlStatements');
  console.log(
    JSON.stringify({
      rows: source.rows,
      seconds: (after.at - before.at) / 1000,
      readSeconds: baseline.seconds,
      peoplesoft: { httpRequests, per1000: per1000(httpRequests) },
      databricks: {
        sqlStatements,
        per1000: per1000(sqlStatements),
        copyInto: served(before, after, 'databricks', 'copyInto'),
      },
    }),
  );
} finally {
  await psft.close();
  await databricks.close();
  rmSync(dir, { recursive: true, force: true });
}
