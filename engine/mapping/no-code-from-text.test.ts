/**
 * The language never turns text into code: no eval, no Function constructor anywhere in the
 * mapping module (its library included).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const HERE = fileURLToPath(new URL('.', import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Comments may say "no eval"; only code counts. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

describe('no code from text', () => {
  it('has no eval and no Function constructor in any source file', () => {
    const files = sourceFiles(HERE);
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((file) =>
      /\beval\s*\(|\bnew\s+Function\b|\bFunction\s*\(/.test(withoutComments(readFileSync(file, 'utf8'))),
    );
    expect(offenders).toEqual([]);
    expect(/\beval\s*\(/.test(withoutComments('const x = 1; eval("x");'))).toBe(true);
  });
});
