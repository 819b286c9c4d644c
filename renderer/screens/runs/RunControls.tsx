/** Start a run (the whole pipeline or one stream, optionally a full refresh), or cancel the one under way. */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { isRunning } from '../../state/runs.ts';
import { studioStore, useStudio } from '../../state/store.ts';

export function RunControls() {
  // Stream names with their write modes, as "name:mode" text so the selector returns a comparable array.
  const streams = useStudio(
    useShallow((state) =>
      Object.entries(state.pipeline?.streams ?? {}).map(([name, stream]) => `${name}:${stream.target.writeMode}`),
    ),
  );
  const running = useStudio((state) => isRunning(state.activeRun));
  const cancelling = useStudio((state) => state.activeRun?.phase === 'cancelling');
  const canCancel = useStudio((state) => state.activeRun?.job != null);
  const saved = useStudio((state) => state.path !== null);
  const unsaved = useStudio((state) => state.dirty);
  const [only, setOnly] = useState('');
  const [fullRefresh, setFullRefresh] = useState(false);

  const modes = new Map(
    streams.map((entry) => [entry.slice(0, entry.lastIndexOf(':')), entry.slice(entry.lastIndexOf(':') + 1)]),
  );
  const chosen = only ? [only] : [...modes.keys()];
  const appending = chosen.filter((name) => modes.get(name) === 'append');
  const s = studioStore().getState;

  return (
    <section className="run-controls" aria-labelledby="run-controls-title">
      <h2 id="run-controls-title">Run the pipeline</h2>
      <div className="run-controls-row">
        <label>
          What to run{' '}
          <select value={only} disabled={running} onChange={(event) => setOnly(event.target.value)}>
            <option value="">All streams</option>
            {[...modes.keys()].map((name) => (
              <option key={name} value={name}>
                Only {name}
              </option>
            ))}
          </select>
        </label>
        <label className="run-full-refresh">
          <input
            type="checkbox"
            checked={fullRefresh}
            disabled={running}
            onChange={(event) => setFullRefresh(event.target.checked)}
          />
          Full refresh: read everything again from the start
        </label>
        <button
          type="button"
          className="primary"
          disabled={running || !saved || modes.size === 0}
          onClick={() => void s().startRun({ stream: only || null, fullRefresh })}
        >
          Start run
        </button>
        {running && (
          <button
            type="button"
            className="danger"
            disabled={cancelling || !canCancel}
            onClick={() => void s().cancelRun()}
          >
            {cancelling ? 'Cancelling…' : 'Cancel run'}
          </button>
        )}
      </div>
      {fullRefresh && (
        <p className="run-warning" role="note">
          A full refresh ignores where the last run stopped and reads every source record again, so it takes longer.
          Tables updated by key end up the same.
          {appending.length > 0 &&
            ` ${appending.join(', ')} ${appending.length === 1 ? 'adds' : 'add'} rows (append mode): every row would be written a second time.`}
        </p>
      )}
      {!saved && <p className="muted">Save the pipeline first: its file name is what the run history is kept under.</p>}
      {saved && unsaved && (
        <p className="muted">The run uses the pipeline as shown here, including your unsaved changes.</p>
      )}
    </section>
  );
}
