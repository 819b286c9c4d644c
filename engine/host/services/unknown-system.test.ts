/**
 * The studio's host knows the systems from the connector list: createStudioServices installs them, so a
 * pipeline opened there names an unknown system at connections.<name>.system, with the known ones.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatPipeline, installSystemRules } from '../../model/index.ts';
import { minimalPipeline } from '../../model/test-fixtures.ts';
import { SecretRegistry } from '../../secrets/index.ts';
import { systemRules } from '../../../connectors/registry.ts';
import { createStudioServices } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'mlc-unknown-system-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('studio services, a connection naming an unknown system', () => {
  it("get a problem at the connection's system listing the known systems", async () => {
    // Whatever an earlier test left installed: the services install the connector list's rules themselves.
    installSystemRules({});
    const pipeline = minimalPipeline();
    pipeline.connections.warehouse!.system = 'acme-ledger';
    writeFileSync(join(dir, 'p.json'), formatPipeline(pipeline));
    const studio = createStudioServices({
      cwd: dir,
      stateDir: join(dir, 'state'),
      secrets: {
        resolve: (name) => Promise.reject(new Error(`no secret ${name}`)),
        lookup: async () => undefined,
        set: async () => {},
        delete: async () => false,
        describe: () => 'none',
      },
      registry: new SecretRegistry(),
      publish: () => {},
    });
    try {
      const opened = await studio.pipelines.open({ path: 'p.json' });
      expect(opened.problems).toContainEqual({
        path: 'connections.warehouse.system',
        code: 'unknown-system',
        severity: 'error',
        // Every system of the connector list, in its order: a new system's one line adds it here too.
        message: `There is no system "acme-ledger" in this version. (known: ${Object.keys(systemRules()).join(', ')}).`,
      });
    } finally {
      await studio.close();
    }
  });
});
