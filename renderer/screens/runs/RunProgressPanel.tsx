/** The run under way (or the last one started here): live counts per stream, rate, time left, and the outcome. */
import { durationText, secondsLeft, type StreamProgress } from '../../state/run-progress.ts';
import type { ActiveRun } from '../../state/runs.ts';
import { useStudio } from '../../state/store.ts';
import { countText, streamStatusText } from './words.ts';

export function RunProgressPanel() {
  const run = useStudio((state) => state.activeRun);
  if (run === null) return null;
  return (
    <section className="run-progress" aria-label="Run progress">
      <h3>{headline(run)}</h3>
      {run.error !== null && (
        <p className="run-error" role="alert">
          {run.error}
        </p>
      )}
      <table className="grid run-table" aria-label="Progress per stream">
        <thead>
          <tr>
            <th scope="col">Stream</th>
            <th scope="col">Status</th>
            <th scope="col" className="number">
              Read
            </th>
            <th scope="col" className="number">
              Written
            </th>
            <th scope="col" className="number">
              Held
            </th>
            <th
              scope="col"
              className="number"
              title="Rows read again that the destination already held: not written twice"
            >
              Already loaded
            </th>
            <th scope="col" className="number">
              Rows per second
            </th>
            <th scope="col">Time left</th>
          </tr>
        </thead>
        <tbody>
          {run.streams.map((stream) => (
            <StreamRow key={stream.stream} stream={stream} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function StreamRow({ stream }: { stream: StreamProgress }) {
  const left = secondsLeft(stream);
  const note = stream.error ?? stream.retrying;
  return (
    <>
      <tr className={stream.status === 'failed' ? 'failed' : undefined}>
        <th scope="row">{stream.stream}</th>
        <td>{streamStatusText(stream.status)}</td>
        <td className="number">{countText(stream.read)}</td>
        <td className="number">{countText(stream.written)}</td>
        <td className={`number${stream.held > 0 ? ' held' : ''}`}>{countText(stream.held)}</td>
        <td className="number">{countText(stream.alreadyLoaded)}</td>
        <td className="number">{stream.rate === null ? '' : countText(stream.rate)}</td>
        <td>{left === null ? '' : durationText(left)}</td>
      </tr>
      {note !== null && (
        <tr className="run-stream-note">
          <td colSpan={8}>{stream.error !== null ? `Why: ${stream.error}` : `A passing fault: ${stream.retrying}`}</td>
        </tr>
      )}
    </>
  );
}

function headline(run: ActiveRun): string {
  const refresh = run.fullRefresh ? ' (full refresh)' : '';
  switch (run.phase) {
    case 'starting':
      return `Starting the run${refresh}…`;
    case 'running':
      return `Running${refresh}…`;
    case 'cancelling':
      return 'Cancelling: the run stops after the batch it is writing, so nothing is half-written…';
    case 'failed':
      return 'The run did not finish';
    case 'finished':
      if (run.outcome === null) return 'The run has ended: its outcome is in the run history below';
      switch (run.outcome.status) {
        case 'ok':
          return okHeadline(run);
        case 'held':
          return `Run finished: ${heldCount(run)} held for review (below)`;
        case 'cancelled':
          return 'Run cancelled: what was written before stays, and the next run continues from there';
        case 'failed':
          return 'Run finished with a failed stream';
      }
  }
}

/** Rows read again and found already in the destination are neither written nor lost: say how many of each. */
function okHeadline(run: ActiveRun): string {
  const already = run.streams.reduce((sum, s) => sum + s.alreadyLoaded, 0);
  if (already === 0) return 'Run finished: every row was written';
  const written = run.streams.reduce((sum, s) => sum + s.written, 0);
  return `Run finished: ${rowsText(written)} written; ${countText(already)} read again ${already === 1 ? 'was' : 'were'} already in the destination`;
}

function rowsText(count: number): string {
  return count === 1 ? '1 row' : `${countText(count)} rows`;
}

function heldCount(run: ActiveRun): string {
  return rowsText(run.streams.reduce((sum, s) => sum + s.held, 0));
}
