/**
 * The studio's recent files: the last pipelines opened or saved, newest first, kept in the state
 * folder (recent.json) so both hosts and every launch share them. Only paths are kept, never content.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const LIMIT = 10;

export interface RecentFiles {
  list(): Promise<string[]>;
  remember(path: string): Promise<void>;
}

export function recentFiles(stateDir: string, cwd: string): RecentFiles {
  const file = join(stateDir, 'recent.json');
  async function read(): Promise<string[]> {
    try {
      const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
      return Array.isArray(parsed)
        ? parsed.filter((entry): entry is string => typeof entry === 'string').slice(0, LIMIT)
        : [];
    } catch {
      // A missing or damaged list is an empty one: recent files are a convenience, never a reason to fail.
      return [];
    }
  }
  return {
    list: read,
    async remember(path) {
      const absolute = resolve(cwd, path);
      const next = [absolute, ...(await read()).filter((entry) => entry !== absolute)].slice(0, LIMIT);
      await mkdir(stateDir, { recursive: true });
      const temporary = `${file}.${process.pid}.saving`;
      await writeFile(temporary, `${JSON.stringify(next, null, 2)}\n`, 'utf8');
      await rename(temporary, file);
    },
  };
}
