/**
 * The runs slice over a fake host (a test double of the studio API): the plan from the unsaved text,
 * a run followed through its events (also when they overtake the answer to start), cancel, replay,
 * and failures kept beside what they are about in the host's words.
 */
import { describe, expect, it } from 'vitest';
import { parsePipelineText } from '../../engine/model/index.ts';
import { ApiCallError } from '../api/client.ts';
import type { RunProgress, StudioEvent } from '../api/wire.ts';
import { setExpression } from '../commands/mappings.ts';
import { applyRunEvent, initialProgress, secondsLeft } from './run-progress.ts';
import example from '../../assets/examples/csv-to-duckdb.json' with { type: 'json' };
import { openedStore, type Answers } from './testing.ts';

const EXAMPLE = JSON.stringify(example, null, 2);
const PLAN = {
  streams: [
    { name: 'gl_lines', table: 'gl_lines', writeMode: 'merge', read: 8, inserts: 7, updates: 0, unchanged: 0, held: 1 },
  ],
};

function fakeHost(answers: Answers) {
  return openedStore(answers, 'examples/gl.json', parsePipelineText(EXAMPLE).pipeline!, EXAMPLE);
}

const history = { 'runs.audit': () => [], 'runs.holds': () => [] };
const progress = (event: RunProgress): StudioEvent => ({ type: 'run-progress', job: 'job-1', event });

describe('runs slice', () => {
  it('plans the pipeline as edited, and marks the plan out of date after an edit', async () => {
    const { store, calls } = fakeHost({ 'runs.plan': () => PLAN });
    store.getState().apply('Change description', setExpression('gl_lines', 'description', 'UPPER(DSCRIPTN)'));
    await store.getState().refreshPlan();
    expect(store.getState().writePlan).toMatchObject({ status: 'ready', plan: PLAN, error: null });
    expect(calls[0]!.payload.pipeline.path).toBe('examples/gl.json');
    expect(calls[0]!.payload.pipeline.text).toContain('UPPER(DSCRIPTN)');
    expect(store.getState().writePlan.forPipeline).toBe(store.getState().pipeline);
    store.getState().undo();
    expect(store.getState().writePlan.forPipeline).not.toBe(store.getState().pipeline);
  });

  it("keeps the host's reason when the plan cannot be made, with a hint for an address nothing answers at", async () => {
    const { store } = fakeHost({
      'runs.plan': () => {
        throw new ApiCallError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:47001' });
      },
    });
    await store.getState().refreshPlan();
    const { status, error } = store.getState().writePlan;
    expect(status).toBe('error');
    expect(error).toContain('127.0.0.1:47001');
    expect(error).toContain('Nothing answers at that address');
  });

  it('asks to save a pipeline that has no file name yet, instead of calling the host', async () => {
    const { store, calls } = fakeHost({ 'runs.plan': () => PLAN });
    store.setState({ path: null });
    await store.getState().refreshPlan();
    expect(store.getState().writePlan.error).toMatch(/^Save the pipeline first/);
    expect(calls).toEqual([]);
  });

  it('follows a run through its events, even those that arrive before the answer to start, then reads the history', async () => {
    let answerStart: (value: { job: string }) => void = () => {};
    const { store, calls, emit } = fakeHost({
      'runs.start': () => new Promise((resolve) => (answerStart = resolve)),
      ...history,
    });
    const started = store.getState().startRun({ fullRefresh: true });
    expect(store.getState().activeRun).toMatchObject({ phase: 'starting', fullRefresh: true });
    emit(progress({ type: 'run-started', runId: 'run-1', streams: ['gl_lines'] }));
    emit(
      progress({
        type: 'progress',
        stream: 'gl_lines',
        read: 4,
        written: 3,
        held: 1,
        alreadyLoaded: 0,
        rate: 2,
        estimatedTotal: 8,
      }),
    );
    answerStart({ job: 'job-1' });
    await started;
    expect(calls.find((c) => c.channel === 'runs.start')!.payload).toMatchObject({ fullRefresh: true });
    const running = store.getState().activeRun!;
    expect(running).toMatchObject({ job: 'job-1', runId: 'run-1', phase: 'running' });
    expect(running.streams[0]).toMatchObject({ status: 'running', read: 4, written: 3, held: 1 });
    expect(secondsLeft(running.streams[0]!)).toBe(2);

    emit({ type: 'run-progress', job: 'someone-else', event: { type: 'stream-started', stream: 'other', from: null } });
    expect(store.getState().activeRun!.streams.map((s) => s.stream)).toEqual(['gl_lines']);

    emit({
      type: 'run-finished',
      job: 'job-1',
      outcome: {
        runId: 'run-1',
        status: 'held',
        streams: [{ name: 'gl_lines', read: 12, written: 7, held: 1, alreadyLoaded: 4, failed: 0, status: 'held' }],
      },
    });
    expect(store.getState().activeRun).toMatchObject({ phase: 'finished', outcome: { status: 'held' } });
    // Rows read again that the destination already held are shown as such, not as written.
    expect(store.getState().activeRun!.streams[0]).toMatchObject({
      status: 'held',
      read: 12,
      written: 7,
      held: 1,
      alreadyLoaded: 4,
    });
    expect(calls.map((c) => c.channel)).toContain('runs.audit');
  });

  it('runs one stream when asked, and cancels the job it started', async () => {
    const { store, calls, emit } = fakeHost({
      'runs.start': () => ({ job: 'job-1' }),
      'runs.cancel': () => ({ cancelled: true }),
      ...history,
    });
    await store.getState().startRun({ stream: 'gl_lines' });
    expect(calls[0]!.payload.streams).toEqual(['gl_lines']);
    await store.getState().cancelRun();
    expect(calls[1]).toEqual({ channel: 'runs.cancel', payload: { job: 'job-1' } });
    expect(store.getState().activeRun!.phase).toBe('cancelling');
    emit({
      type: 'run-finished',
      job: 'job-1',
      outcome: {
        runId: 'run-1',
        status: 'cancelled',
        streams: [{ name: 'gl_lines', read: 2, written: 0, held: 0, alreadyLoaded: 0, failed: 0, status: 'cancelled' }],
      },
    });
    expect(store.getState().activeRun).toMatchObject({ phase: 'finished', outcome: { status: 'cancelled' } });
  });

  it('ends a run whose last events were lost: the host no longer knows the job, or the history shows it ended', async () => {
    const gone = fakeHost({
      'runs.start': () => ({ job: 'job-1' }),
      'runs.cancel': () => ({ cancelled: false }),
      ...history,
    });
    await gone.store.getState().startRun();
    await gone.store.getState().cancelRun();
    expect(gone.store.getState().activeRun).toMatchObject({ phase: 'finished', outcome: null });
    expect(gone.calls.map((c) => c.channel)).toContain('runs.audit');

    const ended = { runId: 'run-1', status: 'held', streams: [] };
    const { store, emit } = fakeHost({
      'runs.start': () => ({ job: 'job-1' }),
      'runs.audit': () => [ended],
      'runs.holds': () => [],
    });
    await store.getState().startRun();
    emit(progress({ type: 'run-started', runId: 'run-1', streams: ['gl_lines'] }));
    await store.getState().refreshRunHistory();
    expect(store.getState().activeRun).toMatchObject({ phase: 'finished', outcome: null });
  });

  it('says why a run did not start, and why it stopped', async () => {
    const refused = fakeHost({
      'runs.start': () => {
        throw new ApiCallError({ code: 'PIPELINE_INVALID', message: 'The pipeline examples/gl.json has problems.' });
      },
    });
    await refused.store.getState().startRun();
    expect(refused.store.getState().activeRun).toMatchObject({
      phase: 'failed',
      error: 'The run did not start: The pipeline examples/gl.json has problems.',
    });

    const locked = fakeHost({
      'runs.start': () => {
        throw new ApiCallError({
          code: 'RUN_LOCKED',
          message:
            'Pipeline "gl" is already running in this state folder: held by `ml-connector serve` (pid 4242 on agent, since 2026-03-01T02:00:00.000Z, run 20260301T020000-abcd1234). One run at a time per pipeline.',
        });
      },
    });
    await locked.store.getState().startRun();
    expect(locked.store.getState().activeRun).toMatchObject({
      phase: 'failed',
      error:
        'The run did not start: Pipeline "gl" is already running in this state folder: held by `ml-connector serve` (pid 4242 on agent, since 2026-03-01T02:00:00.000Z, run 20260301T020000-abcd1234). One run at a time per pipeline. Start it again once that run has ended.',
    });

    const { store, emit } = fakeHost({ 'runs.start': () => ({ job: 'job-1' }), ...history });
    await store.getState().startRun();
    emit({
      type: 'run-failed',
      job: 'job-1',
      error: { code: 'DUCKDB_OPEN_FAILED', message: 'Could not open the warehouse file w.duckdb.' },
    });
    expect(store.getState().activeRun).toMatchObject({
      phase: 'failed',
      error: 'The run stopped: Could not open the warehouse file w.duckdb.',
    });
  });

  it('replays a batch with the pipeline as edited, then reads holds and history again', async () => {
    const { store, calls } = fakeHost({
      'runs.replay': () => ({ runId: 'r-2', status: 'ok', replayed: 1, resolved: 1, stillHeld: 0 }),
      ...history,
    });
    store
      .getState()
      .apply('Fix', setExpression('gl_lines', 'cost_center', 'LOOKUP(cost_centers, ACTNUMST, "CC-UNASSIGNED")'));
    await store.getState().replayHeld('run-1.gl_lines.000001');
    const replay = calls.find((c) => c.channel === 'runs.replay')!;
    expect(replay.payload.id).toBe('run-1.gl_lines.000001');
    expect(replay.payload.pipeline.text).toContain('CC-UNASSIGNED');
    expect(store.getState().replayState).toMatchObject({
      replaying: null,
      last: { resolved: 1, id: 'run-1.gl_lines.000001' },
      error: null,
    });
    expect(calls.filter((c) => c.channel === 'runs.holds').map((c) => c.payload.status)).toEqual(['open', 'resolved']);
  });
});

describe('run progress', () => {
  it("takes the engine's stream order and keeps a failed stream's reason", () => {
    let streams = applyRunEvent(initialProgress(['b', 'a']), { type: 'run-started', runId: 'r', streams: ['a', 'b'] });
    expect(streams.map((s) => s.stream)).toEqual(['a', 'b']);
    streams = applyRunEvent(streams, { type: 'retry', stream: 'a', attempt: 2, delayMs: 1500, code: 'HTTP_429' });
    expect(streams[0]!.retrying).toBe('HTTP_429, trying again in 2 s (attempt 2)');
    streams = applyRunEvent(streams, {
      type: 'stream-finished',
      stream: 'a',
      status: 'failed',
      read: 3,
      written: 0,
      held: 0,
      alreadyLoaded: 0,
      error: 'The destination refused the batch.',
    });
    expect(streams[0]).toMatchObject({ status: 'failed', error: 'The destination refused the batch.', retrying: null });
    expect(streams[1]!.status).toBe('waiting');
    expect(secondsLeft(streams[0]!)).toBeNull();
  });
});
