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
import { startSimulator, type SimulatorHandle } from '../connectors/registry.ts';
import * as connectors from '../connectors/registry.ts';
import { IFS_TO_DATABRICKS, prepareExampleWorkspace } from '../engine/cli/example-workspace.ts';
import { loadPipelineFile, runPipeline, type RunEvent } from '../engine/runner/index.ts';

const STREAM = 'voucher_rows';
const ROWS_PER_VOUCHER = 3;
const wanted = Number(process.argv[2] ?? '60000');
const ifs = await startSimulator('ifs', { port: 0, seed: 13, rows: Math.max(1, Math.ceil(wanted / ROWS_PER_VOUCHER)) });
const databricks = await startSimulator('databricks', { port: 0, seed: 13 });
const dir = mkdtempSync(join(tmpdir(), 'mlc-bench-ifs-dbx-'));
try {
  const secrets: Record<string, string> = { ...ifs.secrets, ...databricks.secrets };
  const resolveSecret = (name: string) => {
    const value = secrets[name];
    return value === undefined ? Promise.reject(new Error(`no secret ${name}`)) : Promise.resolve(value);
  };
  const workspace = prepareExampleWorkspace(dir, { ifs, databricks }, [IFS_TO_DATABRICKS]);
  const loaded = loadPipelineFile(workspace.files[IFS_TO_DATABRICKS]!);

  let before: Counts | undefined;
  let after: Counts | undefined;
  const outcome = await runPipeline({
    connectors,
    loaded,
    stateDir: join(dir, 'state'),
    streams: ['gl_accounts', 'code_part_values', STREAM],
    resolveSecret,
    onEvent: (event: RunEvent) => {
      if (event.type === 'stream-started' && event.stream === STREAM) before = counts(ifs, databricks);
      if (event.type === 'stream-finished' && event.stream === STREAM) after = counts(ifs, databricks);
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

  // The baseline: the same stream read by the IFS source alone, with the example's page size.
  const source = await connectors.openSource({
    name: 'ifs',
    connection: loaded.pipeline.connections.ifs!,
    pipeline: loaded.pipeline,
    pipelineDir: dir,
    resolveSecret,
  });
  const stream = loaded.pipeline.streams[STREAM]!;
  const readStarted = performance.now();
  let read = 0;
  for await (const page of source.read({
    entity: STREAM,
    key: stream.source.key,
    pageSize: stream.source.pageSize ?? 1000,
  }))
    read += page.records.length;
  const readSeconds = (performance.now() - readStarted) / 1000;
  await source.close();
  if (read !== rows) throw new Error(`the source alone read ${read} voucher rows, IFS holds ${rows}`);

  console.log(
    JSON.stringify({
      rows,
      seconds: (after.at - before.at) / 1000,
      readSeconds,
      ifs: { httpRequests: after.ifs.httpRequests - before.ifs.httpRequests },
      databricks: {
        sqlStatements: (after.databricks.sqlStatements ?? 0) - (before.databricks.sqlStatements ?? 0),
        copyInto: (after.databricks.copyInto ?? 0) - (before.databricks.copyInto ?? 0),
      },
    }),
  );
} finally {
  await ifs.close();
  await databricks.close();
  rmSync(dir, { recursive: true, force: true });
}

interface Counts {
  readonly at: number;
  readonly ifs: ReturnType<SimulatorHandle['stats']>;
  readonly databricks: ReturnType<SimulatorHandle['stats']>;
}

function counts(ifsSim: SimulatorHandle, databricksSim: SimulatorHandle): Counts {
  return { at: performance.now(), ifs: ifsSim.stats(), databricks: databricksSim.stats() };
}
