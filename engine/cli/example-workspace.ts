/**
 * A working copy of the example pipelines pointed at running simulators: `demo`, the e2e test and the
 * bench run exactly the shipped examples, with only the simulator addresses changed (their ports may
 * differ from the defaults) and the CA certificate of an HTTPS simulator a connection trusts written
 * beside them. Each system's module says how its connection points at its simulator.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  pointConnectionAtSimulator,
  simulatorCaFile,
  type SimulatorAddress,
  type SimulatorHandle,
} from '../../connectors/registry.ts';
import { formatPipeline, parsePipelineText, type Pipeline } from '../model/index.ts';

export const EXAMPLES_DIR = fileURLToPath(new URL('../../assets/examples/', import.meta.url));
export const GP_TO_DATABRICKS = 'gp-to-databricks.json';
export const GP_TO_DUCKDB = 'gp-to-duckdb.json';
export const BAMBOOHR_TO_GP = 'bamboohr-to-gp.json';
export const IFS_TO_DATABRICKS = 'ifs-to-databricks.json';
export const IFS_TO_DUCKDB = 'ifs-to-duckdb.json';
export const SAP_ECC_TO_DYNAMICS365 = 'sap-ecc-to-dynamics365.json';
export const PEOPLESOFT_TO_DATABRICKS = 'peoplesoft-to-databricks.json';
/** The reverse sync: vendor classes governed in Databricks written back to PeopleSoft through CIRT. */
export const DATABRICKS_TO_PEOPLESOFT_VENDORS = 'databricks-to-peoplesoft-vendors.json';
/** The example's `caCertFile`: beside the pipeline, where `simulate databricks` also writes it. */
export const DATABRICKS_CA_FILE = simulatorCaFile('databricks');

export interface ExampleWorkspace {
  readonly dir: string;
  /** Pipeline file name -> its path in the working copy. */
  readonly files: Readonly<Record<string, string>>;
}

/** The running simulators by their `simulate` name (gp, databricks, bamboohr...): handles, or simulators started directly. */
export type RunningSimulators = Readonly<Record<string, SimulatorAddress | undefined>>;

export function prepareExampleWorkspace(
  dir: string,
  simulators: RunningSimulators,
  names: readonly string[] = [GP_TO_DATABRICKS, GP_TO_DUCKDB],
): ExampleWorkspace {
  mkdirSync(join(dir, 'lookups'), { recursive: true });
  for (const file of readdirSync(join(EXAMPLES_DIR, 'lookups')))
    copyFileSync(join(EXAMPLES_DIR, 'lookups', file), join(dir, 'lookups', file));
  const files: Record<string, string> = {};
  for (const name of names) {
    const { pipeline, caFiles } = pointed(readExample(name), simulators);
    for (const ca of caFiles) writeFileSync(join(dir, ca.name), ca.pem);
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

/** The same pipeline with every connection whose system has a running simulator addressed to it. */
export function pointAt(pipeline: Pipeline, simulators: RunningSimulators): Pipeline {
  return pointed(pipeline, simulators).pipeline;
}

function pointed(
  pipeline: Pipeline,
  simulators: RunningSimulators,
): { pipeline: Pipeline; caFiles: { name: string; pem: string }[] } {
  const caFiles: { name: string; pem: string }[] = [];
  const connections = Object.fromEntries(
    Object.entries(pipeline.connections).map(([name, connection]) => {
      const to = pointConnectionAtSimulator(connection.system, connection.address, simulators);
      if (to === undefined) return [name, connection];
      if (to.caCertFile !== undefined) caFiles.push(to.caCertFile);
      return [name, { ...connection, address: to.address }];
    }),
  );
  return { pipeline: { ...pipeline, connections }, caFiles };
}

/** The demo secrets as ML_CONNECTOR_SECRET_<NAME> variables, by the reference names the examples use. */
export function demoSecretVariables(
  simulators: readonly SimulatorHandle[],
  variableFor: (name: string) => string,
): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const simulator of simulators)
    for (const [name, value] of Object.entries(simulator.secrets)) variables[variableFor(name)] = value;
  return variables;
}
