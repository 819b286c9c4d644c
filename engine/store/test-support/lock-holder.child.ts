/**
 * A process that takes a pipeline's run lock, says so on stdout, and keeps it until it is killed:
 * the holder the lock tests kill with SIGKILL. Arguments: STATE_DIR PIPELINE_ID.
 */
import { tryAcquireRunLock, RunLockedError } from '../run-lock.ts';

const [stateDir, pipelineId] = process.argv.slice(2) as [string, string];
const handle = tryAcquireRunLock({ stateDir, pipelineId, who: 'run', runId: 'child-run' });
if (handle instanceof RunLockedError) {
  process.stdout.write('refused\n');
  process.exit(3);
}
process.stdout.write('held\n');
// Keeps the process (and so the OS lock) alive until the test kills it.
setInterval(() => {}, 1 << 30);
