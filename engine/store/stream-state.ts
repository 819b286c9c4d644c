/**
 * Watermarks: where each stream of each pipeline resumes. Written only by commitBatch (in the same
 * transaction that marks the batch committed) and by a full refresh.
 */
import type Database from 'better-sqlite3';
import type { AdvanceStateInput, StreamState } from './types.ts';
import { deserializeValue, serializeValue } from './value-codec.ts';

interface StreamStateRow {
  cursor: string;
  keys_at_cursor: string;
  updated_at: string;
}

export interface StreamStateTable {
  get(pipelineId: string, stream: string): StreamState | undefined;
  advance(state: AdvanceStateInput, updatedAt: string): void;
  reset(pipelineId: string, stream: string): void;
}

export function createStreamStateTable(db: Database.Database): StreamStateTable {
  const select = db.prepare<[string, string], StreamStateRow>(
    'SELECT cursor, keys_at_cursor, updated_at FROM stream_state WHERE pipeline_id = ? AND stream = ?',
  );
  const upsert = db.prepare<[string, string, string, string, string]>(
    `INSERT INTO stream_state (pipeline_id, stream, cursor, keys_at_cursor, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (pipeline_id, stream) DO UPDATE SET
       cursor = excluded.cursor, keys_at_cursor = excluded.keys_at_cursor, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[string, string]>('DELETE FROM stream_state WHERE pipeline_id = ? AND stream = ?');

  return {
    get(pipelineId, stream) {
      const row = select.get(pipelineId, stream);
      if (row === undefined) return undefined;
      return {
        cursor: deserializeValue(row.cursor),
        keysAtCursor: JSON.parse(row.keys_at_cursor) as string[],
        updatedAt: row.updated_at,
      };
    },
    advance(state, updatedAt) {
      upsert.run(
        state.pipelineId,
        state.stream,
        serializeValue(state.cursor),
        JSON.stringify(state.keysAtCursor),
        updatedAt,
      );
    },
    reset(pipelineId, stream) {
      remove.run(pipelineId, stream);
    },
  };
}
