/** Page sizes within what the source system serves, with the limits the real connectors declare. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { systemRules } from '../../connectors/registry.ts';
import { effectivePageSize, sourcePageLimit } from './page-size.ts';
import { parsePipelineText } from './pipeline-file.ts';
import { checkReferences } from './references.ts';
import type { Pipeline } from './schema/pipeline.ts';
import { minimalPipeline } from './test-fixtures.ts';

const rules = systemRules();
const example = (name: string): Pipeline =>
  parsePipelineText(readFileSync(new URL(`../../assets/examples/${name}`, import.meta.url), 'utf8')).pipeline!;

function withPageSize(pipeline: Pipeline, stream: string, pageSize: number | undefined): Pipeline {
  const definition = pipeline.streams[stream]!;
  const { pageSize: _left, ...source } = definition.source;
  return {
    ...pipeline,
    streams: {
      ...pipeline.streams,
      [stream]: { ...definition, source: pageSize === undefined ? source : { ...source, pageSize } },
    },
  };
}

describe('page sizes within the source system’s limit', () => {
  const gp = example('gp-to-duckdb.json');
  const gpStream = Object.keys(gp.streams)[0]!;

  it('knows that Dynamics GP serves at most 1,000 records per page, and the file connector has no limit', () => {
    expect(sourcePageLimit(gp, gp.streams[gpStream]!, rules)).toBe(1000);
    const files = minimalPipeline();
    expect(sourcePageLimit(files, files.streams['gl_lines']!, rules)).toBeUndefined();
  });

  it('reads a GP stream that sets no page size 1,000 at a time, not the engine default of 10,000', () => {
    expect(effectivePageSize(withPageSize(gp, gpStream, undefined), gp.streams[gpStream]!, 10_000, rules)).toBe(1000);
    const files = minimalPipeline();
    expect(effectivePageSize(files, files.streams['gl_lines']!, 10_000, rules)).toBe(10_000);
    expect(effectivePageSize(files, files.streams['gl_lines']!, 500, rules)).toBe(500);
  });

  it('refuses a GP page size of 10,000 with the reason and the limit, and accepts 1,000', () => {
    const tooBig = checkReferences(withPageSize(gp, gpStream, 10_000), rules);
    expect(tooBig).toContainEqual(
      expect.objectContaining({
        path: `streams.${gpStream}.source.pageSize`,
        code: 'page-size-over-limit',
        message: expect.stringMatching(/dynamics-gp serves at most 1,000 records per page; a page size of 10,000/),
      }),
    );
    const within = checkReferences(withPageSize(gp, gpStream, 1000), rules);
    expect(within.filter((problem) => problem.code === 'page-size-over-limit')).toEqual([]);
  });
});
