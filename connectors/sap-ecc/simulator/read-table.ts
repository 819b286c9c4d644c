/**
 * RFC_READ_TABLE as the ECC release runs it (README.md): NOT_AUTHORIZED before anything else for a table
 * the user may not read; FIELD_NOT_VALID for an unknown name; DATA_BUFFER_EXCEEDED when the chosen fields
 * (all of them when FIELDS is empty) and the delimiters between them pass 512 and NO_DATA is blank;
 * OPTION_NOT_VALID for a line over 72 or a malformed clause; rows in no particular order (a seeded shuffle,
 * so a client that assumes key order fails), ROWSKIPS then ROWCOUNT; only the tables sent come back.
 */
import { Decimal } from '../../../engine/model/values/decimal.ts';
import { child, childrenNamed, el, type XmlElement, type XmlOut } from '../../kit/soap/xml.ts';
import { RFC_NS } from '../rfc-xml.ts';
import type { SimTable } from './tables.ts';
import { offsetsOf, writeWaLine, type SimField, type SimValue } from './wa-lines.ts';
import { OptionNotValid, parseWhere } from './where.ts';

export const LINE_WIDTH = 512;

export type ReadTableResult =
  { readonly kind: 'answer'; readonly body: XmlOut } | { readonly kind: 'exception'; readonly name: string };

export interface ReadTableState {
  readonly tables: ReadonlyMap<string, SimTable>;
  readonly notAuthorized: ReadonlySet<string>;
  /** Seed of the row order; rows are never returned in key order. */
  readonly orderSeed: number;
  /**
   * What an unknown field name raises: FIELD_NOT_VALID in the classic (ECC) source, TABLE_WITHOUT_DATA in
   * the newer S/4 implementation (sap-ecc.md §0 §7).
   */
  readonly unknownField?: 'FIELD_NOT_VALID' | 'TABLE_WITHOUT_DATA';
}

const text = (call: XmlElement, name: string) => child(call, name)?.text ?? '';

export function readTable(call: XmlElement, state: ReadTableState): ReadTableResult {
  const table = state.tables.get(text(call, 'QUERY_TABLE').trim().toUpperCase());
  if (table === undefined) return { kind: 'exception', name: 'TABLE_NOT_AVAILABLE' };
  if (state.notAuthorized.has(table.name)) return { kind: 'exception', name: 'NOT_AUTHORIZED' };
  const delimiter = text(call, 'DELIMITER').slice(0, 1);
  const noData = text(call, 'NO_DATA').trim() !== '';
  const requested = childrenNamed(child(call, 'FIELDS'), 'item').map((item) =>
    (child(item, 'FIELDNAME')?.text ?? '').trim().toUpperCase(),
  );
  const byName = new Map(table.fields.map((field) => [field.name, field]));
  const fields: SimField[] = [];
  for (const name of requested.length === 0 ? table.fields.map((f) => f.name) : requested) {
    const field = byName.get(name);
    if (field === undefined) return { kind: 'exception', name: state.unknownField ?? 'FIELD_NOT_VALID' };
    fields.push(field);
  }
  const width = fields.reduce((sum, field) => sum + field.length, 0) + delimiter.length * (fields.length - 1);
  if (width > LINE_WIDTH && !noData) return { kind: 'exception', name: 'DATA_BUFFER_EXCEEDED' };
  let where;
  try {
    where = parseWhere(
      childrenNamed(child(call, 'OPTIONS'), 'item').map((item) => child(item, 'TEXT')?.text ?? ''),
      new Set(byName.keys()),
    );
  } catch (error) {
    if (error instanceof OptionNotValid) return { kind: 'exception', name: 'OPTION_NOT_VALID' };
    throw error;
  }
  const skip = Number(text(call, 'ROWSKIPS') || '0');
  const count = Number(text(call, 'ROWCOUNT') || '0');
  const matching = noData ? [] : unordered(table.rows.filter(where), state.orderSeed);
  const page = matching.slice(skip, count === 0 ? undefined : skip + count);
  const offsets = offsetsOf(fields, delimiter);
  const tables: Record<string, XmlOut> = {
    DATA: el(
      '',
      'DATA',
      page.map((row) => el('', 'item', [el('', 'WA', writeWaLine(fields, typed(fields, row), delimiter))])),
    ),
    FIELDS: el(
      '',
      'FIELDS',
      fields.map((field, i) =>
        el('', 'item', [
          el('', 'FIELDNAME', field.name),
          el('', 'OFFSET', String(offsets[i]).padStart(6, '0')),
          el('', 'LENGTH', String(field.length).padStart(6, '0')),
          el('', 'TYPE', field.type),
          el('', 'FIELDTEXT', field.name),
        ]),
      ),
    ),
    OPTIONS: el('', 'OPTIONS', child(call, 'OPTIONS') === undefined ? [] : echo(child(call, 'OPTIONS')!)),
  };
  // DATA first, as SAP was seen to answer; a table the caller did not send does not come back.
  const sent = ['DATA', 'FIELDS', 'OPTIONS'].filter((name) => child(call, name) !== undefined);
  return {
    kind: 'answer',
    body: el(
      RFC_NS,
      'RFC_READ_TABLE.Response',
      sent.map((name) => tables[name]),
    ),
  };
}

/** Stored text as the writer's values: packed amounts as decimals (a value too wide comes out as `*`). */
function typed(fields: readonly SimField[], row: Readonly<Record<string, string>>): Record<string, SimValue> {
  const out: Record<string, SimValue> = { ...row };
  for (const field of fields)
    if (field.type === 'D' && (row[field.name] ?? '') === '') out[field.name] = null;
    else if (field.type === 'P')
      out[field.name] =
        row[field.name] === undefined || row[field.name] === '' ? null : Decimal.parse(row[field.name]!);
  return out;
}

function echo(options: XmlElement): XmlOut[] {
  return childrenNamed(options, 'item').map((item) =>
    el('', 'item', [el('', 'TEXT', child(item, 'TEXT')?.text ?? '')]),
  );
}

/** A seeded shuffle that never leaves two or more rows in their stored order. */
function unordered<T>(rows: readonly T[], seed: number): T[] {
  const out = [...rows];
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  if (out.length > 1 && out.every((row, i) => row === rows[i])) out.reverse();
  return out;
}
