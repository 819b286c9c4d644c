/**
 * One DuckDB database per warehouse file per process. DuckDB locks a file for the process that opens
 * it, so a second open of the same file in the same process would fail; destinations opened on the
 * same file share the database (each with its own connection) and the last close releases the file.
 * https://duckdb.org/docs/stable/connect/concurrency
 */
import { resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DuckDbDestinationError } from './errors.ts';

interface OpenFile {
  readonly instance: Promise<DuckDBInstance>;
  users: number;
}

const openFiles = new Map<string, OpenFile>();

export interface WarehouseHandle {
  readonly instance: DuckDBInstance;
  release(): void;
}

export async function openWarehouseFile(path: string): Promise<WarehouseHandle> {
  const key = path === ':memory:' ? undefined : resolve(path);
  if (key === undefined) {
    const instance = await open(path);
    return { instance, release: () => instance.closeSync() };
  }
  let file = openFiles.get(key);
  if (file === undefined) {
    file = { instance: open(key), users: 0 };
    openFiles.set(key, file);
  }
  file.users++;
  const shared = file;
  let instance: DuckDBInstance;
  try {
    instance = await shared.instance;
  } catch (error) {
    if (openFiles.get(key) === shared) openFiles.delete(key);
    throw error;
  }
  let released = false;
  return {
    instance,
    release: () => {
      if (released) return;
      released = true;
      shared.users--;
      if (shared.users === 0 && openFiles.get(key) === shared) {
        openFiles.delete(key);
        instance.closeSync();
      }
    },
  };
}

async function open(path: string): Promise<DuckDBInstance> {
  try {
    return await DuckDBInstance.create(path);
  } catch (error) {
    const vendorMessage = error instanceof Error ? error.message : String(error);
    const held = /lock/i.test(vendorMessage)
      ? ' Another program (a running sync or a SQL tool) may hold it; close that and try again.'
      : '';
    throw new DuckDbDestinationError(
      'DUCKDB_OPEN_FAILED',
      `Could not open the warehouse file ${path}.${held} (${vendorMessage})`,
      { cause: error },
    );
  }
}
