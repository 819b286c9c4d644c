/**
 * A destination that refuses before the first row (a wrong token: the warehouse will not open a
 * session) fails its stream with the reason, as a refused read or write does, and the run is recorded
 * as failed with that reason. A run that stops on an error after it started is recorded as failed too:
 * "interrupted" is for a writer that died, not one that is alive and knows why it stopped.
 */
import { describe, expect, it } from 'vitest';
import { MlcError } from '../model/errors.ts';
import type { SchemaChange, TargetTable } from '../model/index.ts';
import { openRunStore } from '../store/index.ts';
import { MemoryDestination } from './testing/memory-destination.ts';
import {
  ledgerPipeline,
  ledgerRecord,
  ledgerSource,
  ledgerStream,
  runWith,
  tempStateDir,
} from './testing/test-support.ts';

const REFUSED = 'the warehouse refused the access token stored as "lake_token": check that secret';

class RefusingDestination extends MemoryDestination {
  override async ensureTable(_target: TargetTable): Promise<readonly SchemaChange[]> {
    throw new MlcError('AUTH_FAILED', REFUSED);
  }
}

function recordedRun(stateDir: string, runId: string) {
  const store = openRunStore(stateDir, { readonly: true });
  try {
    return store.listRuns({ limit: 10 }).find((run) => run.runId === runId);
  } finally {
    store.close();
  }
}

describe('a run whose destination refuses before the first row', () => {
  it('fails the stream with the reason and records the run as failed with it', async () => {
    const stateDir = tempStateDir();
    const outcome = await runWith(
      ledgerPipeline(ledgerStream()),
      ledgerSource([ledgerRecord(1, 1, '10.00')], true),
      new RefusingDestination(),
      stateDir,
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.streams).toEqual([
      expect.objectContaining({
        name: 'lines',
        status: 'failed',
        read: 0,
        written: 0,
        error: { code: 'AUTH_FAILED', message: REFUSED },
      }),
    ]);
    expect(recordedRun(stateDir, outcome.runId)).toMatchObject({
      status: 'failed',
      error: { code: 'AUTH_FAILED', message: REFUSED },
    });
  });
});

describe('a run that stops on an error after it started', () => {
  it('is recorded as failed with the error, not left running', async () => {
    const stateDir = tempStateDir();
    let runId = '';
    const failing = runWith(
      ledgerPipeline(ledgerStream()),
      ledgerSource([ledgerRecord(1, 1, '10.00')], true),
      new MemoryDestination(),
      stateDir,
      {
        onEvent: (event) => {
          if (event.type !== 'run-started') return;
          runId = event.runId;
          throw new MlcError('EVENT_SINK_FAILED', 'the progress display could not be written');
        },
      },
    );
    await expect(failing).rejects.toThrow('the progress display could not be written');
    expect(recordedRun(stateDir, runId)).toMatchObject({
      status: 'failed',
      error: { code: 'EVENT_SINK_FAILED', message: 'the progress display could not be written' },
    });
  });
});
