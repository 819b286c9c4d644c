/**
 * The audit history: every run and replay of this pipeline, newest first, with its counts per stream
 * and its control totals reconciled (source beside destination). A run whose held rows were replayed
 * since is also reconciled with what those replays wrote. A difference nothing explains is flagged.
 * A run's detail also lists the jobs it started after the load (`JobRuns.tsx`).
 */
import { useState } from 'react';
import type { AuditedRun } from '../../api/wire.ts';
import { isRunning } from '../../state/runs.ts';
import { jobRunFailed } from './job-run-words.ts';
import { JobRuns } from './JobRuns.tsx';
import { studioStore, useStudio } from '../../state/store.ts';
import { runVerdict } from './run-verdict.ts';
import { TotalsChart } from './TotalsChart.tsx';
import { TotalsTable } from './TotalsTable.tsx';
import { countText, runStatusText, timeText } from './words.ts';

export function RunHistory() {
  const runs = useStudio((state) => state.runHistory.runs);
  const status = useStudio((state) => state.runHistory.status);
  const error = useStudio((state) => state.runHistory.error);
  const [open, setOpen] = useState<string | null>(null);

  return (
    <section className="run-history" aria-labelledby="run-history-title">
      <div className="run-history-header">
        <h2 id="run-history-title">Run history</h2>
        <button
          type="button"
          disabled={status === 'loading'}
          onClick={() => void studioStore().getState().refreshRunHistory()}
        >
          Refresh
        </button>
      </div>
      <p className="muted">
        Control totals compare what was read from the source with what reached the destination: row counts, and debit
        and credit sums per period. Held rows explain a lower destination total until they are replayed. Rows read again
        that the destination already held are counted as already loaded, not written, and are on both sides of the
        totals.
      </p>
      {error !== null && (
        <p className="run-error" role="alert">
          {error}
        </p>
      )}
      {runs.length === 0 && status === 'ready' && <p>No runs yet.</p>}
      {runs.length > 0 && (
        <table className="grid history-table" aria-label="Runs and replays">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Finished</th>
              <th scope="col">Stream</th>
              <th scope="col" className="number">
                Read
              </th>
              <th scope="col" className="number">
                Written
              </th>
              <th scope="col" className="number">
                Held
              </th>
              <th scope="col" className="number">
                Already loaded
              </th>
              <th scope="col">Control totals</th>
              <th scope="col">
                <span className="visually-hidden">Details</span>
              </th>
            </tr>
          </thead>
          {runs.map((run) => (
            <RunRows
              key={run.runId}
              run={run}
              expanded={open === run.runId}
              onToggle={() => setOpen(open === run.runId ? null : run.runId)}
            />
          ))}
        </table>
      )}
    </section>
  );
}

function RunRows({ run, expanded, onToggle }: { run: AuditedRun; expanded: boolean; onToggle: () => void }) {
  const verdict = runVerdict(run);
  const busy = useStudio((state) => state.replayState.replaying !== null || isRunning(state.activeRun));
  const streams = run.streams.length > 0 ? run.streams : [null];
  return (
    <tbody
      className={verdict.flag ? 'run mismatch' : 'run'}
      aria-label={`${run.trigger === 'replay' ? 'Replay' : 'Run'} ${run.runId}`}
    >
      {streams.map((stream, index) => (
        <tr key={stream?.stream ?? 'none'}>
          {index === 0 && (
            <>
              <td rowSpan={streams.length} title={run.runId}>
                {timeText(run.startedAt)}
              </td>
              <td rowSpan={streams.length}>{run.trigger === 'replay' ? 'Replay' : 'Run'}</td>
              <td rowSpan={streams.length}>
                {runStatusText(run.status)}
                {run.openHolds > 0 && (
                  <div className="muted">
                    {countText(run.openHolds)} still held{' '}
                    <button
                      type="button"
                      className="link"
                      disabled={busy}
                      onClick={() => void studioStore().getState().replayHeld(run.runId)}
                      aria-label={`Replay the held rows of run ${run.runId}`}
                    >
                      Replay the held rows
                    </button>
                  </div>
                )}
                {run.openHolds === 0 && run.resolvedHolds > 0 && <div className="muted">all since replayed</div>}
                {run.error && <div className="run-error">{run.error.message}</div>}
                {run.jobRuns.some(jobRunFailed) && (
                  <div className="run-error">A job after the load failed (see the details)</div>
                )}
              </td>
              <td rowSpan={streams.length}>{timeText(run.finishedAt)}</td>
            </>
          )}
          <td>{stream?.stream ?? ''}</td>
          <td className="number">{stream ? countText(stream.read) : ''}</td>
          <td className="number">{stream ? countText(stream.written) : ''}</td>
          <td className="number">{stream ? countText(stream.held) : ''}</td>
          <td className="number">{stream ? countText(stream.alreadyLoaded) : ''}</td>
          {index === 0 && (
            <>
              <td rowSpan={streams.length} className={`verdict verdict-${verdict.tone}`}>
                {verdict.text}
              </td>
              <td rowSpan={streams.length}>
                <button
                  type="button"
                  className="link"
                  aria-expanded={expanded}
                  onClick={onToggle}
                  aria-label={`${expanded ? 'Hide' : 'Show'} the control totals of ${run.runId}`}
                >
                  {/* The visible words begin the button's name, so speech input finds it by what it shows. */}
                  {expanded ? 'Hide the control totals' : 'Show the control totals'}
                </button>
              </td>
            </>
          )}
        </tr>
      ))}
      {expanded && (
        <tr className="totals-row">
          <td colSpan={11}>
            <RunTotals run={run} />
          </td>
        </tr>
      )}
    </tbody>
  );
}

function RunTotals({ run }: { run: AuditedRun }) {
  return (
    <>
      <RunReconciliation run={run} />
      <JobRuns runId={run.runId} jobRuns={run.jobRuns} />
    </>
  );
}

function RunReconciliation({ run }: { run: AuditedRun }) {
  if (run.reconciliation.length === 0) return <p>Nothing was written in this run, so there is nothing to reconcile.</p>;
  return (
    <div className="run-totals">
      {run.reconciliation.map((stream) => {
        const caption = `${stream.stream}: this ${run.trigger === 'replay' ? 'replay' : 'run'}`;
        return (
          <div key={stream.stream} className="stream-totals">
            <TotalsTable stream={stream} caption={caption} />
            <TotalsChart stream={stream} caption={caption} />
          </div>
        );
      })}
      {run.afterReplays?.streams.map((stream) => (
        <TotalsTable
          key={`after-${stream.stream}`}
          stream={stream}
          caption={`${stream.stream}: including what the replay${run.afterReplays!.replayRunIds.length > 1 ? 's' : ''} of its held rows wrote`}
        />
      ))}
    </div>
  );
}
