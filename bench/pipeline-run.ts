/**
 * One benchmark measurement in its own process (so peak RSS belongs to it alone):
 *   tsx bench/pipeline-run.ts pipeline ROWS   -> CSV -> mapping -> DuckDB through the real runner
 *   tsx bench/pipeline-run.ts appender ROWS   -> the raw DuckDB appender loading the same rows
 * Prints one JSON line: { rows, seconds, maxRssMb }.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPipelineFile, runPipeline } from '../engine/runner/index.ts';
import { makeGlFixture } from '../e2e/gl-fixture.ts';
import { appenderBaseline } from './appender-baseline.ts';
import * as connectors from '../connectors/registry.ts';

const [mode = 'pipeline', rowsText = '100000'] = process.argv.slice(2);
const rows = Number(rowsText);
const dir = mkdtempSync(join(tmpdir(), 'mlc-bench-'));
const fixture = await makeGlFixture(dir, rows, { writeMode: 'append', batchSize: 50_000 });

let seconds: number;
if (mode === 'appender') {
  seconds = await appenderBaseline(join(fixture.dir, 'data', 'gl-lines-1.csv'), join(dir, 'raw.duckdb'));
} else {
  const loaded = loadPipelineFile(fixture.pipelinePath);
  const started = performance.now();
  const outcome = await runPipeline({
    connectors,
    loaded,
    stateDir: join(dir, 'state'),
    resolveSecret: async () => {
      throw new Error('the benchmark pipeline uses no secrets');
    },
  });
  seconds = (performance.now() - started) / 1000;
  if (outcome.status !== 'ok') throw new Error(`benchmark run ended ${outcome.status}`);
}
const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify({ mode, rows, seconds, maxRssMb }));
