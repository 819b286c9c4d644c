/**
 * CREATE VOLUME, PUT (a staging command) and COPY INTO, run against the simulator's Volumes
 * (volumes.ts) and DuckDB. COPY INTO behaves as Databricks documents it: idempotent per file, so a file
 * name it has loaded into a table before is skipped, even if the file changed since, unless
 * `COPY_OPTIONS ('force' = 'true')`; its answer is `num_affected_rows, num_inserted_rows,
 * num_skipped_corrupt_files`. Columns are matched by name, case aside; table columns the file lacks are null.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { columnOf, type ResultTable } from './result-types.ts';
import { plainError, SimSqlError, tableNotFound } from './sql-errors.ts';
import type { StagingShape } from './sql-staging.ts';
import { catalogFromDuck, quoteDuck } from './sql-translate.ts';
import { PRESIGNED_UPLOAD_HEADERS, VolumeError, type SimVolumes, type VolumePath } from './volumes.ts';

export interface CopyCounters {
  /** COPY INTO statements run. */
  copyInto: number;
  /** Files COPY INTO loaded. */
  filesLoaded: number;
  /** Files COPY INTO skipped as already loaded into that table. */
  filesSkipped: number;
}

export interface StagingContext {
  readonly connection: DuckDBConnection;
  readonly volumes: SimVolumes;
  /** Per table (`duckdb_database.schema.table`, lower case): the volume files COPY INTO loaded into it. */
  readonly copyHistory: Map<string, Set<string>>;
  readonly counters: CopyCounters;
  resolveTable(name: readonly string[]): Promise<{ db: string; schema: string; table: string }>;
}

export async function runStaging(shape: StagingShape, context: StagingContext): Promise<ResultTable> {
  try {
    switch (shape.kind) {
      case 'create-volume':
        return await createVolume(shape.volume, shape.ifNotExists, context);
      case 'put':
        return put(shape.localFile, shape.target, shape.overwrite, context.volumes);
      case 'copy-into':
        return await copyInto(shape, context);
    }
  } catch (error) {
    if (error instanceof VolumeError) {
      throw error.status === 404
        ? new SimSqlError('RESOURCE_DOES_NOT_EXIST', '42704', error.message, 'analysis')
        : new SimSqlError('INVALID_PARAMETER_VALUE', '22023', error.message, 'analysis');
    }
    throw error;
  }
}

async function createVolume(
  name: readonly string[],
  ifNotExists: boolean,
  context: StagingContext,
): Promise<ResultTable> {
  const where = await context.resolveTable(name);
  const schemas = await context.connection.runAndReadAll(
    'SELECT 1 FROM duckdb_schemas() WHERE database_name = $db AND lower(schema_name) = lower($schema)',
    {
      db: where.db,
      schema: where.schema,
    },
  );
  if (schemas.getRows().length === 0)
    throw new SimSqlError('SCHEMA_NOT_FOUND', '42704', `The schema \`${where.schema}\` cannot be found.`, 'analysis');
  const volume = [catalogFromDuck(where.db) ?? where.db, where.schema, where.table].join('.').toLowerCase();
  if (context.volumes.has(volume)) {
    if (ifNotExists) return { columns: [], rows: [] };
    throw new SimSqlError('VOLUME_ALREADY_EXISTS', '42000', `Volume \`${volume}\` already exists.`, 'analysis');
  }
  context.volumes.create(volume);
  return { columns: [], rows: [] };
}

/** The staging answer the driver acts on (its DBSQLSession.handleStagingOperation): one row, then its own upload. */
function put(localFile: string, target: string, overwrite: boolean, volumes: SimVolumes): ResultTable {
  if (!volumes.presignedUrls) throw plainError('PERMISSION_DENIED', 'Presigned URLs API is not enabled', 'runtime');
  const url = volumes.presignUpload(volumes.resolve(target), overwrite);
  return {
    staging: true,
    columns: [
      columnOf('operation', 'VARCHAR'),
      columnOf('localFile', 'VARCHAR'),
      columnOf('presignedUrl', 'VARCHAR'),
      { name: 'headers', type: 'MAP' },
    ],
    rows: [['PUT', localFile, url, JSON.stringify(PRESIGNED_UPLOAD_HEADERS)]],
  };
}

async function copyInto(
  shape: Extract<StagingShape, { kind: 'copy-into' }>,
  context: StagingContext,
): Promise<ResultTable> {
  if (shape.fileFormat !== 'PARQUET')
    throw new SimSqlError(
      'UNSUPPORTED_FEATURE',
      '0A000',
      `The simulator's COPY INTO reads PARQUET only, not ${shape.fileFormat}.`,
      'analysis',
    );
  const where = await context.resolveTable(shape.table);
  const tableColumns = (
    await context.connection.runAndReadAll(
      'SELECT column_name FROM duckdb_columns() WHERE database_name = $db AND lower(schema_name) = lower($schema) AND lower(table_name) = lower($table) ORDER BY column_index',
      where,
    )
  )
    .getRowsJS()
    .map(([name]) => String(name));
  if (tableColumns.length === 0) throw tableNotFound(shape.table.join('.'));
  const base = context.volumes.resolve(shape.from);
  const candidates: VolumePath[] =
    shape.files === undefined
      ? context.volumes.files(base)
      : shape.files.map((file) => ({
          volume: base.volume,
          inside: [base.inside, file].filter((p) => p !== '').join('/'),
        }));
  const missing = candidates.find((file) => !context.volumes.exists(file));
  if (missing !== undefined)
    throw new SimSqlError(
      'PATH_NOT_FOUND',
      '42K03',
      `Path does not exist: /Volumes/${missing.volume.replaceAll('.', '/')}/${missing.inside}.`,
      'analysis',
    );
  const key = `${where.db}.${where.schema}.${where.table}`.toLowerCase();
  const loaded = context.copyHistory.get(key) ?? new Set<string>();
  const force = shape.copyOptions['force'] === 'true';
  const fileKey = (file: VolumePath): string => `${file.volume}/${file.inside}`;
  const fresh = candidates.filter((file) => force || !loaded.has(fileKey(file)));
  context.counters.copyInto += 1;
  context.counters.filesSkipped += candidates.length - fresh.length;
  if (fresh.length === 0) return copyResult(0n);
  const list = `[${fresh.map((file) => `'${context.volumes.diskPath(file).replaceAll("'", "''")}'`).join(', ')}]`;
  const fileColumns = (
    await context.connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${list}, union_by_name = true)`)
  )
    .getRowsJS()
    .map(([name]) => String(name));
  const shared = tableColumns.filter((column) =>
    fileColumns.some((name) => name.toLowerCase() === column.toLowerCase()),
  );
  const source = shared.map((column) =>
    quoteDuck(fileColumns.find((name) => name.toLowerCase() === column.toLowerCase()) ?? column),
  );
  const table = [where.db, where.schema, where.table].map(quoteDuck).join('.');
  const reader = await context.connection.runAndReadAll(
    `INSERT INTO ${table} (${shared.map(quoteDuck).join(', ')}) SELECT ${source.join(', ')} FROM read_parquet(${list}, union_by_name = true)`,
  );
  const inserted = BigInt(String(reader.getRows()[0]?.[0] ?? 0));
  for (const file of fresh) loaded.add(fileKey(file));
  context.copyHistory.set(key, loaded);
  context.counters.filesLoaded += fresh.length;
  return copyResult(inserted);
}

function copyResult(inserted: bigint): ResultTable {
  return {
    columns: ['num_affected_rows', 'num_inserted_rows', 'num_skipped_corrupt_files'].map((name) =>
      columnOf(name, 'BIGINT'),
    ),
    rows: [[inserted, inserted, 0n]],
  };
}
