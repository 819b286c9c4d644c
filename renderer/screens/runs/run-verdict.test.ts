/** The audit history's one-line verdict: held rows explain a difference until replayed; anything else is flagged. */
import { describe, expect, it } from 'vitest';
import type { AuditedRun, StreamReconciliation, TotalsVerdict } from '../../api/wire.ts';
import { runVerdict } from './run-verdict.ts';

function stream(
  verdict: TotalsVerdict,
  rows = { source: 8, destination: 7, held: 1, alreadyLoaded: 0 },
  unreconciledBatches = 0,
): StreamReconciliation {
  const totals = { rows: rows.source, sums: {} };
  return {
    stream: 'gl_lines',
    source: totals,
    destination: totals,
    comparison: { rows: { ...rows, verdict: verdict === 'mismatch' ? 'mismatch' : 'match' }, periods: [], verdict },
    unreconciledBatches,
  };
}

function run(reconciliation: StreamReconciliation[], afterReplays: AuditedRun['afterReplays'] = null): AuditedRun {
  return {
    runId: 'r1',
    pipelineId: 'gl',
    pipelineName: 'GL',
    trigger: 'run',
    status: 'held',
    startedAt: '2024-02-01T02:00:00Z',
    finishedAt: '2024-02-01T02:00:01Z',
    error: null,
    streams: [],
    openHolds: 0,
    resolvedHolds: 0,
    reconciliation,
    afterReplays,
    jobRuns: [],
  };
}

describe('run verdict', () => {
  it('flags a difference no held row explains, even when a replay followed', () => {
    expect(runVerdict(run([stream('mismatch')]))).toMatchObject({ tone: 'mismatch', flag: true });
    expect(runVerdict(run([stream('held')], { replayRunIds: ['r2'], streams: [stream('mismatch')] }))).toMatchObject({
      tone: 'mismatch',
      flag: true,
    });
  });

  it('explains a difference by held rows, and matches once the replays wrote them', () => {
    expect(runVerdict(run([stream('held')]))).toEqual({
      text: 'Differ only by the held rows',
      tone: 'held',
      flag: false,
    });
    expect(runVerdict(run([stream('held')], { replayRunIds: ['r2'], streams: [stream('match')] }))).toEqual({
      text: 'Totals match once the held rows were replayed',
      tone: 'match',
      flag: false,
    });
  });

  it('has nothing to reconcile when every batch failed', () => {
    expect(
      runVerdict(run([stream('match', { source: 0, destination: 0, held: 0, alreadyLoaded: 0 }, 1)])),
    ).toMatchObject({ tone: 'none', flag: false });
  });
});
