/**
 * A child process that writes ledger batches the way the runner does, until told how many to
 * write or killed: re-send what a dead run left pending, then record -> hold -> commit (advancing
 * the watermark) in a loop. Arguments: stateDir rowsPerBatch [lastBatch] [memoLength].
 */
import { openRunStore } from '../index.ts';
import {
  LEDGER_PIPELINE,
  LEDGER_STREAM,
  batchIdFor,
  batchNumberOf,
  batchNumberOfKeys,
  commitInput,
  holdsFor,
  recordInput,
  rowsFor,
  runInput,
} from './ledger-batches.ts';

const [stateDir, rowsText, lastText, memoText] = process.argv.slice(2);
if (stateDir === undefined || rowsText === undefined)
  throw new Error('usage: batch-writer stateDir rowsPerBatch [lastBatch] [memoLength]');
const rowsPerBatch = Number(rowsText);
const lastBatch = lastText === undefined ? Number.POSITIVE_INFINITY : Number(lastText);
const memoLength = memoText === undefined ? 16 : Number(memoText);

const store = openRunStore(stateDir);
const runId = `run-${process.pid}-${Date.now()}`;
store.startRun(runInput(runId, { startedAt: new Date().toISOString() }));

for (const pending of store.pendingBatches(LEDGER_PIPELINE, LEDGER_STREAM)) {
  const n = batchNumberOf(pending.batchId);
  store.addHolds(holdsFor(n, pending.payload));
  store.commitBatch(pending.batchId, commitInput(n, pending.payload, new Date().toISOString()));
}

let n = batchNumberOfKeys(store.getStreamState(LEDGER_PIPELINE, LEDGER_STREAM)?.keysAtCursor);
while (n < lastBatch) {
  n += 1;
  const payload = rowsFor(n, rowsPerBatch, memoLength);
  store.recordBatch(recordInput(n, runId, payload));
  store.addHolds(holdsFor(n, payload));
  store.commitBatch(batchIdFor(n), commitInput(n, payload, new Date().toISOString()));
}
store.finishRun(runId, { status: 'held', finishedAt: new Date().toISOString() });
store.close();
