/**
 * Each top-level folder's CONTEXT.md is the map a newcomer reads first, so it is held to the tree:
 * every path it names in backticks exists (from the folder, from one of its subfolders, or from the
 * project root), and every entry of the folder is named in it. Test files are named in e2e/, whose tests
 * are its content; elsewhere they go with the code they test.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const FOLDERS = readdirSync(ROOT).filter((name) => !name.startsWith('.') && existsSync(join(ROOT, name, 'CONTEXT.md')));
const ALWAYS_UNLISTED = new Set(['CONTEXT.md', 'README.md', 'node_modules']);
/** Folders whose maps list their tests: the tests are what the folder holds. */
const LISTS_TESTS = new Set(['e2e']);

/** Backticked words that look like a path: a folder (`x/`), a file with an extension, or a path with a slash. */
function namedPaths(text: string): string[] {
  const words = [...text.matchAll(/`([^`\s]+)`/g)].map((match) => match[1]!);
  return words.filter(
    (word) =>
      /^[\w.@*-]+(\/[\w.@*-]*)*$/.test(word) &&
      (word.includes('/') ||
        /\.(ts|tsx|mjs|cjs|js|json|jsonl|md|csv|html|css|yml|yaml|duckdb|pem|sql|parquet)$/.test(word)),
  );
}

/** Every path under a folder, relative to it, with `/` separators. */
function pathsUnder(folder: string): string[] {
  const base = join(ROOT, folder);
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const path = join(dir, name);
      found.push(relative(base, path).split('\\').join('/'));
      if (statSync(path).isDirectory()) walk(path);
    }
  };
  walk(base);
  return found;
}

function exists(folder: string, paths: readonly string[], named: string): boolean {
  if (named.includes('*')) return true;
  const clean = named.replace(/\/$/, '');
  return existsSync(join(ROOT, clean)) || paths.some((path) => path === clean || path.endsWith(`/${clean}`));
}

/** The paths in the first cell of the map's table rows: the entries it lists, as opposed to paths named in prose. */
function tableEntries(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .flatMap((line) => namedPaths(line.split('|')[1] ?? ''));
}

/**
 * The folder's entries a map must name: every file and folder in it, and every file of a subfolder whose
 * files the map's table lists one by one; test files only where the map lists tests.
 */
function entriesToName(folder: string, listedInTable: readonly string[]): string[] {
  const listsTests = LISTS_TESTS.has(folder);
  const listed = (dir: string): string[] =>
    readdirSync(join(ROOT, folder, dir))
      .filter((name) => !ALWAYS_UNLISTED.has(name) && !name.startsWith('.'))
      .filter((name) => listsTests || !name.endsWith('.test.ts'))
      .map((name) => {
        const path = dir === '' ? name : `${dir}/${name}`;
        return statSync(join(ROOT, folder, path)).isDirectory() ? `${path}/` : path;
      });
  const top = listed('');
  const openedFolders = top.filter(
    (entry) =>
      entry.endsWith('/') && listedInTable.some((word) => word.startsWith(entry) && word.length > entry.length),
  );
  return [
    ...top,
    ...openedFolders.flatMap((entry) => listed(entry.slice(0, -1)).filter((path) => !path.endsWith('/'))),
  ];
}

function isNamed(entry: string, named: readonly string[]): boolean {
  const bare = entry.replace(/\/$/, '');
  const last = bare.split('/').at(-1)!;
  return named.some((word) => {
    const clean = word.replace(/\/$/, '');
    return clean === bare || clean === last || clean.startsWith(`${bare}/`) || clean.endsWith(`/${bare}`);
  });
}

describe('CONTEXT.md maps', () => {
  it('exist for the folders that hold the code', () => {
    expect(FOLDERS).toEqual(
      expect.arrayContaining(['engine', 'connectors', 'renderer', 'electron', 'e2e', 'scripts', 'assets', 'bench']),
    );
  });

  for (const folder of FOLDERS) {
    const text = readFileSync(join(ROOT, folder, 'CONTEXT.md'), 'utf8');
    const named = namedPaths(text);
    const paths = pathsUnder(folder);

    it(`${folder}/CONTEXT.md names only paths that exist`, () => {
      expect(named.filter((word) => !exists(folder, paths, word))).toEqual([]);
    });

    it(`${folder}/CONTEXT.md names every entry of ${folder}/`, () => {
      expect(entriesToName(folder, tableEntries(text)).filter((entry) => !isNamed(entry, named))).toEqual([]);
    });
  }
});
