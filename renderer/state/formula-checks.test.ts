/** Formula errors reach the problems list and Save: Save asks first, naming the columns and the errors. */
import { readFileSync } from 'node:fs';
import { parsePipelineText } from '../../engine/model/index.ts';
import { describe, expect, it } from 'vitest';
import type { EntityInfo } from '../api/wire.ts';
import { setExpression } from '../commands/mappings.ts';
import { formulaProblems, sourceKeyOf } from './formula-checks.ts';
import { createStudioStore } from './store.ts';
import { fakeClient } from './testing.ts';

const EXAMPLE = readFileSync(new URL('../../assets/examples/csv-to-duckdb.json', import.meta.url), 'utf8');
const PIPELINE = parsePipelineText(EXAMPLE).pipeline!;

function host() {
  const saved: string[] = [];
  const client = fakeClient({
    'pipelines.open': ({ path }) => ({ path, text: EXAMPLE, problems: [], migrations: [] }),
    'pipelines.save': ({ path, text }) => {
      saved.push(text);
      return { path, text, problems: [], migrations: [], saved: true, rewrittenPaths: [] };
    },
    'pipelines.recent': () => [],
    'pipelines.examples': () => [],
  });
  return { store: createStudioStore(client), saved };
}

describe('formula problems', () => {
  it('finds none in the example', () => {
    expect(formulaProblems(PIPELINE, {})).toEqual([]);
  });

  it('names the stream, the column and where in the formula a typo is', () => {
    const typo = setExpression('gl_lines', 'account', 'TRIM(ACTNUMS')(PIPELINE);
    const found = formulaProblems(typo, {});
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({
      stream: 'gl_lines',
      mappedColumn: 'account',
      path: 'streams.gl_lines.mappings.account.expression',
      severity: 'error',
      line: 1,
    });
  });

  it('reports a field the source does not have once the source has said what it has', () => {
    const typo = setExpression('gl_lines', 'account', 'TRIM(ACTNUMS)')(PIPELINE);
    const fields = Object.entries(PIPELINE.streams.gl_lines!.source.fields ?? {}).map(([name, type]) => ({
      name,
      type,
    }));
    const entity = { entity: 'gl_lines', label: 'GL lines', fields } as unknown as EntityInfo;
    const known = { gl_lines: { source: sourceKeyOf(typo, 'gl_lines')!, entity } };
    expect(formulaProblems(typo, known).map((problem) => problem.code)).toContain('formula.type.unknown-field');
    // An answer for another source definition says nothing about this one.
    expect(formulaProblems(typo, { gl_lines: { source: 'another', entity } })).toEqual([]);
  });
});

describe('Save with formula errors', () => {
  it('asks first, naming the columns and the errors, and writes only when told to', async () => {
    const { store, saved } = host();
    await store.getState().openFile('gl.json');
    store.getState().apply('typo', setExpression('gl_lines', 'account', 'TRIM(ACTNUMST'));
    expect(await store.getState().save()).toBe(false);
    expect(saved).toEqual([]);
    const pending = store.getState().pendingFormulaSave!;
    expect(pending.path).toBe('gl.json');
    expect(pending.errors.map((error) => error.mappedColumn)).toEqual(['account']);
    expect(pending.errors[0]!.message).not.toBe('');

    store.getState().confirmFormulaSave(false);
    expect(store.getState().pendingFormulaSave).toBeNull();
    expect(saved).toEqual([]);

    await store.getState().save();
    store.getState().confirmFormulaSave(true);
    await new Promise((done) => setTimeout(done, 0));
    expect(saved).toHaveLength(1);
    expect(saved[0]).toContain('TRIM(ACTNUMST');
    expect(store.getState().dirty).toBe(false);
  });

  it('saves a pipeline without formula errors at once', async () => {
    const { store, saved } = host();
    await store.getState().openFile('gl.json');
    store.getState().apply('edit', setExpression('gl_lines', 'account', 'TRIM(ACTNUMST)'));
    expect(await store.getState().save()).toBe(true);
    expect(saved).toHaveLength(1);
    expect(store.getState().pendingFormulaSave).toBeNull();
  });
});
