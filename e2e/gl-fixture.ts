/**
 * A GL-lines pipeline over a generated CSV export of any size, for the crash test and the benchmarks:
 * the example pipeline's mapping (lookup, ROUND, FISCALPERIOD...), pointed at a temp folder.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSampleGlLines, type SampleGlTotals } from '../connectors/file/index.ts';
import { formatPipeline, parsePipelineText, type Pipeline } from '../engine/model/index.ts';

const EXAMPLE = new URL('../assets/examples/csv-to-duckdb.json', import.meta.url);

export interface GlFixture {
  readonly dir: string;
  readonly pipelinePath: string;
  readonly warehousePath: string;
  readonly totals: SampleGlTotals;
}

export async function makeGlFixture(
  dir: string,
  rows: number,
  options: { writeMode?: 'merge' | 'append'; batchSize?: number; seed?: number } = {},
): Promise<GlFixture> {
  mkdirSync(join(dir, 'data'), { recursive: true });
  mkdirSync(join(dir, 'lookups'), { recursive: true });
  const totals = await writeSampleGlLines(join(dir, 'data', 'gl-lines-1.csv'), rows, options.seed ?? 42);
  writeFileSync(
    join(dir, 'lookups', 'cost-centers.csv'),
    readFileSync(new URL('../assets/examples/lookups/cost-centers.csv', import.meta.url)),
  );
  const pipeline = parsePipelineText(readFileSync(EXAMPLE, 'utf8')).pipeline as Pipeline;
  delete pipeline.$schema;
  const stream = pipeline.streams.gl_lines!;
  // Every generated account gets a cost center (unknown ones a catch-all), so every line is written.
  stream.mappings.cost_center!.expression = 'LOOKUP(cost_centers, ACTNUMST, "CC-UNASSIGNED")';
  if (options.writeMode === 'append') {
    stream.target = { connection: 'warehouse', table: 'gl_lines', writeMode: 'append' };
    delete stream.source.lookback;
  }
  pipeline.settings = { ...pipeline.settings, batchSize: options.batchSize ?? 50_000 };
  const pipelinePath = join(dir, 'gl.json');
  writeFileSync(pipelinePath, formatPipeline(pipeline));
  return { dir, pipelinePath, warehousePath: join(dir, 'warehouse.duckdb'), totals };
}
