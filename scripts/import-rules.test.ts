/**
 * The import-direction rules are only worth something if a wrong import fails: this lays out a
 * small tree with one wrong import per rule and runs the project's own dependency-cruiser config on it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

const FILES: Record<string, string> = {
  'engine/model/ok.ts': `export const ok = 1;\n`,
  'engine/model/uses-node.ts': `import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n`,
  'engine/mapping/uses-runner.ts': `import { run } from '../runner/run.ts';\nexport const y = run;\n`,
  'engine/runner/run.ts': `import { a } from '../../connectors/alpha/index.ts';\nexport const run = a;\n`,
  'connectors/registry.ts': `export const registry = 1;\nexport type Registry = number;\n`,
  'connectors/alpha/index.ts': `import { b } from '../beta/index.ts';\nexport const a = b;\n`,
  'connectors/beta/index.ts': `export const b = 2;\n`,
  'renderer/app.ts': `import { run } from '../engine/runner/run.ts';\nexport const app = run;\n`,
  // The engine's layers, its composition roots and its product entries.
  'engine/cli/main.ts': `import { ok } from '../model/ok.ts';\nimport { c } from './c.ts';\nexport const main = ok + c;\n`,
  'engine/cli/c.ts': `export const c = 3;\n`,
  'engine/host/uses-cli.ts': `import { c } from '../cli/c.ts';\nexport const h = c;\n`,
  'engine/secrets/uses-store.ts': `import { s } from '../store/s.ts';\nexport const x = s;\n`,
  'engine/store/s.ts': `export const s = 4;\n`,
  'engine/store/uses-runner.ts': `import { run } from '../runner/run.ts';\nexport const x = run;\n`,
  'engine/runner/uses-service.ts': `import { r } from '../reconcile/r.ts';\nexport const x = r;\n`,
  'engine/runner/uses-test-code.ts': `import { helper } from './testing/helper.ts';\nexport const x = helper;\n`,
  'engine/runner/testing/helper.ts': `export const helper = 5;\n`,
  'engine/runner/uses-dev-package.ts': `import fc from 'fast-check';\nexport const x = fc;\n`,
  'engine/reconcile/r.ts': `import { w } from '../webhooks/w.ts';\nexport const r = w;\n`,
  'engine/webhooks/w.ts': `export const w = 6;\n`,
  'engine/webhooks/opens-connectors.ts': `import { registry } from '../../connectors/registry.ts';\nexport const x = registry;\n`,
  'engine/webhooks/names-connector-types.ts': `import type { Registry } from '../../connectors/registry.ts';\nexport const x: Registry = 1;\n`,
  'connectors/ping.ts': `import { registry } from './registry.ts';\nexport const ping = registry;\n`,
  'connectors/index.ts': `import { catalog } from './catalog.ts';\nexport const modules = catalog;\n`,
  'connectors/catalog.ts': `import { b } from './beta/index.ts';\nexport const catalog = b;\n`,
  'connectors/alpha/undeclared.ts': `import des from 'des.js';\nexport const x = des;\n`,
  'electron/main.ts': `import { run } from '../engine/runner/run.ts';\nexport const start = run;\n`,
};

describe('import-direction rules', () => {
  it('fail on each wrong import and name the rule', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlc-imports-'));
    for (const [path, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    for (const file of ['.dependency-cruiser.cjs', 'tsconfig.base.json', 'tsconfig.node.json', 'package.json'])
      copyFileSync(join(root, file), join(dir, file));
    // The packages' rules read package.json and need the packages themselves to resolve.
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const cruiser = join(root, 'node_modules', '.bin', 'depcruise');
    const result = spawnSync(
      cruiser,
      ['--config', '.dependency-cruiser.cjs', '--output-type', 'json', 'engine', 'connectors', 'renderer', 'electron'],
      { cwd: dir, encoding: 'utf8' },
    );
    const report = JSON.parse(result.stdout) as {
      summary: { error: number; violations: { rule: { name: string }; from: string; to: string }[] };
    };
    expect(report.summary.error).toBeGreaterThan(0);
    const found = report.summary.violations.map((v) => `${v.rule.name}: ${v.from}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'model-imports-zod-only: engine/model/uses-node.ts',
        'common-code-has-no-node: engine/model/uses-node.ts',
        'mapping-imports-model-only: engine/mapping/uses-runner.ts',
        'engine-reaches-connectors-through-registry: engine/runner/run.ts',
        'connector-imports-kit-and-model-only: connectors/alpha/index.ts',
        'renderer-imports-model-mapping-and-itself: renderer/app.ts',
        'secrets-imports-model-only: engine/secrets/uses-store.ts',
        'store-imports-model-and-secrets-only: engine/store/uses-runner.ts',
        'runner-imports-lower-engine-folders-only: engine/runner/uses-service.ts',
        'runner-is-given-its-connectors: engine/runner/run.ts',
        'services-import-lower-engine-folders-only: engine/reconcile/r.ts',
        'only-composition-roots-load-connectors: engine/webhooks/opens-connectors.ts',
        'composition-roots-are-imported-by-no-one: engine/host/uses-cli.ts',
        'registry-is-the-top: connectors/ping.ts',
        'index-lists-modules-only: connectors/index.ts',
        'central-files-reach-systems-through-the-list: connectors/catalog.ts',
        'electron-imports-the-engine-entry-only: electron/main.ts',
        'production-never-imports-test-code: engine/runner/uses-test-code.ts',
        'shipped-folders-hold-product-code: engine/runner/uses-service.ts',
        'production-imports-no-dev-dependency: engine/runner/uses-dev-package.ts',
        'packages-are-declared: connectors/alpha/undeclared.ts',
      ]),
    );
    expect(found.some((line) => line.endsWith('engine/model/ok.ts'))).toBe(false);
    // Naming a connector type is not loading the connectors; a module the CLI reaches ships.
    expect(found).not.toContain('only-composition-roots-load-connectors: engine/webhooks/names-connector-types.ts');
    expect(found).not.toContain('shipped-folders-hold-product-code: engine/cli/c.ts');
  });
});
