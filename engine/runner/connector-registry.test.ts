/**
 * The runner is given its connectors: it opens every connection through the registry it is passed,
 * and its core runs with no connector module loaded at all.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ConnectionContext, ConnectorRegistry } from '../model/index.ts';
import { MemoryDestination } from './testing/memory-destination.ts';
import {
  ledgerPipeline,
  ledgerRecord,
  ledgerSource,
  ledgerStream,
  runWith,
  tempStateDir,
} from './testing/test-support.ts';

describe('the runner and its connector registry', () => {
  it('opens each connection once, through the registry it is given, with the connection and how to reach secrets', async () => {
    const source = ledgerSource([ledgerRecord(1, 1, '10.00'), ledgerRecord(2, 2, '20.00')], true);
    const destination = new MemoryDestination();
    const opened: { role: string; context: ConnectionContext }[] = [];
    const connectors: ConnectorRegistry = {
      openSource: async (context) => (opened.push({ role: 'source', context }), source),
      openDestination: async (context) => (opened.push({ role: 'destination', context }), destination),
    };
    const loaded = ledgerPipeline(ledgerStream(), 1);
    const outcome = await runWith(loaded, source, destination, tempStateDir(), { connectors });
    expect(outcome.status).toBe('ok');
    expect(destination.rowsOf('lines').map((row) => row.id)).toEqual([1, 2]);
    expect(opened.map(({ role, context }) => [role, context.name, context.connection.system])).toEqual([
      ['source', 'ledger', 'file'],
      ['destination', 'warehouse', 'duckdb'],
    ]);
    const { context } = opened[0]!;
    expect(context.pipeline).toBe(loaded.pipeline);
    expect(context.pipelineDir).toBe(loaded.dir);
    await expect(context.resolveSecret('anything')).rejects.toThrow(/no secret anything/);
  });

  it('runs a pipeline without loading any connector module', () => {
    // A fresh process that logs every module it resolves under connectors/, then runs the runner over memory parts.
    const logConnectors = `export async function resolve(specifier, context, next) {
      const resolved = await next(specifier, context);
      if (resolved.url.includes('/connectors/')) console.log('loaded ' + resolved.url);
      return resolved;
    }`;
    const script = `
      import { register } from 'node:module';
      register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(logConnectors)}));
      const support = await import(${JSON.stringify(new URL('./testing/test-support.ts', import.meta.url).href)});
      const { MemoryDestination } = await import(${JSON.stringify(new URL('./testing/memory-destination.ts', import.meta.url).href)});
      const loaded = support.ledgerPipeline(support.ledgerStream());
      const outcome = await support.runWith(loaded, support.ledgerSource([support.ledgerRecord(1, 1, '10.00')], true), new MemoryDestination(), support.tempStateDir());
      console.log('run ' + outcome.status);`;
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      encoding: 'utf8',
    });
    expect(output.trim().split('\n')).toEqual(['run ok']);
  });
});
