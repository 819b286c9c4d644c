/**
 * Unity Catalog Volumes of the simulated workspace: files kept in a folder of this machine (so the
 * warehouse's DuckDB reads staged Parquet with read_parquet), reached three ways as on Databricks
 * (databricks.md section 4):
 * - the SQL staging command `PUT '<local>' INTO '/Volumes/...'`: the warehouse answers with a presigned
 *   URL the driver uploads the file to (`uploadAt`), or, where the workspace does not allow presigned
 *   URLs (`presignedUrls = false`), fails with "PERMISSION_DENIED: Presigned URLs API is not enabled"
 *   (reported against a real workspace in databricks-sql-go#176);
 * - the Files API: `PUT /api/2.0/fs/files/Volumes/...?overwrite=true` (body = the file), `GET`, `DELETE`;
 * - `COPY INTO` (warehouse.ts), which reads them.
 */
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  readFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The header a presigned upload must carry, as Azure Blob Storage's Put Blob requires it. */
export const PRESIGNED_UPLOAD_HEADERS: Readonly<Record<string, string>> = { 'x-ms-blob-type': 'BlockBlob' };
const PRESIGNED_PATH = '/__sim/presigned-upload/';
const PRESIGNED_LIFETIME_MS = 15 * 60 * 1000;

export interface VolumePath {
  /** `catalog.schema.volume`, lower case. */
  readonly volume: string;
  /** The path inside the volume, without a leading slash ('' for the volume itself). */
  readonly inside: string;
}

export class VolumeError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

export interface VolumeCounters {
  /** PUT statements answered with a presigned URL. */
  stagingPuts: number;
  /** Files uploaded at a presigned URL. */
  presignedUploads: number;
  /** Files uploaded through the Files API. */
  filesApiUploads: number;
  /** Files deleted (Files API or REMOVE). */
  filesDeleted: number;
}

export class SimVolumes {
  /** Whether the workspace hands out presigned URLs for staging commands; live. */
  presignedUrls = true;
  baseUrl = '';
  readonly counters: VolumeCounters = { stagingPuts: 0, presignedUploads: 0, filesApiUploads: 0, filesDeleted: 0 };
  private readonly root = mkdtempSync(join(tmpdir(), 'dbx-sim-volumes-'));
  private readonly volumes = new Set<string>();
  private readonly uploads = new Map<string, { path: VolumePath; overwrite: boolean; expires: number }>();

  has(volume: string): boolean {
    return this.volumes.has(volume.toLowerCase());
  }

  create(volume: string): void {
    this.volumes.add(volume.toLowerCase());
    mkdirSync(this.diskPath({ volume: volume.toLowerCase(), inside: '' }), { recursive: true });
  }

  /** `/Volumes/c/s/v/rest` split, or a VolumeError when it is not a path inside an existing volume. */
  resolve(path: string): VolumePath {
    const parts = path.replace(/^\/+/, '').split('/');
    if (parts[0] !== 'Volumes' || parts.length < 4 || parts.slice(1, 4).some((p) => p === '')) {
      throw new VolumeError(
        400,
        'INVALID_PARAMETER_VALUE',
        `Invalid path: ${path}. A Unity Catalog volume path is /Volumes/<catalog>/<schema>/<volume>/<path>.`,
      );
    }
    const rest = parts.slice(4).filter((p) => p !== '');
    if (rest.some((p) => p === '..' || p === '.'))
      throw new VolumeError(400, 'INVALID_PARAMETER_VALUE', `Invalid path: ${path}`);
    const volume = parts.slice(1, 4).join('.').toLowerCase();
    if (!this.volumes.has(volume))
      throw new VolumeError(404, 'NOT_FOUND', `Volume '${parts.slice(1, 4).join('.')}' does not exist.`);
    return { volume, inside: rest.join('/') };
  }

  diskPath(path: VolumePath): string {
    return join(this.root, ...path.volume.split('.'), ...path.inside.split('/').filter((p) => p !== ''));
  }

  exists(path: VolumePath): boolean {
    return existsSync(this.diskPath(path)) && statSync(this.diskPath(path)).isFile();
  }

  isDirectory(path: VolumePath): boolean {
    const disk = this.diskPath(path);
    return existsSync(disk) && statSync(disk).isDirectory();
  }

  /** One directory's entries, as the Files API lists them. */
  list(
    path: VolumePath,
  ): { path: string; is_directory: boolean; file_size?: number; last_modified?: number; name: string }[] {
    const disk = this.diskPath(path);
    const prefix = `/Volumes/${path.volume.replaceAll('.', '/')}${path.inside === '' ? '' : `/${path.inside}`}`;
    return readdirSync(disk)
      .sort()
      .map((name) => {
        const stat = statSync(join(disk, name));
        return stat.isDirectory()
          ? { path: `${prefix}/${name}`, is_directory: true, name }
          : {
              path: `${prefix}/${name}`,
              is_directory: false,
              file_size: stat.size,
              last_modified: Math.round(stat.mtimeMs),
              name,
            };
      });
  }

  /** The files under a path: the path itself when it is a file, else every file below it, sorted. */
  files(path: VolumePath): VolumePath[] {
    const disk = this.diskPath(path);
    if (!existsSync(disk)) return [];
    if (statSync(disk).isFile()) return [path];
    return readdirSync(disk, { recursive: true, encoding: 'utf8' })
      .filter((name) => statSync(join(disk, name)).isFile())
      .sort()
      .map((name) => ({
        volume: path.volume,
        inside: [path.inside, name.split(/[\\/]/).join('/')].filter((p) => p !== '').join('/'),
      }));
  }

  write(path: VolumePath, body: Buffer, overwrite: boolean): void {
    if (path.inside === '')
      throw new VolumeError(400, 'INVALID_PARAMETER_VALUE', 'A file path inside the volume is needed.');
    if (!overwrite && this.exists(path))
      throw new VolumeError(409, 'ALREADY_EXISTS', 'The file being created already exists.');
    const disk = this.diskPath(path);
    mkdirSync(dirname(disk), { recursive: true });
    writeFileSync(disk, body);
  }

  read(path: VolumePath): Buffer {
    if (!this.exists(path)) throw new VolumeError(404, 'NOT_FOUND', 'The file does not exist.');
    return readFileSync(this.diskPath(path));
  }

  delete(path: VolumePath): void {
    if (!this.exists(path)) throw new VolumeError(404, 'NOT_FOUND', 'The file does not exist.');
    rmSync(this.diskPath(path));
    this.counters.filesDeleted += 1;
  }

  /** A presigned URL for one upload to `path` (a PUT staging command), valid 15 minutes. */
  presignUpload(path: VolumePath, overwrite: boolean, now = Date.now()): string {
    const token = randomBytes(16).toString('hex');
    this.uploads.set(token, { path, overwrite, expires: now + PRESIGNED_LIFETIME_MS });
    this.counters.stagingPuts += 1;
    return `${this.baseUrl}${PRESIGNED_PATH}${token}?sig=${randomBytes(8).toString('hex')}`;
  }

  isPresignedPath(pathname: string): boolean {
    return pathname.startsWith(PRESIGNED_PATH);
  }

  /** An HTTP PUT at a presigned URL: the file lands in the volume. */
  uploadAt(
    pathname: string,
    headers: Readonly<Record<string, string | string[] | undefined>>,
    body: Buffer,
    now = Date.now(),
  ): void {
    const token = pathname.slice(PRESIGNED_PATH.length);
    const upload = this.uploads.get(token);
    if (upload === undefined || upload.expires < now)
      throw new VolumeError(
        403,
        'AuthenticationFailed',
        'Server failed to authenticate the request. The signature is not valid or has expired.',
      );
    for (const [name, value] of Object.entries(PRESIGNED_UPLOAD_HEADERS)) {
      if (headers[name] !== value)
        throw new VolumeError(
          400,
          'MissingRequiredHeader',
          `An HTTP header that's mandatory for this request is not specified: ${name}.`,
        );
    }
    this.write(upload.path, body, upload.overwrite);
    this.uploads.delete(token);
    this.counters.presignedUploads += 1;
  }

  close(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
