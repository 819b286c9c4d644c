/**
 * The real `ml-connector serve` process: it loads a folder of pipelines, says where its status endpoint
 * is, answers `ml-connector status`, and stops cleanly on SIGTERM (exit 0, `serve-stopped` logged).
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
    space.pipeline('ledger', '0 2 * * *', 'America/Chicago');
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
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).pipelines).toEqual([
      expect.objectContaining({ id: 'ledger', cron: '0 2 * * *', runs: 0, running: false }),
    ]);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/Stopping/);
    expect(lines.map((l) => l.event)).toEqual(
      expect.arrayContaining(['serve-started', 'pipeline-loaded', 'serve-stopping', 'serve-stopped']),
    );
  });
});
