/**
 * The job-replay tests' set-up: a ledger stream (append, so a doubled row would show) loading into the
 * Databricks simulator through the real driver, with `afterLoad` starting job 42; the runner and the
 * run store are the real ones. Shared by the test and its kill -9 child.
 */
import type { DatabricksSimulator } from '../connectors/databricks/simulator/server.ts';
import { openDatabricksDestination } from '../connectors/databricks/destination.ts';
import type { AfterLoadDefinition, ConnectorRegistry } from '../engine/model/index.ts';
import type { DataRow } from '../engine/model/io.ts';
import { runPipeline, type RunOptions } from '../engine/runner/run-pipeline.ts';
import type { LoadedPipeline } from '../engine/runner/pipeline-loader.ts';
import { ledgerPipeline, ledgerRecord, ledgerSource, ledgerStream } from '../engine/runner/testing/test-support.ts';

export const JOB_ID = 42;
export const TABLE = 'main.finance.gl_lines';

/** What a child process needs to reach the simulator. */
export type SimulatorAddress = Pick<DatabricksSimulator, 'host' | 'port' | 'httpPath' | 'caCert'> & {
  readonly token: string;
};

export function addressOf(sim: DatabricksSimulator): SimulatorAddress {
  return { host: sim.host, port: sim.port, httpPath: sim.httpPath, caCert: sim.caCert, token: sim.credentials.token };
}

export function jobPipeline(afterLoad: AfterLoadDefinition = { runJob: JOB_ID }): LoadedPipeline {
  const stream = ledgerStream({}, 'append');
  return ledgerPipeline({ ...stream, target: { ...stream.target, table: TABLE, afterLoad } }, 7);
}

/** Ten GL lines, ids 1-10: two batches of seven and three. */
export function glLines(count = 10, firstId = 1): DataRow[] {
  return Array.from({ length: count }, (_, i) => ledgerRecord(firstId + i, firstId + i, `${firstId + i}.25`));
}

export interface JobRunHarness {
  readonly source: ReturnType<typeof ledgerSource>;
  /** Injected `runs/get` waits (never a clock). */
  readonly polls: number[];
  run(loaded: LoadedPipeline, stateDir: string, extra?: Partial<RunOptions>): ReturnType<typeof runPipeline>;
}

export function jobRunHarness(address: SimulatorAddress, records: DataRow[]): JobRunHarness {
  const source = ledgerSource(records, true);
  const polls: number[] = [];
  const connectors: ConnectorRegistry = {
    openSource: () => Promise.resolve(source),
    // A destination per run, as the CLI opens one: the runner closes it at the end of the run.
    openDestination: () =>
      Promise.resolve(
        openDatabricksDestination({
          host: address.host,
          port: address.port,
          httpPath: address.httpPath,
          caCert: address.caCert,
          auth: { kind: 'pat', token: address.token },
          retry: { sleep: async () => undefined },
          jobs: { intervalMs: 5_000, sleep: async (ms) => void polls.push(ms) },
        }),
      ),
  };
  return {
    source,
    polls,
    run: (loaded, stateDir, extra = {}) =>
      runPipeline({
        loaded,
        stateDir,
        resolveSecret: async (name) => {
          throw new Error(`no secret ${name} in this test`);
        },
        connectors,
        secretValues: () => [address.token],
        ...extra,
      }),
  };
}
