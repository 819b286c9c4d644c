/**
 * Run history retention: runs started before a cutoff are deleted with their batches (and so their replay
 * payloads), notes, job runs and resolved holds. Kept whatever their age: a run with a hold still open
 * (its payload is what replays it), a batch not yet committed or failed (resume needs it), a batch its
 * after-load job has yet to consume, and a run that resolved a hold of a run kept. Watermarks
 * (`stream_state`) are never touched. One transaction: a crash leaves all of it or none.
 */
import type Database from 'better-sqlite3';
import type { PruneResult } from './types.ts';

export function createRetention(db: Database.Database): { prune(before: string): PruneResult } {
  const oldRuns = db.prepare<[string], { run_id: string }>(
    "SELECT run_id FROM runs WHERE started_at < ? AND status <> 'running'",
  );
  const keptRuns = db.prepare<[], { run_id: string }>(`
    SELECT b.run_id FROM batches b JOIN holds h ON h.batch_id = b.batch_id WHERE h.status = 'open'
    UNION SELECT b.run_id FROM batches b WHERE b.state = 'pending'
    UNION SELECT b.run_id FROM batches b JOIN after_load_pending p ON p.batch_id = b.batch_id`);
  const resolversOf = db.prepare<[string], { run_id: string }>(`
    SELECT DISTINCT h.resolved_by_run_id AS run_id FROM holds h JOIN batches b ON h.batch_id = b.batch_id
    WHERE b.run_id = ? AND h.resolved_by_run_id IS NOT NULL`);
  const deletes = [
    'DELETE FROM holds WHERE batch_id IN (SELECT batch_id FROM batches WHERE run_id = ?)',
    'DELETE FROM run_notes WHERE run_id = ?',
    'DELETE FROM after_load_runs WHERE run_id = ?',
    'DELETE FROM batches WHERE run_id = ?',
    'DELETE FROM runs WHERE run_id = ?',
  ].map((sql) => db.prepare<[string]>(sql));

  const prune = db.transaction((before: string): PruneResult => {
    const kept = new Set(keptRuns.all().map((r) => r.run_id));
    for (const runId of [...kept]) for (const r of resolversOf.all(runId)) kept.add(r.run_id);
    const doomed = oldRuns.all(before).filter((r) => !kept.has(r.run_id));
    const counts = { runs: 0, batches: 0, holds: 0 };
    for (const { run_id } of doomed) {
      const [holds, , , batches, runs] = deletes.map((statement) => statement.run(run_id).changes);
      counts.holds += holds ?? 0;
      counts.batches += batches ?? 0;
      counts.runs += runs ?? 0;
    }
    return counts;
  });
  return { prune };
}
