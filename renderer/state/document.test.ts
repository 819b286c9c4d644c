/** The document slice: undo/redo across commands, "unsaved" by canonical text, broken files kept as written. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatPipeline, parsePipelineText } from '../../engine/model/index.ts';
import { setExpression } from '../commands/mappings.ts';
import { createStudioStore } from './store.ts';
import { fakeClient } from './testing.ts';

const EXAMPLE = readFileSync(new URL('../../assets/examples/csv-to-duckdb.json', import.meta.url), 'utf8');

function opened() {
  const store = createStudioStore(fakeClient());
  store.getState().load({
    path: 'examples/csv-to-duckdb.json',
    pipeline: parsePipelineText(EXAMPLE).pipeline!,
    text: EXAMPLE,
    problems: [],
  });
  return store;
}

describe('document slice', () => {
  it('opens clean, becomes unsaved on an edit, and clean again when the edit is undone', () => {
    const store = opened();
    expect(store.getState().dirty).toBe(false);
    store.getState().apply('Map account', setExpression('gl_lines', 'account', 'TRIM(ACTNUMST)'));
    expect(store.getState().dirty).toBe(true);
    expect(store.getState().pipeline!.streams.gl_lines!.mappings.account!.expression).toBe('TRIM(ACTNUMST)');
    store.getState().undo();
    expect(store.getState().dirty).toBe(false);
    expect(formatPipeline(store.getState().pipeline!)).toBe(EXAMPLE);
  });

  it('redoes what was undone, and a new edit clears the redo steps', () => {
    const store = opened();
    const { apply } = store.getState();
    apply('first', setExpression('gl_lines', 'account', 'A1'));
    apply('second', setExpression('gl_lines', 'account', 'A2'));
    store.getState().undo();
    store.getState().undo();
    store.getState().redo();
    expect(store.getState().pipeline!.streams.gl_lines!.mappings.account!.expression).toBe('A1');
    expect(store.getState().future.map((step) => step.label)).toEqual(['second']);
    store.getState().apply('third', setExpression('gl_lines', 'account', 'A3'));
    expect(store.getState().future).toEqual([]);
    expect(store.getState().past.map((step) => step.label)).toEqual(['first', 'third']);
  });

  it('records no undo step for an edit that changes nothing', () => {
    const store = opened();
    const expression = store.getState().pipeline!.streams.gl_lines!.mappings.account!.expression;
    store.getState().apply('same', setExpression('gl_lines', 'account', expression));
    expect(store.getState().past).toEqual([]);
  });

  it('is unsaved after saving elsewhere only if the text differs', () => {
    const store = opened();
    store.getState().apply('edit', setExpression('gl_lines', 'account', 'A1'));
    store.getState().markSaved('copy.json', formatPipeline(store.getState().pipeline!));
    expect(store.getState()).toMatchObject({ dirty: false, path: 'copy.json' });
  });

  it('checks the pipeline on every edit, so the problems bar follows the analyst, and undo clears it', () => {
    const store = opened();
    store.getState().apply('point at a missing connection', (pipeline) => ({
      ...pipeline,
      streams: {
        ...pipeline.streams,
        gl_lines: {
          ...pipeline.streams.gl_lines!,
          source: { ...pipeline.streams.gl_lines!.source, connection: 'nowhere' },
        },
      },
    }));
    expect(store.getState().problems.map((problem) => problem.path)).toContain('streams.gl_lines.source.connection');
    store.getState().undo();
    expect(store.getState().problems).toEqual([]);
  });

  it('keeps a file that is not a pipeline as written, with no pipeline to edit', () => {
    const store = createStudioStore(fakeClient());
    store.getState().load({
      path: 'broken.json',
      pipeline: null,
      text: '{ "version": 2,',
      problems: [{ path: '(top of the file)', message: 'not JSON', severity: 'error', code: 'json' }],
    });
    expect(store.getState()).toMatchObject({ pipeline: null, brokenText: '{ "version": 2,', dirty: false });
    store.getState().apply('edit', setExpression('gl_lines', 'account', 'A1'));
    expect(store.getState().past).toEqual([]);
  });
});
