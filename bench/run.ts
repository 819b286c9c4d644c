/**
 * `npm run bench`: figures and ratios against baselines measured in the same run.
 *   - mapping: compiled GL mapping vs the same transform hand-written in TypeScript (target >= 0.5x);
 *     p95 of re-compile + evaluate over a 1,000-row sample after an edit (target < 30 ms)
 *   - pipeline: CSV -> mapping -> DuckDB rows/s vs the raw DuckDB appender (target >= 0.3x);
 *     peak RSS at 100k and 1M rows (target: 1M under 1.5x the 100k figure)
 *   - GP simulator -> Databricks simulator: journal lines per second through the shipped example (staged
 *     Parquet files, COPY INTO, one MERGE a batch) vs the same run sending rows as statement parameters
 *     (at most 256 a statement, the warehouse's limit); SQL statements per 100,000 rows (target <= 10: each
 *     is a round trip, each write a Delta commit on a real warehouse); target >= 3,000 rows/s, ten times
 *     the ~300 rows/s of the 500-row parameter MERGEs the staged path replaced
 *   - IFS Cloud simulator -> Databricks simulator: voucher rows per second through the shipped example
 *     (order lines, posted and unposted sets read as a real tenant serves them) vs the same rows read by the
 *     IFS source alone; target: the load costs at most 3x the read
 *   - SAP ECC simulator -> Dynamics 365 simulator: records written per second through the shipped example
 *     (vendors and customers as accounts, PO items as sales-order lines) vs the same three streams read by
 *     the SAP source alone; SAP and Dynamics 365 HTTP requests (and `$batch` requests) per 1,000 records
 *   - PeopleSoft simulator -> Databricks simulator: journal lines per second through the shipped example
 *     (Query Access Services day windows) vs the same lines read by the PeopleSoft source alone; PeopleSoft
 *     HTTP requests and Databricks SQL statements per 1,000 lines
 *   - studio: keystroke in the formula editor -> updated preview grid over a 1,000-row sample, in Chromium
 *     against the web host (target p95 < 150 ms; needs `npm run build`)
 *   - studio: opening a pipeline with 300 mapped columns until the mapping canvas shows them, in Chromium
 *     (target < 1 s; the 13-column example opened the same way is the baseline; needs `npm run build`)
 * MLC_BENCH_ROWS lowers the large size for a quick look (and the GP -> Databricks size to a fifth of it).
 * `npm run bench -- mapping` runs only the mapping part: seconds, where the rest takes minutes;
 * `npm run bench -- databricks` only GP -> Databricks (about a minute); `npm run bench -- ifs` only IFS -> Databricks;
 * `npm run bench -- sap` only SAP ECC -> Dynamics 365 (seconds); `npm run bench -- peoplesoft` only PeopleSoft ->
 * Databricks (under a minute); `npm run bench -- studio` only the two studio measures.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runMappingBench } from './mapping.bench.ts';
import { peoplesoftToDatabricksBench } from './peoplesoft-to-databricks.ts';

const LARGE = Number(process.env.MLC_BENCH_ROWS ?? 1_000_000);
const SMALL = Math.max(1, Math.round(LARGE / 10));
const child = fileURLToPath(new URL('./pipeline-run.ts', import.meta.url));
const gpChild = fileURLToPath(new URL('./gp-to-databricks-run.ts', import.meta.url));
const ifsChild = fileURLToPath(new URL('./ifs-to-databricks-run.ts', import.meta.url));
const IFS_ROWS = process.env.MLC_BENCH_ROWS === undefined ? 60_000 : Math.max(3, Math.round(LARGE / 5));
const sapChild = fileURLToPath(new URL('./sap-to-dynamics365-run.ts', import.meta.url));
// SAP vendors: 1,000 make about 1,650 partners (1,470 accounts) and 2,700 PO items in 500 orders.
const SAP_VENDORS = process.env.MLC_BENCH_ROWS === undefined ? 1_000 : Math.max(3, Math.round(LARGE / 1_000));
// PeopleSoft journal lines: the first run asks ~1,400 week windows from 2000 whatever the size; 5,000 keeps it short.
const PSFT_LINES = process.env.MLC_BENCH_ROWS === undefined ? 5_000 : Math.max(3, Math.round(LARGE / 200));
// A quick look (MLC_BENCH_ROWS) stays quick at a fifth of its size.
const GP_LINES = process.env.MLC_BENCH_ROWS === undefined ? 200_000 : Math.max(3, Math.round(LARGE / 5));
// The baseline sends a few hundred rows a second: a sample of 10,000 lines gives its rate in under a minute.
const GP_BASELINE_LINES = Math.min(GP_LINES, 10_000);

function measure(mode: 'pipeline' | 'appender', rows: number): { seconds: number; maxRssMb: number } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', child, mode, String(rows)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (result.status !== 0) throw new Error(`${mode} ${rows} failed:\n${result.stderr}`);
  const line = result.stdout.trim().split('\n').pop()!;
  return JSON.parse(line) as { seconds: number; maxRssMb: number };
}

interface GpToDatabricks {
  rows: number;
  seconds: number;
  pageSize: number;
  batchSize: number;
  gp: { httpRequests: number };
  databricks: { httpRequests: number; sqlStatements: number; copyInto: number; maxParameters: number };
}

/** `stagingVolume`: undefined for the example as shipped, `none` for rows as statement parameters. */
function measureGpToDatabricks(lines: number, stagingVolume?: string): GpToDatabricks {
  const args = [String(lines), ...(stagingVolume === undefined ? [] : ['-', '-', stagingVolume])];
  const result = spawnSync(process.execPath, ['--import', 'tsx', gpChild, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (result.status !== 0) throw new Error(`GP -> Databricks ${lines} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as GpToDatabricks;
}

interface IfsToDatabricks {
  rows: number;
  seconds: number;
  readSeconds: number;
  ifs: { httpRequests: number };
  databricks: { sqlStatements: number; copyInto: number };
}

function ifsToDatabricksBench(): void {
  const result = spawnSync(process.execPath, ['--import', 'tsx', ifsChild, String(IFS_ROWS)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (result.status !== 0) throw new Error(`IFS -> Databricks ${IFS_ROWS} failed:\n${result.stderr}`);
  const run = JSON.parse(result.stdout.trim().split('\n').pop()!) as IfsToDatabricks;
  const loadRate = run.rows / run.seconds;
  const readRate = run.rows / run.readSeconds;
  row(
    `IFS sim -> Databricks sim, ${run.rows.toLocaleString('en-US')} voucher rows`,
    `${Math.round(loadRate).toLocaleString('en-US')} rows/s`,
  );
  row('IFS source read alone, same rows (baseline)', `${Math.round(readRate).toLocaleString('en-US')} rows/s`);
  row('load time / read time', `${(run.seconds / run.readSeconds).toFixed(2)}x`, 'target <= 3x');
  row(
    '  IFS HTTP requests, Databricks SQL statements, COPY INTO',
    `${run.ifs.httpRequests}, ${run.databricks.sqlStatements}, ${run.databricks.copyInto}`,
  );
}

interface SapToDynamics {
  records: number;
  sapRecords: number;
  seconds: number;
  readSeconds: number;
  sap: { httpRequests: number; per1000: number };
  dynamics: { httpRequests: number; batchRequests: number; per1000: number; batchesPer1000: number };
}

function sapToDynamicsBench(): void {
  const result = spawnSync(process.execPath, ['--import', 'tsx', sapChild, String(SAP_VENDORS)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (result.status !== 0) throw new Error(`SAP -> Dynamics 365 ${SAP_VENDORS} failed:\n${result.stderr}`);
  const run = JSON.parse(result.stdout.trim().split('\n').pop()!) as SapToDynamics;
  row(
    `SAP sim -> Dynamics 365 sim, ${run.records.toLocaleString('en-US')} accounts + order lines`,
    `${Math.round(run.records / run.seconds).toLocaleString('en-US')} records/s`,
  );
  row(
    `SAP source read alone, same ${run.sapRecords.toLocaleString('en-US')} records (baseline)`,
    `${Math.round(run.sapRecords / run.readSeconds).toLocaleString('en-US')} records/s`,
  );
  row('run time / read time', `${(run.seconds / run.readSeconds).toFixed(2)}x`, 'what writing to the CRM costs');
  row(
    '  SAP, Dynamics 365 HTTP requests per 1,000 records',
    `${run.sap.per1000.toFixed(1)}, ${run.dynamics.per1000.toFixed(1)}`,
    `${run.sap.httpRequests} and ${run.dynamics.httpRequests} requests`,
  );
  row(
    '  Dynamics 365 $batch requests per 1,000 records',
    run.dynamics.batchesPer1000.toFixed(1),
    `${run.dynamics.batchRequests} $batch requests`,
  );
}

function row(name: string, value: string, note = ''): void {
  console.log(`${name.padEnd(58)} ${value.padStart(14)}  ${note}`);
}

const only = process.argv[2];
if (only !== undefined && !['mapping', 'studio', 'databricks', 'ifs', 'sap', 'peoplesoft'].includes(only)) {
  throw new Error(
    `Unknown bench "${only}"; leave it out to run all, or name "mapping", "databricks", "ifs", "sap", "peoplesoft" or "studio".`,
  );
}

console.log('ml-connector benchmarks (figures from this machine, baselines measured in the same run)\n');
if (only === 'databricks') {
  gpToDatabricksBench();
  process.exit(0);
}
if (only === 'ifs') {
  ifsToDatabricksBench();
  process.exit(0);
}
if (only === 'sap') {
  sapToDynamicsBench();
  process.exit(0);
}
if (only === 'peoplesoft') {
  peoplesoftToDatabricksBench(PSFT_LINES, row);
  process.exit(0);
}
if (only !== 'studio') await engineBenches();

async function engineBenches(): Promise<void> {
  for (const result of await runMappingBench()) {
    row(
      result.name,
      `${result.value.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${result.unit}`,
      result.note ?? '',
    );
  }
  if (only === 'mapping') process.exit(0);
  const appender = measure('appender', LARGE);
  const large = measure('pipeline', LARGE);
  const small = measure('pipeline', SMALL);
  const pipelineRate = LARGE / large.seconds;
  const appenderRate = LARGE / appender.seconds;
  row(
    `pipeline CSV -> mapping -> DuckDB, ${LARGE.toLocaleString('en-US')} GL lines`,
    `${Math.round(pipelineRate).toLocaleString('en-US')} rows/s`,
  );
  row(`raw DuckDB appender, same rows (baseline)`, `${Math.round(appenderRate).toLocaleString('en-US')} rows/s`);
  row('pipeline / appender', `${(pipelineRate / appenderRate).toFixed(2)}x`, 'target >= 0.3x');
  row(`peak RSS, pipeline at ${SMALL.toLocaleString('en-US')} rows`, `${small.maxRssMb} MB`);
  row(`peak RSS, pipeline at ${LARGE.toLocaleString('en-US')} rows`, `${large.maxRssMb} MB`);
  row('peak RSS ratio large / small', `${(large.maxRssMb / small.maxRssMb).toFixed(2)}x`, 'target < 1.5x');
  gpToDatabricksBench();
  ifsToDatabricksBench();
  sapToDynamicsBench();
  peoplesoftToDatabricksBench(PSFT_LINES, row);
}

function gpToDatabricksBench(): void {
  const gpRun = measureGpToDatabricks(GP_LINES);
  const gpBaseline = measureGpToDatabricks(GP_BASELINE_LINES, 'none');
  const gpRate = gpRun.rows / gpRun.seconds;
  const baselineRate = gpBaseline.rows / gpBaseline.seconds;
  const per100k = (run: GpToDatabricks): string => ((run.databricks.sqlStatements * 100_000) / run.rows).toFixed(1);
  row(
    `GP sim -> Databricks sim, ${gpRun.rows.toLocaleString('en-US')} journal lines`,
    `${Math.round(gpRate).toLocaleString('en-US')} rows/s`,
    `staged Parquet + COPY INTO; target >= 3,000 (10x ~300); GP page ${gpRun.pageSize} entries, batch ${gpRun.batchSize} rows`,
  );
  row(
    `  baseline: rows as parameters, ${gpBaseline.rows.toLocaleString('en-US')} lines`,
    `${Math.round(baselineRate).toLocaleString('en-US')} rows/s`,
    'at most 256 a statement',
  );
  row('  staged / parameters', `${(gpRate / baselineRate).toFixed(1)}x`);
  row('  Databricks SQL statements per 100,000 rows', per100k(gpRun), `target <= 10; baseline ${per100k(gpBaseline)}`);
  row(
    '  Databricks SQL statements, COPY INTO',
    `${gpRun.databricks.sqlStatements.toLocaleString('en-US')}, ${gpRun.databricks.copyInto}`,
    `at most ${gpRun.databricks.maxParameters} parameters in one`,
  );
  row('  Databricks HTTP requests (Thrift calls)', gpRun.databricks.httpRequests.toLocaleString('en-US'));
  row('  GP HTTP requests for those lines', gpRun.gp.httpRequests.toLocaleString('en-US'));
}

interface StudioPreview {
  paused: { p50: number; p95: number };
  typing: { p50: number; p95: number };
}

const studioChild = fileURLToPath(new URL('./studio-preview.ts', import.meta.url));
if (existsSync(new URL('../dist/renderer/index.html', import.meta.url))) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', studioChild], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (result.status !== 0) throw new Error(`studio preview failed:\n${result.stderr}`);
  const studio = JSON.parse(result.stdout.trim().split('\n').pop()!) as StudioPreview;
  row(
    'studio keystroke -> preview grid, 1,000 rows (p50 / p95)',
    `${studio.paused.p50} / ${studio.paused.p95} ms`,
    'target p95 < 150 ms',
  );
  row(
    '  same, typing 8 keys/s (p50 / p95)',
    `${studio.typing.p50} / ${studio.typing.p95} ms`,
    'previews paced to one per 50 ms (PREVIEW_PACE_MS)',
  );
} else {
  row('studio keystroke -> preview grid, 1,000 rows', 'not measured', 'build the studio first: npm run build');
}

interface StudioOpen {
  columns: number;
  drawn: number;
  first: number;
  again: { p50: number; max: number };
  baseline: { columns: number; p50: number };
}

const openChild = fileURLToPath(new URL('./studio-open.ts', import.meta.url));
if (existsSync(new URL('../dist/renderer/index.html', import.meta.url))) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', openChild], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`studio open failed:\n${result.stderr}`);
  const open = JSON.parse(result.stdout.trim().split('\n').pop()!) as StudioOpen;
  row(
    `studio open, ${open.columns} mapped columns (first / again p50)`,
    `${open.first} / ${open.again.p50} ms`,
    `target < 1,000 ms; ${open.drawn} column cards in view drawn`,
  );
  row(
    `  the ${open.baseline.columns}-column example, same way (baseline)`,
    `${open.baseline.p50} ms`,
    `${(open.again.p50 / open.baseline.p50).toFixed(2)}x for ${open.columns} columns`,
  );
} else {
  row('studio open, 300 mapped columns', 'not measured', 'build the studio first: npm run build');
}
