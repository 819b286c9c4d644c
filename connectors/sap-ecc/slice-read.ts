/**
 * One slice of keys read into a stream's records: the main table (in 512-character column groups joined by
 * key), its company-code table (LFB1/KNB1, a left join: a vendor not created in the company code keeps its
 * LFB1 fields empty) or its items (EKPO, one record per item with the header repeated), and the objects'
 * last change-document days, from which CHANGED_ON is the latest day.
 */
import type { DataRow } from '../../engine/model/io.ts';
import { PlainDate, type Value } from '../../engine/model/values/index.ts';
import type { SapRfcClient } from './client.ts';
import { lastChangeDays } from './change-documents.ts';
import type { SapConnectionConfig } from './config.ts';
import type { WaProblem } from './read-table-rows.ts';
import { CHANGED_ON, columnsOf, PURCHASE_ORDER_ITEMS, VENDORS, type SapStream } from './streams.ts';
import { readRows, type FieldPlans, type TableRow } from './table-read.ts';
import { and, equals, sliceTokens, type KeySlice } from './where.ts';

export interface SapRecord {
  readonly row: DataRow;
  readonly problems: readonly WaProblem[];
}

const latest = (...days: readonly Value[]): PlainDate | null =>
  days.reduce<PlainDate | null>(
    (max, day) => (day instanceof PlainDate && (max === null || day.compare(max) > 0) ? day : max),
    null,
  );

/** The stream's own filter on its main table: POs (BSTYP F) of the company code; all vendors and customers. */
export function baseWhere(stream: SapStream, companyCode: string): string[] {
  return stream === PURCHASE_ORDER_ITEMS ? and(equals('BUKRS', companyCode), equals('BSTYP', 'F')) : [];
}

export async function readSlice(
  client: SapRfcClient,
  plans: FieldPlans,
  config: SapConnectionConfig,
  stream: SapStream,
  slice: KeySlice,
): Promise<SapRecord[]> {
  const key = stream.keyColumn;
  const inSlice = sliceTokens(key, slice);
  const columns = (table: string, keys: readonly string[]) => [
    ...keys,
    ...columnsOf(stream, table)
      .map((f) => f.column)
      .filter((c) => !keys.includes(c)),
  ];
  const main = await readRows(
    client,
    plans,
    stream.table,
    [key],
    columns(stream.table, [key]),
    and(baseWhere(stream, config.companyCode), inSlice),
  );
  const changes = await lastChangeDays(client, plans, stream.objectClass, slice);
  if (stream === PURCHASE_ORDER_ITEMS) {
    const items = await readRows(
      client,
      plans,
      'EKPO',
      ['EBELN', 'EBELP'],
      columns('EKPO', ['EBELN', 'EBELP']),
      and(equals('BUKRS', config.companyCode), inSlice),
    );
    const records: SapRecord[] = [];
    for (const item of items.values()) {
      const header = main.get(String(item.values.EBELN ?? ''));
      // An item whose header is not one of the stream's POs (another document category) is not this stream's.
      if (header === undefined) continue;
      const row = build(stream, { EKKO: header, EKPO: item });
      row[CHANGED_ON] = latest(
        header.values.AEDAT ?? null,
        item.values.AEDAT ?? null,
        changes.get(String(item.values.EBELN)) ?? null,
      );
      records.push({ row, problems: [...header.problems, ...item.problems] });
    }
    return records;
  }
  const companyTable = stream === VENDORS ? 'LFB1' : 'KNB1';
  const company = await readRows(
    client,
    plans,
    companyTable,
    [key],
    columns(companyTable, [key]),
    and(equals('BUKRS', config.companyCode), inSlice),
  );
  return [...main.values()].map((general) => {
    const id = String(general.values[key] ?? '');
    const perCompany = company.get(id);
    const row = build(stream, {
      [stream.table]: general,
      ...(perCompany === undefined ? {} : { [companyTable]: perCompany }),
    });
    row[CHANGED_ON] = latest(general.values.ERDAT ?? null, perCompany?.values.ERDAT ?? null, changes.get(id) ?? null);
    return { row, problems: [...general.problems, ...(perCompany?.problems ?? [])] };
  });
}

/** The stream's fields from the tables' rows; SAP's blank (initial) text is read as no value. */
function build(stream: SapStream, rows: Readonly<Record<string, TableRow>>): Record<string, Value> {
  const row: Record<string, Value> = {};
  for (const field of stream.fields) {
    if (field.name === CHANGED_ON) continue;
    const value = rows[field.table]?.values[field.column] ?? null;
    row[field.name] = value === '' ? null : value;
  }
  return row;
}
