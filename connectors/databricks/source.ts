/**
 * Databricks as a source (README "Source"): each stream reads a table or a query through the SQL warehouse,
 * incrementally by its cursor column (closed start `>=` the watermark, `<` the end), in pages ordered by
 * cursor then key and fetched by key set (`WHERE (cursor, key) > last`, `LIMIT n`), never by OFFSET, so a
 * row is neither skipped nor read twice when rows change between pages. Every value travels as text and
 * is typed here: DECIMAL exactly, DATE as a date, TIMESTAMP as an instant in UTC.
 */
import type { DataRow, EntitySchema, ReadRequest, RecordProblem, Source, SourcePage } from '../../engine/model/io.ts';
import { formatValue, type Value } from '../../engine/model/values/index.ts';
import { DatabricksDestinationError } from './errors.ts';
import { DatabricksSql, type DatabricksConnectionOptions, type SqlParameters } from './sql-client.ts';
import { typedRow } from './source-values.ts';
import {
  baseQuery,
  DatabricksSourceError,
  fieldType,
  invalidStream,
  parameterCast,
  selectExpression,
  type DatabricksStreamDefinition,
  type SourceColumn,
} from './source-streams.ts';
import { quote } from './sql-encoding.ts';

export interface DatabricksSourceOptions extends DatabricksConnectionOptions {
  readonly streams: readonly DatabricksStreamDefinition[];
}

export function openDatabricksSource(options: DatabricksSourceOptions): Source {
  const sql = new DatabricksSql(options);
  const columns = new Map<string, Promise<readonly SourceColumn[]>>();
  const definition = (entity: string): DatabricksStreamDefinition => {
    const found = options.streams.find((stream) => stream.entity === entity);
    if (found === undefined)
      throw invalidStream(
        `Databricks has no stream "${entity}" on this connection: a stream names its table or query in source.options (${
          options.streams.map((stream) => stream.entity).join(', ') || 'none is configured'
        })`,
      );
    return found;
  };
  const describe = (stream: DatabricksStreamDefinition): Promise<readonly SourceColumn[]> => {
    let known = columns.get(stream.entity);
    if (known === undefined) {
      known = describeColumns(sql, stream);
      columns.set(stream.entity, known);
      known.catch(() => columns.delete(stream.entity));
    }
    return known;
  };
  return {
    orderedByCursor: true,
    discover: async () => {
      const schemas: EntitySchema[] = [];
      for (const stream of options.streams) schemas.push(schemaOf(stream, await describe(stream)));
      return schemas;
    },
    // The stream is looked up when the first page is asked for, so an unknown one fails the read, not the call.
    read: async function* (request) {
      yield* readPages(sql, definition(request.entity), describe, request);
    },
    close: () => sql.close(),
  };
}

async function describeColumns(sql: DatabricksSql, stream: DatabricksStreamDefinition): Promise<SourceColumn[]> {
  const rows = await sourceQuery(sql, `DESCRIBE QUERY ${baseQuery(stream)}`);
  return rows
    .map((row) => ({ name: String(row['col_name'] ?? ''), sparkType: String(row['data_type'] ?? '') }))
    .filter((column) => column.name !== '' && !column.name.startsWith('#'));
}

function schemaOf(stream: DatabricksStreamDefinition, columns: readonly SourceColumn[]): EntitySchema {
  return {
    entity: stream.entity,
    label: stream.table ?? stream.entity,
    key: stream.key,
    ...(stream.cursor === undefined ? {} : { cursorField: stream.cursor }),
    fields: columns.map((column) => ({ name: column.name, type: fieldType(column.sparkType) })),
  };
}

async function* readPages(
  sql: DatabricksSql,
  stream: DatabricksStreamDefinition,
  describe: (stream: DatabricksStreamDefinition) => Promise<readonly SourceColumn[]>,
  request: ReadRequest,
): AsyncGenerator<SourcePage> {
  const columns = await describe(stream);
  const column = (name: string): SourceColumn => {
    // Databricks compares column names without case.
    const found = columns.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
    if (found === undefined)
      throw invalidStream(
        `Databricks stream "${stream.entity}" has no column ${name} (it has ${columns.map((c) => c.name).join(', ')})`,
      );
    return found;
  };
  const cursor = request.cursorField === undefined ? undefined : column(request.cursorField);
  if ((request.from !== undefined || request.end !== undefined) && cursor === undefined)
    throw invalidStream(`Databricks stream "${stream.entity}": an incremental read needs source.cursor`);
  const keys = request.key.map(column);
  const order = [...(cursor === undefined ? [] : [cursor]), ...keys];
  if (order.length === 0) throw invalidStream(`Databricks stream "${stream.entity}" needs source.key`);

  const parameters: Record<string, string | null> = {};
  const bind = (value: Value, of: SourceColumn): string => {
    const name = `p${Object.keys(parameters).length}`;
    parameters[name] = formatValue(value);
    return `CAST(:${name} AS ${parameterCast(of)})`;
  };
  const ref = (of: SourceColumn) => `src.${quote(of.name)}`;
  const bounds: string[] = [];
  if (cursor !== undefined && request.from !== undefined && request.from.cursor !== null)
    bounds.push(`${ref(cursor)} >= ${bind(request.from.cursor, cursor)}`);
  if (cursor !== undefined && request.end !== undefined && request.end !== null)
    bounds.push(`${ref(cursor)} < ${bind(request.end, cursor)}`);
  for (const [field, value] of Object.entries(request.filters ?? {}))
    bounds.push(
      value === null ? `${ref(column(field))} IS NULL` : `${ref(column(field))} = ${bind(value, column(field))}`,
    );
  const fixed = { ...parameters };
  const select = columns.map((c) => selectExpression(c)).join(', ');
  const orderBy = order.map((c) => `${ref(c)} ASC NULLS FIRST`).join(', ');

  const limit = Math.max(1, Math.floor(request.pageSize));
  let last: readonly Value[] | undefined;
  for (;;) {
    if (request.signal?.aborted === true) return;
    for (const name of Object.keys(parameters)) if (!(name in fixed)) delete parameters[name];
    const where = [...bounds, ...(last === undefined ? [] : [after(order, last, ref, bind)])];
    const statement =
      `SELECT ${select} FROM (${baseQuery(stream)}) AS src` +
      (where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`) +
      ` ORDER BY ${orderBy} LIMIT ${limit}`;
    const rows = await sourceQuery(sql, statement, parameters);
    const records: DataRow[] = [];
    const problems: RecordProblem[] = [];
    rows.forEach((row, index) => {
      const typed = typedRow(row, columns, index, `${stream.entity} row ${index + 1} of this page`);
      records.push(typed.record);
      problems.push(...typed.problems);
    });
    if (records.length > 0) yield problems.length === 0 ? { records } : { records, problems };
    if (rows.length < limit) return;
    last = order.map((c) => {
      const value = records[records.length - 1]?.[c.name] ?? null;
      const problem = problems.find((p) => p.recordIndex === records.length - 1 && p.field === c.name);
      if (problem !== undefined || (value === null && c !== cursor))
        throw new DatabricksSourceError(
          'DATABRICKS_KEY_UNREADABLE',
          `Databricks stream "${stream.entity}": ${problem?.message ?? `key column ${c.name} is NULL in a row`}; ` +
            'the key and cursor must be readable to page past a row, so the read stops here',
          { transient: false },
        );
      return value;
    });
  }
}

/**
 * `(o1, o2, …) > (v1, v2, …)` spelled out (Databricks has no row-value comparison), with NULLs first as the
 * ORDER BY puts them: after a NULL cursor come the rest of the NULLs by key, then every non-NULL cursor.
 */
function after(
  order: readonly SourceColumn[],
  last: readonly Value[],
  ref: (c: SourceColumn) => string,
  bind: (value: Value, c: SourceColumn) => string,
): string {
  const alternatives: string[] = [];
  for (let i = 0; i < order.length; i++) {
    const equal = order.slice(0, i).map((c, j) => {
      const value = last[j] ?? null;
      return value === null ? `${ref(c)} IS NULL` : `${ref(c)} = ${bind(value, c)}`;
    });
    const c = order[i] as SourceColumn;
    const value = last[i] ?? null;
    const greater = value === null ? `${ref(c)} IS NOT NULL` : `${ref(c)} > ${bind(value, c)}`;
    alternatives.push([...equal, greater].join(' AND '));
  }
  return `(${alternatives.map((alternative) => `(${alternative})`).join(' OR ')})`;
}

/** A read: the destination's client and retries, with a refused token in the kit's word (AUTH_FAILED). */
async function sourceQuery(
  sql: DatabricksSql,
  statement: string,
  parameters: SqlParameters = {},
): Promise<Record<string, unknown>[]> {
  try {
    return await sql.query(statement, parameters);
  } catch (error) {
    throw asSourceError(error);
  }
}

export function asSourceError(error: unknown): unknown {
  if (error instanceof DatabricksDestinationError && error.code === 'DATABRICKS_AUTH_FAILED')
    return new DatabricksSourceError('AUTH_FAILED', error.message, { transient: false, cause: error });
  return error;
}
