/**
 * Names every JavaScript object already answers to (toString, constructor, __proto__, hasOwnProperty,
 * valueOf) are names like any other in a pipeline file: kept when read and saved, found only where the
 * file defines them.
 */
import { describe, expect, it } from 'vitest';
import { formatPipeline, parsePipelineText } from './pipeline-file.ts';
import { streamRunOrder } from './references.ts';
import { minimalPipeline } from './test-fixtures.ts';

/** The minimal pipeline as text, after `edit` (on plain JSON, where "__proto__" is an ordinary key). */
function textOf(edit: (pipeline: Record<string, any>) => void): string {
  const pipeline = JSON.parse(JSON.stringify(minimalPipeline()));
  edit(pipeline);
  return `${JSON.stringify(pipeline, null, 2)}\n`;
}

/** Renames a key of a JSON object, keeping its place. */
function rename(object: Record<string, unknown>, from: string, to: string): void {
  const entries = Object.entries(object).map(([key, value]) => [key === from ? to : key, value] as const);
  for (const key of Object.keys(object)) delete object[key];
  for (const [key, value] of entries)
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

const OBJECT_LIKE = textOf((p) => {
  rename(p.connections, 'files', 'constructor');
  rename(p.connections, 'warehouse', 'toString');
  rename(p.lookups, 'cost_centers', '__proto__');
  const stream = p.streams.gl_lines;
  stream.source.connection = 'constructor';
  stream.source.fields = JSON.parse('{"__proto__": "string", "valueOf": "decimal"}');
  stream.target.connection = 'toString';
  stream.target.mergeKey = ['hasOwnProperty'];
  stream.mappings = JSON.parse(
    '{"hasOwnProperty": {"type": "integer", "expression": "JRNENTRY", "required": true}, "valueOf": {"type": "string", "expression": "LOOKUP(__proto__, __proto__)"}}',
  );
  p.streams.other = JSON.parse(JSON.stringify(stream));
  rename(p.streams, 'gl_lines', '__proto__');
  p.streams.other.dependsOn = ['__proto__'];
});

describe('streams, connections, lookups, columns and fields named like what every object inherits', () => {
  it('are read with every entry, in the order written, and saved byte-identical', () => {
    const load = parsePipelineText(OBJECT_LIKE);
    expect(load.problems).toEqual([]);
    const pipeline = load.pipeline!;
    expect(Object.keys(pipeline.streams)).toEqual(['__proto__', 'other']);
    expect(Object.keys(pipeline.connections)).toEqual(['constructor', 'toString']);
    expect(Object.keys(pipeline.lookups!)).toEqual(['__proto__']);
    const stream = pipeline.streams['__proto__']!;
    expect(stream.target.table).toBe('gl_lines');
    expect(Object.keys(stream.mappings)).toEqual(['hasOwnProperty', 'valueOf']);
    expect(Object.keys(stream.source.fields!)).toEqual(['__proto__', 'valueOf']);
    expect(streamRunOrder(pipeline)).toEqual(['__proto__', 'other']);
    expect(formatPipeline(pipeline)).toBe(OBJECT_LIKE);
  });

  it('are looked up as the file defines them: a record of names inherits nothing', () => {
    const pipeline = parsePipelineText(OBJECT_LIKE).pipeline!;
    expect(Object.getPrototypeOf(pipeline.streams)).toBeNull();
    expect(pipeline.streams['toString']).toBeUndefined();
    expect(pipeline.connections['valueOf']).toBeUndefined();
  });

  it('report a problem inside a stream named __proto__ with its path', () => {
    const load = parsePipelineText(
      textOf((p) => {
        p.streams.gl_lines.target.writeMode = 'upsert';
        rename(p.streams, 'gl_lines', '__proto__');
      }),
    );
    expect(load.pipeline).toBeUndefined();
    expect(load.problems.map((problem) => problem.path)).toEqual(['streams.__proto__.target.writeMode']);
  });

  it('refer only to what the file defines: an unknown connection, dependency, merge key or hold-together column named so is reported', () => {
    const load = parsePipelineText(
      textOf((p) => {
        p.streams.gl_lines.source.connection = 'toString';
        p.streams.gl_lines.target.connection = '__proto__';
        p.streams.gl_lines.target.mergeKey = ['constructor'];
        p.streams.gl_lines.target.holdTogether = ['valueOf'];
        p.streams.gl_lines.dependsOn = ['hasOwnProperty'];
      }),
    );
    expect(load.problems.map((problem) => `${problem.path} ${problem.code}`)).toEqual([
      'streams.gl_lines.source.connection unknown-connection',
      'streams.gl_lines.target.connection unknown-connection',
      'streams.gl_lines.target.mergeKey[0] unknown-column',
      'streams.gl_lines.target.holdTogether[0] unknown-column',
      'streams.gl_lines.dependsOn[0] unknown-stream',
    ]);
  });

  it('refuse a column named __proto__ at its path, with the reason, instead of losing it', () => {
    const load = parsePipelineText(
      textOf((p) => {
        p.streams.gl_lines.mappings = JSON.parse(
          '{"journal_entry": {"type": "integer", "expression": "JRNENTRY", "required": true}, "__proto__": {"type": "string", "expression": "A"}}',
        );
      }),
    );
    expect(load.problems).toEqual([
      expect.objectContaining({
        path: 'streams.gl_lines.mappings.__proto__',
        severity: 'error',
        message: expect.stringContaining('a column cannot be named "__proto__"'),
      }),
    ]);
  });

  it('keep a stream named __proto__ through the upgrade of a version 1 file', () => {
    const v1 =
      '{"version": 1, "name": "old", "connections": {}, "streams": {"__proto__": {"source": {}, "target": {"columns": {"a": "string"}}, "mappings": {"a": "A"}}}}';
    const load = parsePipelineText(v1);
    expect(load.problems.map((problem) => problem.path)).toContain('streams.__proto__.source.connection');
  });
});
