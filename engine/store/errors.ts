/**
 * Errors the run store raises. Callers (runner, CLI, studio) branch on `code`, never on `message`.
 * SQLite's own errors pass through as they are (a SqliteError with code SQLITE_BUSY is transient).
 */
import { MlcError } from '../model/errors.ts';

export type RunStoreErrorCode =
  /** The database file is missing (a read-only open never creates one). */
  | 'STORE_MISSING'
  /** The file was written by a newer release, or a read-only open found an older schema it cannot upgrade. */
  | 'STORE_VERSION'
  | 'RUN_EXISTS'
  | 'RUN_NOT_FOUND'
  | 'BATCH_EXISTS'
  | 'BATCH_NOT_FOUND'
  /** commitBatch/failBatch on a batch that is no longer pending. */
  | 'BATCH_NOT_PENDING'
  /** advanceState names a different pipeline or stream than the batch belongs to. */
  | 'STATE_MISMATCH'
  | 'HOLD_NOT_FOUND'
  /** Control totals that are not the agreed shape (e.g. a sum given as a binary float). */
  | 'INVALID_TOTALS'
  /** A stored or given value the tagged codec cannot represent. */
  | 'VALUE_CODEC';

export class RunStoreError extends MlcError {
  declare readonly code: RunStoreErrorCode;

  constructor(code: RunStoreErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(code, message, options);
    this.name = 'RunStoreError';
  }
}
