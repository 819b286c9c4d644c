/**
 * Shared set-up for the store's unit tests: a fresh store in a temp folder per test, and a pid that
 * certainly belongs to no running process (a child that has already exited).
 */
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { openRunStore } from '../index.ts';
import { runStorePath } from '../open-database.ts';
import type { OpenRunStoreOptions, RunStore } from '../types.ts';
import { tempStateDir } from './processes.ts';

export interface StoreUnderTest {
  readonly stateDir: string;
  readonly store: RunStore;
}

export function freshStore(options: OpenRunStoreOptions = {}): StoreUnderTest {
  const stateDir = tempStateDir();
  return { stateDir, store: openRunStore(stateDir, options) };
}

export function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid ?? 0;
}

/** A second, raw connection, to look under the API (status columns, pragmas, integrity). */
export function rawConnection(stateDir: string): Database.Database {
  return new Database(runStorePath(stateDir));
}
