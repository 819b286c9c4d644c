/**
 * What the analyst does on the canvas, each edit one command through the store's `apply` (one undo
 * step, "unsaved" mark): map a dropped field, add, delete, copy, cut and paste columns, auto-map.
 * Questions (replace a formula? name the new column? auto-map's preview) wait in `pending` until
 * the analyst answers.
 */
import { useCallback, useState } from 'react';
import { ownEntry, type MappingDefinition } from '../../../../engine/model/index.ts';
import { applyAutoMap, planAutoMap, readAs, type AutoMapPlan } from '../../../commands/auto-map.ts';
import {
  addColumn,
  columnTypeForField,
  fieldReference,
  mapField,
  pastedColumns,
  putColumns,
  removeColumns,
  toColumnName,
  uniqueColumnName,
  UNMAPPED_EXPRESSION,
} from '../../../commands/mappings.ts';
import type { Command } from '../../../state/document.ts';
import { studioStore } from '../../../state/store.ts';
import { copiedColumns, copyColumns } from './column-clipboard.ts';
import { columnChoices, dropFieldOnColumn } from './drop.ts';
import type { SourceField } from './graph-types.ts';

export type Pending =
  | { readonly kind: 'replace'; readonly column: string; readonly field: string; readonly current: string }
  | { readonly kind: 'new-column'; readonly field?: string; readonly name: string; readonly type: string }
  | { readonly kind: 'auto-map'; readonly plan: AutoMapPlan }
  | { readonly kind: 'pick-column'; readonly field: string; readonly columns: readonly string[] };

const columnsWord = (count: number): string => (count === 1 ? 'column' : `${count} columns`);

export interface CanvasSelection {
  readonly selected: readonly string[];
  select(columns: readonly string[]): void;
  /** Scrolls the canvas to a column that may be out of view. */
  reveal(column: string): void;
}

export function useCanvasActions(
  stream: string,
  fields: readonly SourceField[],
  { selected, select, reveal }: CanvasSelection,
) {
  const [pending, setPending] = useState<Pending | null>(null);
  // Short answers about the canvas itself ("Copied account") show in its toolbar: the studio's notice
  // bar would push the whole screen down for a confirmation.
  const [feedback, setFeedback] = useState<string | null>(null);
  const state = () => studioStore().getState();
  /**
   * One canvas edit. A formula still being typed below is made its own undo step first, so it can
   * never land after (and over) what was dropped here. (The editor also does this when it loses
   * focus; a drag that leaves the focus where it was must not depend on that.)
   */
  const edit = (label: string, command: Command) => {
    state().commitFormula();
    state().apply(label, command);
  };
  const mappings = (): Readonly<Record<string, MappingDefinition>> =>
    ownEntry(state().pipeline?.streams, stream)?.mappings ?? {};

  /** Selects columns on the canvas, shows the first in the formula editor and brings it into view. */
  const focusColumns = useCallback(
    (columns: readonly string[], bringIntoView = true) => {
      select(columns);
      state().selectColumn(columns[0] ?? null);
      if (bringIntoView && columns[0] !== undefined) reveal(columns[0]);
    },
    [select, reveal],
  );

  const mapNow = (column: string, field: string) => {
    edit(`Map ${field} to ${column}`, mapField(stream, column, field));
    focusColumns([column]);
  };

  const dropField = (column: string, field: string) => {
    // Decide on the formula as typed, not as it was before the typing.
    state().commitFormula();
    const outcome = dropFieldOnColumn(mappings(), column, field);
    if (outcome.kind === 'map') mapNow(column, field);
    else if (outcome.kind === 'ask') setPending({ kind: 'replace', column, field, current: outcome.current });
    else setFeedback(outcome.why);
  };

  /** The keyboard's drag: which column should this field go to? Picking one is then a drop (`dropField`). */
  const pickColumnFor = (field: string) => {
    const columns = columnChoices(mappings());
    if (columns.length === 0) offerNewColumn(field);
    else setPending({ kind: 'pick-column', field, columns });
  };

  const offerNewColumn = (field?: string) => {
    const taken = new Set(Object.keys(mappings()));
    const type =
      field === undefined
        ? 'string'
        : columnTypeForField(fields.find((candidate) => candidate.name === field)?.type ?? 'unknown');
    const wanted = field === undefined ? 'new_column' : toColumnName(readAs(field).join('_'));
    setPending({
      kind: 'new-column',
      ...(field !== undefined ? { field } : {}),
      name: uniqueColumnName(taken, wanted),
      type,
    });
  };

  const addNewColumn = (name: string, type: string, field?: string) => {
    const expression = field === undefined ? UNMAPPED_EXPRESSION : fieldReference(field);
    edit(`Add column ${name}`, addColumn(stream, name, { type, expression }));
    setPending(null);
    focusColumns([name]);
  };

  const deleteSelected = (label = 'Delete') => {
    if (selected.length === 0) return;
    edit(
      `${label} ${selected.length === 1 ? `column ${selected[0]}` : columnsWord(selected.length)}`,
      removeColumns(stream, selected),
    );
    focusColumns([]);
  };

  const copySelected = (): boolean => {
    const current = mappings();
    const picked = Object.fromEntries(
      selected.filter((column) => current[column]).map((column) => [column, current[column]!]),
    );
    if (Object.keys(picked).length === 0) return false;
    copyColumns(picked);
    setFeedback(
      `Copied ${Object.keys(picked).length === 1 ? Object.keys(picked)[0] : columnsWord(Object.keys(picked).length)}: Ctrl+V pastes`,
    );
    return true;
  };

  const paste = () => {
    const copied = copiedColumns();
    if (copied === null) {
      setFeedback('Nothing to paste: select columns and press Ctrl+C first.');
      return;
    }
    const named = pastedColumns(mappings(), copied);
    edit(`Paste ${columnsWord(Object.keys(named).length)}`, putColumns(stream, named));
    focusColumns(Object.keys(named));
  };

  // Selecting everything leaves the view where the analyst is looking.
  const selectAll = () => focusColumns(Object.keys(mappings()), false);

  const startAutoMap = () => {
    state().commitFormula();
    setPending({ kind: 'auto-map', plan: planAutoMap(mappings(), fields) });
  };

  const applyPlan = (plan: AutoMapPlan, addNewColumns: boolean) => {
    const before = new Set(Object.keys(mappings()));
    edit('Auto-map by name', applyAutoMap(stream, plan, { addNewColumns }));
    setPending(null);
    const touched = [
      ...plan.pairs.map((pair) => pair.column),
      ...Object.keys(mappings()).filter((column) => !before.has(column)),
    ];
    focusColumns(touched);
  };

  const replace = (column: string, field: string) => {
    setPending(null);
    mapNow(column, field);
  };

  return {
    pending,
    feedback,
    cancel: () => setPending(null),
    /** A column picked by keyboard for a field: answered like a drop (may still ask to replace). */
    pickColumn: (column: string, field: string) => {
      setPending(null);
      dropField(column, field);
    },
    dropField,
    pickColumnFor,
    offerNewColumn,
    addNewColumn,
    deleteSelected,
    copySelected,
    cut: () => {
      if (copySelected()) deleteSelected('Cut');
    },
    paste,
    selectAll,
    startAutoMap,
    applyPlan,
    replace,
  };
}
