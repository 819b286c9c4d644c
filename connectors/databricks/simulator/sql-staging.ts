/**
 * The statements a bulk loader sends around a Unity Catalog Volume (databricks.md section 4; Databricks'
 * COPY INTO and staging-command references):
 *   CREATE VOLUME [IF NOT EXISTS] catalog.schema.volume [COMMENT '...']
 *   PUT '<local file>' INTO '/Volumes/catalog/schema/volume/path' [OVERWRITE]
 *   COPY INTO table FROM '/Volumes/...' FILEFORMAT = PARQUET [FILES = ('a', ...)] [FORMAT_OPTIONS (...)] [COPY_OPTIONS ('force' = 'true', ...)]
 * parsed into shapes the warehouse runs itself: DuckDB knows none of them.
 */
import { identifierName, isIdentifier, isWord, significant, type Token } from './sql-tokens.ts';

export type StagingShape =
  | { readonly kind: 'create-volume'; readonly volume: readonly string[]; readonly ifNotExists: boolean }
  | { readonly kind: 'put'; readonly localFile: string; readonly target: string; readonly overwrite: boolean }
  | {
      readonly kind: 'copy-into';
      readonly table: readonly string[];
      readonly from: string;
      readonly fileFormat: string;
      readonly files?: readonly string[];
      readonly copyOptions: Readonly<Record<string, string>>;
    };

export class StagingSyntaxError extends Error {}

/** Undefined for any other statement. */
export function parseStaging(tokens: readonly Token[]): StagingShape | undefined {
  const sig = significant(tokens);
  if (isWord(sig[0], 'CREATE') && isWord(sig[1], 'VOLUME')) {
    const ifNotExists = isWord(sig[2], 'IF') && isWord(sig[3], 'NOT') && isWord(sig[4], 'EXISTS');
    return { kind: 'create-volume', volume: nameAt(sig, ifNotExists ? 5 : 2).names, ifNotExists };
  }
  if (isWord(sig[0], 'PUT') && sig[1]?.kind === 'string' && isWord(sig[2], 'INTO') && sig[3]?.kind === 'string') {
    return { kind: 'put', localFile: literal(sig[1]), target: literal(sig[3]), overwrite: isWord(sig[4], 'OVERWRITE') };
  }
  if (isWord(sig[0], 'COPY') && isWord(sig[1], 'INTO')) return copyInto(sig);
  return undefined;
}

function copyInto(sig: readonly Token[]): StagingShape {
  const { names: table, next } = nameAt(sig, 2);
  if (!isWord(sig[next], 'FROM') || sig[next + 1]?.kind !== 'string')
    throw new StagingSyntaxError("COPY INTO needs FROM '<path>'");
  const from = literal(sig[next + 1] as Token);
  let fileFormat = '';
  let files: string[] | undefined;
  const copyOptions: Record<string, string> = {};
  for (let i = next + 2; i < sig.length; i += 1) {
    if (isWord(sig[i], 'FILEFORMAT') && sig[i + 1]?.text === '=') fileFormat = (sig[i + 2]?.text ?? '').toUpperCase();
    else if (isWord(sig[i], 'FILES') && sig[i + 1]?.text === '=' && sig[i + 2]?.text === '(') {
      files = [];
      for (i += 3; i < sig.length && sig[i]?.text !== ')'; i += 1)
        if (sig[i]?.kind === 'string') files.push(literal(sig[i] as Token));
    } else if (isWord(sig[i], 'COPY_OPTIONS') && sig[i + 1]?.text === '(') {
      for (i += 2; i < sig.length && sig[i]?.text !== ')'; i += 1) {
        if (sig[i + 1]?.text === '=' && sig[i]?.kind === 'string') {
          copyOptions[literal(sig[i] as Token).toLowerCase()] = literal(sig[i + 2] as Token).toLowerCase();
          i += 2;
        }
      }
    }
  }
  if (fileFormat === '') throw new StagingSyntaxError('COPY INTO needs FILEFORMAT = <format>');
  return { kind: 'copy-into', table, from, fileFormat, ...(files === undefined ? {} : { files }), copyOptions };
}

function nameAt(sig: readonly Token[], start: number): { names: string[]; next: number } {
  const names: string[] = [];
  let i = start;
  while (isIdentifier(sig[i])) {
    names.push(identifierName(sig[i] as Token));
    if (sig[i + 1]?.text !== '.') {
      i += 1;
      break;
    }
    i += 2;
  }
  return { names, next: i };
}

/** A Spark string literal's text (quotes doubled or backslash-escaped). */
function literal(token: Token): string {
  const quote = token.text[0] ?? "'";
  return token.text
    .slice(1, -1)
    .replaceAll(quote + quote, quote)
    .replace(/\\(.)/gs, '$1');
}
