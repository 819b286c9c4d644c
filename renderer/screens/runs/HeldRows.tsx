/**
 * Rows held for review, batch by batch: why each was held and the source record's values. Replay
 * sends a batch's held rows through the mapping and lookups as they are now (with unsaved edits),
 * without reading the source again; rows that pass are written and move to "resolved".
 */
import { useShallow } from 'zustand/react/shallow';
import type { HoldInfo } from '../../api/wire.ts';
import { isRunning } from '../../state/runs.ts';
import { studioStore, useStudio } from '../../state/store.ts';
import { countText, reasonText, timeText, valueText } from './words.ts';

export function HeldRows() {
  const holds = useStudio((state) => state.runHistory.holds);
  const resolved = useStudio((state) => state.runHistory.resolvedHolds);
  const replay = useStudio(useShallow((state) => state.replayState));
  const running = useStudio((state) => isRunning(state.activeRun));
  const batches = groupByBatch(holds);

  return (
    <section className="held-rows" aria-labelledby="held-rows-title">
      <h2 id="held-rows-title">Held rows to review</h2>
      <p className="muted">
        Fix the cause first (for example, add the missing account to the lookup table, or change the column's formula on
        the Mapping screen), then replay: the held rows go through the mapping as it is now, without reading the source
        again.
      </p>
      {replay.replaying !== null && <p role="status">Replaying the held rows of {replay.replaying}…</p>}
      {replay.last !== null && replay.replaying === null && (
        <p role="status" className={replay.last.stillHeld > 0 ? 'replay-result still-held' : 'replay-result'}>
          Replayed {rows(replay.last.replayed)}: {countText(replay.last.resolved)} now{' '}
          {replay.last.resolved === 1 ? 'passes' : 'pass'} and {replay.last.resolved === 1 ? 'was' : 'were'} written,{' '}
          {countText(replay.last.stillHeld)} still held.
        </p>
      )}
      {replay.error !== null && (
        <p className="run-error" role="alert">
          {replay.error}
        </p>
      )}
      {holds.length === 0 ? (
        <p>No rows are held for review.</p>
      ) : (
        [...batches].map(([batchId, batchHolds]) => (
          <div className="held-batch" key={batchId}>
            <div className="held-batch-header">
              <span>
                {rows(batchHolds.length)} held from stream <strong>{batchHolds[0]!.stream}</strong>, batch{' '}
                <code>{batchId}</code>
              </span>
              <button
                type="button"
                disabled={replay.replaying !== null || running}
                aria-label={`Replay the held rows of batch ${batchId}`}
                onClick={() => void studioStore().getState().replayHeld(batchId)}
              >
                Replay
              </button>
            </div>
            <HoldTable holds={batchHolds} label={`Held rows of batch ${batchId}`} />
          </div>
        ))
      )}
      {resolved.length > 0 && (
        <details className="resolved-holds">
          <summary>Resolved by a replay ({countText(resolved.length)})</summary>
          <HoldTable holds={resolved} label="Held rows since resolved" />
        </details>
      )}
    </section>
  );
}

function HoldTable({ holds, label }: { holds: readonly HoldInfo[]; label: string }) {
  return (
    <table className="grid hold-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Stream</th>
          <th scope="col">Why it is held</th>
          <th scope="col">Source record</th>
          {holds.some((h) => h.status === 'resolved') && <th scope="col">Resolved</th>}
        </tr>
      </thead>
      <tbody>
        {holds.map((hold) => (
          <tr key={hold.id} className={hold.status === 'open' ? 'held' : undefined}>
            <td>{hold.stream}</td>
            <td className="hold-reasons">
              {hold.reasons.length === 0
                ? 'The source sent this record with a problem'
                : hold.reasons.map((reason, i) => <div key={i}>{reasonText(reason)}</div>)}
            </td>
            <td>
              <dl className="source-record">
                {Object.entries(hold.sourceRecord).map(([field, value]) => (
                  <div key={field}>
                    <dt>{field}</dt>
                    <dd>{valueText(value)}</dd>
                  </div>
                ))}
              </dl>
            </td>
            {hold.status === 'resolved' && (
              <td>
                {timeText(hold.resolvedAt)} by replay <code>{hold.resolvedByRunId}</code>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function groupByBatch(holds: readonly HoldInfo[]): Map<string, HoldInfo[]> {
  const batches = new Map<string, HoldInfo[]>();
  for (const hold of holds) batches.set(hold.batchId, [...(batches.get(hold.batchId) ?? []), hold]);
  return batches;
}

function rows(n: number): string {
  return n === 1 ? '1 row' : `${countText(n)} rows`;
}
