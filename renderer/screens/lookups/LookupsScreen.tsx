/**
 * Lookup tables: the pipeline's tables on the left; the selected one as an editable grid (rows kept in
 * the pipeline file) or read-only (rows in a CSV file), with CSV import; and the coverage report of the
 * selected stream, whose "Add" puts a missing key into its table and puts the cursor in its value.
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ownEntry, type LookupRow } from '../../../engine/model/index.ts';
import { addMissingKey } from '../../commands/lookups.ts';
import { pipelineRef } from '../../state/connections.ts';
import { messageOf } from '../../state/files.ts';
import { studioClient, studioStore, useStudio } from '../../state/store.ts';
import { todayText } from './cell-values.ts';
import { CoverageReport, type AddMissing } from './CoverageReport.tsx';
import { CsvImport } from './CsvImport.tsx';
import { FileTableView } from './FileTableView.tsx';
import { LookupGrid } from './LookupGrid.tsx';
import { NewTableDialog } from './NewTableDialog.tsx';
import './lookups.css';

export function LookupsScreen() {
  const names = useStudio(useShallow((state) => Object.keys(state.pipeline?.lookups ?? {})));
  const stream = useStudio((state) => state.stream);
  const [selected, setSelected] = useState<string | null>(null);
  const [focus, setFocusState] = useState<{ table: string; row: number; seq: number } | null>(null);
  const setFocus = (target: { table: string; row: number }) => setFocusState({ ...target, seq: (focus?.seq ?? 0) + 1 });
  const [creating, setCreating] = useState(false);
  const table = selected !== null && names.includes(selected) ? selected : (names[0] ?? null);

  const addMissing: AddMissing = async (name, missing) => {
    const s = studioStore().getState;
    const lookup = ownEntry(s().pipeline?.lookups, name);
    const pipeline = pipelineRef(s());
    if (!lookup || pipeline === null) return;
    if (missing.noValue) {
      // The row is there: take the analyst to its value.
      setSelected(name);
      setFocus({
        table: name,
        row: (lookup.rows ?? []).findIndex(
          (candidate) => (candidate.key ?? candidate.from) === missing.key && candidate.value === null,
        ),
      });
      return;
    }
    let fileRows: readonly LookupRow[] | undefined;
    if (lookup.file) {
      try {
        fileRows = (await studioClient().lookups.fileRows({ pipeline, table: name })).rows;
      } catch (error) {
        s().notify({
          kind: 'error',
          text: `${name} could not be copied from ${lookup.file.path}, so nothing was added: ${messageOf(error)}`,
        });
        return;
      }
    }
    const key = missing.key as LookupRow['key'];
    const effectiveFrom = lookup.effectiveDated ? (missing.asOf ?? todayText()) : undefined;
    s().apply(
      `Add ${String(key)} to ${name}`,
      addMissingKey(name, key, { ...(fileRows ? { fileRows } : {}), ...(effectiveFrom ? { effectiveFrom } : {}) }),
    );
    const rows = ownEntry(s().pipeline?.lookups, name)?.rows ?? [];
    const row = rows.findIndex(
      (candidate) =>
        (candidate.key ?? candidate.from) === key &&
        (effectiveFrom === undefined || candidate.effectiveFrom === effectiveFrom),
    );
    setSelected(name);
    setFocus({ table: name, row });
    if (lookup.file) {
      s().notify({
        kind: 'info',
        text: `${name} now keeps its rows in the pipeline file (copied from ${lookup.file.path}, which is no longer read and was not changed). Fill in the value for ${String(key)}; Undo puts it all back.`,
      });
    }
  };

  return (
    <section className="lk-screen" aria-label="Lookup tables">
      <aside className="lk-list">
        <h2>Lookup tables</h2>
        <ul aria-label="Lookup tables of this pipeline">
          {names.map((name) => (
            <li key={name}>
              <TableListItem name={name} selected={name === table} onSelect={() => setSelected(name)} />
            </li>
          ))}
        </ul>
        {names.length === 0 && (
          <p className="muted">
            No lookup tables yet. A table maps a key (say, a GL account) to a value (its cost center); formulas use it
            with LOOKUP(table, key).
          </p>
        )}
        <button type="button" onClick={() => setCreating(true)}>
          New table
        </button>
      </aside>
      <div className="lk-main">
        {stream !== null ? (
          <CoverageReport stream={stream} onAdd={(name, missing) => void addMissing(name, missing)} />
        ) : (
          <p className="muted">Choose a stream at the top to see which of its keys the tables miss.</p>
        )}
        {table !== null && <TableView key={table} table={table} focus={focus?.table === table ? focus : null} />}
      </div>
      {creating && (
        <NewTableDialog
          onClose={() => setCreating(false)}
          onCreated={(name) => {
            setCreating(false);
            setSelected(name);
          }}
        />
      )}
    </section>
  );
}

function TableListItem({
  name,
  selected,
  onSelect,
}: {
  readonly name: string;
  readonly selected: boolean;
  readonly onSelect: () => void;
}) {
  const lookup = useStudio((state) => ownEntry(state.pipeline?.lookups, name));
  if (!lookup) return null;
  return (
    <button
      type="button"
      className={`lk-item${selected ? ' lk-item-selected' : ''}`}
      aria-current={selected ? 'true' : undefined}
      onClick={onSelect}
    >
      <span className="lk-item-name">{name}</span>
      <span className="muted">
        {lookup.file
          ? `from ${lookup.file.path}`
          : `${lookup.rows?.length ?? 0} row${lookup.rows?.length === 1 ? '' : 's'}`}
        {lookup.ranges ? ', ranges' : ''}
        {lookup.effectiveDated ? ', effective-dated' : ''}
      </span>
    </button>
  );
}

function TableView({
  table,
  focus,
}: {
  readonly table: string;
  readonly focus: { readonly row: number; readonly seq: number } | null;
}) {
  const lookup = useStudio((state) => ownEntry(state.pipeline?.lookups, table));
  if (!lookup) return null;
  return (
    <section className="lk-table" aria-label={`Lookup table ${table}`}>
      <h3>{table}</h3>
      <p className="muted">
        {lookup.keyType ?? 'string'} → {lookup.valueType ?? 'string'}
        {lookup.ranges ? '; each row holds a range of keys' : ''}
        {lookup.effectiveDated ? '; each row applies from its date' : ''}
        {lookup.notes ? ` — ${lookup.notes}` : ''}
      </p>
      {lookup.file ? (
        <FileTableView table={table} lookup={lookup} />
      ) : (
        <>
          <LookupGrid table={table} lookup={lookup} focus={focus} />
          <CsvImport table={table} lookup={lookup} />
        </>
      )}
    </section>
  );
}
