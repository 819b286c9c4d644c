/**
 * The run store's schema, as a list of forward migrations. `PRAGMA user_version` records how many
 * have been applied; opening a store for writing applies the rest, each in its own transaction, so a
 * crash mid-upgrade leaves the previous version intact. Never edit a released migration: add one.
 *
 * Value columns (cursors, payloads, source records) hold tagged JSON from value-codec.ts.
 */
import type Database from 'better-sqlite3';
import { RunStoreError } from './errors.ts';

export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'runs, batches with replay payloads, stream watermarks, holds',
    sql: `
      CREATE TABLE runs (
        run_id        TEXT PRIMARY KEY,
        pipeline_id   TEXT NOT NULL,
        pipeline_name TEXT NOT NULL,
        mapping_hash  TEXT NOT NULL,
        trigger       TEXT NOT NULL CHECK (trigger IN ('run', 'replay')),
        status        TEXT NOT NULL
                      CHECK (status IN ('running', 'ok', 'held', 'failed', 'cancelled', 'interrupted')),
        started_at    TEXT NOT NULL,
        finished_at   TEXT,
        error_code    TEXT,
        error_message TEXT
      );
      CREATE INDEX runs_by_pipeline ON runs (pipeline_id, started_at);

      CREATE TABLE batches (
        batch_id           TEXT PRIMARY KEY,
        run_id             TEXT NOT NULL REFERENCES runs (run_id),
        stream             TEXT NOT NULL,
        sequence           INTEGER NOT NULL,
        state              TEXT NOT NULL CHECK (state IN ('pending', 'committed', 'failed')),
        from_cursor        TEXT NOT NULL,
        to_cursor          TEXT NOT NULL,
        count_in           INTEGER NOT NULL,
        count_out          INTEGER,
        count_held         INTEGER,
        source_totals      TEXT,
        destination_totals TEXT,
        payload            TEXT NOT NULL,
        started_at         TEXT NOT NULL,
        finished_at        TEXT,
        error_code         TEXT,
        error_message      TEXT,
        UNIQUE (run_id, stream, sequence)
      );
      CREATE INDEX batches_by_state ON batches (state, stream);

      CREATE TABLE stream_state (
        pipeline_id    TEXT NOT NULL,
        stream         TEXT NOT NULL,
        cursor         TEXT NOT NULL,
        keys_at_cursor TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        PRIMARY KEY (pipeline_id, stream)
      );

      CREATE TABLE holds (
        hold_id            INTEGER PRIMARY KEY AUTOINCREMENT,
        batch_id           TEXT NOT NULL REFERENCES batches (batch_id),
        stream             TEXT NOT NULL,
        row_index          INTEGER NOT NULL,
        source_record      TEXT NOT NULL,
        reasons            TEXT NOT NULL,
        status             TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
        resolved_at        TEXT,
        resolved_by_run_id TEXT REFERENCES runs (run_id)
      );
      CREATE INDEX holds_by_batch ON holds (batch_id, row_index);
    `,
  },
  {
    version: 2,
    description: 'who writes a run (to tell a crashed run from a live one); one open hold per source row',
    sql: `
      ALTER TABLE runs ADD COLUMN writer_pid INTEGER;
      ALTER TABLE runs ADD COLUMN writer_host TEXT;
      CREATE UNIQUE INDEX holds_one_open_per_row ON holds (batch_id, row_index) WHERE status = 'open';
      CREATE INDEX holds_by_status ON holds (status, stream);
    `,
  },
  {
    version: 3,
    description: 'notes a run leaves for the audit (e.g. a stream resumed from the watermark its destination recorded)',
    sql: `
      CREATE TABLE run_notes (
        note_id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id  TEXT NOT NULL REFERENCES runs (run_id),
        stream  TEXT NOT NULL,
        note    TEXT NOT NULL,
        at      TEXT NOT NULL
      );
      CREATE INDEX run_notes_by_run ON run_notes (run_id, note_id);
    `,
  },
  {
    version: 4,
    description: 'per batch, the rows the destination already held and did not write again (a re-read row version)',
    // NULL for batches committed before: they counted such rows as written (count_out).
    sql: `
      ALTER TABLE batches ADD COLUMN count_already_loaded INTEGER;
    `,
  },
  {
    version: 5,
    description:
      'after-load jobs: the batches each job has yet to consume, and every job run with its states and error',
    // A batch waits for its target's job from the transaction that commits it until a job run given it succeeds.
    sql: `
      CREATE TABLE after_load_pending (
        pipeline_id  TEXT NOT NULL,
        stream       TEXT NOT NULL,
        target_table TEXT NOT NULL,
        job_id       INTEGER NOT NULL,
        batch_id     TEXT NOT NULL REFERENCES batches (batch_id),
        PRIMARY KEY (pipeline_id, stream, target_table, job_id, batch_id)
      );
      CREATE TABLE after_load_runs (
        job_run_row      INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id           TEXT NOT NULL REFERENCES runs (run_id),
        stream           TEXT NOT NULL,
        target_table     TEXT NOT NULL,
        job_id           INTEGER NOT NULL,
        job_run_id       INTEGER,
        life_cycle_state TEXT,
        result_state     TEXT,
        state_message    TEXT,
        run_page_url     TEXT,
        outcome          TEXT NOT NULL CHECK (outcome IN ('succeeded', 'failed', 'started', 'not-started')),
        batch_ids        TEXT NOT NULL,
        at               TEXT NOT NULL
      );
      CREATE INDEX after_load_runs_by_run ON after_load_runs (run_id, job_run_row);
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every migration above the file's version, up to `target` (tests stop early to build old files). */
export function migrate(db: Database.Database, target = LATEST_SCHEMA_VERSION): void {
  refuseNewerFile(db);
  for (const migration of MIGRATIONS) {
    if (migration.version > target) break;
    // IMMEDIATE: take the write lock before reading the version, so two processes opening the
    // same fresh store cannot both apply migration 1.
    db.transaction(() => {
      if (schemaVersion(db) >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

/** A read-only connection cannot migrate: it needs exactly the version this code was written for. */
export function requireLatestSchema(db: Database.Database): void {
  refuseNewerFile(db);
  const version = schemaVersion(db);
  if (version < LATEST_SCHEMA_VERSION) {
    throw new RunStoreError(
      'STORE_VERSION',
      `the run store has schema version ${version}; it is upgraded to ${LATEST_SCHEMA_VERSION} the next time a run opens it`,
    );
  }
}

function refuseNewerFile(db: Database.Database): void {
  const version = schemaVersion(db);
  if (version > LATEST_SCHEMA_VERSION) {
    throw new RunStoreError(
      'STORE_VERSION',
      `the run store was written by a newer release (schema ${version}; this release knows up to ${LATEST_SCHEMA_VERSION})`,
    );
  }
}
