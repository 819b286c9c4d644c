/**
 * Import rows from a CSV file into a table kept in the pipeline file. The browser reads the file the
 * analyst picks; the host parses it with the project's CSV parser and the columns chosen here (guessed
 * from the header at first), types the values as the table declares, and names every line it could
 * not use. Imported rows replace rows with the same key (and date), the rest are added; or, if asked,
 * they replace the whole table. One undo step.
 */
import { useState } from 'react';
import type { LookupDefinition } from '../../../engine/model/index.ts';
import type { LookupCsv } from '../../api/wire.ts';
import { importLookupRows } from '../../commands/lookups.ts';
import { messageOf } from '../../state/files.ts';
import { studioClient, studioStore } from '../../state/store.ts';
import { BadLines } from './FileTableView.tsx';

/** Far beyond a lookup table; the host refuses more anyway. */
const MAX_BYTES = 10_000_000;

interface Columns {
  readonly keyColumn?: string;
  readonly valueColumn?: string;
  readonly effectiveFromColumn?: string;
}

export function CsvImport({ table, lookup }: { readonly table: string; readonly lookup: LookupDefinition }) {
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [parsed, setParsed] = useState<LookupCsv | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const [inputKey, setInputKey] = useState(0);
  const dated = lookup.effectiveDated === true;

  const parse = async (text: string, columns: Columns) => {
    setError(null);
    try {
      setParsed(
        await studioClient().lookups.parseCsv({
          text,
          ...columns,
          ...(lookup.keyType ? { keyType: lookup.keyType } : {}),
          ...(lookup.valueType ? { valueType: lookup.valueType } : {}),
          effectiveDated: dated,
        }),
      );
    } catch (caught) {
      setParsed(null);
      setError(messageOf(caught));
    }
  };

  const choose = async (picked: File | undefined) => {
    setParsed(null);
    setError(null);
    if (!picked) return setFile(null);
    if (picked.size > MAX_BYTES)
      return setError(`${picked.name} is larger than 10 MB; a lookup table that large belongs in a file-based table.`);
    const text = await picked.text();
    setFile({ name: picked.name, text });
    await parse(text, {});
  };

  const reset = () => {
    setFile(null);
    setParsed(null);
    setInputKey(inputKey + 1);
  };

  const run = () => {
    if (!parsed || !file) return;
    const s = studioStore().getState;
    s().apply(`Import ${parsed.rows.length} rows into ${table}`, importLookupRows(table, parsed.rows, mode));
    s().notify({
      kind: 'info',
      text: `Imported ${parsed.rows.length} row${parsed.rows.length === 1 ? '' : 's'} from ${file.name} into ${table}${parsed.badLines.length > 0 ? `; ${parsed.badLines.length} line${parsed.badLines.length === 1 ? ' was' : 's were'} left out` : ''}.`,
    });
    reset();
  };

  const columnSelect = (
    label: string,
    value: string | undefined,
    pick: (column: string) => Columns,
    optional = false,
  ) => (
    <label className="lk-column">
      {label}
      <select value={value ?? ''} onChange={(event) => file && void parse(file.text, pick(event.target.value))}>
        {optional && <option value="">(none)</option>}
        {parsed!.columns.map((column) => (
          <option key={column} value={column}>
            {column}
          </option>
        ))}
      </select>
    </label>
  );

  const current: Columns = parsed
    ? {
        keyColumn: parsed.keyColumn,
        valueColumn: parsed.valueColumn,
        ...(parsed.effectiveFromColumn ? { effectiveFromColumn: parsed.effectiveFromColumn } : {}),
      }
    : {};
  return (
    <section className="lk-import" aria-label="Import from a CSV file">
      <h4>Import from a CSV file</h4>
      <label className="lk-file-pick">
        CSV file{' '}
        <input
          key={inputKey}
          type="file"
          accept=".csv,text/csv"
          onChange={(event) => void choose(event.target.files?.[0])}
        />
      </label>
      {error && (
        <p className="lk-error" role="alert">
          {error}
        </p>
      )}
      {parsed && file && (
        <div className="lk-import-plan">
          <div className="lk-columns">
            {columnSelect('Key column', parsed.keyColumn, (column) => ({ ...current, keyColumn: column }))}
            {columnSelect('Value column', parsed.valueColumn, (column) => ({ ...current, valueColumn: column }))}
            {dated &&
              columnSelect(
                'Effective-from column',
                parsed.effectiveFromColumn,
                (column) => ({
                  keyColumn: parsed.keyColumn,
                  valueColumn: parsed.valueColumn,
                  ...(column ? { effectiveFromColumn: column } : {}),
                }),
                true,
              )}
          </div>
          <p role="status">
            {parsed.rows.length} row{parsed.rows.length === 1 ? '' : 's'} ready to import from {file.name}
            {parsed.badLines.length > 0 &&
              `; ${parsed.badLines.length} line${parsed.badLines.length === 1 ? '' : 's'} cannot be used`}
            .
          </p>
          {parsed.badLines.length > 0 && <BadLines lines={parsed.badLines} what="Lines left out" />}
          <fieldset className="lk-mode">
            <label>
              <input type="radio" checked={mode === 'merge'} onChange={() => setMode('merge')} /> Add to the table (a
              key already there gets the imported value)
            </label>
            <label>
              <input type="radio" checked={mode === 'replace'} onChange={() => setMode('replace')} /> Replace all rows
              of the table
            </label>
          </fieldset>
          <div className="dialog-actions">
            <button type="button" onClick={reset}>
              Cancel
            </button>
            <button type="button" className="primary" disabled={parsed.rows.length === 0} onClick={run}>
              Import {parsed.rows.length} row{parsed.rows.length === 1 ? '' : 's'}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
