/**
 * The preview slice: pacing of requests while typing, a later keystroke winning over a slow earlier
 * answer, the last good rows kept when a formula breaks, and one undo step per pause in typing.
 * Time is driven by hand through the slice's scheduler; the host answers when the test says so.
 */
import { describe, expect, it } from 'vitest';
import { parsePipelineText, type Pipeline } from '../../engine/model/index.ts';
import { ApiCallError } from '../api/client.ts';
import type { PreviewResult } from '../api/wire.ts';
import { FORMULA_PAUSE_MS, PREVIEW_PACE_MS, type Scheduler } from './preview.ts';
import { createStudioStore } from './store.ts';
import { fakeClient } from './testing.ts';

const PIPELINE = parsePipelineText(
  JSON.stringify({
    version: 3,
    name: 'GL lines',
    connections: {
      files: { system: 'file', address: { folder: './data' }, auth: { method: 'none' } },
      warehouse: { system: 'duckdb', address: { path: './w.duckdb' }, auth: { method: 'none' } },
    },
    streams: {
      gl_lines: {
        source: { connection: 'files', entity: 'gl_lines', key: ['JRNENTRY'] },
        target: { connection: 'warehouse', table: 'gl_lines', writeMode: 'append' },
        mappings: {
          account: { type: 'string', expression: 'ACTNUMST' },
          description: { type: 'string', expression: 'DSCRIPTN' },
        },
      },
    },
  }),
).pipeline as Pipeline;

/** Timers that run only when the test moves the clock. */
function handClock() {
  let now = 0;
  const tasks: { at: number; run: () => void; cancelled: boolean }[] = [];
  const scheduler: Scheduler = {
    after(ms, run) {
      const task = { at: now + ms, run, cancelled: false };
      tasks.push(task);
      return () => {
        task.cancelled = true;
      };
    },
  };
  function advance(ms: number): void {
    const until = now + ms;
    for (;;) {
      const due = tasks.filter((task) => !task.cancelled && task.at <= until).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      now = due.at;
      due.cancelled = true;
      due.run();
    }
    now = until;
  }
  return { scheduler, advance };
}

interface Asked {
  readonly payload: { pipeline: { text: string }; stream: string; refresh?: boolean };
  resolve(result: PreviewResult): void;
  reject(error: Error): void;
}

function studio() {
  const asked: Asked[] = [];
  const clock = handClock();
  const client = fakeClient({
    'preview.stream': (payload: Asked['payload']) =>
      new Promise((resolve, reject) => {
        asked.push({ payload, resolve, reject });
      }),
  });
  const store = createStudioStore(client, { scheduler: clock.scheduler });
  store.getState().load({ path: 'gl.json', pipeline: PIPELINE, text: '', problems: [] });
  store.getState().selectStream('gl_lines');
  return { store, asked, clock };
}

/** The formula of `column` in the text a preview request carried. */
function formulaIn(asked: Asked, column: string): string {
  return (JSON.parse(asked.payload.pipeline.text) as Pipeline).streams.gl_lines!.mappings[column]!.expression;
}

function answer(description: string): PreviewResult {
  return {
    stream: 'gl_lines',
    columns: [],
    rows: [{ account: '000-1100-00', description }],
    rowSources: [{ position: 0, values: {}, lookupDefaults: [] }],
    held: [],
    read: 1,
    sample: { readAt: '2024-01-31T00:00:00.000Z', reused: true, records: 1 },
  };
}

async function settle(): Promise<void> {
  await new Promise<void>((resolve) => queueMicrotask(resolve));
  await Promise.resolve();
}

describe('preview slice', () => {
  it('sends the first keystroke at once and the keystrokes typed within the pace as one request with the latest text', () => {
    const { store, asked, clock } = studio();
    store.getState().editFormula('gl_lines', 'description', 'T');
    expect(asked.map((a) => formulaIn(a, 'description'))).toEqual(['T']);
    store.getState().editFormula('gl_lines', 'description', 'TR');
    store.getState().editFormula('gl_lines', 'description', 'TRI');
    clock.advance(PREVIEW_PACE_MS - 1);
    expect(asked).toHaveLength(1);
    expect(store.getState().preview.updating).toBe(true);
    clock.advance(1);
    expect(asked.map((a) => formulaIn(a, 'description'))).toEqual(['T', 'TRI']);
    clock.advance(PREVIEW_PACE_MS * 3);
    expect(asked).toHaveLength(2);
  });

  it('drops an answer older than the one on screen: a later keystroke wins', async () => {
    const { store, asked, clock } = studio();
    store.getState().editFormula('gl_lines', 'description', 'UPPER(DSCRIPTN)');
    clock.advance(PREVIEW_PACE_MS);
    store.getState().editFormula('gl_lines', 'description', 'LOWER(DSCRIPTN)');
    expect(asked).toHaveLength(2);
    asked[1]!.resolve(answer('invoice 4471'));
    await settle();
    expect(store.getState().preview).toMatchObject({ revision: 1, updating: false });
    asked[0]!.resolve(answer('INVOICE 4471'));
    await settle();
    expect(store.getState().preview.result!.rows[0]!['description']).toBe('invoice 4471');
    expect(store.getState().preview.revision).toBe(1);
  });

  it('keeps the last good rows when the formula breaks, says why, and clears the error once it is fixed', async () => {
    const { store, asked, clock } = studio();
    store.getState().schedulePreview();
    asked[0]!.resolve(answer('Invoice 4471'));
    await settle();
    clock.advance(PREVIEW_PACE_MS);
    store.getState().editFormula('gl_lines', 'description', 'TRIM(DSCRIPTN');
    asked[1]!.reject(new ApiCallError({ code: 'INVALID_PIPELINE', message: 'gl.json has 1 problem\nMissing ")"' }));
    await settle();
    expect(store.getState().preview).toMatchObject({
      error: 'gl.json has 1 problem\nMissing ")"',
      updating: false,
      revision: 1,
    });
    expect(store.getState().preview.result!.rows[0]!['description']).toBe('Invoice 4471');
    clock.advance(PREVIEW_PACE_MS);
    store.getState().editFormula('gl_lines', 'description', 'TRIM(DSCRIPTN)');
    asked[2]!.resolve(answer('Invoice 4471.'));
    await settle();
    expect(store.getState().preview).toMatchObject({ error: null, revision: 2 });
  });

  it('drops an answer for a stream no longer shown', async () => {
    const { store, asked } = studio();
    store.getState().schedulePreview();
    store.getState().selectStream(null);
    asked[0]!.resolve(answer('Invoice 4471'));
    await settle();
    expect(store.getState().preview.result).toBeNull();
  });

  it('turns a run of keystrokes into one undo step when the analyst pauses', () => {
    const { store, clock } = studio();
    for (const text of ['T', 'TR', 'TRI', 'TRIM(', 'TRIM(DSCRIPTN)']) {
      store.getState().editFormula('gl_lines', 'description', text);
      clock.advance(FORMULA_PAUSE_MS - 100);
    }
    expect(store.getState().past).toHaveLength(0);
    expect(store.getState().pipeline!.streams.gl_lines!.mappings.description!.expression).toBe('DSCRIPTN');
    clock.advance(100);
    expect(store.getState().past.map((step) => step.label)).toEqual(['Edit the formula of description']);
    expect(store.getState().pipeline!.streams.gl_lines!.mappings.description!.expression).toBe('TRIM(DSCRIPTN)');
    expect(store.getState().draft).toBeNull();
    store.getState().undo();
    expect(store.getState().pipeline!.streams.gl_lines!.mappings.description!.expression).toBe('DSCRIPTN');
  });

  it('commits at once when the analyst leaves the editor, and an edit of another column is its own step', () => {
    const { store } = studio();
    store.getState().editFormula('gl_lines', 'description', 'UPPER(DSCRIPTN)');
    store.getState().editFormula('gl_lines', 'account', 'TRIM(ACTNUMST)');
    expect(store.getState().past).toHaveLength(1);
    store.getState().commitFormula();
    expect(store.getState().past.map((step) => step.label)).toEqual([
      'Edit the formula of description',
      'Edit the formula of account',
    ]);
    expect(store.getState().dirty).toBe(true);
  });

  it('does not ask again when the draft becomes the pipeline (same text), and asks the host to read again on refresh', async () => {
    const { store, asked, clock } = studio();
    store.getState().editFormula('gl_lines', 'description', 'UPPER(DSCRIPTN)');
    asked[0]!.resolve(answer('INVOICE 4471'));
    await settle();
    clock.advance(FORMULA_PAUSE_MS);
    store.getState().schedulePreview();
    clock.advance(PREVIEW_PACE_MS);
    expect(asked).toHaveLength(1);
    store.getState().refreshPreview();
    expect(asked).toHaveLength(2);
    expect(asked[1]!.payload.refresh).toBe(true);
    expect(formulaIn(asked[1]!, 'description')).toBe('UPPER(DSCRIPTN)');
  });
});
