/**
 * A small GL journal source and in-memory lookup tables, shared by the mapping language's tests
 * and its benchmark. Kept beside the code so every test describes the same realistic shape.
 */
import { PlainDate, formatValue, valueKind, type Value } from '../model/values/index.ts';
import type { EvalContext, LookupTable } from './functions/spec.ts';
import { T, type MappingType } from './types.ts';

export const GL_SCHEMA: Readonly<Record<string, MappingType>> = {
  JRNENTRY: T.integer,
  ACTNUMST: T.string,
  DEBITAMT: T.decimal,
  CRDTAMNT: T.decimal,
  TRXDATE: T.date,
  DSCRIPTN: T.string,
  POSTED: T.boolean,
  MODIFIED: T.timestamp,
  'Account Number': T.string,
  vendor: {
    kind: 'record',
    fields: {
      name: T.string,
      address: T.list({ kind: 'record', fields: { city: T.string, zip: T.string } }),
    },
  },
  tags: T.list(T.string),
  extra: T.any,
};

export const GL_LABEL = 'GL journal lines';

/** Same key, same text: lookups match on the value, whatever its kind. */
function keyOf(value: Value): string {
  return `${valueKind(value)}:${formatValue(value)}`;
}

export interface DatedEntry {
  readonly key: Value;
  readonly from: PlainDate;
  readonly value: Value;
}

export type TestLookupTable = LookupTable & { readonly effectiveDated: boolean };

export function memoryTable(
  name: string,
  keyType: MappingType,
  valueType: MappingType,
  entries: readonly (readonly [Value, Value])[],
): TestLookupTable {
  const byKey = new Map(entries.map(([key, value]) => [keyOf(key), value]));
  return {
    name,
    keyType,
    valueType,
    effectiveDated: false,
    get: (key) => byKey.get(keyOf(key)),
  };
}

/** Entries valid from a date until the next entry of the same key. */
export function datedTable(
  name: string,
  keyType: MappingType,
  valueType: MappingType,
  entries: readonly DatedEntry[],
): TestLookupTable {
  const sorted = [...entries].sort((a, b) => b.from.compare(a.from));
  return {
    name,
    keyType,
    valueType,
    effectiveDated: true,
    get(key, asOf) {
      const wanted = keyOf(key);
      const found = sorted.find(
        (entry) => keyOf(entry.key) === wanted && (asOf instanceof PlainDate ? entry.from.compare(asOf) <= 0 : true),
      );
      return found?.value;
    },
  };
}

export const COST_CENTERS = memoryTable('cost_centers', T.string, T.string, [
  ['4000-100', 'CC-SALES'],
  ['5000-200', 'CC-OPS'],
  ['6100-300', 'CC-ADMIN'],
]);

export const FX_RATES = datedTable('fx_rates', T.string, T.decimal, []);

export const GL_LOOKUPS: ReadonlyMap<string, LookupTable> = new Map<string, LookupTable>([
  ['cost_centers', COST_CENTERS],
  ['fx_rates', FX_RATES],
]);

export function testContext(lookups: ReadonlyMap<string, LookupTable> = GL_LOOKUPS): EvalContext {
  return { runDate: PlainDate.of(2024, 3, 31), lookups, fiscalYearStartMonth: 7 };
}
