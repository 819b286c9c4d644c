/**
 * Write plan: what a run would do now to each destination table (new rows, changed rows, unchanged,
 * held for review), worked out by the host from the pipeline as edited, reading from where the last
 * run stopped. Nothing is written. Each figure is explained in words below the table.
 */
import { useEffect } from 'react';
import type { StreamPlan } from '../../api/wire.ts';
import { isRunning } from '../../state/runs.ts';
import { studioStore, useStudio } from '../../state/store.ts';
import './plan.css';

const WRITE_MODES: Readonly<Record<string, string>> = {
  merge: 'Update by key (merge)',
  append: 'Add rows (append)',
  replace: 'Replace the whole table',
};

export function PlanScreen() {
  const status = useStudio((state) => state.writePlan.status);
  const plan = useStudio((state) => state.writePlan.plan);
  const error = useStudio((state) => state.writePlan.error);
  const stale = useStudio(
    (state) => state.writePlan.forPipeline !== null && state.writePlan.forPipeline !== state.pipeline,
  );
  const running = useStudio((state) => isRunning(state.activeRun));
  const unsaved = useStudio((state) => state.dirty);

  // A plan is made when the screen is first shown (and after a run or replay changed the destination).
  useEffect(() => {
    if (status === 'idle' && !running) void studioStore().getState().refreshPlan();
  }, [status, running]);

  return (
    <section className="plan-screen" aria-label="Write plan">
      <header className="plan-header">
        <div>
          <h2>Write plan</h2>
          <p className="muted">
            What a run would write now, table by table, starting where the last run stopped. Working it out reads the
            source and compares with the destination; nothing is written.
            {unsaved ? ' It uses the pipeline as shown here, with your unsaved changes.' : ''}
          </p>
        </div>
        <button
          type="button"
          className="primary"
          disabled={status === 'loading' || running}
          onClick={() => void studioStore().getState().refreshPlan()}
        >
          Refresh
        </button>
      </header>
      {running && <p className="plan-note">A run is under way: refresh the plan when it has finished.</p>}
      {stale && status !== 'loading' && (
        <p className="plan-note" role="status">
          The pipeline has changed since this plan was made: refresh to see what your edits would write.
        </p>
      )}
      {status === 'loading' && (
        <p role="status">Working out the plan: reading the source and comparing with the destination…</p>
      )}
      {status === 'error' && error !== null && (
        <div className="plan-error" role="alert">
          <strong>The write plan could not be made.</strong> {error}
        </div>
      )}
      {plan && plan.streams.length === 0 && (
        <p className="empty-state">
          This pipeline has no streams yet, so a run would write nothing. Add a stream on the Mapping screen.
        </p>
      )}
      {plan && plan.streams.length > 0 && <PlanTable streams={plan.streams} dimmed={status === 'loading' || stale} />}
      <PlanLegend />
    </section>
  );
}

function PlanTable({ streams, dimmed }: { streams: readonly StreamPlan[]; dimmed: boolean }) {
  return (
    <table className={`grid plan-table${dimmed ? ' dimmed' : ''}`} aria-label="What a run would write">
      <thead>
        <tr>
          <th scope="col">Stream</th>
          <th scope="col">Destination table</th>
          <th scope="col">How it writes</th>
          <th scope="col" className="number">
            Rows to read
          </th>
          <th scope="col" className="number">
            Inserts
          </th>
          <th scope="col" className="number">
            Updates
          </th>
          <th scope="col" className="number">
            Unchanged
          </th>
          <th scope="col" className="number">
            Held
          </th>
        </tr>
      </thead>
      <tbody>
        {streams.map((s) => (
          <tr key={s.name}>
            <th scope="row">{s.name}</th>
            <td>{s.table}</td>
            <td>{WRITE_MODES[s.writeMode] ?? s.writeMode}</td>
            <td className="number">{count(s.read)}</td>
            <td className="number">{count(s.inserts)}</td>
            <td className="number">{count(s.updates)}</td>
            <td className="number">{count(s.unchanged)}</td>
            <td className={`number${s.held > 0 ? ' held' : ''}`}>{count(s.held)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PlanLegend() {
  return (
    <dl className="plan-legend" aria-label="What the figures mean">
      <dt>Rows to read</dt>
      <dd>
        Source records the next run would read: everything on the first run, afterwards only what is new or changed
        since the last run (plus a safety margin, if the stream has one).
      </dd>
      <dt>Inserts</dt>
      <dd>Rows the destination table does not have yet: the run adds them.</dd>
      <dt>Updates</dt>
      <dd>
        Rows already in the table whose values differ: the run overwrites them with the new values (matched on the key).
      </dd>
      <dt>Unchanged</dt>
      <dd>Rows already in the table with exactly these values: the run leaves them as they are.</dd>
      <dt>Held</dt>
      <dd>
        Rows that fail a check, such as a GL account missing from a lookup table or a required value that is empty: the
        run keeps them for review on the Runs screen instead of writing them.
      </dd>
    </dl>
  );
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}
