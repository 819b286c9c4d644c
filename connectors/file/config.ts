/**
 * What a pipeline file's connection and streams carry for the file source, as plain types: the
 * pipeline schema (zod, in engine/model) is mapped onto these by the engine, which also resolves the
 * folder to an absolute path against the pipeline file's own folder.
 */
import type { FieldTypeName } from '../../engine/model/column-type.ts';
import { assertUsableDelimiter } from './csv-parser.ts';
import { FileSourceError } from './errors.ts';
import { FILE_ENCODINGS, INVALID_BYTES_POLICIES } from './text-decoding.ts';
import type { FileEncoding, InvalidBytesPolicy } from './text-decoding.ts';

export type FileFormat = 'csv' | 'jsonl';

export interface FileConnectionConfig {
  /** Absolute path of the folder the analyst's exports sit in. */
  readonly folder: string;
}

export interface FileEntityConfig {
  /** The entity name streams and mappings refer to. */
  readonly entity: string;
  /** Shown in the studio; defaults to the entity name. */
  readonly label?: string;
  /** Relative to the folder. `*` and `?` match within one name ('gl-lines-*.csv'); matches are read in name order. */
  readonly file: string;
  /** Default: from the extension (.csv, .tsv, .txt -> csv; .jsonl, .ndjson -> jsonl). */
  readonly format?: FileFormat;
  /** CSV only, one character. Default ','. */
  readonly delimiter?: string;
  /** Default 'utf-8' (a byte order mark is skipped); 'latin1' (ISO-8859-1) and 'windows-1252' for ERP exports that use them. */
  readonly encoding?: FileEncoding;
  /**
   * UTF-8 only: a byte that is not UTF-8 holds its record with the line and byte offset ('hold', the
   * default), or refuses the file before any of it is read ('refuse').
   */
  readonly invalidBytes?: InvalidBytesPolicy;
  /** CSV files must have a header line naming the columns. */
  readonly header?: true;
  /** Explicit types; they win over inference. */
  readonly fields?: Readonly<Record<string, FieldTypeName>>;
  /** IANA zone (or offset) for timestamps written without an offset; without it such text is not a timestamp. */
  readonly defaultZone?: string;
  readonly key?: readonly string[];
  readonly cursorField?: string;
}

export interface FileSourceConfig {
  readonly connection: FileConnectionConfig;
  readonly entities: readonly FileEntityConfig[];
  /** Rows per entity that type inference looks at. Default 1,000. */
  readonly inferenceRows?: number;
  /** Bytes per read from disk. Default 64 KiB (see DEFAULT_CHUNK_BYTES). */
  readonly chunkBytes?: number;
}

export const DEFAULT_INFERENCE_ROWS = 1000;
/**
 * Small enough that a chunk's rows die young: with 1 MiB chunks every minor collection copied the ~10,000
 * rows of the chunk in hand, and collection took half the read time; 64 KiB measured best.
 */
export const DEFAULT_CHUNK_BYTES = 64 * 1024;

const EXTENSION_FORMATS: Readonly<Record<string, FileFormat>> = {
  csv: 'csv',
  tsv: 'csv',
  txt: 'csv',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
};

export function formatOf(entity: FileEntityConfig): FileFormat {
  if (entity.format !== undefined) return entity.format;
  const extension = /\.([A-Za-z0-9]+)$/.exec(entity.file)?.[1]?.toLowerCase();
  const format = extension === undefined ? undefined : EXTENSION_FORMATS[extension];
  if (format === undefined) {
    throw new FileSourceError(
      'FILE_CONFIG_INVALID',
      `entity "${entity.entity}": cannot tell the format of "${entity.file}" from its extension; set format to "csv" or "jsonl"`,
    );
  }
  return format;
}

/** A .tsv file is tab-separated unless the stream says otherwise. */
export function delimiterOf(entity: FileEntityConfig): string {
  const delimiter = entity.delimiter ?? (/\.tsv$/i.test(entity.file) ? '\t' : ',');
  assertUsableDelimiter(delimiter);
  return delimiter;
}

/** How an entity's files are decoded. */
export function textOptionsOf(entity: FileEntityConfig): {
  readonly encoding: FileEncoding;
  readonly invalidBytes: InvalidBytesPolicy;
} {
  return { encoding: entity.encoding ?? 'utf-8', invalidBytes: entity.invalidBytes ?? 'hold' };
}

function listed(choices: readonly string[]): string {
  return choices
    .map((choice) => `"${choice}"`)
    .join(', ')
    .replace(/, ([^,]*)$/, ' or $1');
}

/** Refuses a configuration that would fail later in a less helpful place. */
export function validateSourceConfig(config: FileSourceConfig): void {
  const seen = new Set<string>();
  for (const entity of config.entities) {
    if (seen.has(entity.entity)) {
      throw new FileSourceError('FILE_CONFIG_INVALID', `entity "${entity.entity}" is configured twice`);
    }
    seen.add(entity.entity);
    if (entity.encoding !== undefined && !(FILE_ENCODINGS as readonly string[]).includes(entity.encoding)) {
      throw new FileSourceError(
        'FILE_CONFIG_INVALID',
        `entity "${entity.entity}": encoding ${JSON.stringify(entity.encoding)} is not one the file source reads; use ${listed(FILE_ENCODINGS)}`,
      );
    }
    if (
      entity.invalidBytes !== undefined &&
      !(INVALID_BYTES_POLICIES as readonly string[]).includes(entity.invalidBytes)
    ) {
      throw new FileSourceError(
        'FILE_CONFIG_INVALID',
        `entity "${entity.entity}": invalidBytes ${JSON.stringify(entity.invalidBytes)} is not a choice; use ${listed(INVALID_BYTES_POLICIES)}`,
      );
    }
    if (formatOf(entity) === 'csv') delimiterOf(entity);
  }
  if (config.inferenceRows !== undefined && !(Number.isInteger(config.inferenceRows) && config.inferenceRows > 0)) {
    throw new FileSourceError('FILE_CONFIG_INVALID', `inferenceRows must be a positive whole number`);
  }
}
