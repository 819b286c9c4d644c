/**
 * Live preview: the stream's sample mapped with the pipeline as edited (the formula being typed
 * included), refreshed as the analyst types. Held rows sit among the rows with their reason; a
 * clicked value shows where it came from. While a newer preview is on its way, or when one failed,
 * the last good rows stay on screen and the panel says so.
 */
import { useEffect, useMemo, useState } from 'react';
import { studioStore, useStudio } from '../../../state/store.ts';
import { ColumnProfilePanel } from './ColumnProfilePanel.tsx';
import { PreviewGrid, type PickedValue } from './PreviewGrid.tsx';
import { PREVIEW_FILTERS, type PreviewFilter } from './preview-filter.ts';
import { describePreviewError, originOf, previewLines } from './preview-rows.ts';
import { ValueOrigin } from './ValueOrigin.tsx';
import './preview.css';

export function PreviewPanel({ stream }: { stream: string }) {
  const pipeline = useStudio((state) => state.pipeline);
  const path = useStudio((state) => state.path);
  const preview = useStudio((state) => state.preview);
  const selectedColumn = useStudio((state) => state.column);
  const [picked, setPicked] = useState<PickedValue | null>(null);
  const [filter, setFilter] = useState<PreviewFilter>('all');

  // Any change to the pipeline (undo, the canvas, a type) or another stream: preview again. Typing
  // asks by itself (the store paces it); a preview of the same text is not asked twice.
  useEffect(() => studioStore().getState().schedulePreview(), [pipeline, path, stream]);
  useEffect(() => setPicked(null), [stream]);

  const result = preview.stream === stream ? preview.result : null;
  const origin = useMemo(() => {
    if (result === null || picked === null) return undefined;
    const line = previewLines(result).find((candidate) => candidate.position === picked.position);
    return line === undefined ? undefined : { line, origin: originOf(result, line, picked.column) };
  }, [result, picked]);
  const problem = preview.error === null ? null : describePreviewError(preview.error, result !== null);

  return (
    <section className="preview-panel" aria-label="Preview" aria-busy={preview.updating}>
      <header className="preview-bar">
        <h3>Preview</h3>
        <span className="preview-summary">
          {result === null
            ? ''
            : `${result.rows.length} row${result.rows.length === 1 ? '' : 's'}, ${result.held.length} held, from ${result.read} source record${result.read === 1 ? '' : 's'} read at ${new Date(result.sample.readAt).toLocaleTimeString()}`}
        </span>
        <label className="preview-filter">
          Show{' '}
          <select value={filter} onChange={(event) => setFilter(event.target.value as PreviewFilter)}>
            {PREVIEW_FILTERS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <span className="preview-status" role="status">
          {preview.updating ? 'Updating…' : result !== null && problem === null ? 'Up to date' : ''}
        </span>
        <button
          type="button"
          onClick={() => studioStore().getState().refreshPreview()}
          title="The sample is kept for a minute while you edit; read it again from the source now"
        >
          Read the source again
        </button>
      </header>
      {problem !== null && (
        <div className="preview-error" role="alert">
          <p>{problem.headline}</p>
          <ul>
            {problem.details.map((detail, index) => (
              <li key={index}>{detail}</li>
            ))}
          </ul>
        </div>
      )}
      {result === null ? (
        <p className="empty-state">
          {preview.updating ? 'Reading a sample from the source…' : problem === null ? 'No preview yet.' : ''}
        </p>
      ) : (
        <div className="preview-body">
          <PreviewGrid
            result={result}
            revision={preview.revision}
            selectedColumn={selectedColumn}
            picked={picked}
            filter={filter}
            onPick={setPicked}
            onPickColumn={(column) => studioStore().getState().selectColumn(column)}
          />
          {origin?.origin !== undefined && (
            <ValueOrigin
              origin={origin.origin}
              {...(origin.line.kind === 'held' ? { reasons: origin.line.reasons } : {})}
              onClose={() => setPicked(null)}
            />
          )}
          <ColumnProfilePanel result={result} selectedColumn={selectedColumn} />
        </div>
      )}
    </section>
  );
}
