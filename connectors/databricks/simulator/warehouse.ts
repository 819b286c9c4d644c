/**
 * The simulator's storage: one in-memory DuckDB instance, each Unity Catalog catalog an attached
 * database, one DuckDB connection per Thrift session (temporary views are per session, as on
 * Databricks). Statements arrive in Databricks SQL and are translated (sql-translate.ts); MERGE gets
 * Databricks' duplicate-source-row refusal and its four-counter result row.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { AlterShape } from './sql-alter.ts';
import { fromDuckDb, duplicateSourceRows, SimSqlError, tableNotFound } from './sql-errors.ts';
import {
  catalogFromDuck,
  duckCatalog,
  quoteDuck,
  translate,
  TranslationError,
  type Translated,
} from './sql-translate.ts';
import { describeQuery, sparkTypeName } from './describe.ts';
import { columnOf, type ResultTable } from './result-types.ts';
import { runStaging, type CopyCounters } from './volume-statements.ts';
import { SimVolumes } from './volumes.ts';

export type Parameters = readonly (string | null)[] | Readonly<Record<string, string | null>>;

export interface TableTotals {
  readonly rows: number;
  /** Exact sums of the table's DECIMAL columns. */
  readonly sums: Readonly<Record<string, string>>;
}

export interface StatementHook {
  /** Called before each statement runs; throw a SimSqlError to inject a fault. */
  beforeStatement?(kind: Translated['kind'], sql: string): void;
}

/** Delta table properties by `duckdb_database.schema.table` (lower case), shared by all sessions. */
type TableProperties = Map<string, Map<string, string>>;

/** What every session of the warehouse shares besides DuckDB itself. */
interface Shared {
  readonly tableProperties: TableProperties;
  readonly volumes: SimVolumes;
  readonly copyHistory: Map<string, Set<string>>;
  readonly copyCounters: CopyCounters;
}

export class SimWarehouse {
  private readonly shared: Shared = {
    tableProperties: new Map(),
    volumes: new SimVolumes(),
    copyHistory: new Map(),
    copyCounters: { copyInto: 0, filesLoaded: 0, filesSkipped: 0 },
  };

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly admin: DuckDBConnection,
  ) {}

  static async open(catalogs: readonly string[]): Promise<SimWarehouse> {
    const instance = await DuckDBInstance.create(':memory:');
    const admin = await instance.connect();
    const warehouse = new SimWarehouse(instance, admin);
    for (const catalog of catalogs) await warehouse.createCatalog(catalog);
    return warehouse;
  }

  async createCatalog(catalog: string): Promise<void> {
    await this.admin.run(`ATTACH IF NOT EXISTS ':memory:' AS ${quoteDuck(duckCatalog(catalog))}`);
    await this.admin.run(`CREATE SCHEMA IF NOT EXISTS ${quoteDuck(duckCatalog(catalog))}."default"`);
  }

  async openSession(catalog = 'main', schema = 'default', hook: StatementHook = {}): Promise<SimSession> {
    const connection = await this.instance.connect();
    try {
      // Databricks SQL warehouses run in UTC unless the session says otherwise.
      await connection.run(`SET TimeZone = 'UTC'`);
      // Spark's unix_micros(timestamp): microseconds since the epoch, whatever the session's zone.
      await connection.run('CREATE OR REPLACE TEMP MACRO unix_micros(t) AS epoch_us(t)');
      await connection.run(`USE ${quoteDuck(duckCatalog(catalog))}.${quoteDuck(schema)}`);
    } catch (error) {
      connection.closeSync();
      throw fromDuckDb(error);
    }
    return new SimSession(connection, hook, this.shared);
  }

  /** Unity Catalog Volumes (uploads, the Files API, what COPY INTO reads). */
  get volumes(): SimVolumes {
    return this.shared.volumes;
  }

  get copyCounters(): CopyCounters {
    return this.shared.copyCounters;
  }

  /** Per table `catalog.schema.table`: row count and DECIMAL sums of what the warehouse holds now. */
  async controlTotals(): Promise<Record<string, TableTotals>> {
    const columns = await this.admin.runAndReadAll(
      `SELECT database_name, schema_name, table_name, list(column_name ORDER BY column_index) FILTER (WHERE data_type LIKE 'DECIMAL%')
       FROM duckdb_columns() WHERE database_name LIKE 'uc\\_%' ESCAPE '\\' GROUP BY ALL ORDER BY ALL`,
    );
    const totals: Record<string, TableTotals> = {};
    for (const [database, schema, table, decimals] of columns.getRowsJS()) {
      const names = (decimals as (string | null)[] | null)?.filter((n): n is string => n !== null) ?? [];
      const full = [database, schema, table].map((part) => quoteDuck(String(part))).join('.');
      const sums = names.map((name) => `, coalesce(sum(${quoteDuck(name)}), 0)::VARCHAR`).join('');
      const row = (await this.admin.runAndReadAll(`SELECT count(*)${sums} FROM ${full}`)).getRowsJS()[0] ?? [];
      const key = `${catalogFromDuck(String(database)) ?? String(database)}.${String(schema)}.${String(table)}`;
      totals[key] = {
        rows: Number(row[0] ?? 0),
        sums: Object.fromEntries(names.map((name, i) => [name, String(row[i + 1])])),
      };
    }
    return totals;
  }

  close(): void {
    this.admin.closeSync();
    this.instance.closeSync();
    this.shared.volumes.close();
  }
}

export class SimSession {
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly connection: DuckDBConnection,
    private readonly hook: StatementHook,
    private readonly shared: Shared,
  ) {}

  /** Runs one statement; statements of one session run one after another, as a DuckDB connection needs. */
  execute(sql: string, parameters: Parameters = []): Promise<ResultTable> {
    const run = this.queue.then(() => this.run(sql, parameters));
    this.queue = run.catch(() => undefined);
    return run;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.connection.closeSync();
  }

  private async run(sql: string, parameters: Parameters): Promise<ResultTable> {
    let statement: Translated;
    try {
      statement = translate(sql);
    } catch (error) {
      if (error instanceof TranslationError)
        throw new SimSqlError(
          error.errorClass,
          error.sqlState,
          error.message.replace(/^\[[^\]]*\] | SQLSTATE: \w+$/g, ''),
          'analysis',
        );
      throw error;
    }
    this.hook.beforeStatement?.(statement.kind, sql);
    const values = bindable(parameters, statement.parameterNames);
    try {
      switch (statement.kind) {
        case 'use':
          return await this.use(statement);
        case 'describe':
          return statement.sql === ''
            ? await this.describe(statement.name ?? [])
            : await describeQuery(this.connection, statement.sql, values);
        case 'staging':
          return await runStaging(statement.staging!, {
            connection: this.connection,
            volumes: this.shared.volumes,
            copyHistory: this.shared.copyHistory,
            counters: this.shared.copyCounters,
            resolveTable: (name) => this.resolveTable(name),
          });
        case 'merge':
          return await this.merge(statement, values);
        case 'insert': {
          const count = await this.count(statement.sql, values);
          return counters(['num_affected_rows', 'num_inserted_rows'], [count, count]);
        }
        case 'modify':
          return counters(['num_affected_rows'], [await this.count(statement.sql, values)]);
        case 'ddl':
          if (statement.alter !== undefined) await this.checkAlter(statement.alter);
          if (statement.sql !== '') await this.connection.run(statement.sql, values);
          return { columns: [], rows: [] };
        case 'query': {
          const reader = await this.connection.runAndReadAll(statement.sql, values);
          const types = reader.columnTypes();
          return {
            columns: reader.columnNames().map((name, i) => columnOf(name, String(types[i]))),
            rows: reader.getRows(),
          };
        }
      }
    } catch (error) {
      throw fromDuckDb(error);
    }
  }

  private async count(
    sql: string,
    values: Record<string, string | null> | (string | null)[] | undefined,
  ): Promise<bigint> {
    const reader = await this.connection.runAndReadAll(sql, values);
    return BigInt(String(reader.getRows()[0]?.[0] ?? 0));
  }

  private async merge(
    statement: Translated,
    values: Record<string, string | null> | (string | null)[] | undefined,
  ): Promise<ResultTable> {
    const shape = statement.merge;
    await this.connection.run('BEGIN TRANSACTION');
    try {
      // DuckDB lets a duplicate source key through silently; Databricks refuses the whole MERGE (section 4).
      if (shape !== undefined && shape.updatesMatched) {
        const check = `SELECT 1 ${shape.joinSql} GROUP BY ${shape.targetRow} HAVING count(*) > 1 LIMIT 1`;
        if ((await this.connection.runAndReadAll(check, values)).getRows().length > 0) throw duplicateSourceRows();
      }
      const reader = await this.connection.runAndReadAll(`${statement.sql} RETURNING merge_action`, values);
      const actions = reader.getRows().map((row) => String(row[0]));
      await this.connection.run('COMMIT');
      const n = (action: string): bigint => BigInt(actions.filter((a) => a === action).length);
      return counters(
        ['num_affected_rows', 'num_updated_rows', 'num_deleted_rows', 'num_inserted_rows'],
        [BigInt(actions.length), n('UPDATE'), n('DELETE'), n('INSERT')],
      );
    } catch (error) {
      await this.connection.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  private async use(statement: Translated): Promise<ResultTable> {
    const [a, b] = statement.name ?? [];
    if (a === undefined) throw new SimSqlError('PARSE_SYNTAX_ERROR', '42601', 'USE needs a name.', 'analysis');
    if (statement.sql === 'CATALOG') await this.connection.run(`USE ${quoteDuck(duckCatalog(a))}."default"`);
    else if (b !== undefined) await this.connection.run(`USE ${quoteDuck(duckCatalog(a))}.${quoteDuck(b)}`);
    else await this.connection.run(`USE ${quoteDuck(a)}`);
    return { columns: [], rows: [] };
  }

  /** `DESCRIBE TABLE` in Databricks' shape: col_name, data_type (Spark type names), comment. */
  private async describe(name: readonly string[]): Promise<ResultTable> {
    const where = await this.resolveTable(name);
    const reader = await this.connection.runAndReadAll(
      `SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = $db AND lower(schema_name) = lower($schema) AND lower(table_name) = lower($table) ORDER BY column_index`,
      where,
    );
    const rows = reader.getRowsJS();
    if (rows.length === 0) throw tableNotFound(name.join('.'));
    return {
      columns: [columnOf('col_name', 'VARCHAR'), columnOf('data_type', 'VARCHAR'), columnOf('comment', 'VARCHAR')],
      rows: rows.map(([column, type]) => [String(column), sparkTypeName(String(type)), null]),
    };
  }

  /**
   * Delta changes a column's type only with type widening enabled on the table, and drops a column only
   * under column mapping by name; both are table properties set by `ALTER TABLE ... SET TBLPROPERTIES`.
   */
  private async checkAlter(alter: AlterShape): Promise<void> {
    const where = await this.resolveTable(alter.table);
    const key = `${where.db}.${where.schema}.${where.table}`.toLowerCase();
    const properties = this.shared.tableProperties.get(key) ?? new Map<string, string>();
    if (alter.action === 'set-properties') {
      await this.describe(alter.table);
      for (const [name, value] of Object.entries(alter.properties ?? {})) properties.set(name, value.toLowerCase());
      this.shared.tableProperties.set(key, properties);
    } else if (alter.action === 'change-type' && properties.get('delta.enabletypewidening') !== 'true') {
      throw new SimSqlError(
        'DELTA_UNSUPPORTED_ALTER_TABLE_CHANGE_COL_OP',
        '0AKDC',
        `ALTER TABLE ALTER COLUMN is not supported for changing the type of column \`${alter.columns?.[0] ?? ''}\`; enable type widening ('delta.enableTypeWidening' = 'true').`,
        'analysis',
      );
    } else if (alter.action === 'drop-columns' && properties.get('delta.columnmapping.mode') !== 'name') {
      throw new SimSqlError(
        'DELTA_UNSUPPORTED_DROP_COLUMN',
        '0AKDC',
        "DROP COLUMN is not supported for your Delta table. Please upgrade your table to reader version 2 and writer version 5 and change the column mapping mode to 'name' mapping.",
        'analysis',
      );
    }
  }

  private async resolveTable(name: readonly string[]): Promise<{ db: string; schema: string; table: string }> {
    const current =
      (await this.connection.runAndReadAll('SELECT current_database(), current_schema()')).getRowsJS()[0] ?? [];
    const [db, schema] = [String(current[0]), String(current[1])];
    if (name.length === 3) return { db: duckCatalog(name[0] ?? ''), schema: name[1] ?? '', table: name[2] ?? '' };
    if (name.length === 2) return { db, schema: name[0] ?? '', table: name[1] ?? '' };
    return { db, schema, table: name[0] ?? '' };
  }
}

function counters(names: readonly string[], values: readonly bigint[]): ResultTable {
  return { columns: names.map((name) => columnOf(name, 'BIGINT')), rows: [values] };
}

function bindable(
  parameters: Parameters,
  names: readonly string[] | undefined,
): Record<string, string | null> | (string | null)[] | undefined {
  if (Array.isArray(parameters))
    return parameters.length === 0 ? undefined : [...(parameters as readonly (string | null)[])];
  const named = parameters as Readonly<Record<string, string | null>>;
  if (Object.keys(named).length === 0) return undefined;
  // The translation numbered the named parameters (sql-translate.ts); bind them by position.
  if (names !== undefined && names.length > 0) return names.map((name) => named[name] ?? null);
  return { ...named };
}
