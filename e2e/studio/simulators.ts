/**
 * Connector simulators for the browser tests: started in this process on free ports, and the copied
 * example pipeline pointed at them (only the simulators' address parts change, as `demo` does), so the
 * studio under test talks to a real GP, Databricks or BambooHR protocol on loopback. Optionally the
 * connections' secret references are renamed, so a test against the real keychain never meets another
 * test's entry. BambooHR's simulator is started directly (not through the registry) because its tests
 * drive its internals: its store's employees, its OAuth app, its consent page.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startBambooSimulator, type BambooSimulator } from '../../connectors/bamboohr/simulator/index.ts';
import { pointConnectionAtSimulator, startSimulator, type SimulatorHandle } from '../../connectors/registry.ts';
import { DATABRICKS_CA_FILE } from '../../engine/cli/example-workspace.ts';
import { formatPipeline, parsePipelineText, type Connection, type Pipeline } from '../../engine/model/index.ts';

export interface RunningSimulators {
  readonly gp?: SimulatorHandle;
  readonly databricks?: SimulatorHandle;
  readonly bamboohr?: BambooSimulator;
  close(): Promise<void>;
}

export interface SimulatorOptions {
  /** Records per entity in source simulators: few, so a test reads quickly. */
  readonly rows?: number;
  /** New reference name for the secret of each connection to that system, e.g. `{ 'dynamics-gp': 'gp_password_1234' }`. */
  readonly secretNames?: Partial<Readonly<Record<Connection['system'], string>>>;
}

export async function startSimulators(
  systems: readonly ('gp' | 'databricks' | 'bamboohr')[],
  options: SimulatorOptions = {},
): Promise<RunningSimulators> {
  const started: SimulatorHandle[] = [];
  let bamboohr: BambooSimulator | undefined;
  try {
    for (const system of systems) {
      if (system === 'bamboohr')
        bamboohr = await startBambooSimulator({ port: 0, seed: 1, rows: options.rows ?? 40, retryAfterSeconds: 0 });
      else
        started.push(
          await startSimulator(system, {
            port: 0,
            seed: 1,
            retryAfterSeconds: 0,
            ...(system === 'gp' ? { rows: options.rows ?? 40 } : {}),
          }),
        );
    }
  } catch (error) {
    await Promise.all([...started.map((sim) => sim.close()), bamboohr?.close()]);
    throw error;
  }
  const find = (system: string) => started.find((sim) => sim.system === system);
  return {
    ...(find('gp') ? { gp: find('gp')! } : {}),
    ...(find('databricks') ? { databricks: find('databricks')! } : {}),
    ...(bamboohr ? { bamboohr } : {}),
    close: async () => void (await Promise.all([...started.map((sim) => sim.close()), bamboohr?.close()])),
  };
}

/**
 * Rewrites the pipeline file at `path` (a copied example) to reach the running simulators: GP's SBA and
 * GP Web Services addresses; Databricks' host, port, HTTP path and its CA certificate written beside the file (as `demo` does);
 * BambooHR's company domain, API, token and sign-in page addresses.
 */
export function pointPipelineAt(path: string, simulators: RunningSimulators, options: SimulatorOptions = {}): Pipeline {
  const load = parsePipelineText(readFileSync(path, 'utf8'));
  if (!load.pipeline) throw new Error(`${path} does not load as a pipeline`);
  const { gp, databricks, bamboohr } = simulators;
  if (databricks?.caCert !== undefined) writeFileSync(join(dirname(path), DATABRICKS_CA_FILE), databricks.caCert);
  const connections = Object.fromEntries(
    Object.entries(load.pipeline.connections).map(([name, connection]): [string, Connection] => {
      let address = connection.address;
      // Both of GP's surfaces, served by the one simulator, pointed as `demo` points them (the module's own rule).
      if (connection.system === 'dynamics-gp' && gp)
        address = pointConnectionAtSimulator('dynamics-gp', address, { gp: gp })?.address ?? address;
      if (connection.system === 'databricks' && databricks) {
        const { host, port, httpPath } = databricks.address;
        address = {
          ...address,
          host: String(host),
          port: Number(port),
          httpPath: String(httpPath),
          caCertFile: `./${DATABRICKS_CA_FILE}`,
        };
      }
      if (connection.system === 'bamboohr' && bamboohr) {
        address = {
          ...address,
          companyDomain: bamboohr.companyDomain,
          apiBase: bamboohr.apiBase,
          tokenUrl: bamboohr.tokenUrl,
          authorizeUrl: `${bamboohr.url}/authorize.php`,
        };
      }
      const secret = options.secretNames?.[connection.system];
      const auth =
        secret !== undefined && 'secret' in connection.auth ? { ...connection.auth, secret } : connection.auth;
      return [name, { ...connection, address, auth }];
    }),
  );
  const pipeline = { ...load.pipeline, connections };
  writeFileSync(path, formatPipeline(pipeline));
  return pipeline;
}
