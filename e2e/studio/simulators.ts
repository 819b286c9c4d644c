/**
 * Connector simulators for the browser tests: started in this process on free ports, and the copied
 * example pipeline pointed at them (only the simulators' address parts change, as `demo` does), so the
 * studio under test talks to a real GP or Databricks protocol on loopback. Optionally the connections'
 * secret references are renamed, so a test against the real keychain never meets another test's entry.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startSimulator, type SimulatorHandle } from '../../connectors/registry.ts';
import { DATABRICKS_CA_FILE } from '../../engine/cli/example-workspace.ts';
import { formatPipeline, parsePipelineText, type Connection, type Pipeline } from '../../engine/model/index.ts';

export interface RunningSimulators {
  readonly gp?: SimulatorHandle;
  readonly databricks?: SimulatorHandle;
  close(): Promise<void>;
}

export interface SimulatorOptions {
  /** Records per entity in source simulators: few, so a test reads quickly. */
  readonly rows?: number;
  /** New reference name for the secret of each connection to that system, e.g. `{ 'dynamics-gp': 'gp_password_1234' }`. */
  readonly secretNames?: Partial<Readonly<Record<Connection['system'], string>>>;
}

export async function startSimulators(systems: readonly ('gp' | 'databricks')[], options: SimulatorOptions = {}): Promise<RunningSimulators> {
  const started: SimulatorHandle[] = [];
  try {
    for (const system of systems) started.push(await startSimulator(system, { port: 0, seed: 1, retryAfterSeconds: 0, ...(system === 'gp' ? { rows: options.rows ?? 40 } : {}) }));
  } catch (error) {
    await Promise.all(started.map((sim) => sim.close()));
    throw error;
  }
  const find = (system: string) => started.find((sim) => sim.system === system);
  return {
    ...(find('gp') ? { gp: find('gp')! } : {}),
    ...(find('databricks') ? { databricks: find('databricks')! } : {}),
    close: async () => void (await Promise.all(started.map((sim) => sim.close()))),
  };
}

/**
 * Rewrites the pipeline file at `path` (a copied example) to reach the running simulators: GP's base
 * URL; Databricks' host, port, HTTP path and its CA certificate written beside the file (as `demo` does).
 */
export function pointPipelineAt(path: string, simulators: RunningSimulators, options: SimulatorOptions = {}): Pipeline {
  const load = parsePipelineText(readFileSync(path, 'utf8'));
  if (!load.pipeline) throw new Error(`${path} does not load as a pipeline`);
  const { gp, databricks } = simulators;
  if (databricks?.caCert !== undefined) writeFileSync(join(dirname(path), DATABRICKS_CA_FILE), databricks.caCert);
  const connections = Object.fromEntries(
    Object.entries(load.pipeline.connections).map(([name, connection]): [string, Connection] => {
      let address = connection.address;
      if (connection.system === 'dynamics-gp' && gp) address = { ...address, baseUrl: gp.url };
      if (connection.system === 'databricks' && databricks) {
        const { host, port, httpPath } = databricks.address;
        address = { ...address, host: String(host), port: Number(port), httpPath: String(httpPath), caCertFile: `./${DATABRICKS_CA_FILE}` };
      }
      const secret = options.secretNames?.[connection.system];
      const auth = secret !== undefined && 'secret' in connection.auth ? { ...connection.auth, secret } : connection.auth;
      return [name, { ...connection, address, auth }];
    }),
  );
  const pipeline = { ...load.pipeline, connections };
  writeFileSync(path, formatPipeline(pipeline));
  return pipeline;
}
