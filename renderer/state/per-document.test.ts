/** New and Open put a document on screen with nothing left over from the one before. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PreviewResult } from '../api/wire.ts';
import { createStudioStore, type StudioStore } from './store.ts';
import { fakeClient } from './testing.ts';

const EXAMPLE = readFileSync(new URL('../../assets/examples/csv-to-duckdb.json', import.meta.url), 'utf8');

const ROWS = { stream: 'gl_lines', columns: [], rows: [{ account: '4000' }], rowSources: [], held: [], read: 1 };

/** A host whose preview answers wait until the test lets them go. */
function host() {
  const previews: ((result: PreviewResult) => void)[] = [];
  const client = fakeClient({
    'pipelines.open': ({ path }) => ({ path, text: EXAMPLE, problems: [], migrations: [] }),
    'pipelines.recent': () => [],
    'pipelines.examples': () => [],
    'preview.stream': () => new Promise((answer) => previews.push(answer)),
    'runs.plan': () => ({ streams: [] }),
    'runs.audit': () => [],
    'runs.holds': () => [],
    'connections.list': () => [{ name: 'gl_files', secrets: [] }],
    'connections.test': () => ({ ok: true, message: 'ok', durationMs: 1 }),
  });
  return { store: createStudioStore(client), previews };
}

/** Works on the open example the way an analyst does: preview, plan, history, a test, selections. */
async function workOn(store: StudioStore, previews: ((result: PreviewResult) => void)[]) {
  store.getState().schedulePreview();
  previews.shift()!(ROWS as unknown as PreviewResult);
  await Promise.resolve();
  await store.getState().refreshPlan();
  await store.getState().refreshRunHistory();
  await store.getState().refreshConnections();
  await store.getState().testConnection('gl_files');
  store.getState().selectColumn('account');
  store.getState().selectConnection('gl_files');
  // A stream just added whose canvas has not offered auto-map yet.
  store.getState().offerAutoMap('gl_lines');
  store.getState().notify({ kind: 'info', text: 'Saved gl.json' });
  const state = store.getState();
  expect(state.preview.result).not.toBeNull();
  expect(state.writePlan.status).toBe('ready');
  expect(state.runHistory.status).toBe('ready');
  expect(Object.keys(state.pings)).toEqual(['gl_files']);
  expect(state.connectionSummaries).toHaveLength(1);
}

function expectNothingLeft(store: StudioStore) {
  const state = store.getState();
  expect(state.preview).toMatchObject({ stream: null, result: null, error: null, updating: false });
  expect(state.writePlan).toMatchObject({ status: 'idle', plan: null });
  expect(state.runHistory).toMatchObject({ status: 'idle', runs: [], forPath: null });
  expect(state.activeRun).toBeNull();
  expect(state.replayState).toEqual({ replaying: null, last: null, error: null });
  expect(state.pings).toEqual({});
  expect(state.connectionSummaries).toEqual([]);
  expect(state.selectedConnection).toBeNull();
  expect(state.column).toBeNull();
  expect(state.autoMapOffer).toBeNull();
  expect(state.notice).toBeNull();
  expect(state.problems).toEqual([]);
}

describe('per-document state', () => {
  it('New after working on a file leaves nothing of it on screen', async () => {
    const { store, previews } = host();
    await store.getState().openFile('gl.json');
    await workOn(store, previews);
    const before = store.getState().documentNumber;
    store.getState().newFile();
    expectNothingLeft(store);
    expect(store.getState().stream).toBeNull();
    expect(store.getState().documentNumber).toBe(before + 1);
  });

  it('Open after working on a file starts the opened one afresh, its first stream selected', async () => {
    const { store, previews } = host();
    await store.getState().openFile('gl.json');
    await workOn(store, previews);
    await store.getState().openFile('other.json');
    const state = store.getState();
    expect(state.preview.result).toBeNull();
    expect(state.writePlan.status).toBe('idle');
    expect(state.pings).toEqual({});
    expect(state.column).toBeNull();
    expect(state.stream).toBe('gl_lines');
  });

  it('drops a preview answer that was on its way for the previous document', async () => {
    const { store, previews } = host();
    await store.getState().openFile('gl.json');
    store.getState().schedulePreview();
    expect(previews).toHaveLength(1);
    // Another file with a stream of the same name is opened before the old answer arrives.
    await store.getState().openFile('other.json');
    previews.shift()!(ROWS as unknown as PreviewResult);
    await Promise.resolve();
    await Promise.resolve();
    expect(store.getState().preview.result).toBeNull();
  });

  it('asks again for the same file opened twice, since its rows were cleared', async () => {
    const { store, previews } = host();
    await store.getState().openFile('gl.json');
    store.getState().schedulePreview();
    previews.shift()!(ROWS as unknown as PreviewResult);
    await Promise.resolve();
    await new Promise((done) => setTimeout(done, 60));
    await store.getState().openFile('gl.json');
    store.getState().schedulePreview();
    expect(previews).toHaveLength(1);
  });
});
