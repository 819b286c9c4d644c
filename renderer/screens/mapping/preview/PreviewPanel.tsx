/**
 * Live preview: the stream's sample mapped with the pipeline as edited (the formula being typed
 * included), refreshed as the analyst types. Held rows sit among the rows with their reason; a
 * clicked value shows where it came from. While a newer preview is on its way, or when one failed,
 * the last good rows stay on screen and the panel says so.
 */
import { useEffect, useMemo, useState } from 'react';
import type { PreviewResult } from '../../../api/wire.ts';
import { studioStore, useStudio } from '../../../state/store.ts';
import { ColumnProfilePanel } from './ColumnProfilePanel.tsx';
import { ownEntry } from '../../../../engine/model/own-names.ts';
import { columnKinds, compareWithLastRun } from './last-run-diff.ts';
import { PreviewGrid, type PickedValue } from './PreviewGrid.tsx';
import { PREVIEW_FILTERS, type PreviewFilter } from './preview-filter.ts';
import { useLastRun } from './use-last-run.ts';
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
  const comparing = useLastRunComparison(stream, result);
  // The option is offered only when there is something to compare with; chosen, it stays while a new one is asked.
  const shownFilter = filter === 'differs' && comparing.reason !== null && !comparing.loading ? 'all' : filter;
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
          <select
            value={shownFilter}
            onChange={(event) => setFilter(event.target.value as PreviewFilter)}
            aria-describedby={comparing.reason === null ? undefined : 'preview-compare-note'}
          >
            {PREVIEW_FILTERS.map((option) => (
              <option
                key={option.value}
                value={option.value}
                disabled={option.value === 'differs' && comparing.reason !== null}
                title={option.value === 'differs' ? (comparing.reason ?? undefined) : undefined}
              >
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
      {comparing.reason !== null && !comparing.loading && (
        <p className="preview-compare-note" id="preview-compare-note">
          Values that differ from the last run: {comparing.reason}
        </p>
      )}
      {shownFilter === 'differs' && comparing.summary !== null && (
        <p className="preview-compare-note" role="status">
          {comparing.summary}
        </p>
      )}
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
            filter={shownFilter}
            comparisons={comparing.comparisons}
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

/** The preview's rows against what the last run wrote: the comparison, a summary, or why there is none. */
function useLastRunComparison(stream: string, result: PreviewResult | null) {
  const load = useLastRun(stream, result);
  const mappings = useStudio((state) =>
    state.pipeline === null ? undefined : ownEntry(state.pipeline.streams, stream)?.mappings,
  );
  return useMemo(() => {
    if (load.status === 'loading')
      return { loading: true, reason: 'Reading what the last run wrote…', comparisons: null, summary: null };
    if (load.status === 'failed')
      return {
        loading: false,
        reason: `what the last run wrote could not be read: ${load.message}`,
        comparisons: null,
        summary: null,
      };
    const answer = load.answer;
    if (!answer.available || result === null || mappings === undefined)
      return {
        loading: false,
        reason: answer.available ? 'no preview yet.' : answer.reason,
        comparisons: null,
        summary: null,
      };
    const columns = result.columns.map((column) => column.name);
    const comparisons = compareWithLastRun(result.rows, columns, columnKinds(mappings), answer);
    const changed = comparisons.filter((comparison) => comparison.kind === 'changed').length;
    const added = comparisons.filter((comparison) => comparison.kind === 'new').length;
    const when = new Date(answer.lastRun.finishedAt ?? answer.lastRun.startedAt).toLocaleString();
    const summary = `${changed} row${changed === 1 ? '' : 's'} differ${changed === 1 ? 's' : ''} from what ${answer.table} holds (last run ${when}), ${added} new since the last run.`;
    return { loading: false, reason: null, comparisons, summary };
  }, [load, result, mappings]);
}
