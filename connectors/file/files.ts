/**
 * Which files an entity reads: its configured name, or every name its pattern matches, in name order
 * (plain character order, so the order is the same on every machine whatever its locale).
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { connectionFileProblem } from '../../engine/model/file-paths.ts';
import { FileSourceError } from './errors.ts';

export interface MatchedFile {
  /** Relative to the folder, as it appears in messages. */
  readonly name: string;
  readonly absolutePath: string;
}

export async function resolveEntityFiles(folder: string, pattern: string): Promise<readonly MatchedFile[]> {
  // The pipeline file's check refuses it first (engine/model/file-paths.ts); the same rule guards every caller.
  const outside = connectionFileProblem(pattern);
  if (outside !== undefined) throw new FileSourceError('FILE_CONFIG_INVALID', `file ${outside}`);
  const segments = pattern.split(/[\\/]/);
  const baseName = segments.pop() ?? '';
  if (segments.some(hasWildcard)) {
    throw new FileSourceError('FILE_CONFIG_INVALID', `file "${pattern}": '*' and '?' may appear only in the file name`);
  }
  const directory = join(folder, ...segments);
  const prefix = segments.length === 0 ? '' : `${segments.join('/')}/`;

  if (!hasWildcard(baseName)) {
    const absolutePath = join(directory, baseName);
    const isFile = await stat(absolutePath).then(
      (info) => info.isFile(),
      () => false,
    );
    if (!isFile) {
      throw new FileSourceError('FILE_NOT_FOUND', `file "${pattern}" was not found in folder ${folder}`, {
        file: pattern,
      });
    }
    return [{ name: pattern, absolutePath }];
  }

  const matcher = wildcardToRegExp(baseName);
  let names: string[];
  try {
    const entries = await readdir(directory, { withFileTypes: true });
    names = entries.filter((entry) => entry.isFile() && matcher.test(entry.name)).map((entry) => entry.name);
  } catch (cause) {
    throw new FileSourceError(
      'FILE_NOT_FOUND',
      `folder of "${pattern}" was not found in ${folder}`,
      { file: pattern },
      { cause },
    );
  }
  if (names.length === 0) {
    throw new FileSourceError('FILE_NOT_FOUND', `no file matches "${pattern}" in folder ${folder}`, { file: pattern });
  }
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return names.map((name) => ({ name: prefix + name, absolutePath: join(directory, name) }));
}

function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

function wildcardToRegExp(pattern: string): RegExp {
  const source = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}
