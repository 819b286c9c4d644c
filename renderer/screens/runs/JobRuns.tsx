/**
 * "Jobs after the load": the Databricks job runs a run started once its streams loaded, each with its
 * job, a link to the run's page in Databricks, its state and result in plain words, Databricks' error
 * text when it failed, and what became of the batches it was given.
 */
import type { AfterLoadJobRunInfo } from '../../api/wire.ts';
import { jobRunBatchesText, jobRunFailed, jobRunResultText, jobRunStateText } from './job-run-words.ts';

export function JobRuns({ runId, jobRuns }: { runId: string; jobRuns: readonly AfterLoadJobRunInfo[] }) {
  if (jobRuns.length === 0) return null;
  const titleId = `job-runs-${runId}`;
  return (
    <section className="job-runs" aria-labelledby={titleId}>
      <h3 id={titleId}>Jobs after the load</h3>
      <table className="grid" aria-labelledby={titleId}>
        <thead>
          <tr>
            <th scope="col">Stream</th>
            <th scope="col">Job</th>
            <th scope="col">Job run</th>
            <th scope="col">State</th>
            <th scope="col">Result</th>
            <th scope="col">Batches</th>
          </tr>
        </thead>
        <tbody>
          {jobRuns.map((job, index) => (
            <tr key={`${job.jobId}-${job.jobRunId ?? 'none'}-${index}`}>
              <td>{job.stream}</td>
              <td>{job.jobId}</td>
              <td>
                {job.jobRunId === null ? (
                  'none'
                ) : job.runPageUrl === null ? (
                  job.jobRunId
                ) : (
                  <a
                    href={job.runPageUrl}
                    target="_blank"
                    rel="noopener"
                    aria-label={`Job run ${job.jobRunId} in Databricks (opens a new window)`}
                  >
                    {job.jobRunId}
                  </a>
                )}
              </td>
              <td>{jobRunStateText(job)}</td>
              <td>
                {jobRunResultText(job)}
                {jobRunFailed(job) && job.stateMessage !== null && job.stateMessage !== '' && (
                  <div className="run-error">{job.stateMessage}</div>
                )}
              </td>
              <td>{jobRunBatchesText(job)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
