/** The files slice: open/save/export through the host, unsaved-change protection, failures as notices. */
import { readFileSync } from 'node:fs';
import { formatPipeline, parsePipelineText } from '../../engine/model/index.ts';
import { describe, expect, it } from 'vitest';
import { ApiCallError } from '../api/client.ts';
import { setExpression } from '../commands/mappings.ts';
import { createStudioStore } from './store.ts';
import { fakeClient, openedStore } from './testing.ts';

const EXAMPLE = readFileSync(new URL('../../assets/examples/csv-to-duckdb.json', import.meta.url), 'utf8');
const canonical = (path: string, text: string) => ({ path, text, problems: [], migrations: [] });

function hostWithFiles() {
  const files = new Map<string, string>([['gl.json', EXAMPLE]]);
  const calls: { channel: string; payload: unknown }[] = [];
  const client = fakeClient(
    {
      'pipelines.open': ({ path }) => {
        const text = files.get(path);
        if (text === undefined)
          throw new ApiCallError({
            code: 'PIPELINE_UNREADABLE',
            message: `Cannot open the pipeline ${path}: there is no such file.`,
          });
        return canonical(path, text);
      },
      'pipelines.save': ({ path, text }) => {
        files.set(path, text);
        return { ...canonical(path, text), saved: true, rewrittenPaths: [] };
      },
      'pipelines.recent': () => [...files.keys()],
      'pipelines.examples': () => [],
    },
    calls,
  );
  return { store: createStudioStore(client), files, calls };
}

describe('files slice', () => {
  it('opens a file, selects its first stream and shows the mapping screen', async () => {
    const { store } = hostWithFiles();
    expect(await store.getState().openFile('gl.json')).toBe(true);
    expect(store.getState()).toMatchObject({ path: 'gl.json', stream: 'gl_lines', screen: 'mapping', dirty: false });
  });

  it('turns a refusal into a notice and keeps what was open', async () => {
    const { store } = hostWithFiles();
    await store.getState().openFile('gl.json');
    expect(await store.getState().openFile('nope.json')).toBe(false);
    expect(store.getState().notice).toEqual({
      kind: 'error',
      text: 'Cannot open the pipeline nope.json: there is no such file.',
    });
    expect(store.getState().path).toBe('gl.json');
  });

  it('saves the edited pipeline as canonical text and is clean afterwards', async () => {
    const { store, files } = hostWithFiles();
    await store.getState().openFile('gl.json');
    store.getState().apply('edit', setExpression('gl_lines', 'account', 'TRIM(ACTNUMST)'));
    expect(await store.getState().save()).toBe(true);
    expect(files.get('gl.json')).toContain('"expression": "TRIM(ACTNUMST)"');
    expect(store.getState().dirty).toBe(false);
  });

  it("saves as into another folder with the file it came from, and takes the host's rebased paths as one undo step", async () => {
    const rebased = parsePipelineText(EXAMPLE).pipeline!;
    const moved = {
      ...rebased,
      connections: {
        ...rebased.connections,
        gl_export: { ...rebased.connections.gl_export!, address: { folder: '../data' } },
      },
    };
    const answers = {
      'pipelines.save': () => ({
        ...canonical('june/gl.json', formatPipeline(moved)),
        saved: true,
        rewrittenPaths: [{ where: 'connections.gl_export.address.folder', from: './data', to: '../data' }],
      }),
    };
    const hosted = openedStore(answers, 'gl.json', parsePipelineText(EXAMPLE).pipeline!, EXAMPLE);
    expect(await hosted.store.getState().saveAs('june/gl.json')).toBe(true);
    expect(hosted.calls[0]!.payload).toMatchObject({ path: 'june/gl.json', from: 'gl.json' });
    expect(hosted.store.getState()).toMatchObject({ path: 'june/gl.json', dirty: false });
    expect(hosted.store.getState().pipeline!.connections.gl_export!.address.folder).toBe('../data');
    expect(hosted.store.getState().past.map((step) => step.label)).toEqual(['Relative paths for june/gl.json']);
    expect(hosted.store.getState().notice!.text).toBe(
      'Saved june/gl.json; relative paths point from its folder to the same files (./data is now ../data).',
    );
    // A plain Save names the file it came from too: the host rebases nothing when the folder is the same.
    const { store, calls } = hostWithFiles();
    await store.getState().openFile('gl.json');
    await store.getState().save();
    expect(calls.find((call) => call.channel === 'pipelines.save')!.payload).toMatchObject({
      path: 'gl.json',
      from: 'gl.json',
    });
  });

  it('asks for a path when a new pipeline is saved the first time', async () => {
    const { store, calls } = hostWithFiles();
    store.getState().newFile();
    expect(await store.getState().save()).toBe(false);
    expect(store.getState().dialog).toBe('save-as');
    expect(calls.some((call) => call.channel === 'pipelines.save')).toBe(false);
  });

  it('asks before discarding unsaved changes, and does nothing when the analyst keeps editing', async () => {
    const { store } = hostWithFiles();
    await store.getState().openFile('gl.json');
    store.getState().apply('edit', setExpression('gl_lines', 'account', 'A1'));
    let ran = 0;
    store.getState().guardUnsaved(() => ran++);
    expect(store.getState().dialog).toBe('discard');
    store.getState().confirmDiscard(false);
    expect(ran).toBe(0);
    store.getState().guardUnsaved(() => ran++);
    store.getState().confirmDiscard(true);
    expect(ran).toBe(1);
  });
});
