/**
 * What shipped code loads with `require()` (a CommonJS package through createRequire, which the import
 * rules cannot see) is declared in package.json's dependencies: a package that is there only as another
 * one's dependency can vanish with that one's next version. Imports are checked by `npm run lint:deps`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const SHIPPED = ['engine', 'connectors', 'electron', 'renderer'];
/** Test-only code, as `.dependency-cruiser.cjs` names it (TEST_CODE). */
const TEST_CODE =
  /\.test\.tsx?$|\.child\.ts$|(^|\/)test-[^/]*\.tsx?$|(^|\/)testing\.tsx?$|(^|\/)(testing|test-support)\//;

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .map((path) => `${folder}/${path.split('\\').join('/')}`)
    .filter((path) => /\.(ts|tsx|mjs)$/.test(path) && !path.includes('node_modules/') && !TEST_CODE.test(path));
}

/** `@scope/name/sub/path.js` -> `@scope/name`; `name/sub` -> `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

describe('package.json', () => {
  it('declares every package shipped code requires', () => {
    const declared = new Set(
      Object.keys(
        (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> })
          .dependencies,
      ),
    );
    const required = SHIPPED.flatMap(sourceFiles).flatMap((path) =>
      [...readFileSync(join(ROOT, path), 'utf8').matchAll(/\brequire\(\s*'([^'.][^']*)'\s*\)/g)].map((match) => ({
        path,
        name: packageOf(match[1]!),
      })),
    );
    expect(required.length).toBeGreaterThan(0);
    expect(required.filter(({ name }) => !name.startsWith('node:') && !declared.has(name))).toEqual([]);
  });
});
