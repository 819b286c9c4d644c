/**
 * Child process of databricks-job-replay.test.ts: runs the job pipeline against the parent's Databricks
 * simulator and kills itself (SIGKILL, no clean-up of any kind) the moment the stream has loaded, before
 * the after-load job is started: a sync that dies between its load and its job.
 * Arguments: the state folder; environment `MLC_SIM_ADDRESS`: the simulator's address as JSON.
 */
import { jobPipeline, glLines, jobRunHarness, type SimulatorAddress } from './databricks-job-fixture.ts';

const stateDir = process.argv[2];
const address = process.env['MLC_SIM_ADDRESS'];
if (stateDir === undefined || address === undefined)
  throw new Error('usage: MLC_SIM_ADDRESS=<json> databricks-job-kill.child.ts STATE_DIR');
const harness = jobRunHarness(JSON.parse(address) as SimulatorAddress, glLines());
await harness.run(jobPipeline(), stateDir, {
  onEvent: (event) => {
    if (event.type === 'stream-finished' && event.status === 'ok') process.kill(process.pid, 'SIGKILL');
  },
});
process.stderr.write('the run finished: it should have been killed before its job\n');
process.exit(3);
