/**
 * A table read from a CSV file beside the pipeline: its rows as a run reads them, read-only, with the
 * file's path. Editing it here means copying its rows into the pipeline file (one undoable step; the
 * CSV is then no longer read and is never changed by the studio), since the file may be kept by
 * someone else and a write to it could not be undone.
 */
import { useEffect, useState } from 'react';
import type { LookupDefinition } from '../../../engine/model/index.ts';
import type { LookupFileRows } from '../../api/wire.ts';
import { inlineRows } from '../../commands/lookups.ts';
import { pipelineRef } from '../../state/connections.ts';
import { messageOf } from '../../state/files.ts';
import { studioClient, studioStore } from '../../state/store.ts';
import { cellText } from './cell-values.ts';

type Load =
  | { readonly status: 'loading' }
  | { readonly status: 'done'; readonly rows: LookupFileRows }
  | { readonly status: 'failed'; readonly message: string };

export function FileTableView({ table, lookup }: { readonly table: string; readonly lookup: LookupDefinition }) {
  const file = lookup.file!;
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  useEffect(() => {
    const pipeline = pipelineRef(studioStore().getState());
    if (pipeline === null) return;
    let current = true;
    setLoad({ status: 'loading' });
    studioClient()
      .lookups.fileRows({ pipeline, table })
      .then(
        (rows) => current && setLoad({ status: 'done', rows }),
        (error: unknown) => current && setLoad({ status: 'failed', message: messageOf(error) }),
      );
    return () => {
      current = false;
    };
  }, [table, lookup]);

  const copy = () => {
    if (load.status !== 'done') return;
    const s = studioStore().getState;
    s().apply(`Keep the rows of ${table} in the pipeline file`, inlineRows(table, load.rows.rows));
    s().notify({
      kind: 'info',
      text: `${table} now keeps its ${load.rows.rows.length} rows in the pipeline file; ${file.path} is no longer read (and was not changed).${load.rows.badLines.length > 0 ? ` ${load.rows.badLines.length} line(s) it could not use were left out.` : ''} Undo puts it back.`,
    });
  };

  return (
    <div className="lk-file">
      <p>
        Read from <code>{file.path}</code> (columns{' '}
        <code>{file.keyColumn ?? `${file.fromColumn ?? '?'} … ${file.toColumn ?? '?'}`}</code> →{' '}
        <code>{file.valueColumn}</code>
        {file.effectiveFromColumn && (
          <>
            , from <code>{file.effectiveFromColumn}</code>
          </>
        )}
        ). The rows below are what a run reads; they are not edited here.
      </p>
      <div className="lk-file-actions">
        <button type="button" disabled={load.status !== 'done'} onClick={copy}>
          Copy the rows into the pipeline file to edit them
        </button>
        <span className="muted">
          Or change {file.path} in a spreadsheet and come back: the table is read again each time.
        </span>
      </div>
      {load.status === 'loading' && (
        <p className="muted" role="status">
          Reading {file.path}…
        </p>
      )}
      {load.status === 'failed' && (
        <p className="lk-error" role="alert">
          {load.message}
        </p>
      )}
      {load.status === 'done' && (
        <>
          {load.rows.badLines.length > 0 && (
            <BadLines lines={load.rows.badLines} what={`${file.path} has lines a run would refuse`} />
          )}
          <table className="grid lk-grid" aria-label={`Rows of ${table}`}>
            <thead>
              <tr>
                <th className="lk-num">#</th>
                {lookup.ranges ? (
                  <>
                    <th>{file.fromColumn}</th>
                    <th>{file.toColumn}</th>
                  </>
                ) : (
                  <th>{file.keyColumn}</th>
                )}
                <th>{file.valueColumn}</th>
                {file.effectiveFromColumn && <th>{file.effectiveFromColumn}</th>}
              </tr>
            </thead>
            <tbody>
              {load.rows.rows.map((row, index) => (
                <tr key={index}>
                  <td className="lk-num">{index + 1}</td>
                  {lookup.ranges ? (
                    <>
                      <td>{cellText(row.from)}</td>
                      <td>{cellText(row.to)}</td>
                    </>
                  ) : (
                    <td>{cellText(row.key)}</td>
                  )}
                  <td>{cellText(row.value)}</td>
                  {file.effectiveFromColumn && <td>{row.effectiveFrom ?? ''}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

export function BadLines({
  lines,
  what,
}: {
  readonly lines: readonly { readonly line: number; readonly message: string }[];
  readonly what: string;
}) {
  return (
    <div className="lk-bad-lines" role="alert">
      <strong>{what}:</strong>
      <ul>
        {lines.slice(0, 50).map((bad) => (
          <li key={bad.line}>
            Line {bad.line}: {bad.message}
          </li>
        ))}
      </ul>
      {lines.length > 50 && <p>…and {lines.length - 50} more.</p>}
    </div>
  );
}
