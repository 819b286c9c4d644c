/**
 * Opens `<stateDir>/runs.sqlite` with the settings the store's promises rest on.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { RunStoreError } from './errors.ts';
import { migrate, requireLatestSchema } from './migrations.ts';

export const RUN_STORE_FILE = 'runs.sqlite';

/**
 * How long a connection waits for a lock held by another process before giving up. Writes are
 * short (one batch row), so this is only reached if a process hangs while holding a transaction.
 */
const BUSY_TIMEOUT_MS = 10_000;

export function runStorePath(stateDir: string): string {
  return join(stateDir, RUN_STORE_FILE);
}

export function openDatabase(stateDir: string, readonly: boolean): Database.Database {
  const path = runStorePath(stateDir);
  if (readonly && !existsSync(path)) {
    throw new RunStoreError(
      'STORE_MISSING',
      `no run store in the state folder yet (${RUN_STORE_FILE}); run a pipeline first`,
    );
  }
  if (!readonly) mkdirSync(stateDir, { recursive: true });
  const db = new Database(path, { readonly, fileMustExist: readonly });
  try {
    // Set first: every later statement, including the pragmas below, may meet a writer's lock.
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    if (readonly) {
      requireLatestSchema(db);
    } else {
      // WAL: readers (CLI `audit`, the studio) never block the writer, nor it them.
      // synchronous=FULL: WAL is synced at every commit, so a committed batch survives kill -9
      // and power loss alike; NORMAL would only survive the former.
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      migrate(db);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
