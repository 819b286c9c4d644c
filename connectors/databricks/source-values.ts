/**
 * A row as the source's SELECT returns it (every value as text, a TIMESTAMP as microseconds since the
 * epoch: source-streams.ts `selectExpression`) typed as its column: DECIMAL as an exact Decimal, DATE as a
 * PlainDate, TIMESTAMP as a Timestamp in UTC. A value that does not read as its type is kept as its text
 * and reported, so the runner holds the record with the reason.
 */
import type { DataRow, RecordProblem } from '../../engine/model/io.ts';
import { setOwnEntry } from '../../engine/model/own-names.ts';
import { coerceValue, Timestamp, type Value } from '../../engine/model/values/index.ts';
import { fieldType, type SourceColumn } from './source-streams.ts';

export function typedRow(
  row: Readonly<Record<string, unknown>>,
  columns: readonly SourceColumn[],
  recordIndex: number,
  where: string,
): { record: DataRow; problems: RecordProblem[] } {
  // Customers' column names are ordinary keys ("__proto__" included).
  const record = Object.create(null) as Record<string, Value>;
  const problems: RecordProblem[] = [];
  for (const column of columns) {
    const text = row[column.name];
    const typed = typedValue(text, column);
    if (typed.ok) setOwnEntry(record, column.name, typed.value);
    else {
      setOwnEntry(record, column.name, String(text));
      problems.push({
        recordIndex,
        field: column.name,
        message: `${where}, column ${column.name} (${column.sparkType}): "${String(text)}" ${typed.reason}`,
      });
    }
  }
  return { record, problems };
}

function typedValue(text: unknown, column: SourceColumn): { ok: true; value: Value } | { ok: false; reason: string } {
  if (text === null || text === undefined) return { ok: true, value: null };
  const type = column.sparkType.trim().toLowerCase();
  if (type === 'timestamp' || type === 'timestamp_ltz') {
    const micros = String(text);
    return /^-?\d+$/.test(micros)
      ? { ok: true, value: Timestamp.of(BigInt(micros)) }
      : { ok: false, reason: 'is not a count of microseconds since 1970' };
  }
  if (typeof text !== 'string') return { ok: false, reason: 'came back as something other than text' };
  // TIMESTAMP_NTZ has no zone: its wall-clock time is read as UTC (README "Source").
  const typed = coerceValue(text, fieldType(column.sparkType), { defaultZone: 'UTC' });
  return typed.ok ? { ok: true, value: typed.value } : { ok: false, reason: typed.reason };
}
