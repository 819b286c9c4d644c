/**
 * Notes a run leaves for the audit: things it did that a person reviewing it should know, such as a
 * stream that resumed from the watermark its destination recorded because the state folder had none.
 */
import type Database from 'better-sqlite3';
import { RunStoreError } from './errors.ts';
import type { Scrubber } from './scrub.ts';
import type { RunNote } from './types.ts';

export interface RunNotes {
  add(note: RunNote): void;
  list(runId: string): RunNote[];
}

export function createRunNotes(db: Database.Database, scrubber: Scrubber): RunNotes {
  const insert = db.prepare<[string, string, string, string]>(
    'INSERT INTO run_notes (run_id, stream, note, at) VALUES (?, ?, ?, ?)',
  );
  const select = db.prepare<[string], RunNote>(
    'SELECT run_id AS runId, stream, note, at FROM run_notes WHERE run_id = ? ORDER BY note_id',
  );
  const runExists = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM runs WHERE run_id = ?');
  return {
    add(note) {
      if (runExists.get(note.runId) === undefined)
        throw new RunStoreError('RUN_NOT_FOUND', `no run ${note.runId} in the run store`);
      insert.run(note.runId, note.stream, scrubber.text(note.note), note.at);
    },
    list: (runId) => select.all(runId),
  };
}
