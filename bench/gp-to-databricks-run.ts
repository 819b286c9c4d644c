/**
 * One benchmark measurement in its own process: the shipped `gp-to-databricks.json` example, its
 * journal-lines stream and the stream it depends on (GL accounts), from the GP simulator into the
 * Databricks simulator through the real runner and the registry.
 *   tsx bench/gp-to-databricks-run.ts LINES [PAGE_SIZE BATCH_SIZE STAGING_VOLUME]
 * LINES is about how many journal lines GP holds (it seeds whole entries of 2-4 lines, so the exact
 * count is what it reports). PAGE_SIZE and BATCH_SIZE override the example's GP page size and run batch
 * size, for tuning ('-' keeps the example's); without them the example runs as shipped. STAGING_VOLUME sets
 * the Databricks connection's stagingVolume (`none`: rows as statement parameters, the baseline).
 * Prints one JSON line: { rows, seconds, runSeconds, gp: { httpRequests }, databricks: { httpRequests,
 * sqlStatements, copyInto, maxParameters }, pageSize, batchSize }. rows, seconds and the counts are the
 * journal-lines stream's alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type SimulatorHandle } from '../connectors/registry.ts';
import { GP_TO_DATABRICKS, prepareExampleWorkspace } from '../engine/cli/example-workspace.ts';
import { loadPipelineFile, runPipeline, type LoadedPipeline, type RunEvent } from '../engine/runner/index.ts';
import * as connectors from '../connectors/registry.ts';

const STREAM = 'gl_journal_lines';
/** The seed data gives each journal entry 2 to 4 lines, 3 on average. */
const LINES_PER_ENTRY = 3;

const [linesText = '200000', pageText, batchText, stagingVolume] = process.argv
  .slice(2)
  .map((arg) => (arg === '-' ? undefined : arg));
const wanted = Number(linesText);
const gp = await startSimulator('gp', { port: 0, seed: 11, rows: Math.max(1, Math.ceil(wanted / LINES_PER_ENTRY)) });
const databricks = await startSimulator('databricks', { port: 0, seed: 11 });
const dir = mkdtempSync(join(tmpdir(), 'mlc-bench-gp-dbx-'));
try {
  const secrets: Record<string, string> = { ...gp.secrets, ...databricks.secrets };
  const workspace = prepareExampleWorkspace(dir, { gp, databricks }, [GP_TO_DATABRICKS]);
  const loaded = tuned(loadPipelineFile(workspace.files[GP_TO_DATABRICKS]!), pageText, batchText, stagingVolume);

  // The counters are read when the journal-lines stream starts and ends, so the accounts it depends on
  // (loaded first, and as many records as GP has entries) count in the run time only.
  let before: Counts | undefined;
  let after: Counts | undefined;
  const started = performance.now();
  const outcome = await runPipeline({
    connectors,
    loaded,
    stateDir: join(dir, 'state'),
    streams: ['gl_accounts', STREAM],
    resolveSecret: (name) => {
      const value = secrets[name];
      return value === undefined ? Promise.reject(new Error(`no secret ${name}`)) : Promise.resolve(value);
    },
    onEvent: (event: RunEvent) => {
      if (event.type === 'stream-started' && event.stream === STREAM) before = counts(gp, databricks);
      if (event.type === 'stream-finished' && event.stream === STREAM) after = counts(gp, databricks);
    },
  });
  const runSeconds = (performance.now() - started) / 1000;
  if (outcome.status !== 'ok')
    throw new Error(`benchmark run ended ${outcome.status}: ${JSON.stringify(outcome.streams)}`);
  if (before === undefined || after === undefined) throw new Error(`the ${STREAM} stream did not run`);

  // A fast load that loses rows measures nothing: the warehouse must hold every line GP holds.
  type Totals = Record<string, { rows: number }>;
  const source = (await gp.controlTotals()) as Totals;
  const target = (await databricks.controlTotals()) as Totals;
  const lines = source[STREAM]!.rows;
  if (target['main.finance.gl_journal_lines']?.rows !== lines)
    throw new Error(`the warehouse holds ${target['main.finance.gl_journal_lines']?.rows} journal lines, GP ${lines}`);

  const stream = loaded.pipeline.streams[STREAM]!;
  console.log(
    JSON.stringify({
      rows: lines,
      seconds: (after.at - before.at) / 1000,
      runSeconds,
      gp: { httpRequests: after.gp.httpRequests - before.gp.httpRequests },
      databricks: {
        httpRequests: after.databricks.httpRequests - before.databricks.httpRequests,
        sqlStatements: (after.databricks.sqlStatements ?? 0) - (before.databricks.sqlStatements ?? 0),
        copyInto: (after.databricks.copyInto ?? 0) - (before.databricks.copyInto ?? 0),
        maxParameters: after.databricks.maxParameters ?? 0,
      },
      pageSize: stream.source.pageSize,
      batchSize: loaded.pipeline.settings?.batchSize,
    }),
  );
} finally {
  await gp.close();
  await databricks.close();
  rmSync(dir, { recursive: true, force: true });
}

interface Counts {
  readonly at: number;
  readonly gp: ReturnType<SimulatorHandle['stats']>;
  readonly databricks: ReturnType<SimulatorHandle['stats']>;
}

function counts(gpSim: SimulatorHandle, databricksSim: SimulatorHandle): Counts {
  return { at: performance.now(), gp: gpSim.stats(), databricks: databricksSim.stats() };
}

/** The example with the journal-lines page size, the run batch size or the staging volume overridden. */
function tuned(
  loaded: LoadedPipeline,
  pageSize: string | undefined,
  batchSize: string | undefined,
  stagingVolume: string | undefined,
): LoadedPipeline {
  if (pageSize === undefined && batchSize === undefined && stagingVolume === undefined) return loaded;
  const { pipeline } = loaded;
  const stream = pipeline.streams[STREAM]!;
  const connections = Object.fromEntries(
    Object.entries(pipeline.connections).map(([name, connection]) => [
      name,
      connection.system === 'databricks' && stagingVolume !== undefined
        ? { ...connection, address: { ...connection.address, stagingVolume } }
        : connection,
    ]),
  );
  return {
    ...loaded,
    pipeline: {
      ...pipeline,
      connections,
      settings: { ...pipeline.settings, ...(batchSize === undefined ? {} : { batchSize: Number(batchSize) }) },
      streams: {
        ...pipeline.streams,
        [STREAM]: {
          ...stream,
          source: { ...stream.source, ...(pageSize === undefined ? {} : { pageSize: Number(pageSize) }) },
        },
      },
    },
  };
}
