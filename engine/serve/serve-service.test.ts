/**
 * The service with a fake clock and real runs of the csv-to-duckdb example: what is due runs, a changed
 * file is picked up, an invalid one is refused while the previous version keeps running, a pipeline still
 * running is skipped, a stop cancels cleanly, and the log carries no secret.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as connectors from '../../connectors/registry.ts';
import { RunLockedError, tryAcquireRunLock } from '../runner/index.ts';
import { rememberSecret } from '../secrets/index.ts';
import { FakeClock, GatedRuns, serveFixture, workspace, type Workspace } from './testing/serve-fixture.ts';

let space: Workspace;
afterEach(() => space?.remove());

describe('serve runs pipelines on their schedules', () => {
  it('runs two pipelines on different crons when each is due', async () => {
    space = workspace();
    space.pipeline('nightly', '0 2 * * *');
    space.pipeline('half-hourly', '30 * * * *');
    const clock = new FakeClock(Date.parse('2026-01-10T00:05:00Z'));
    const runs = new GatedRuns(connectors);
    const { service, events } = serveFixture({ targets: [space.dir], dir: space.dir, clock, runs });
    service.reload();
    expect(service.nextWake()?.toISOString()).toBe('2026-01-10T00:30:00.000Z');

    clock.set('2026-01-10T00:29:00Z');
    expect(service.tick()).toEqual([]);
    clock.set('2026-01-10T00:30:00Z');
    expect(service.tick()).toEqual([join(space.dir, 'half-hourly.json')]);
    await service.idle();
    clock.set('2026-01-10T01:30:00Z');
    expect(service.tick()).toEqual([join(space.dir, 'half-hourly.json')]);
    await service.idle();
    clock.set('2026-01-10T02:00:00Z');
    expect(service.tick()).toEqual([join(space.dir, 'nightly.json')]);
    await service.idle();

    const finished = events('run-finished');
    expect(finished.map((e) => [e.pipeline, e.status, e.time])).toEqual([
      ['half-hourly', 'held', '2026-01-10T00:30:00.000Z'],
      ['half-hourly', 'held', '2026-01-10T01:30:00.000Z'],
      ['nightly', 'held', '2026-01-10T02:00:00.000Z'],
    ]);
    // The example's export has one line whose account has no cost center: held for review, never dropped.
    expect(finished[0]).toMatchObject({ read: 8, written: 7, held: 1 });
    expect(events('rows-held')[0]).toMatchObject({ pipeline: 'half-hourly', stream: 'gl_lines', held: 1 });
    expect(events('batch-committed').length).toBeGreaterThan(0);
    const status = service.status().pipelines.find((p) => p.id === 'nightly');
    expect(status).toMatchObject({ runs: 1, failures: 0, heldRows: 1, nextRun: '2026-01-11T02:00:00.000Z' });
    expect(status?.lastRun).toMatchObject({ status: 'held', read: 8, held: 1 });
  });

  it('after downtime, skip waits for the next time and run-once runs once at start', async () => {
    space = workspace();
    space.pipeline('nightly', '0 2 * * *');
    const clock = new FakeClock(Date.parse('2026-01-10T01:00:00Z'));
    const first = serveFixture({ targets: [space.dir], dir: space.dir, clock, runs: new GatedRuns(connectors) });
    first.service.reload();
    clock.set('2026-01-10T02:00:00Z');
    first.service.tick();
    await first.service.stop('test');

    // Down from 02:00 on the 10th to 09:00 on the 11th: the 11th's 02:00 run was missed.
    clock.set('2026-01-11T09:00:00Z');
    const skipping = serveFixture({ targets: [space.dir], dir: space.dir, clock, runs: new GatedRuns(connectors) });
    skipping.service.reload();
    expect(skipping.service.tick()).toEqual([]);
    expect(skipping.events('missed-run')[0]).toMatchObject({ policy: 'skip', lastDueAt: '2026-01-10T02:00:00.000Z' });
    expect(skipping.service.nextWake()?.toISOString()).toBe('2026-01-12T02:00:00.000Z');

    const runs = new GatedRuns(connectors);
    const catching = serveFixture({ targets: [space.dir], dir: space.dir, clock, runs, missedRuns: 'run-once' });
    catching.service.reload();
    expect(catching.service.tick()).toHaveLength(1);
    expect(catching.service.tick()).toEqual([]);
    await catching.service.idle();
    expect(runs.outcomes).toHaveLength(1);
    expect(catching.events('missed-run')[0]).toMatchObject({ policy: 'run-once', action: 'running once now' });
  });

  it('after a restart, status still shows the last run and the open held rows, read from the run store', async () => {
    space = workspace();
    space.pipeline('nightly', '0 2 * * *');
    const clock = new FakeClock(Date.parse('2026-01-10T01:00:00Z'));
    const runs = new GatedRuns(connectors);
    const first = serveFixture({ targets: [space.dir], dir: space.dir, clock, runs });
    first.service.reload();
    clock.set('2026-01-10T02:00:00Z');
    first.service.tick();
    await first.service.idle();
    await first.service.stop('test');
    const runId = runs.outcomes[0]!.runId;

    clock.set('2026-01-10T09:00:00Z');
    const restarted = serveFixture({ targets: [space.dir], dir: space.dir, clock, runs: new GatedRuns(connectors) });
    restarted.service.reload();
    const status = restarted.service.status();
    expect(status.startedAt).toBe('2026-01-10T09:00:00.000Z');
    expect(status.pipelines[0]).toMatchObject({ id: 'nightly', runs: 0, failures: 0, heldRows: 1 });
    expect(status.pipelines[0]!.lastRun).toEqual({
      runId,
      status: 'held',
      startedAt: '2026-01-10T02:00:00.000Z',
      finishedAt: '2026-01-10T02:00:00.000Z',
      read: 8,
      written: 7,
      held: 1,
    });
  });

  it('picks up a changed file, and refuses an invalid one while the previous version keeps running', async () => {
    space = workspace();
    const file = space.pipeline('ledger', '0 2 * * *');
    const clock = new FakeClock(Date.parse('2026-01-10T00:00:00Z'));
    const runs = new GatedRuns(connectors);
    const { service, events } = serveFixture({ targets: [space.dir], dir: space.dir, clock, runs });
    service.reload();
    expect(service.nextWake()?.toISOString()).toBe('2026-01-10T02:00:00.000Z');

    space.pipeline('ledger', '15 1 * * *');
    service.reload();
    expect(events('pipeline-reloaded')[0]).toMatchObject({ pipeline: 'ledger', cron: '15 1 * * *' });
    expect(service.nextWake()?.toISOString()).toBe('2026-01-10T01:15:00.000Z');

    // A new file in the folder is picked up too.
    space.pipeline('vendors', '0 3 * * *');
    service.reload();
    expect(events('pipeline-loaded').map((e) => e.pipeline)).toEqual(['ledger', 'vendors']);

    writeFileSync(file, '{"version": 2, "name": "half-saved",');
    service.reload();
    const refused = events('pipeline-refused')[0];
    expect(refused).toMatchObject({ file, kept: 'the previous version keeps running' });
    expect(String(refused?.reason)).toMatch(/problem/);
    expect(service.status().pipelines.find((p) => p.file === file)?.refused).toBe(refused?.reason);

    clock.set('2026-01-10T01:15:00Z');
    expect(service.tick()).toEqual([file]);
    await service.idle();
    expect(runs.requests[0]?.loaded.pipeline.schedule?.cron).toBe('15 1 * * *');
    expect(runs.outcomes[0]?.status).toBe('held');
  });

  it('skips a pipeline due again while its previous run is still going, and says so', async () => {
    space = workspace();
    space.pipeline('ledger', '*/5 * * * *');
    const clock = new FakeClock(Date.parse('2026-01-10T00:01:00Z'));
    const runs = new GatedRuns(connectors);
    const { service, events } = serveFixture({ targets: [space.dir], dir: space.dir, clock, runs });
    service.reload();
    runs.hold();
    clock.set('2026-01-10T00:05:00Z');
    expect(service.tick()).toHaveLength(1);
    clock.set('2026-01-10T00:10:00Z');
    expect(service.tick()).toEqual([]);
    expect(events('run-skipped')[0]).toMatchObject({
      pipeline: 'ledger',
      dueAt: '2026-01-10T00:10:00.000Z',
      reason: 'the previous run of this pipeline is still going; one run at a time',
    });
    runs.release();
    await service.idle();
    expect(runs.requests).toHaveLength(1);
    clock.set('2026-01-10T00:15:00Z');
    expect(service.tick()).toHaveLength(1);
    await service.idle();
    expect(service.status().pipelines[0]).toMatchObject({ runs: 2, skipped: 1 });
  });

  // The lock `run`, `replay` and the studio take: a pipeline another starter is running is skipped, not failed.
  it('skips a pipeline whose run lock another starter holds, naming it, and runs it once the lock is free', async () => {
    space = workspace();
    space.pipeline('ledger', '*/5 * * * *');
    const clock = new FakeClock(Date.parse('2026-01-10T00:01:00Z'));
    const runs = new GatedRuns(connectors);
    const { service, events } = serveFixture({ targets: [space.dir], dir: space.dir, clock, runs });
    service.reload();
    const lock = tryAcquireRunLock({ stateDir: join(space.dir, '.state', 'ledger'), pipelineId: 'ledger', who: 'run' });
    if (lock instanceof RunLockedError) throw lock;
    clock.set('2026-01-10T00:05:00Z');
    expect(service.tick()).toHaveLength(1);
    await service.idle();
    expect(runs.outcomes).toEqual([]);
    expect(events('run-skipped')[0]).toMatchObject({ pipeline: 'ledger', dueAt: '2026-01-10T00:05:00.000Z' });
    expect(String(events('run-skipped')[0]!.reason)).toContain(`pid ${process.pid}`);
    expect(events('run-error')).toEqual([]);
    expect(service.status().pipelines[0]).toMatchObject({ runs: 0, skipped: 1, failures: 0 });
    lock.release();
    clock.set('2026-01-10T00:10:00Z');
    expect(service.tick()).toHaveLength(1);
    await service.idle();
    expect(runs.outcomes).toHaveLength(1);
    expect(service.status().pipelines[0]).toMatchObject({ runs: 1, skipped: 1 });
  });

  it('a stop cancels the run going through its signal and waits for it before saying it stopped', async () => {
    space = workspace();
    space.pipeline('ledger', '*/5 * * * *');
    const clock = new FakeClock(Date.parse('2026-01-10T00:01:00Z'));
    const runs = new GatedRuns(connectors);
    const { service, events } = serveFixture({ targets: [space.dir], dir: space.dir, clock, runs });
    service.reload();
    runs.hold();
    clock.set('2026-01-10T00:05:00Z');
    service.tick();
    const stopped = service.stop('SIGTERM');
    expect(runs.requests[0]?.signal.aborted).toBe(true);
    runs.release();
    await stopped;
    expect(runs.outcomes[0]?.status).toBe('cancelled');
    const order = events().map((e) => e.event);
    expect(order.indexOf('serve-stopping')).toBeLessThan(order.indexOf('run-finished'));
    expect(order.at(-1)).toBe('serve-stopped');
    expect(events('run-finished')[0]).toMatchObject({ status: 'cancelled' });
    clock.set('2026-01-10T00:10:00Z');
    expect(service.tick()).toEqual([]);
  });

  it('logs JSON lines with no secret value in them', async () => {
    space = workspace();
    const secret = 'serve-Secret-Value-7731';
    rememberSecret(secret);
    // A folder named with the secret: the failed run's message quotes the path, and the log must not.
    space.pipeline('ledger', '*/5 * * * *', 'UTC', (pipeline: any) => {
      pipeline.connections.gl_export.address.folder = `./${secret}`;
    });
    const clock = new FakeClock(Date.parse('2026-01-10T00:01:00Z'));
    const runs = new GatedRuns(connectors);
    const { service, lines, events } = serveFixture({ targets: [space.dir], dir: space.dir, clock, runs });
    service.reload();
    clock.set('2026-01-10T00:05:00Z');
    service.tick();
    await service.idle();
    const text = lines.join('');
    expect(events().length).toBeGreaterThan(2);
    expect(text).toMatch(/"level":"error"/);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(encodeURIComponent(secret));
  });
});
