/**
 * Coverage: for the selected stream, the keys its formulas look up in the sample that a table has no
 * row for (each such record would be held, or get the LOOKUP's default). The host evaluates each
 * LOOKUP's key formula over the sample as a run would, on the unsaved pipeline, so the report follows
 * every edit of the tables. "Add" puts the missing key in the table with its value left to fill.
 */
import { useEffect, useState } from 'react';
import { ownEntry } from '../../../engine/model/index.ts';
import type { JsonValue, LookupCoverage, LookupTableCoverage } from '../../api/wire.ts';
import { pipelineRef } from '../../state/connections.ts';
import { messageOf } from '../../state/files.ts';
import { studioClient, studioStore, useStudio } from '../../state/store.ts';

type Load =
  | { readonly status: 'loading' }
  | { readonly status: 'done'; readonly report: LookupCoverage }
  | { readonly status: 'failed'; readonly message: string };

/** Edits come in bursts (a cell, then the next): wait this long after the last before asking again. */
const SETTLE_MS = 250;

function keyText(key: JsonValue): string {
  return typeof key === 'string' ? key : JSON.stringify(key);
}

export type AddMissing = (table: string, key: LookupTableCoverage['missing'][number]) => void;

export function CoverageReport({ stream, onAdd }: { readonly stream: string; readonly onAdd: AddMissing }) {
  // What the report depends on: the tables, this stream, and the connection it reads. Not other edits.
  const lookups = useStudio((state) => state.pipeline?.lookups);
  const definition = useStudio((state) => ownEntry(state.pipeline?.streams, stream));
  const connection = useStudio((state) =>
    definition ? ownEntry(state.pipeline?.connections, definition.source.connection) : undefined,
  );
  const [load, setLoad] = useState<Load>({ status: 'loading' });

  useEffect(() => {
    let current = true;
    setLoad((previous) => (previous.status === 'done' ? previous : { status: 'loading' }));
    const timer = setTimeout(() => {
      const pipeline = pipelineRef(studioStore().getState());
      if (pipeline === null) return;
      studioClient()
        .lookups.coverage({ pipeline, stream })
        .then(
          (report) => current && setLoad({ status: 'done', report }),
          (error: unknown) => current && setLoad({ status: 'failed', message: messageOf(error) }),
        );
    }, SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [stream, lookups, definition, connection]);

  return (
    <section className="lk-coverage" aria-label="Coverage">
      <h3>Coverage of {stream}</h3>
      {load.status === 'loading' && (
        <p className="muted" role="status">
          Checking the keys in the sample of {stream}…
        </p>
      )}
      {load.status === 'failed' && (
        <p className="lk-error" role="alert">
          The coverage could not be checked: {load.message}
        </p>
      )}
      {load.status === 'done' && load.report.tables.length === 0 && (
        <p className="muted">No column of {stream} looks anything up.</p>
      )}
      {load.status === 'done' &&
        load.report.tables.map((table) => (
          <TableCoverage key={table.table} table={table} read={load.report.read} onAdd={onAdd} />
        ))}
    </section>
  );
}

/** "1 of 6 keys … has no row", "… 1 has a row with no value yet": what is missing, in a sentence. */
function summary(table: LookupTableCoverage, read: number): string {
  if (table.missing.length === 0)
    return `all ${table.keys} key${table.keys === 1 ? '' : 's'} in the first ${read} records have a row.`;
  const noRow = table.missing.filter((entry) => !entry.noValue).length;
  const noValue = table.missing.length - noRow;
  const parts = [
    ...(noRow > 0 ? [`${noRow} ${noRow === 1 ? 'has' : 'have'} no row`] : []),
    ...(noValue > 0 ? [`${noValue} ${noValue === 1 ? 'has a row' : 'have rows'} with no value yet`] : []),
  ];
  return `of ${table.keys} key${table.keys === 1 ? '' : 's'} in the first ${read} records, ${parts.join(' and ')}.`;
}

function TableCoverage({
  table,
  read,
  onAdd,
}: {
  readonly table: LookupTableCoverage;
  readonly read: number;
  readonly onAdd: AddMissing;
}) {
  const file = useStudio((state) => ownEntry(state.pipeline?.lookups, table.table)?.file?.path);
  const rowsMissing = table.missing.some((entry) => !entry.noValue);
  return (
    <div className="lk-coverage-table" aria-label={`Coverage of ${table.table}`} role="group">
      <p className={table.problem ? 'lk-error' : table.missing.length === 0 ? 'lk-covered' : 'lk-uncovered'}>
        <strong>{table.table}</strong> <span className="muted">(looked up by {table.columns.join(', ')})</span>:{' '}
        {table.problem ?? summary(table, read)}
      </p>
      {table.missing.length > 0 && (
        <ul className="lk-missing">
          {table.missing.map((entry) => (
            <li key={JSON.stringify([entry.key, entry.asOf])}>
              <code>{keyText(entry.key)}</code>
              <span className="muted">
                {' '}
                in {entry.records} record{entry.records === 1 ? '' : 's'}
                {entry.asOf && `, none in force on ${entry.asOf}`}
                {entry.noValue && ': its row has no value yet'}
              </span>{' '}
              <button
                type="button"
                aria-label={`${entry.noValue ? 'Fill in' : 'Add'} ${keyText(entry.key)} in ${table.table}`}
                onClick={() => onAdd(table.table, entry)}
              >
                {entry.noValue ? 'Fill in' : 'Add'}
              </button>
            </li>
          ))}
        </ul>
      )}
      {rowsMissing && file && (
        <p className="muted">
          Adding a key copies the rows of {file} into the pipeline file, where they can be edited.
        </p>
      )}
    </div>
  );
}
