/**
 * Units written whole or not at all (`target.holdTogether`): the lines of one GL journal must not be
 * posted without the line that failed, or the journal would be half-posted and out of balance. After
 * mapping, every row that shares a unit with a held record is held too, with a reason naming the unit
 * and what held it. A held record's unit is found by computing only the unit columns for it; when
 * even those cannot be computed, the record stands alone (and a destination that checks its units,
 * such as a balanced journal, refuses the rest).
 */
import type { EvalContext } from '../mapping/functions/spec.ts';
import { evaluate, type CompiledMapping } from '../mapping/index.ts';
import type { DataRow } from '../model/io.ts';
import type { Value } from '../model/values/index.ts';
import type { HoldReason } from '../store/index.ts';
import type { MappedBatch } from './row-mapper.ts';

export const UNIT_HELD = 'UNIT_HELD';

function unitKey(row: DataRow, columns: readonly string[]): string {
  return columns.map((column) => valueText(row[column] ?? null)).join('\u0000');
}

function valueText(value: Value): string {
  return value === null ? '' : String(value);
}

function unitLabel(row: DataRow, columns: readonly string[]): string {
  return columns.map((column) => `${column} "${valueText(row[column] ?? null)}"`).join(', ');
}

/** Holds every mapped row whose unit has a held record; returns the rows that stay. */
export function holdWholeUnits(
  columns: readonly string[],
  mapping: CompiledMapping,
  records: readonly DataRow[],
  mapped: MappedBatch,
  holds: Map<number, HoldReason[]>,
  context: EvalContext,
): MappedBatch {
  const heldIndexes = [...holds.keys()];
  if (heldIndexes.length === 0) return mapped;
  const unitOnly: CompiledMapping = {
    ...mapping,
    columns: mapping.columns.filter((column) => columns.includes(column.column)),
  };
  const heldRecords = heldIndexes.map((index) => records[index]!);
  const keyed = evaluate(unitOnly, heldRecords, context);
  const stillHeld = new Set(keyed.held.map((held) => held.index));
  const heldUnits = new Map<string, { readonly label: string; readonly reason: HoldReason | undefined }>();
  let row = 0;
  heldIndexes.forEach((recordIndex, position) => {
    if (stillHeld.has(position)) return;
    const unit = keyed.rows[row++]!;
    const key = unitKey(unit, columns);
    if (!heldUnits.has(key))
      heldUnits.set(key, { label: unitLabel(unit, columns), reason: holds.get(recordIndex)?.[0] });
  });
  if (heldUnits.size === 0) return mapped;
  const rows: DataRow[] = [];
  const sourceIndexes: number[] = [];
  mapped.rows.forEach((target, index) => {
    const sourceIndex = mapped.sourceIndexes[index]!;
    const unit = heldUnits.get(unitKey(target, columns));
    if (unit === undefined) {
      rows.push(target);
      sourceIndexes.push(sourceIndex);
      return;
    }
    const because =
      unit.reason === undefined
        ? 'another of its rows was held'
        : `another of its rows was held: ${unit.reason.message}`;
    holds.set(sourceIndex, [
      { column: columns[0]!, code: UNIT_HELD, message: `Held with the rest of ${unit.label}, because ${because}` },
    ]);
  });
  return { rows, sourceIndexes };
}
