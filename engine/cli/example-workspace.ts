/**
 * A working copy of the GP example pipelines pointed at running simulators: `demo`, the e2e test and
 * the bench run exactly the shipped examples, with only the simulator addresses changed (their ports may
 * differ from the defaults) and the Databricks simulator's CA certificate written beside them.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimulatorHandle } from '../../connectors/registry.ts';
import { formatPipeline, parsePipelineText, type Pipeline } from '../model/index.ts';

export const EXAMPLES_DIR = fileURLToPath(new URL('../../assets/examples/', import.meta.url));
export const GP_TO_DATABRICKS = 'gp-to-databricks.json';
export const GP_TO_DUCKDB = 'gp-to-duckdb.json';
export const BAMBOOHR_TO_GP = 'bamboohr-to-gp.json';
/** The example's `caCertFile`: beside the pipeline, where `simulate databricks` also writes it. */
export const DATABRICKS_CA_FILE = 'databricks-simulator-ca.pem';

export interface ExampleWorkspace {
  readonly dir: string;
  /** Pipeline file name -> its path in the working copy. */
  readonly files: Readonly<Record<string, string>>;
}

/** Where the simulators listen: GP's base URL; Databricks' address parts and CA; BambooHR's API and token addresses. */
export interface RunningSimulators {
  readonly gp: { readonly url: string };
  readonly databricks?: Pick<SimulatorHandle, 'address' | 'caCert'>;
  readonly bamboohr?: Pick<SimulatorHandle, 'address'>;
}

export function prepareExampleWorkspace(dir: string, simulators: RunningSimulators, names: readonly string[] = [GP_TO_DATABRICKS, GP_TO_DUCKDB]): ExampleWorkspace {
  mkdirSync(join(dir, 'lookups'), { recursive: true });
  for (const file of readdirSync(join(EXAMPLES_DIR, 'lookups'))) copyFileSync(join(EXAMPLES_DIR, 'lookups', file), join(dir, 'lookups', file));
  if (simulators.databricks?.caCert !== undefined) writeFileSync(join(dir, DATABRICKS_CA_FILE), simulators.databricks.caCert);
  const files: Record<string, string> = {};
  for (const name of names) {
    const pipeline = pointAt(readExample(name), simulators);
    const path = join(dir, name);
    writeFileSync(path, formatPipeline(pipeline));
    files[name] = path;
  }
  return { dir, files };
}

export function readExample(name: string): Pipeline {
  const load = parsePipelineText(readFileSync(join(EXAMPLES_DIR, name), 'utf8'));
  if (load.pipeline === undefined) throw new Error(`the example ${name} does not load`);
  return load.pipeline;
}

/** The same pipeline with every GP, Databricks and BambooHR connection addressed to the running simulators. */
export function pointAt(pipeline: Pipeline, simulators: RunningSimulators): Pipeline {
  const connections = Object.fromEntries(
    Object.entries(pipeline.connections).map(([name, connection]) => {
      if (connection.system === 'dynamics-gp') return [name, { ...connection, address: { ...connection.address, baseUrl: simulators.gp.url } }];
      if (connection.system === 'databricks' && simulators.databricks !== undefined) {
        const { host, port, httpPath } = simulators.databricks.address;
        return [name, { ...connection, address: { ...connection.address, host: String(host), port: Number(port), httpPath: String(httpPath), caCertFile: `./${DATABRICKS_CA_FILE}` } }];
      }
      if (connection.system === 'bamboohr' && simulators.bamboohr !== undefined) {
        const { companyDomain, apiBase, tokenUrl } = simulators.bamboohr.address;
        return [name, { ...connection, address: { ...connection.address, companyDomain: String(companyDomain), apiBase: String(apiBase), tokenUrl: String(tokenUrl) } }];
      }
      return [name, connection];
    }),
  );
  return { ...pipeline, connections };
}

/** The demo secrets as ML_CONNECTOR_SECRET_<NAME> variables, by the reference names the examples use. */
export function demoSecretVariables(simulators: readonly SimulatorHandle[], variableFor: (name: string) => string): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const simulator of simulators) for (const [name, value] of Object.entries(simulator.secrets)) variables[variableFor(name)] = value;
  return variables;
}
