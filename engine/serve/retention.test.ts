/**
 * Run history retention over real runs of the csv-to-duckdb example on a fake clock: runs older than
 * --keep-days go with their batches and replay payloads; a run whose held rows are still open stays until
 * they are resolved; the watermarks are untouched.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as connectors from '../../connectors/registry.ts';
import { openRunStore } from '../store/index.ts';
import { FakeClock, GatedRuns, serveFixture, workspace, type Workspace } from './testing/serve-fixture.ts';

let space: Workspace;
afterEach(() => space?.remove());

function ledger(keepDays?: number) {
  space = workspace();
  space.pipeline('ledger', '0 2 * * *');
  const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
  const runs = new GatedRuns(connectors);
  const fixture = serveFixture({
    targets: [space.dir],
    dir: space.dir,
    clock,
    runs,
    ...(keepDays === undefined ? {} : { keepDays }),
  });
  fixture.service.reload();
  const stateDir = join(space.dir, '.state', 'ledger');
  const runAt = async (iso: string) => {
    clock.set(iso);
    expect(fixture.service.tick()).toHaveLength(1);
    await fixture.service.idle();
    return runs.outcomes.at(-1)!.runId;
  };
  const runIds = () => {
    const store = openRunStore(stateDir, { readonly: true });
    try {
      return store
        .listRuns({ pipelineId: 'ledger', limit: 100 })
        .map((r) => r.runId)
        .sort();
    } finally {
      store.close();
    }
  };
  return { ...fixture, clock, stateDir, runAt, runIds };
}

describe('run history retention', () => {
  it('serve --keep-days: after a run, runs older than N days go; the watermark stays', async () => {
    const { runAt, runIds, events, stateDir } = ledger(30);
    await runAt('2026-01-01T02:00:00Z');
    await runAt('2026-01-02T02:00:00Z');
    const before = openRunStore(stateDir, { readonly: true });
    const watermark = before.getStreamState('ledger', 'gl_lines');
    before.close();
    expect(watermark).toBeDefined();

    const third = await runAt('2026-02-15T02:00:00Z');
    expect(runIds()).toEqual([third]);
    expect(events('retention')[0]).toMatchObject({ pipeline: 'ledger', runs: 2, before: '2026-01-16T02:00:00.000Z' });
    const after = openRunStore(stateDir, { readonly: true });
    // The third run read nothing new, so the cursor is where the first two left it.
    expect(after.getStreamState('ledger', 'gl_lines')?.cursor).toEqual(watermark?.cursor);
    after.close();
  });

  it('keeps a run whose held rows are open, with its replay payload, until they are resolved', async () => {
    const { runAt, runIds, stateDir } = ledger();
    // Each run holds the example's GL line whose account has no cost center; a later run's hold of the
    // same line supersedes the earlier one, so the second run's hold is the one open.
    const first = await runAt('2026-01-01T02:00:00Z');
    const second = await runAt('2026-01-02T02:00:00Z');
    const store = openRunStore(stateDir);
    const open = store.listHolds({ status: 'open' });
    expect(open.map((h) => h.runId)).toEqual([second]);

    expect(store.pruneHistory('2026-02-01T00:00:00Z')).toMatchObject({ runs: 1 });
    expect(runIds()).toEqual([second]);
    expect(store.getBatch(open[0]!.batchId)?.payload).toBeDefined();
    expect(runIds()).not.toContain(first);

    store.resolveHolds(
      open.map((h) => h.id),
      { resolvedByRunId: second, resolvedAt: '2026-02-01T00:00:00Z' },
    );
    expect(store.pruneHistory('2026-02-01T00:00:00Z')).toMatchObject({ runs: 1, holds: 1 });
    expect(runIds()).toEqual([]);
    store.close();
  });
});
