/**
 * The FIELDS of RFC_READ_TABLE, grouped so each call's row fits SAP's 512-character WA line: a wider
 * selection is refused whole with DATA_BUFFER_EXCEEDED (whatever the row count), so a wide table is read in
 * several calls over the same key range, each carrying the key fields, and the rows joined back by key.
 * Whether SAP counts a delimiter after the last field is unknown, so a group here counts one after every
 * field (safe by one character). Facts with sources: README.md.
 */
import { MlcError } from '../../engine/model/errors.ts';

/** The width of RFC_READ_TABLE's DATA-WA line (TAB512). */
export const READ_TABLE_LINE_WIDTH = 512;

/** A column to read, with its DDIC output length (from a `NO_DATA='X'` call or the README's table layouts). */
export interface FieldWidth {
  readonly name: string;
  readonly length: number;
}

/** The key fields alone, or one field beside them, cannot fit one line: no grouping can read this table. */
export class FieldsTooWideError extends MlcError {
  override readonly name = 'FieldsTooWideError';
  constructor(table: string, fields: readonly string[], width: number) {
    super(
      'SAP_FIELDS_TOO_WIDE',
      `${table}: the fields ${fields.join(', ')} need ${width} characters in one row; SAP's RFC_READ_TABLE returns at most ${READ_TABLE_LINE_WIDTH} (it would answer DATA_BUFFER_EXCEEDED). Leave out the widest field.`,
    );
  }
}

/** The row width `fields` take: each field's length and one delimiter after it. */
export function rowWidth(fields: readonly FieldWidth[], delimiterWidth = 1): number {
  return fields.reduce((sum, field) => sum + field.length + delimiterWidth, 0);
}

/**
 * Groups `fields` (keys first in every group, then the others in the order given) so that each group's
 * `rowWidth` stays within 512. One group when everything fits. A field never appears in two groups except
 * the keys, which appear in all.
 */
export function fieldGroups(
  table: string,
  keys: readonly FieldWidth[],
  fields: readonly FieldWidth[],
  delimiterWidth = 1,
): FieldWidth[][] {
  const keyNames = new Set(keys.map((key) => key.name));
  const others = fields.filter((field) => !keyNames.has(field.name));
  const keyWidth = rowWidth(keys, delimiterWidth);
  const groups: FieldWidth[][] = [];
  let current: FieldWidth[] = [];
  let width = keyWidth;
  for (const field of others) {
    const fieldWidth = field.length + delimiterWidth;
    if (keyWidth + fieldWidth > READ_TABLE_LINE_WIDTH)
      throw new FieldsTooWideError(table, [...keys.map((key) => key.name), field.name], keyWidth + fieldWidth);
    if (width + fieldWidth > READ_TABLE_LINE_WIDTH) {
      groups.push([...keys, ...current]);
      current = [];
      width = keyWidth;
    }
    current.push(field);
    width += fieldWidth;
  }
  if (current.length > 0 || groups.length === 0) {
    if (keyWidth > READ_TABLE_LINE_WIDTH)
      throw new FieldsTooWideError(
        table,
        keys.map((key) => key.name),
        keyWidth,
      );
    groups.push([...keys, ...current]);
  }
  return groups;
}
