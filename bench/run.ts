/**
 * `npm run bench`: figures and ratios against baselines measured in the same run.
 *   - mapping: compiled GL mapping vs the same transform hand-written in TypeScript (target >= 0.5x);
 *     p95 of re-compile + evaluate over a 1,000-row sample after an edit (target < 30 ms)
 *   - pipeline: CSV -> mapping -> DuckDB rows/s vs the raw DuckDB appender (target >= 0.3x);
 *     peak RSS at 100k and 1M rows (target: 1M under 1.5x the 100k figure)
 *   - GP simulator -> Databricks simulator: journal lines per second through the shipped example, and the
 *     HTTP requests and SQL statements that took (fewer is better: each is a round trip, each MERGE a
 *     Delta commit on a real warehouse)
 *   - studio: keystroke in the formula editor -> updated preview grid over a 1,000-row sample, in Chromium
 *     against the web host (target p95 < 150 ms; needs `npm run build`)
 *   - studio: opening a pipeline with 300 mapped columns until the mapping canvas shows them, in Chromium
 *     (target < 1 s; the 13-column example opened the same way is the baseline; needs `npm run build`)
 * MLC_BENCH_ROWS lowers the large size for a quick look (and the GP -> Databricks size to a fifth of it).
 * `npm run bench -- mapping` runs only the mapping part: seconds, where the rest takes minutes;
 * `npm run bench -- studio` only the two studio measures.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runMappingBench } from './mapping.bench.ts';

const LARGE = Number(process.env.MLC_BENCH_ROWS ?? 1_000_000);
const SMALL = Math.max(1, Math.round(LARGE / 10));
const child = fileURLToPath(new URL('./pipeline-run.ts', import.meta.url));
const gpChild = fileURLToPath(new URL('./gp-to-databricks-run.ts', import.meta.url));
// The simulators load a few hundred lines a second, so a quick look stays quick at a fifth of its size.
const GP_LINES = process.env.MLC_BENCH_ROWS === undefined ? 200_000 : Math.max(3, Math.round(LARGE / 5));

function measure(mode: 'pipeline' | 'appender', rows: number): { seconds: number; maxRssMb: number } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', child, mode, String(rows)], { encoding: 'utf8', maxBuffer: 1 << 24 });
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
  databricks: { httpRequests: number; sqlStatements: number };
}

function measureGpToDatabricks(lines: number): GpToDatabricks {
  const result = spawnSync(process.execPath, ['--import', 'tsx', gpChild, String(lines)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`GP -> Databricks ${lines} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as GpToDatabricks;
}

function row(name: string, value: string, note = ''): void {
  console.log(`${name.padEnd(58)} ${value.padStart(14)}  ${note}`);
}

const only = process.argv[2];
if (only !== undefined && only !== 'mapping' && only !== 'studio') throw new Error(`Unknown bench "${only}"; leave it out to run all, or name "mapping" or "studio".`);

console.log('ml-connector benchmarks (figures from this machine, baselines measured in the same run)\n');
if (only !== 'studio') await engineBenches();

async function engineBenches(): Promise<void> {
for (const result of await runMappingBench()) {
  row(result.name, `${result.value.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${result.unit}`, result.note ?? '');
}
if (only === 'mapping') process.exit(0);
const appender = measure('appender', LARGE);
const large = measure('pipeline', LARGE);
const small = measure('pipeline', SMALL);
const pipelineRate = LARGE / large.seconds;
const appenderRate = LARGE / appender.seconds;
row(`pipeline CSV -> mapping -> DuckDB, ${LARGE.toLocaleString('en-US')} GL lines`, `${Math.round(pipelineRate).toLocaleString('en-US')} rows/s`);
row(`raw DuckDB appender, same rows (baseline)`, `${Math.round(appenderRate).toLocaleString('en-US')} rows/s`);
row('pipeline / appender', `${(pipelineRate / appenderRate).toFixed(2)}x`, 'target >= 0.3x');
row(`peak RSS, pipeline at ${SMALL.toLocaleString('en-US')} rows`, `${small.maxRssMb} MB`);
row(`peak RSS, pipeline at ${LARGE.toLocaleString('en-US')} rows`, `${large.maxRssMb} MB`);
row('peak RSS ratio large / small', `${(large.maxRssMb / small.maxRssMb).toFixed(2)}x`, 'target < 1.5x');
const gpRun = measureGpToDatabricks(GP_LINES);
const lines = gpRun.rows.toLocaleString('en-US');
row(`GP sim -> Databricks sim, ${lines} journal lines`, `${Math.round(gpRun.rows / gpRun.seconds).toLocaleString('en-US')} rows/s`, `GP page ${gpRun.pageSize} entries, batch ${gpRun.batchSize} rows`);
row('  GP HTTP requests for those lines', gpRun.gp.httpRequests.toLocaleString('en-US'));
row('  Databricks HTTP requests (Thrift calls)', gpRun.databricks.httpRequests.toLocaleString('en-US'));
row('  Databricks SQL statements', gpRun.databricks.sqlStatements.toLocaleString('en-US'));
}

interface StudioPreview {
  paused: { p50: number; p95: number };
  typing: { p50: number; p95: number };
}

const studioChild = fileURLToPath(new URL('./studio-preview.ts', import.meta.url));
if (existsSync(new URL('../dist/renderer/index.html', import.meta.url))) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', studioChild], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`studio preview failed:\n${result.stderr}`);
  const studio = JSON.parse(result.stdout.trim().split('\n').pop()!) as StudioPreview;
  row('studio keystroke -> preview grid, 1,000 rows (p50 / p95)', `${studio.paused.p50} / ${studio.paused.p95} ms`, 'target p95 < 150 ms');
  row('  same, typing 8 keys/s (p50 / p95)', `${studio.typing.p50} / ${studio.typing.p95} ms`, 'previews paced to one per 50 ms (PREVIEW_PACE_MS)');
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
  row(`studio open, ${open.columns} mapped columns (first / again p50)`, `${open.first} / ${open.again.p50} ms`, `target < 1,000 ms; ${open.drawn} column cards in view drawn`);
  row(`  the ${open.baseline.columns}-column example, same way (baseline)`, `${open.baseline.p50} ms`, `${(open.again.p50 / open.baseline.p50).toFixed(2)}x for ${open.columns} columns`);
} else {
  row('studio open, 300 mapped columns', 'not measured', 'build the studio first: npm run build');
}
