import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MlcError, isTransient } from '../model/errors.ts';
import { RunStoreError, openRunStore } from './index.ts';
import { LATEST_SCHEMA_VERSION } from './migrations.ts';
import { RUN_STORE_FILE, openDatabase } from './open-database.ts';
import { tempStateDir } from './test-support/processes.ts';

const opened: { close(): void }[] = [];
afterEach(() => opened.splice(0).forEach((db) => db.close()));

describe('opening the run store', () => {
  it('creates the state folder and runs.sqlite at the latest schema', () => {
    const stateDir = tempStateDir();
    expect(existsSync(stateDir)).toBe(false);
    const db = openDatabase(stateDir, false);
    opened.push(db);
    expect(existsSync(join(stateDir, RUN_STORE_FILE))).toBe(true);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
  });

  it('sets the settings crash safety and concurrent readers depend on', () => {
    const db = openDatabase(tempStateDir(), false);
    opened.push(db);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(5000);
  });

  it('gives a read-only connection a busy timeout too, and refuses writes through it', () => {
    const stateDir = tempStateDir();
    opened.push(openDatabase(stateDir, false));
    const reader = openDatabase(stateDir, true);
    opened.push(reader);
    expect(reader.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(5000);
    expect(() => reader.exec(`DELETE FROM runs`)).toThrow(/readonly/i);
  });

  it('says the store is missing instead of creating one for a reader', () => {
    const stateDir = tempStateDir();
    let caught: unknown;
    try {
      openRunStore(stateDir, { readonly: true });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RunStoreError);
    // One error tree for the whole engine: callers branch on the code, and this is not worth a retry.
    expect(caught).toBeInstanceOf(MlcError);
    expect((caught as RunStoreError).code).toBe('STORE_MISSING');
    expect(isTransient(caught)).toBe(false);
    expect(existsSync(stateDir)).toBe(false);
  });
});
