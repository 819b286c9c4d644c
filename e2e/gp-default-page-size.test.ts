/**
 * A GP stream that sets no page size reads GP's 1,000 records a page, not the engine's 10,000: the GP
 * simulator's SBA refuses a $top over 1,000 (as GP does), so before the connector declared its limit the
 * vendors of the shipped example, with its page size left out, failed on the first page.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGpSimulator, type GpSimulator } from '../connectors/dynamics-gp/simulator/index.ts';
import * as connectors from '../connectors/registry.ts';
import { GP_TO_DUCKDB, prepareExampleWorkspace } from '../engine/cli/example-workspace.ts';
import { formatPipeline, installSystemRules, parsePipelineText } from '../engine/model/index.ts';
import { loadPipelineFile, runPipeline } from '../engine/runner/index.ts';

const VENDORS = 1500;

let gp: GpSimulator;
let dir: string;

beforeAll(async () => {
  gp = await startGpSimulator({ port: 0, seed: 11, rows: VENDORS });
  dir = mkdtempSync(join(tmpdir(), 'mlc-e2e-gp-page-'));
  // As the CLI and the studio's host do: the systems' rules (GP's page limit among them) from the registry.
  installSystemRules(connectors.systemRules());
});

afterAll(async () => {
  await gp?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the default page size of a GP stream', () => {
  it('reads every vendor in pages GP serves when the stream sets no page size', async () => {
    const file = prepareExampleWorkspace(dir, { gp }, [GP_TO_DUCKDB]).files[GP_TO_DUCKDB]!;
    const pipeline = parsePipelineText(readFileSync(file, 'utf8')).pipeline!;
    const { pageSize: _left, ...source } = pipeline.streams['vendors']!.source;
    const vendorsOnly = { ...pipeline, streams: { vendors: { ...pipeline.streams['vendors']!, source } } };
    writeFileSync(file, formatPipeline(vendorsOnly));

    const outcome = await runPipeline({
      connectors,
      loaded: loadPipelineFile(file),
      stateDir: join(dir, 'state'),
      resolveSecret: async (name) => {
        if (name === 'gp_password') return gp.credentials.password;
        throw new Error(`no secret ${name}`);
      },
      retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    });
    const vendors = outcome.streams.find((stream) => stream.name === 'vendors');
    expect(vendors?.error?.message).toBeUndefined();
    expect(outcome.status).toBe('ok');
    expect(vendors?.read).toBe(gp.store.map('vendors').size);
    expect(vendors?.read).toBeGreaterThan(1000);
  });
});
