/**
 * How the stream's rows are written: the pipeline's batch size (for every stream) and the columns
 * whose equal values are written whole or held whole (a GL journal's lines, say).
 */
import { useState } from 'react';
import type { Pipeline } from '../../../engine/model/index.ts';
import { readBatchSize, setBatchSize, setHoldTogether } from '../../commands/stream-settings.ts';
import { studioStore } from '../../state/store.ts';
import { CommitInput } from '../connections/CommitInput.tsx';

export function WritingSection({ pipeline, stream }: { pipeline: Pipeline; stream: string }) {
  const definition = pipeline.streams[stream]!;
  const held = definition.target.holdTogether ?? [];
  const [batchProblem, setBatchProblem] = useState<string | null>(null);
  const apply = studioStore().getState().apply;

  function takeBatchSize(text: string): void {
    const read = readBatchSize(text);
    if (!read.ok) return setBatchProblem(read.reason);
    setBatchProblem(null);
    apply('Change the batch size', setBatchSize(read.value));
  }

  function toggle(column: string, on: boolean): void {
    const columns = Object.keys(definition.mappings).filter((name) => (name === column ? on : held.includes(name)));
    apply(`${on ? 'Hold' : 'Do not hold'} rows of ${stream} together by ${column}`, setHoldTogether(stream, columns));
  }

  return (
    <section className="settings-section" aria-label="Writing">
      <h3>Writing</h3>
      <p className="muted">
        Into {definition.target.table} on {definition.target.connection} ({definition.target.writeMode}).
      </p>
      <label>
        Batch size (every stream)
        <CommitInput
          aria-label="Batch size"
          inputMode="numeric"
          value={pipeline.settings?.batchSize === undefined ? '' : String(pipeline.settings.batchSize)}
          placeholder="10,000 (the default)"
          aria-invalid={batchProblem !== null}
          onCommit={takeBatchSize}
        />
      </label>
      {batchProblem !== null && (
        <p className="settings-problem" role="alert">
          {batchProblem}
        </p>
      )}
      <fieldset className="settings-checks">
        <legend>Hold together: rows with the same value in these columns are written whole or held whole</legend>
        {Object.keys(definition.mappings).map((column) => (
          <label key={column}>
            <input
              type="checkbox"
              checked={held.includes(column)}
              onChange={(event) => toggle(column, event.target.checked)}
            />{' '}
            {column}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
