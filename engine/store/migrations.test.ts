import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { RunStoreError, openRunStore } from './index.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate } from './migrations.ts';
import { runStorePath } from './open-database.ts';
import { LEDGER_PIPELINE } from './test-support/ledger-batches.ts';
import { tempStateDir } from './test-support/processes.ts';
import { rawConnection } from './test-support/store-fixtures.ts';

/** A store exactly as schema version 1 left it, with a run, a batch and an open hold. */
function versionOneStore(): string {
  const stateDir = tempStateDir();
  mkdirSync(stateDir, { recursive: true });
  const db = new Database(runStorePath(stateDir));
  db.pragma('journal_mode = WAL');
  migrate(db, 1);
  db.exec(`
    INSERT INTO runs (run_id, pipeline_id, pipeline_name, mapping_hash, trigger, status, started_at, finished_at)
      VALUES ('v1-run', '${LEDGER_PIPELINE}', 'GP', 'h1', 'run', 'held', '2024-01-01T00:00:00Z', '2024-01-01T00:01:00Z');
    INSERT INTO batches (batch_id, run_id, stream, sequence, state, from_cursor, to_cursor, count_in, count_out, count_held,
        source_totals, destination_totals, payload, started_at, finished_at)
      VALUES ('v1-batch', 'v1-run', 'gl', 1, 'committed', 'null', '{"$date":"2024-01-31"}', 2, 1, 1,
        '{"rows":2,"sums":{}}', '{"rows":1,"sums":{}}', '[{"amount":{"$decimal":"1.50"}},{"amount":null}]',
        '2024-01-01T00:00:00Z', '2024-01-01T00:01:00Z');
    INSERT INTO holds (batch_id, stream, row_index, source_record, reasons, status)
      VALUES ('v1-batch', 'gl', 0, '{"amount":{"$decimal":"1.50"}}', '[{"column":"a","code":"C","message":"m"}]', 'open');
  `);
  expect(db.pragma('user_version', { simple: true })).toBe(1);
  db.close();
  return stateDir;
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof RunStoreError ? error.code : `not a RunStoreError: ${String(error)}`;
  }
  return undefined;
}

describe('schema migrations', () => {
  it('numbers migrations 1, 2, … without gaps', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(MIGRATIONS.map((_, index) => index + 1));
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThan(1);
  });

  it('upgrades a version 1 store on open and keeps its history', () => {
    const stateDir = versionOneStore();
    const store = openRunStore(stateDir);
    try {
      const raw = rawConnection(stateDir);
      expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      raw.close();

      expect(store.getRun('v1-run')).toMatchObject({
        status: 'held',
        // Before version 4 no batch kept its already-loaded rows apart: none are claimed for it.
        streams: [{ stream: 'gl', batches: 1, read: 2, written: 1, held: 1, alreadyLoaded: 0, failed: 0 }],
      });
      expect(store.getBatch('v1-batch')).toMatchObject({ countOut: 1, countHeld: 1, countAlreadyLoaded: null });
      expect(String(store.getBatch('v1-batch')?.payload[0]?.['amount'])).toBe('1.50');
      // Version 2's rule applies to version 1 data: re-holding the same row updates the open hold.
      const [existing] = store.listHolds({ batchId: 'v1-batch' });
      const [again] = store.addHolds([
        {
          batchId: 'v1-batch',
          stream: 'gl',
          rowIndex: 0,
          sourceRecord: {},
          reasons: [{ column: 'a', code: 'D', message: 'n' }],
        },
      ]);
      expect(again).toBe(existing?.id);
      expect(store.listHolds({ batchId: 'v1-batch' })).toHaveLength(1);
    } finally {
      store.close();
    }
  });

  it('does not let a reader use a store that still needs upgrading', () => {
    const stateDir = versionOneStore();
    expect(codeOf(() => openRunStore(stateDir, { readonly: true }))).toBe('STORE_VERSION');
  });

  it('refuses a store written by a newer release, for readers and writers', () => {
    const stateDir = tempStateDir();
    openRunStore(stateDir).close();
    const raw = rawConnection(stateDir);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    expect(codeOf(() => openRunStore(stateDir))).toBe('STORE_VERSION');
    expect(codeOf(() => openRunStore(stateDir, { readonly: true }))).toBe('STORE_VERSION');
  });

  it('opens an up-to-date store again without changing it', () => {
    const stateDir = tempStateDir();
    openRunStore(stateDir).close();
    const store = openRunStore(stateDir);
    store.close();
    const raw = rawConnection(stateDir);
    expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    raw.close();
  });
});
