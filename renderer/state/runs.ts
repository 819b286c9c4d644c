/**
 * Runs from the studio: the write plan, the run under way (started, followed through the host's run
 * events, cancelled), the held rows and their replay, and the audit history. All of it works on the
 * pipeline as edited (its unsaved text), under the file's name, which keys the run history.
 * Never throws at the screen: a failure is kept beside what it is about, in the host's plain words.
 */
import { formatPipeline, type Pipeline } from '../../engine/model/index.ts';
import type { StateCreator } from 'zustand/vanilla';
import { ApiCallError, type StudioClient } from '../api/client.ts';
import type {
  AuditedRun,
  HoldInfo,
  PipelineRef,
  ReplayResult,
  RunOutcome,
  StudioEvent,
  WritePlan,
} from '../api/wire.ts';
import type { DocumentSlice } from './document.ts';
import { messageOf } from './files.ts';
import { applyRunEvent, finalProgress, initialProgress, type StreamProgress } from './run-progress.ts';

export interface WritePlanState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly plan: WritePlan | null;
  readonly error: string | null;
  /** The pipeline (an immutable value) the plan was made from: another one means the plan is out of date. */
  readonly forPipeline: Pipeline | null;
}

export interface ActiveRun {
  /** Null until the host has answered the start. */
  readonly job: string | null;
  readonly runId: string | null;
  readonly phase: 'starting' | 'running' | 'cancelling' | 'finished' | 'failed';
  readonly fullRefresh: boolean;
  readonly streams: readonly StreamProgress[];
  readonly outcome: RunOutcome | null;
  readonly error: string | null;
}

export interface RunHistoryState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly runs: readonly AuditedRun[];
  readonly holds: readonly HoldInfo[];
  readonly resolvedHolds: readonly HoldInfo[];
  readonly error: string | null;
  /** The file the history belongs to: opening another file means reading it again. */
  readonly forPath: string | null;
}

export interface ReplayState {
  /** The run or batch id being replayed, while it is. */
  readonly replaying: string | null;
  readonly last: (ReplayResult & { readonly id: string }) | null;
  readonly error: string | null;
}

export interface RunsSlice {
  readonly writePlan: WritePlanState;
  readonly activeRun: ActiveRun | null;
  readonly runHistory: RunHistoryState;
  readonly replayState: ReplayState;
  refreshPlan(): Promise<void>;
  /** The whole pipeline, or one stream; a full refresh reads from the start instead of the saved watermark. */
  startRun(options?: { readonly stream?: string | null; readonly fullRefresh?: boolean }): Promise<void>;
  cancelRun(): Promise<void>;
  refreshRunHistory(): Promise<void>;
  /** Replays the held rows of a batch or a run through the mapping and lookups as edited now. */
  replayHeld(id: string): Promise<void>;
  receiveStudioEvent(event: StudioEvent): void;
}

type Needs = RunsSlice & DocumentSlice;

/** The events about runs; sign-in and webhook events belong to other slices. */
type RunEvent = Extract<StudioEvent, { readonly job: string }>;
const isRunEvent = (event: StudioEvent): event is RunEvent =>
  event.type === 'run-progress' || event.type === 'run-finished' || event.type === 'run-failed';

export const IDLE_PLAN: WritePlanState = { status: 'idle', plan: null, error: null, forPipeline: null };
export const IDLE_HISTORY: RunHistoryState = {
  status: 'idle',
  runs: [],
  holds: [],
  resolvedHolds: [],
  error: null,
  forPath: null,
};
export const IDLE_REPLAY: ReplayState = { replaying: null, last: null, error: null };

/** Hints for the faults an analyst meets most: the host's own message says what and where. */
const HINTS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'Nothing answers at that address: is the system (or its sandbox) running?',
  ENOTFOUND: 'That server name is not known: check the address on the Connections screen.',
  ETIMEDOUT: 'The system did not answer in time: check the address and the network.',
  // The host names who holds the pipeline's run lock (a CLI run, `serve`, another studio); nothing was started.
  RUN_LOCKED: 'Start it again once that run has ended.',
};

export function plainError(error: unknown): string {
  const hint = error instanceof ApiCallError ? HINTS[error.code] : undefined;
  return hint ? `${messageOf(error)} ${hint}` : messageOf(error);
}

/** The pipeline as edited, under its file's name. A pipeline never saved has no name to keep runs under yet. */
export function currentPipelineRef(state: Pick<DocumentSlice, 'path' | 'pipeline'>): PipelineRef {
  if (state.pipeline === null) throw new Error('No pipeline is open.');
  if (state.path === null)
    throw new Error(
      'Save the pipeline first: its file name is what the run history and the last position read are kept under.',
    );
  return { path: state.path, text: formatPipeline(state.pipeline) };
}

export function isRunning(run: ActiveRun | null): boolean {
  return run !== null && (run.phase === 'starting' || run.phase === 'running' || run.phase === 'cancelling');
}

export function createRunsSlice(client: StudioClient): StateCreator<Needs, [], [], RunsSlice> {
  return (set, get) => {
    // Events can overtake the answer to `start` (they travel another way): keep them until the job is known.
    let early: RunEvent[] = [];
    // Only the latest request's answer is shown: an older one arriving late would show an older pipeline.
    let planRequest = 0;
    let historyRequest = 0;

    const setRun = (change: (run: ActiveRun) => ActiveRun) => {
      const run = get().activeRun;
      if (run) set({ activeRun: change(run) });
    };

    const finish = (outcome: RunOutcome | null, error: string | null) => {
      setRun((run) => ({
        ...run,
        phase: outcome ? 'finished' : 'failed',
        outcome,
        error,
        runId: outcome?.runId ?? run.runId,
        streams: outcome ? finalProgress(run.streams, outcome.streams) : run.streams,
      }));
      // What was written changes the plan and the history: read both again.
      set({ writePlan: IDLE_PLAN });
      void get().refreshRunHistory();
    };

    // The event stream can drop events (a reconnect loses what was sent meanwhile). When the host says
    // the job is gone, or the history shows the run ended, the run is over even though no event said so.
    const endedUnseen = () => {
      setRun((run) => ({ ...run, phase: 'finished', outcome: null }));
      set({ writePlan: IDLE_PLAN });
    };

    return {
      writePlan: IDLE_PLAN,
      activeRun: null,
      runHistory: IDLE_HISTORY,
      replayState: IDLE_REPLAY,

      async refreshPlan() {
        // The field being typed in is part of the pipeline the plan is made from (and so of every request below).
        get().commitEdits();
        const state = get();
        if (state.pipeline === null) return;
        const forPipeline = state.pipeline;
        const request = ++planRequest;
        set({ writePlan: { ...state.writePlan, status: 'loading', error: null } });
        try {
          const plan = await client.runs.plan({ pipeline: currentPipelineRef(state) });
          if (request === planRequest) set({ writePlan: { status: 'ready', plan, error: null, forPipeline } });
        } catch (error) {
          if (request === planRequest)
            set({ writePlan: { status: 'error', plan: null, error: plainError(error), forPipeline } });
        }
      },

      async startRun(options = {}) {
        get().commitEdits();
        const state = get();
        if (state.pipeline === null || isRunning(state.activeRun)) return;
        const streams = options.stream ? [options.stream] : Object.keys(state.pipeline.streams);
        const fullRefresh = options.fullRefresh === true;
        early = [];
        set({
          activeRun: {
            job: null,
            runId: null,
            phase: 'starting',
            fullRefresh,
            streams: initialProgress(streams),
            outcome: null,
            error: null,
          },
        });
        try {
          const { job } = await client.runs.start({
            pipeline: currentPipelineRef(state),
            ...(options.stream ? { streams: [options.stream] } : {}),
            ...(fullRefresh ? { fullRefresh } : {}),
          });
          setRun((run) => ({ ...run, job, phase: run.phase === 'starting' ? 'running' : run.phase }));
          const waiting = early.filter((event) => event.job === job);
          early = [];
          for (const event of waiting) get().receiveStudioEvent(event);
        } catch (error) {
          early = [];
          setRun((run) => ({ ...run, phase: 'failed', error: `The run did not start: ${plainError(error)}` }));
        }
      },

      async cancelRun() {
        const run = get().activeRun;
        if (!run || run.job === null || !isRunning(run)) return;
        setRun((r) => ({ ...r, phase: 'cancelling' }));
        try {
          const { cancelled } = await client.runs.cancel({ job: run.job });
          if (!cancelled && get().activeRun?.phase === 'cancelling') {
            endedUnseen();
            await get().refreshRunHistory();
          }
        } catch (error) {
          setRun((r) => ({
            ...r,
            phase: r.phase === 'cancelling' ? 'running' : r.phase,
            error: `The run could not be cancelled: ${plainError(error)}`,
          }));
        }
      },

      async refreshRunHistory() {
        const state = get();
        if (state.pipeline === null || state.path === null) return;
        const forPath = state.path;
        const request = ++historyRequest;
        set({ runHistory: { ...state.runHistory, status: 'loading', error: null, forPath } });
        try {
          const pipeline = currentPipelineRef(state);
          const [runs, holds, resolvedHolds] = await Promise.all([
            client.runs.audit({ pipeline }),
            client.runs.holds({ pipeline, status: 'open' }),
            client.runs.holds({ pipeline, status: 'resolved' }),
          ]);
          if (request !== historyRequest) return;
          set({ runHistory: { status: 'ready', runs, holds, resolvedHolds, error: null, forPath } });
          const active = get().activeRun;
          if (isRunning(active) && runs.some((r) => r.runId === active!.runId && r.status !== 'running')) endedUnseen();
        } catch (error) {
          if (request === historyRequest)
            set({
              runHistory: {
                ...get().runHistory,
                status: 'error',
                error: `The run history could not be read: ${plainError(error)}`,
                forPath,
              },
            });
        }
      },

      async replayHeld(id) {
        get().commitEdits();
        const state = get();
        if (state.pipeline === null || state.replayState.replaying !== null || isRunning(state.activeRun)) return;
        set({ replayState: { ...state.replayState, replaying: id, error: null } });
        try {
          const result = await client.runs.replay({ pipeline: currentPipelineRef(state), id });
          set({ replayState: { replaying: null, last: { ...result, id }, error: null }, writePlan: IDLE_PLAN });
        } catch (error) {
          set({
            replayState: {
              ...get().replayState,
              replaying: null,
              error: `The replay did not go through: ${plainError(error)}`,
            },
          });
        }
        await get().refreshRunHistory();
      },

      receiveStudioEvent(event) {
        if (!isRunEvent(event)) return;
        const run = get().activeRun;
        if (!run) return;
        if (run.job === null) {
          if (run.phase === 'starting') early.push(event);
          return;
        }
        if (event.job !== run.job) return;
        switch (event.type) {
          case 'run-progress':
            setRun((r) => ({
              ...r,
              runId: event.event.type === 'run-started' ? event.event.runId : r.runId,
              streams: applyRunEvent(r.streams, event.event),
            }));
            return;
          case 'run-finished':
            finish(event.outcome, null);
            return;
          case 'run-failed':
            finish(null, `The run stopped: ${event.error.message}`);
            return;
        }
      },
    };
  };
}
