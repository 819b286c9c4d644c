/**
 * One SAP stream read through the customer's Gateway service instead of RFC (README "Gateway OData v2"):
 * the same fields, keys and cursor as the RFC read, so a pipeline's records do not depend on the surface.
 * - CHANGED_ON is read from the setting's `date` property (the one an incremental read filters on), unless
 *   the setting maps CHANGED_ON itself; a service with neither is refused with the fields it lacks.
 * - Keys come out in SAP's internal form: a service may give ALPHA fields in their external form (`100001`,
 *   SEGW's default conversion exit), so numeric LIFNR/KUNNR/EBELN/AKONT are zero-padded to 10, MATNR to 18,
 *   as RFC_READ_TABLE gives them; alphanumeric ones (`VEND-A`) stay as typed.
 * - SAP's blank text is read as no value, as over RFC.
 * - An incremental read asks `date ge <day>` (whole days, inclusive); a record outside the window's end, or
 *   met twice (server paging over changing data), is passed on once and only inside the window.
 */
import type { CancelSignal, DataRow, RecordProblem, SourcePage } from '../../engine/model/io.ts';
import type { PlainDate, Value } from '../../engine/model/values/index.ts';
import type { HttpClient } from '../kit/http/client.ts';
import type { GatewayEntityConfig } from './gateway/config.ts';
import { readGatewayPages } from './gateway/reader.ts';
import { alphaInput } from './read-table-options.ts';
import { CHANGED_ON, type SapStream } from './streams.ts';

/** Fields with SAP's ALPHA conversion and their internal length. */
const ALPHA_LENGTHS: Readonly<Record<string, number>> = { LIFNR: 10, KUNNR: 10, EBELN: 10, AKONT: 10, MATNR: 18 };

export interface GatewayWindow {
  readonly from?: PlainDate;
  readonly end?: PlainDate;
  readonly pageSize: number;
  readonly signal?: CancelSignal;
  /** Whether a record lies in the window (the RFC read's own test, so both surfaces agree). */
  readonly inWindow: (changedOn: Value) => boolean;
  /** Records a stream's `bapiDetails` confirms: index -> SAP's refusal, held as a problem. */
  readonly confirm?: (rows: readonly DataRow[]) => Promise<Map<number, string>>;
}

/** The setting with CHANGED_ON read from its `date` property, unless it maps CHANGED_ON itself. */
export function withChangedOn(config: GatewayEntityConfig): GatewayEntityConfig {
  if (config.dateFilterProperty === undefined || config.fieldMap?.[CHANGED_ON] !== undefined) return config;
  return { ...config, fieldMap: { ...config.fieldMap, [CHANGED_ON]: config.dateFilterProperty } };
}

/** A Gateway row as the RFC read gives it: blank text as no value, ALPHA keys in internal form. */
export function asRfcGives(row: DataRow): DataRow {
  const out: Record<string, Value> = {};
  for (const [name, value] of Object.entries(row)) {
    const length = ALPHA_LENGTHS[name];
    if (typeof value !== 'string') out[name] = value;
    else if (value.trim() === '') out[name] = null;
    else out[name] = length === undefined ? value : alphaInput(value, length);
  }
  return out;
}

export async function* readStreamOverGateway(
  http: HttpClient,
  config: GatewayEntityConfig,
  stream: SapStream,
  window: GatewayWindow,
): AsyncGenerator<SourcePage> {
  const seen = new Set<string>();
  const pages = readGatewayPages(http, withChangedOn(config), {
    fields: stream.fields.map((field) => [field.name, field.type] as const),
    pageSize: window.pageSize,
    ...(window.from === undefined ? {} : { from: window.from }),
    ...(window.signal === undefined ? {} : { signal: window.signal }),
  });
  for await (const page of pages) {
    const records: DataRow[] = [];
    const problems: RecordProblem[] = [];
    page.records.forEach((read, index) => {
      const row = asRfcGives(read);
      const id = stream.schema.key.map((key) => String(row[key])).join('/');
      if (seen.has(id) || !window.inWindow(row[CHANGED_ON] ?? null)) return;
      seen.add(id);
      for (const problem of page.problems ?? [])
        if (problem.recordIndex === index) problems.push({ ...problem, recordIndex: records.length });
      records.push(row);
    });
    if (records.length === 0) continue;
    const held = window.confirm === undefined ? new Map<number, string>() : await window.confirm(records);
    for (const [index, refusal] of held)
      problems.push({ recordIndex: index, field: stream.schema.key[0]!, message: refusal });
    yield problems.length === 0 ? { records } : { records, problems };
  }
}
