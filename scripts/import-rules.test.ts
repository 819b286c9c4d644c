/**
 * The import-direction rules are only worth something if a wrong import fails: this lays out a
 * small tree with one wrong import per rule and runs the project's own dependency-cruiser config on it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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
  'connectors/registry.ts': `export const registry = 1;\n`,
  'connectors/alpha/index.ts': `import { b } from '../beta/index.ts';\nexport const a = b;\n`,
  'connectors/beta/index.ts': `export const b = 2;\n`,
  'renderer/app.ts': `import { run } from '../engine/runner/run.ts';\nexport const app = run;\n`,
};

describe('import-direction rules', () => {
  it('fail on each wrong import and name the rule', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlc-imports-'));
    for (const [path, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    for (const file of ['.dependency-cruiser.cjs', 'tsconfig.base.json', 'tsconfig.node.json']) copyFileSync(join(root, file), join(dir, file));
    const cruiser = join(root, 'node_modules', '.bin', 'depcruise');
    const result = spawnSync(cruiser, ['--config', '.dependency-cruiser.cjs', '--output-type', 'json', 'engine', 'connectors', 'renderer'], { cwd: dir, encoding: 'utf8' });
    const report = JSON.parse(result.stdout) as { summary: { error: number; violations: { rule: { name: string }; from: string; to: string }[] } };
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
      ]),
    );
    expect(found.some((line) => line.endsWith('engine/model/ok.ts'))).toBe(false);
  });
});
