/**
 * The real `ml-connector serve` process: it loads a folder of pipelines, says where its status endpoint
 * is, answers `ml-connector status` (with the last run, read from the run store, though `run` made it
 * before the service started), and stops cleanly on SIGTERM (exit 0, `serve-stopped` logged).
 * Waits on what the process says, never on a clock.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, PROJECT_ROOT } from '../cli/test-support.ts';
import { workspace, type Workspace } from './testing/serve-fixture.ts';

let space: Workspace;
afterEach(() => space?.remove());

describe('ml-connector serve (the process)', () => {
  it('serves status, and stops on SIGTERM with exit 0', async () => {
    space = workspace();
    const file = space.pipeline('ledger', '0 2 * * *', 'America/Chicago');
    // A run before the service starts (as by an earlier start of it): its status shows that run, from the store.
    const earlier = await cli(['run', file, '--state', join(space.dir, '.state'), '--json'], { cwd: space.dir });
    expect(earlier.code).toBe(1);
    const runId = String(JSON.parse(earlier.stdout.trim().split('\n')[0]!).runId);
    const child = spawn(
      process.execPath,
      [
        join(PROJECT_ROOT, 'bin', 'ml-connector.mjs'),
        'serve',
        space.dir,
        '--status-port',
        '0',
        '--state',
        join(space.dir, '.state'),
      ],
      { cwd: space.dir, env: { ...process.env, ML_CONNECTOR_STATE: '' } },
    );
    const lines: Record<string, unknown>[] = [];
    let buffered = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const started = new Promise<void>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        buffered += chunk;
        const parts = buffered.split('\n');
        buffered = parts.pop()!;
        for (const part of parts) lines.push(JSON.parse(part) as Record<string, unknown>);
        if (lines.some((l) => l.event === 'pipeline-loaded')) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await started;
    const url = String(lines.find((l) => l.event === 'status-listening')?.url);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const status = await cli(['status', '--url', url, '--json']);
    expect(JSON.parse(status.stdout).pipelines).toEqual([
      expect.objectContaining({
        id: 'ledger',
        cron: '0 2 * * *',
        runs: 0,
        running: false,
        heldRows: 1,
        lastRun: expect.objectContaining({ runId, status: 'held', read: 8, written: 7, held: 1 }),
      }),
    ]);
    // Exit 1: the last run held a row (what `status` says of a pipeline that is not well).
    expect(status.code).toBe(1);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/Stopping/);
    expect(lines.map((l) => l.event)).toEqual(
      expect.arrayContaining(['serve-started', 'pipeline-loaded', 'serve-stopping', 'serve-stopped']),
    );
  });
});
