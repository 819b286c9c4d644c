/**
 * Staged files: a batch written as Parquet on this machine (parquet-batch.ts) and put into a Unity Catalog
 * Volume, where COPY INTO reads it. The upload is the driver's staging command `PUT '<local>' INTO
 * '/Volumes/...' OVERWRITE` (the warehouse answers with a presigned URL and the driver uploads to it);
 * where the workspace refuses presigned URLs ("Presigned URLs API is not enabled", databricks-sql-go#176)
 * the Files API takes the file instead (`PUT /api/2.0/fs/files/Volumes/...?overwrite=true`), for the rest of
 * this connection. Staged files are deleted through the Files API once their batch has committed.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HttpClient } from '../kit/http/client.ts';
import { KitError } from '../kit/errors.ts';
import { DatabricksDestinationError } from './errors.ts';
import { ParquetBatchWriter, type ParquetColumn } from './parquet-batch.ts';
import { quote } from './sql-encoding.ts';
import type { DatabricksSql } from './sql-client.ts';

/** The volume a connection stages in when its `stagingVolume` names none: one beside each target table. */
export const DEFAULT_VOLUME_NAME = 'ml_connector_staging';

export interface StagingVolume {
  readonly catalog: string;
  readonly schema: string;
  readonly volume: string;
  /** True for the default volume, which this connector creates where it is missing. */
  readonly createIfMissing: boolean;
}

/** A file in a volume: its `/Volumes/...` path and the folder and name COPY INTO is given. */
export interface StagedFile {
  readonly path: string;
  readonly folder: string;
  readonly name: string;
  readonly rows: number;
}

/**
 * The volume for a table: the connection's `stagingVolume` (catalog.schema.volume) or, without one,
 * `ml_connector_staging` in the table's own schema.
 */
export function stagingVolumeFor(setting: string | undefined, table: { display: string }): StagingVolume {
  if (setting !== undefined) {
    const parts = setting.split('.');
    if (parts.length !== 3 || parts.some((p) => p.trim() === '')) {
      throw new DatabricksDestinationError(
        'DATABRICKS_INVALID_TARGET',
        `stagingVolume "${setting}" must be named catalog.schema.volume`,
      );
    }
    const [catalog = '', schema = '', volume = ''] = parts;
    return { catalog, schema, volume, createIfMissing: false };
  }
  const [catalog = '', schema = ''] = table.display.split('.');
  return { catalog, schema, volume: DEFAULT_VOLUME_NAME, createIfMissing: true };
}

export class VolumeStage {
  private presignedUrls = true;
  private local: string | undefined;
  private writer: Promise<ParquetBatchWriter> | undefined;
  private readonly ensured = new Set<string>();

  constructor(
    private readonly sql: DatabricksSql,
    private readonly rest: () => HttpClient,
  ) {}

  /**
   * A file name for one attempt at one batch, never used before: COPY INTO skips a name it has loaded
   * before, even with other content, so a re-sent batch must never reuse one.
   */
  newFileName(): string {
    return `${randomUUID()}.parquet`;
  }

  /** Writes the rows as Parquet and uploads the file as `<volume>/<folder>/<name>`. */
  async stage(
    volume: StagingVolume,
    where: { folder: string; name: string },
    columns: readonly ParquetColumn[],
    rows: Iterable<readonly (string | null)[]>,
  ): Promise<StagedFile> {
    await this.ensureVolume(volume);
    this.local ??= mkdtempSync(join(tmpdir(), 'mlc-databricks-stage-'));
    const { folder, name } = where;
    const localFile = join(this.local, name);
    try {
      const count = await (await this.parquet()).write(localFile, columns, rows);
      const dir = `/Volumes/${[volume.catalog, volume.schema, volume.volume, folder].join('/')}`;
      const path = `${dir}/${name}`;
      await this.upload(localFile, path);
      return { path, folder: dir, name, rows: count };
    } finally {
      rmSync(localFile, { force: true });
    }
  }

  /** Deletes a staged file; one already gone is fine (a retried delete, a cleanup that ran twice). */
  async remove(file: StagedFile): Promise<void> {
    try {
      await this.rest().send({ method: 'DELETE', path: filesApiPath(file.path) });
    } catch (error) {
      if (!(error instanceof KitError && error.code === 'HTTP_404')) throw error;
    }
  }

  /**
   * Deletes every file left in `<volume>/<folder>/`: files of attempts that stopped between their upload
   * and their commit. Safe beside another run loading the same table: a file deleted under it fails its
   * COPY INTO, and that batch is sent again under a new name.
   */
  async sweep(volume: StagingVolume, folder: string): Promise<void> {
    const dir = `/Volumes/${[volume.catalog, volume.schema, volume.volume, folder].join('/')}`;
    let listing: { contents?: { path: string; is_directory?: boolean; name: string }[] };
    try {
      listing = await this.rest().getJson(`/api/2.0/fs/directories${dir.split('/').map(encodeURIComponent).join('/')}`);
    } catch (error) {
      if (error instanceof KitError && error.code === 'HTTP_404') return;
      throw error;
    }
    for (const entry of listing.contents ?? []) {
      if (entry.is_directory !== true) await this.remove({ path: entry.path, folder: dir, name: entry.name, rows: 0 });
    }
  }

  async close(): Promise<void> {
    const writer = this.writer;
    this.writer = undefined;
    (await writer?.catch(() => undefined))?.close();
    if (this.local !== undefined) rmSync(this.local, { recursive: true, force: true });
    this.local = undefined;
  }

  private parquet(): Promise<ParquetBatchWriter> {
    this.writer ??= ParquetBatchWriter.open();
    return this.writer;
  }

  /** The default volume is made where missing (CREATE VOLUME privilege on the schema); a named one must exist. */
  private async ensureVolume(volume: StagingVolume): Promise<void> {
    const key = `${volume.catalog}.${volume.schema}.${volume.volume}`.toLowerCase();
    if (!volume.createIfMissing || this.ensured.has(key)) return;
    await this.sql.query(
      `CREATE VOLUME IF NOT EXISTS ${[volume.catalog, volume.schema, volume.volume].map(quote).join('.')}`,
    );
    this.ensured.add(key);
  }

  private async upload(localFile: string, path: string): Promise<void> {
    if (this.presignedUrls) {
      try {
        await this.sql.query(
          `PUT '${sqlString(localFile)}' INTO '${sqlString(path)}' OVERWRITE`,
          {},
          { stagingAllowedLocalPath: [this.local ?? localFile] },
        );
        return;
      } catch (error) {
        if (!(error instanceof Error && /Presigned URLs API is not enabled/i.test(error.message))) throw error;
        this.presignedUrls = false;
      }
    }
    await this.rest().send({
      method: 'PUT',
      path: `${filesApiPath(path)}?overwrite=true`,
      headers: { 'content-type': 'application/octet-stream' },
      body: readFileSync(localFile),
    });
  }
}

/** `/Volumes/a b/...` as a Files API path, each segment percent-encoded. */
function filesApiPath(volumePath: string): string {
  return `/api/2.0/fs/files${volumePath.split('/').map(encodeURIComponent).join('/')}`;
}

/** A Spark SQL string literal's inside: backslashes and quotes escaped. */
export function sqlString(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll("'", "\\'");
}
