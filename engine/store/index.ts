/**
 * The run store: stream watermarks, the audit trail of every run and batch (source range, counts,
 * timings, errors, mapping hash, control totals, replay payload) and held rows, in one SQLite file,
 * `<stateDir>/runs.sqlite`.
 *
 * Promises it keeps:
 * - A watermark moves only with the commit of the batch that reached it (`commitBatch`), or on a full
 *   refresh, so no record is skipped when a run dies midway.
 * - Every committed transaction survives kill -9 and power loss (WAL, synchronous=FULL); a batch left
 *   'pending' by a dead run is returned by `pendingBatches` for the next run to re-send.
 * - A batch that wrote rows into a target with an after-load job waits for that job from the same commit
 *   (`batchesAwaitingJob`) until a job run given it succeeds (`recordJobRun`), so none is forgotten.
 * - The CLI and the studio read with `{ readonly: true }` from other processes while a run writes.
 * - No secret is written: every message and payload string passes the `secretValues` mask first.
 * - Values round-trip exactly (decimals keep their scale) through the tagged codec in value-codec.ts.
 * - One run at a time per pipeline: `run-lock.ts`, an OS-held lock beside the store (`<stateDir>/locks/`).
 */
export { openRunStore } from './run-store.ts';
export { RunStoreError } from './errors.ts';
export type { RunStoreErrorCode } from './errors.ts';
export { RUN_STORE_FILE, runStorePath } from './open-database.ts';
export { decodeRow, decodeValue, encodeRow, encodeValue } from './value-codec.ts';
export type { JsonObject, Row } from './value-codec.ts';
export type { ControlTotals, PeriodTotals } from './control-totals.ts';
export type * from './types.ts';
export {
  acquireRunLock,
  describeHolder,
  runLockPath,
  RunLockedError,
  tryAcquireRunLock,
  RUN_LOCK_FOLDER,
} from './run-lock.ts';
export type { RunLockHandle, RunLockHolder, RunLockRequest, RunLockWait, RunStarter } from './run-lock.ts';
