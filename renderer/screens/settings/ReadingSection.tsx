/**
 * How the stream reads its source: filters (field = value at the source), lookback, end value and page
 * size. The page size's default and bound are the source system's own (Dynamics GP serves at most
 * 1,000 a page); one over it is refused with the reason and the limit.
 */
import { useState } from 'react';
import { effectivePageSize, ownEntry, type Pipeline } from '../../../engine/model/index.ts';
import {
  filterValueOf,
  lookbackProblem,
  readPageSize,
  renameSourceFilter,
  setSourceFilter,
  setSourceSetting,
} from '../../commands/stream-settings.ts';
import { studioStore, useStudio } from '../../state/store.ts';
import { CommitInput } from '../connections/CommitInput.tsx';

const apply = (label: string, command: (pipeline: Pipeline) => Pipeline) =>
  studioStore().getState().apply(label, command);

/** A scalar as the box shows it (the file's JSON value, text without quotes). */
function shown(value: unknown): string {
  return value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
}

export function ReadingSection({ pipeline, stream }: { pipeline: Pipeline; stream: string }) {
  const source = pipeline.streams[stream]!.source;
  const system = ownEntry(pipeline.connections, source.connection)?.system;
  const info = useStudio((state) => state.systems.find((each) => each.system === system));
  const limit = info?.maxPageSize;
  const label = info?.label ?? system ?? source.connection;
  const [pageProblem, setPageProblem] = useState<string | null>(null);
  const [lookbackError, setLookbackError] = useState<string | null>(null);
  const fallback = effectivePageSize(
    pipeline,
    { source: { ...source, pageSize: undefined } },
    pipeline.settings?.batchSize,
  );

  function takePageSize(text: string): void {
    const read = readPageSize(text, limit, label);
    if (!read.ok) return setPageProblem(read.reason);
    setPageProblem(null);
    apply(`Change the page size of ${stream}`, setSourceSetting(stream, 'pageSize', read.value));
  }

  function takeLookback(text: string): void {
    const problem = lookbackProblem(text);
    if (problem !== undefined) return setLookbackError(problem);
    setLookbackError(null);
    apply(`Change the lookback of ${stream}`, setSourceSetting(stream, 'lookback', text.trim() || undefined));
  }

  const filters = Object.entries(source.filters ?? {});
  return (
    <section className="settings-section" aria-label="Reading">
      <h3>Reading</h3>
      <p className="muted">
        {source.entity} from {source.connection}
        {source.cursor === undefined ? ', read whole each run' : `, changes found by ${source.cursor}`}.
      </p>
      <div className="settings-row">
        <label>
          Lookback
          <CommitInput
            aria-label="Lookback"
            value={source.lookback ?? ''}
            placeholder="none, e.g. PT1H"
            spellCheck={false}
            aria-invalid={lookbackError !== null}
            onCommit={takeLookback}
          />
        </label>
        <label>
          End value
          <CommitInput
            aria-label="End value"
            value={shown(source.end)}
            placeholder="none (read to now)"
            onCommit={(text) =>
              apply(
                `Change the end value of ${stream}`,
                setSourceSetting(stream, 'end', text.trim() === '' ? undefined : filterValueOf(text)),
              )
            }
          />
        </label>
        <label>
          Page size
          <CommitInput
            aria-label="Page size"
            inputMode="numeric"
            value={source.pageSize === undefined ? '' : String(source.pageSize)}
            placeholder={`${fallback.toLocaleString('en-US')} (the default)`}
            aria-invalid={pageProblem !== null}
            onCommit={takePageSize}
          />
        </label>
      </div>
      <p className="muted" aria-label="Page size limit">
        {limit === undefined
          ? `${label} sets no page limit; up to 100,000 records per page.`
          : `${label} serves at most ${limit.toLocaleString('en-US')} records per page.`}
      </p>
      {lookbackError !== null && (
        <p className="settings-problem" role="alert">
          {lookbackError}
        </p>
      )}
      {pageProblem !== null && (
        <p className="settings-problem" role="alert" aria-label="Page size refused">
          {pageProblem}
        </p>
      )}
      <table className="grid settings-filters" aria-label="Source filters">
        <thead>
          <tr>
            <th>Field</th>
            <th>Equals</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {filters.map(([field, value], index) => (
            <tr key={field}>
              <td>
                <CommitInput
                  aria-label={`Filter field, row ${index + 1}`}
                  value={field}
                  onCommit={(to) => apply(`Rename a filter of ${stream}`, renameSourceFilter(stream, field, to.trim()))}
                />
              </td>
              <td>
                <CommitInput
                  aria-label={`Filter value, row ${index + 1}`}
                  value={shown(value)}
                  onCommit={(text) =>
                    apply(`Change a filter of ${stream}`, setSourceFilter(stream, field, filterValueOf(text)))
                  }
                />
              </td>
              <td>
                <button
                  type="button"
                  aria-label={`Remove the filter on ${field}`}
                  onClick={() => apply(`Remove a filter of ${stream}`, setSourceFilter(stream, field, undefined))}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
          <tr>
            <td colSpan={3}>
              <CommitInput
                aria-label="New filter field"
                value=""
                placeholder="Add a filter: the field's name, e.g. TransactionState"
                onCommit={(field) =>
                  field.trim() !== '' && apply(`Add a filter to ${stream}`, setSourceFilter(stream, field.trim(), ''))
                }
              />
            </td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
