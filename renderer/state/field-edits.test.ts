/**
 * Text typed into a field and not yet committed (no Enter, the field not left): it counts as unsaved,
 * and every command that hands the pipeline to the host (save, save as, export, plan, run, replay,
 * connection test) commits it first, so what is written or run is what is on screen. A field that
 * refuses its text stays unsaved; opening another file drops it. The formula being typed is one such edit.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatPipeline, parsePipelineText } from '../../engine/model/index.ts';
import { updateLookupRow } from '../commands/lookups.ts';
import type { StudioStore } from './store.ts';
import { openedStore, type Answers } from './testing.ts';

const EXAMPLE = readFileSync(new URL('../../assets/examples/csv-to-duckdb.json', import.meta.url), 'utf8');
const PATH = 'examples/gl.json';
const pipelineOf = (payload: { pipeline?: { text: string }; text?: string }) =>
  parsePipelineText(payload.pipeline?.text ?? payload.text!).pipeline!;
const valueOfRow1 = (payload: { pipeline?: { text: string }; text?: string }) =>
  pipelineOf(payload).lookups!.account_types!.rows![0]!.value;

const ANSWERS: Answers = {
  'pipelines.save': ({ path, text }) => ({ path, text, problems: [], migrations: [], saved: true, rewrittenPaths: [] }),
  'pipelines.export': ({ to }) => ({ path: to, command: 'run', secrets: [], rewrittenPaths: [] }),
  'pipelines.recent': () => [],
  'pipelines.examples': () => [],
  'runs.plan': () => ({ streams: [] }),
  'runs.start': () => ({ job: 'job-1' }),
  'runs.replay': () => ({ replayed: 0, resolved: 0, stillHeld: 0 }),
  'runs.audit': () => [],
  'runs.holds': () => [],
  'connections.test': () => ({ ok: true, message: 'ok', durationMs: 1 }),
};

/** A grid cell with "REVENUE!" typed into row 1 of account_types, as the lookup grid registers it. */
function typedCell(store: StudioStore, text = 'REVENUE!'): void {
  store.getState().beginEdit('cell', {
    commit() {
      store.getState().apply('Change value', updateLookupRow('account_types', 0, { value: text }));
      // The box shows the pipeline's value again on its next render, which ends its edit.
      store.getState().endEdit('cell');
    },
    discard: () => store.getState().endEdit('cell'),
  });
}

function opened() {
  return openedStore(ANSWERS, PATH, parsePipelineText(EXAMPLE).pipeline!, EXAMPLE);
}

describe('field edits', () => {
  it("count as unsaved while typed, and no longer once the text is the pipeline's again", () => {
    const { store } = opened();
    expect(store.getState().dirty).toBe(false);
    typedCell(store);
    expect(store.getState().dirty).toBe(true);
    store.getState().endEdit('cell');
    expect(store.getState().dirty).toBe(false);
  });

  it('are asked about before another file replaces them, and dropped with it', () => {
    const { store } = opened();
    let dropped = 0;
    store.getState().beginEdit('cell', { commit: () => {}, discard: () => dropped++ });
    let opens = 0;
    store.getState().guardUnsaved(() => opens++);
    expect(store.getState().dialog).toBe('discard');
    expect(opens).toBe(0);
    store
      .getState()
      .load({ path: 'other.json', pipeline: parsePipelineText(EXAMPLE).pipeline!, text: EXAMPLE, problems: [] });
    expect(dropped).toBe(1);
    expect(store.getState()).toMatchObject({ fieldEdits: {}, dirty: false });
  });

  it('are committed by Save before the file is written, which is then clean', async () => {
    const { store, calls } = opened();
    typedCell(store);
    expect(await store.getState().save()).toBe(true);
    const save = calls.find((call) => call.channel === 'pipelines.save')!;
    expect(valueOfRow1(save.payload)).toBe('REVENUE!');
    expect(store.getState()).toMatchObject({ dirty: false, fieldEdits: {} });
  });

  it('are committed by Save as, Export, Plan, Run, Replay and a connection test before the host gets the pipeline', async () => {
    const commands: [string, (store: StudioStore) => Promise<unknown>][] = [
      ['pipelines.save', (store) => store.getState().saveAs('examples/copy.json')],
      ['pipelines.export', (store) => store.getState().exportTo('scheduled/gl.json')],
      ['runs.plan', (store) => store.getState().refreshPlan()],
      ['runs.start', (store) => store.getState().startRun()],
      ['runs.replay', (store) => store.getState().replayHeld('batch-1')],
      ['connections.test', (store) => store.getState().testConnection('gl_export')],
    ];
    for (const [channel, command] of commands) {
      const { store, calls } = opened();
      typedCell(store);
      await command(store);
      const call = calls.find((candidate) => candidate.channel === channel);
      expect(call, channel).toBeDefined();
      expect(valueOfRow1(call!.payload), channel).toBe('REVENUE!');
    }
  });

  it('stay unsaved when the field refuses its text (the file is saved without it, and says nothing false)', async () => {
    const { store, calls } = opened();
    store.getState().beginEdit('type', { commit: () => {}, discard: () => {} });
    expect(await store.getState().save()).toBe(true);
    expect(formatPipeline(pipelineOf(calls.find((call) => call.channel === 'pipelines.save')!.payload))).toBe(EXAMPLE);
    expect(store.getState().dirty).toBe(true);
  });

  it('include the formula being typed: unsaved before the pause, saved by Ctrl+S as typed', async () => {
    const { store, calls } = opened();
    store.getState().editFormula('gl_lines', 'description', 'UPPER(DSCRIPTN)');
    expect(store.getState().dirty).toBe(true);
    expect(await store.getState().save()).toBe(true);
    const saved = pipelineOf(calls.find((call) => call.channel === 'pipelines.save')!.payload);
    expect(saved.streams.gl_lines!.mappings.description!.expression).toBe('UPPER(DSCRIPTN)');
    expect(store.getState()).toMatchObject({ dirty: false, draft: null, fieldEdits: {} });
    expect(store.getState().past.map((step) => step.label)).toEqual(['Edit the formula of description']);
  });

  it('drop the formula being typed when another file is opened (no undo step comes of it there)', () => {
    const { store } = opened();
    store.getState().editFormula('gl_lines', 'description', 'UPPER(DSCRIPTN)');
    store
      .getState()
      .load({ path: 'other.json', pipeline: parsePipelineText(EXAMPLE).pipeline!, text: EXAMPLE, problems: [] });
    store.getState().commitFormula();
    expect(store.getState()).toMatchObject({ draft: null, dirty: false, past: [] });
  });
});
