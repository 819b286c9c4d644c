/**
 * Listing the connector modules loads their descriptors only: DuckDB (a native module) and the
 * Databricks driver load when a destination of theirs is opened, never for the catalog, the pipeline's
 * rules or a command that opens neither. Checked in a fresh process, whose module cache is its own.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

const SCRIPT = `
const { createRequire } = await import('node:module');
const registry = await import('./connectors/registry.ts');
await registry.systemCatalog();
registry.systemRules();
const loaded = Object.keys(createRequire(import.meta.url).cache);
console.log(JSON.stringify(loaded.filter((path) => /node_modules[\\\\/](@duckdb|@databricks[\\\\/]sql)[\\\\/]/.test(path))));
`;

describe('connector modules', () => {
  it('are listed without loading DuckDB or the Databricks driver', () => {
    const printed = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(JSON.parse(printed.trim().split('\n').at(-1)!)).toEqual([]);
  }, 60_000);

  it('would see them if they were loaded (the check above can fail)', () => {
    const script = SCRIPT.replace('await registry.systemCatalog();', "await import('./connectors/duckdb/index.ts');");
    const printed = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(JSON.parse(printed.trim().split('\n').at(-1)!).length).toBeGreaterThan(0);
  }, 60_000);
});
