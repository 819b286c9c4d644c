import { describe, expect, it } from 'vitest';
import type { AfterLoadJobRunInfo } from '../../api/wire.ts';
import { jobRunBatchesText, jobRunFailed, jobRunResultText, jobRunStateText } from './job-run-words.ts';

const failed: AfterLoadJobRunInfo = {
  stream: 'voucher_rows',
  table: 'voucher_rows',
  jobId: 42,
  jobRunId: 9001,
  lifeCycleState: 'TERMINATED',
  resultState: 'FAILED',
  stateMessage: 'Task refresh failed with message: table not found',
  runPageUrl: 'https://adb-1.azuredatabricks.net/#job/42/run/9001',
  outcome: 'failed',
  batchIds: ['r1.voucher_rows.000001', 'r1.voucher_rows.000002'],
  batchesStillWaiting: 2,
  at: '2026-03-01T08:00:00Z',
};

describe('after-load job run words', () => {
  it("says Databricks' states in plain words", () => {
    expect(jobRunStateText(failed)).toBe('Finished');
    expect(jobRunResultText(failed)).toBe('Failed');
    expect(jobRunFailed(failed)).toBe(true);
    const succeeded = { ...failed, resultState: 'SUCCESS', outcome: 'succeeded' as const, batchesStillWaiting: 0 };
    expect(jobRunResultText(succeeded)).toBe('Succeeded');
    expect(jobRunFailed(succeeded)).toBe(false);
    expect(jobRunResultText({ ...failed, resultState: 'TIMEDOUT' })).toBe('Stopped: it ran out of time');
    expect(jobRunStateText({ ...failed, lifeCycleState: 'SOMETHING_NEW' })).toBe('SOMETHING_NEW');
  });

  it('says when the job could not be started or was still running', () => {
    const notStarted = {
      ...failed,
      jobRunId: null,
      lifeCycleState: null,
      resultState: null,
      outcome: 'not-started' as const,
    };
    expect(jobRunStateText(notStarted)).toBe('Not started');
    expect(jobRunResultText(notStarted)).toBe('Could not be started');
    expect(jobRunFailed(notStarted)).toBe(true);
    const running = { ...failed, lifeCycleState: 'RUNNING', resultState: null, outcome: 'started' as const };
    expect(jobRunStateText(running)).toBe('Running');
    expect(jobRunResultText(running)).toBe('Still running when the load ended');
  });

  it('counts the batches given and says whether they still wait for a job', () => {
    expect(jobRunBatchesText(failed)).toBe('2 batches given, all still wait for a job: the next run offers them again');
    expect(jobRunBatchesText({ ...failed, batchIds: ['b1'], batchesStillWaiting: 1 })).toBe(
      '1 batch given, it still waits for a job: the next run offers it again',
    );
    expect(jobRunBatchesText({ ...failed, batchesStillWaiting: 1 })).toBe(
      '2 batches given, 1 still waits for a job: the next run offers it again',
    );
    expect(jobRunBatchesText({ ...failed, batchesStillWaiting: 0 })).toBe(
      '2 batches given, none waits for a job any more',
    );
    expect(jobRunBatchesText({ ...failed, batchIds: [], batchesStillWaiting: 0 })).toBe('0 batches given');
  });
});
