import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MlcError } from '../model/errors.ts';
import { openRunStore } from '../store/index.ts';
import type { RunEvent } from './events.ts';
import { MemoryDestination } from './testing/memory-destination.ts';
import { replay } from './replay.ts';
import {
  ledgerPipeline,
  ledgerRecord,
  ledgerSource,
  ledgerStream,
  memoryConnectors,
  runWith,
  tempStateDir,
} from './testing/test-support.ts';

const noSecrets = async (name: string): Promise<string> => {
  throw new Error(`no secret ${name}`);
};

describe('holds and replay', () => {
  it('holds a lookup miss with its reason, writes the rest, and replays it once the lookup is fixed', async () => {
    const source = ledgerSource(
      [ledgerRecord(1, 1, '10.00'), ledgerRecord(2, 1, '20.00', '000-9999-00'), ledgerRecord(3, 2, '30.00')],
      true,
    );
    const destination = new MemoryDestination();
    const loaded = ledgerPipeline(ledgerStream());
    const stateDir = tempStateDir();
    const first = await runWith(loaded, source, destination, stateDir);
    expect(first.status).toBe('held');
    expect(first.streams[0]).toMatchObject({ read: 3, written: 2, held: 1 });
    expect(destination.rowsOf('lines').map((r) => r.id)).toEqual([1, 3]);

    const store = openRunStore(stateDir);
    const [hold] = store.listHolds({ status: 'open' });
    store.close();
    expect(hold?.reasons[0]?.column).toBe('cost_center');
    expect(hold?.reasons[0]?.message).toMatch(/000-9999-00/);
    expect(hold?.sourceRecord.id).toBe(2);

    // The analyst adds the missing account to the lookup table, then replays the run.
    loaded.pipeline.lookups!.cost_centers!.rows!.push({ key: '000-9999-00', value: 'CC-NEW' });
    const replayed = await replay(loaded, {
      stateDir,
      id: first.runId,
      resolveSecret: noSecrets,
      connectors: memoryConnectors(source, destination),
    });
    expect(replayed).toMatchObject({ status: 'ok', replayed: 1, resolved: 1, stillHeld: 0 });
    expect(destination.rowsOf('lines').find((r) => r.id === 2)?.cost_center).toBe('CC-NEW');

    const again = await replay(loaded, {
      stateDir,
      id: first.runId,
      resolveSecret: noSecrets,
      connectors: memoryConnectors(source, destination),
    });
    expect(again).toMatchObject({ replayed: 0, resolved: 0 });
    const check = openRunStore(stateDir, { readonly: true });
    expect(check.listHolds({ status: 'open' })).toEqual([]);
    check.close();
  });

  it('keeps a row held with its new reason when the replay still fails', async () => {
    const source = ledgerSource([ledgerRecord(1, 1, '10.00', '000-9999-00')], true);
    const destination = new MemoryDestination();
    const loaded = ledgerPipeline(ledgerStream());
    const stateDir = tempStateDir();
    const first = await runWith(loaded, source, destination, stateDir);
    const outcome = await replay(loaded, {
      stateDir,
      id: first.runId,
      resolveSecret: noSecrets,
      connectors: memoryConnectors(source, destination),
    });
    expect(outcome).toMatchObject({ status: 'held', replayed: 1, resolved: 0, stillHeld: 1 });
    const store = openRunStore(stateDir, { readonly: true });
    expect(store.listHolds({ status: 'open' })).toHaveLength(1);
    store.close();
  });

  it('replays again after a fix when an earlier replay left the row held', async () => {
    const source = ledgerSource([ledgerRecord(1, 1, '10.00', '000-9999-00')], true);
    const destination = new MemoryDestination();
    const loaded = ledgerPipeline(ledgerStream());
    const stateDir = tempStateDir();
    const parts = { resolveSecret: noSecrets, connectors: memoryConnectors(source, destination) };
    const first = await runWith(loaded, source, destination, stateDir);
    expect((await replay(loaded, { stateDir, id: first.runId, ...parts })).stillHeld).toBe(1);
    expect((await replay(loaded, { stateDir, id: first.runId, ...parts })).stillHeld).toBe(1);
    loaded.pipeline.lookups!.cost_centers!.rows!.push({ key: '000-9999-00', value: 'CC-NEW' });
    expect(await replay(loaded, { stateDir, id: first.runId, ...parts })).toMatchObject({
      status: 'ok',
      resolved: 1,
      stillHeld: 0,
    });
    expect(destination.rowsOf('lines')).toHaveLength(1);
  });

  it('keeps one open hold per source record when a lookback window reads it again', async () => {
    const source = ledgerSource([ledgerRecord(1, 1, '10.00', '000-9999-00'), ledgerRecord(2, 2, '5.00')], true);
    const destination = new MemoryDestination();
    const loaded = ledgerPipeline(ledgerStream({ lookback: 'PT1H' }));
    const stateDir = tempStateDir();
    await runWith(loaded, source, destination, stateDir);
    await runWith(loaded, source, destination, stateDir);
    const store = openRunStore(stateDir, { readonly: true });
    expect(store.listHolds({ status: 'open' }).map((h) => h.sourceRecord.id)).toEqual([1]);
    store.close();
  });

  it('resolves a hold when the source corrects the record and it is written', async () => {
    const source = ledgerSource([ledgerRecord(1, 1, '10.00', '000-9999-00')], true);
    const destination = new MemoryDestination();
    const loaded = ledgerPipeline(ledgerStream());
    const stateDir = tempStateDir();
    await runWith(loaded, source, destination, stateDir);
    source.upsert('lines', ledgerRecord(1, 5, '10.00', '000-6100-00'));
    expect((await runWith(loaded, source, destination, stateDir)).status).toBe('ok');
    const store = openRunStore(stateDir, { readonly: true });
    expect(store.listHolds({ status: 'open' })).toEqual([]);
    store.close();
    expect(destination.rowsOf('lines')[0]?.cost_center).toBe('CC-ADMIN');
  });

  it('holds a row the destination rejects (a constraint), with its reason, and writes the rest', async () => {
    const source = ledgerSource([ledgerRecord(1, 1, '10.00'), ledgerRecord(2, 1, '20.00')], true);
    const destination = new MemoryDestination();
    const realWrite = destination.writeBatch.bind(destination);
    destination.writeBatch = async (target, batch) => {
      const keep = batch.rows.filter((row) => row.id !== 2);
      const result = await realWrite(target, { ...batch, rows: keep });
      return {
        ...result,
        rejected: [
          {
            index: batch.rows.findIndex((row) => row.id === 2),
            code: 'decimal-too-wide',
            message: 'amount: 20.00 does not fit decimal(3,2)',
          },
        ],
      };
    };
    const stateDir = tempStateDir();
    const outcome = await runWith(ledgerPipeline(ledgerStream()), source, destination, stateDir);
    expect(outcome.streams[0]).toMatchObject({ read: 2, written: 1, held: 1, status: 'held' });
    const store = openRunStore(stateDir, { readonly: true });
    const [hold] = store.listHolds({ status: 'open' });
    store.close();
    expect(hold?.sourceRecord.id).toBe(2);
    expect(hold?.reasons).toEqual([
      { column: '', code: 'decimal-too-wide', message: 'amount: 20.00 does not fit decimal(3,2)' },
    ]);
  });

  it('names an unknown run or batch', async () => {
    const loaded = ledgerPipeline(ledgerStream());
    const stateDir = tempStateDir();
    await runWith(loaded, ledgerSource([], true), new MemoryDestination(), stateDir);
    await expect(
      replay(loaded, {
        stateDir,
        id: 'nope',
        resolveSecret: noSecrets,
        connectors: memoryConnectors(ledgerSource([], true), new MemoryDestination()),
      }),
    ).rejects.toThrow(/no run or batch "nope"/);
  });
});

describe('crashes, retries and cancellation', () => {
  it('re-sends a batch committed by the destination but not by the store, without writing it twice', async () => {
    const records = Array.from({ length: 10 }, (_, i) => ledgerRecord(i + 1, i, `${i}.00`));
    const source = ledgerSource(records, false);
    const destination = new MemoryDestination();
    const loaded = ledgerPipeline(ledgerStream({}, 'append'), 4);
    const stateDir = tempStateDir();
    destination.failAfterCommit = 1;
    const crashed = await runWith(loaded, source, destination, stateDir);
    expect(crashed.status).toBe('failed');
    expect(destination.rowsOf('lines')).toHaveLength(4);
    const store = openRunStore(stateDir, { readonly: true });
    expect(store.getStreamState('ledger-test', 'lines')).toBeUndefined();
    store.close();

    const rerun = await runWith(loaded, source, destination, stateDir);
    expect(rerun.status).toBe('ok');
    const ids = destination.rowsOf('lines').map((r) => r.id);
    expect(ids.sort((a, b) => Number(a) - Number(b))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('retries transient faults by code and stops on a permanent one, leaving state where it was', async () => {
    const source = ledgerSource([ledgerRecord(1, 1, '1.00')], true);
    const destination = new MemoryDestination();
    const realWrite = destination.writeBatch.bind(destination);
    let failures = 2;
    destination.writeBatch = async (target, batch) => {
      if (failures-- > 0) throw new MlcError('HTTP_503', 'warehouse busy');
      return realWrite(target, batch);
    };
    const events: RunEvent[] = [];
    const loaded = ledgerPipeline(ledgerStream());
    const stateDir = tempStateDir();
    const ok = await runWith(loaded, source, destination, stateDir, { onEvent: (e) => events.push(e) });
    expect(ok.status).toBe('ok');
    expect(events.filter((e) => e.type === 'retry').map((e) => (e as { code: string }).code)).toEqual([
      'HTTP_503',
      'HTTP_503',
    ]);

    source.upsert('lines', ledgerRecord(2, 5, '2.00'));
    destination.writeBatch = async () => {
      throw new MlcError('TABLE_REFUSED', 'column "amount" would be narrowed');
    };
    const failed = await runWith(loaded, source, destination, stateDir);
    expect(failed.status).toBe('failed');
    expect(failed.streams[0]?.error).toEqual({ code: 'TABLE_REFUSED', message: 'column "amount" would be narrowed' });
    const store = openRunStore(stateDir, { readonly: true });
    expect(String(store.getStreamState('ledger-test', 'lines')?.cursor)).toBe(String(ledgerRecord(1, 1, '1').ts));
    store.close();
  });

  it('cancels cleanly between batches', async () => {
    const records = Array.from({ length: 30 }, (_, i) => ledgerRecord(i + 1, i, '1.00'));
    const source = ledgerSource(records, true);
    const destination = new MemoryDestination();
    const controller = new AbortController();
    source.onPage = (page) => {
      if (page === 1) controller.abort();
    };
    const loaded = ledgerPipeline(ledgerStream(), 5);
    const stateDir = tempStateDir();
    const outcome = await runWith(loaded, source, destination, stateDir, { signal: controller.signal });
    expect(outcome.status).toBe('cancelled');
    const written = destination.rowsOf('lines').length;
    expect(written).toBeLessThan(30);
    const store = openRunStore(stateDir, { readonly: true });
    const state = store.getStreamState('ledger-test', 'lines');
    expect(String(state?.cursor)).toBe(String(records[written - 1]!.ts));
    store.close();
  });
});

describe('after-load work', () => {
  it('runs the destination after-load step once a stream has loaded, and fails the stream when it fails', async () => {
    const source = ledgerSource([ledgerRecord(1, 1, '1.00')], true);
    const destination = new MemoryDestination();
    const calls: string[] = [];
    (destination as { finishRun?: unknown }).finishRun = async (_target: unknown, { runId }: { runId: string }) => {
      calls.push(runId);
      return { detail: 'job 8 run 1003 succeeded' };
    };
    const events: RunEvent[] = [];
    const loaded = ledgerPipeline(ledgerStream());
    const ok = await runWith(loaded, source, destination, tempStateDir(), { onEvent: (e) => events.push(e) });
    expect(ok.status).toBe('ok');
    expect(calls).toEqual([ok.runId]);
    expect(events).toContainEqual({ type: 'after-load', stream: 'lines', detail: 'job 8 run 1003 succeeded' });

    (destination as { finishRun?: unknown }).finishRun = async () => {
      throw new MlcError('DATABRICKS_JOB_FAILED', 'Databricks job 8 run 1004 did not succeed (TERMINATED/FAILED)');
    };
    const failed = await runWith(loaded, source, destination, tempStateDir());
    expect(failed.status).toBe('failed');
    expect(failed.streams[0]?.error?.code).toBe('DATABRICKS_JOB_FAILED');
  });
});

describe('after-load job: the batches it has yet to consume', () => {
  it('offers a failed job its batches again (and rows replayed meanwhile), ends their wait on success, and starts nothing when none wait', async () => {
    const source = ledgerSource(
      [ledgerRecord(1, 1, '1.00'), ledgerRecord(2, 2, '2.00', '000-9999-00'), ledgerRecord(3, 3, '3.00')],
      true,
    );
    const destination = new MemoryDestination();
    const given: (readonly string[] | undefined)[] = [];
    let succeed = false;
    (destination as { finishRun?: unknown }).finishRun = async (
      _target: unknown,
      { batchIds }: { batchIds?: readonly string[] },
    ) => {
      given.push(batchIds);
      if (batchIds === undefined || batchIds.length === 0) return undefined;
      const jobRun = { jobId: 8, jobRunId: 1000 + given.length, batchIds, lifeCycleState: 'TERMINATED' };
      if (succeed) return { detail: 'ok', jobRuns: [{ ...jobRun, resultState: 'SUCCESS', outcome: 'succeeded' }] };
      throw Object.assign(new MlcError('DATABRICKS_JOB_FAILED', 'job 8 did not succeed'), {
        jobRuns: [{ ...jobRun, resultState: 'FAILED', stateMessage: 'boom', outcome: 'failed' }],
      });
    };
    const stream = ledgerStream();
    const loaded = ledgerPipeline({ ...stream, target: { ...stream.target, afterLoad: { runJob: 8 } } });
    const stateDir = tempStateDir();
    const awaiting = () => {
      const store = openRunStore(stateDir, { readonly: true });
      try {
        return store.batchesAwaitingJob('ledger-test', 'lines', { table: 'lines', jobId: 8 });
      } finally {
        store.close();
      }
    };

    const first = await runWith(loaded, source, destination, stateDir);
    expect(first.streams[0]).toMatchObject({ status: 'failed', written: 2, held: 1 });
    expect(first.streams[0]?.error?.message).toBe(
      'job 8 did not succeed (1 batch waits for the job and will be offered to it again on the next run)',
    );
    expect(awaiting()).toEqual([`${first.runId}.lines.000001`]);

    // The held row is fixed and replayed: its batch waits for the job too (replay starts no job).
    loaded.pipeline.lookups!.cost_centers!.rows!.push({ key: '000-9999-00', value: 'CC-NEW' });
    await replay(loaded, {
      stateDir,
      id: first.runId,
      resolveSecret: noSecrets,
      connectors: memoryConnectors(source, destination),
    });
    const waiting = awaiting();
    expect(waiting).toHaveLength(2);
    expect(waiting[1]).toMatch(/^replay\.lines\./);

    succeed = true;
    const second = await runWith(loaded, source, destination, stateDir);
    expect(second.status).toBe('ok');
    expect(given.at(-1)).toEqual(waiting);
    expect(awaiting()).toEqual([]);
    const store = openRunStore(stateDir, { readonly: true });
    expect(store.getRun(first.runId)?.jobRuns.map((r) => [r.outcome, r.stateMessage])).toEqual([['failed', 'boom']]);
    expect(store.getRun(second.runId)?.jobRuns.map((r) => [r.outcome, r.batchIds])).toEqual([['succeeded', waiting]]);
    store.close();

    await runWith(loaded, source, destination, stateDir);
    expect(given.at(-1)).toEqual([]);
  });
});

describe('order, totals and secrets', () => {
  it('loads reference streams before the facts that depend on them, and skips facts whose reference failed', async () => {
    const loaded = ledgerPipeline(ledgerStream());
    const facts = { ...ledgerStream(), dependsOn: ['accounts'] };
    loaded.pipeline.streams = {
      facts,
      accounts: { ...ledgerStream(), target: { ...ledgerStream().target, table: 'accounts' } },
    };
    const source = ledgerSource([ledgerRecord(1, 1, '1.00')], true);
    const destination = new MemoryDestination();
    const events: RunEvent[] = [];
    await runWith(loaded, source, destination, tempStateDir(), { onEvent: (e) => events.push(e) });
    expect(events.filter((e) => e.type === 'stream-started').map((e) => (e as { stream: string }).stream)).toEqual([
      'accounts',
      'facts',
    ]);

    destination.writeBatch = async () => {
      throw new MlcError('TABLE_REFUSED', 'refused');
    };
    source.upsert('lines', ledgerRecord(2, 9, '1.00'));
    const outcome = await runWith(loaded, source, destination, tempStateDir());
    expect(outcome.streams.map((s) => [s.name, s.status])).toEqual([
      ['accounts', 'failed'],
      ['facts', 'skipped'],
    ]);
  });

  it('records control totals per batch on the source and destination side, held rows accounted for', async () => {
    const source = ledgerSource(
      [ledgerRecord(1, 1, '10.10'), ledgerRecord(2, 1, '20.20', '000-9999-00'), ledgerRecord(3, 2, '-5.05')],
      true,
    );
    const loaded = ledgerPipeline(ledgerStream(), 100);
    const stateDir = tempStateDir();
    const outcome = await runWith(loaded, source, new MemoryDestination(), stateDir);
    const store = openRunStore(stateDir, { readonly: true });
    const [batch] = store.getRun(outcome.runId)!.batches;
    store.close();
    expect(batch?.sourceTotals).toEqual({ rows: 3, sums: { amount: '25.25' } });
    expect(batch?.destinationTotals).toEqual({ rows: 2, sums: { amount: '5.05' } });
  });

  it('never writes a secret value into the state folder or the events', async () => {
    const secret = 'Pa55-w0rd-that-must-not-leak';
    const source = ledgerSource([ledgerRecord(1, 1, '1.00')], true);
    const destination = new MemoryDestination();
    destination.writeBatch = async () => {
      throw new MlcError('AUTH_FAILED', `login failed for svc with password ${secret}`);
    };
    const events: RunEvent[] = [];
    const stateDir = tempStateDir();
    await runWith(ledgerPipeline(ledgerStream()), source, destination, stateDir, {
      onEvent: (e) => events.push(e),
      secretValues: () => [secret],
    });
    expect(JSON.stringify(events)).not.toContain(secret);
    expect(JSON.stringify(events)).toContain('***');
    // Every file, the run lock's folder included.
    const files = readdirSync(stateDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(files.map((entry) => entry.name)).toContain('runs.sqlite');
    for (const file of files) expect(readFileSync(join(file.parentPath, file.name)).includes(secret)).toBe(false);
  });
});
