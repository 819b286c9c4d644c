/**
 * Every system in the connector list has its one connection test run by `check`, as IT runs it: the
 * shipped examples, pointed at every simulator the list has (started on free ports), with the demo
 * secrets in the environment. A system added to the list without an example that reaches it fails here.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATED_SYSTEMS, startSimulator, systemCatalog, type SimulatorHandle } from '../../connectors/registry.ts';
import { environmentVariableFor } from '../secrets/index.ts';
import {
  BAMBOOHR_TO_GP,
  demoSecretVariables,
  GP_TO_DATABRICKS,
  GP_TO_DUCKDB,
  IFS_TO_DATABRICKS,
  PEOPLESOFT_TO_DATABRICKS,
  prepareExampleWorkspace,
  SAP_ECC_TO_DYNAMICS365,
} from './example-workspace.ts';
import { cli, copyOfExamples, nonEmptyLines, tempDir } from './test-support.ts';

const temp = tempDir('mlc-check-all-');
const simulators: SimulatorHandle[] = [];

beforeAll(async () => {
  for (const name of Object.keys(SIMULATED_SYSTEMS)) simulators.push(await startSimulator(name, { port: 0 }));
});

afterAll(async () => {
  await Promise.all(simulators.map((simulator) => simulator.close()));
  temp.remove();
});

describe('check on every system in the connector list', () => {
  it("runs each system's connection test against its simulator, file or warehouse: all ok", async () => {
    const running = Object.fromEntries(Object.keys(SIMULATED_SYSTEMS).map((name, i) => [name, simulators[i]]));
    const workspace = prepareExampleWorkspace(temp.path, running, [
      GP_TO_DATABRICKS,
      GP_TO_DUCKDB,
      BAMBOOHR_TO_GP,
      IFS_TO_DATABRICKS,
      SAP_ECC_TO_DYNAMICS365,
      PEOPLESOFT_TO_DATABRICKS,
    ]);
    const files = [...Object.values(workspace.files), join(copyOfExamples(temp.path), 'csv-to-duckdb.json')];
    const env = demoSecretVariables(simulators, environmentVariableFor);

    const checked = new Set<string>();
    for (const file of files) {
      const result = await cli(['check', file], { env });
      const lines = nonEmptyLines(result.stdout);
      expect({
        file,
        code: result.code,
        failed: lines.filter((line) => /^\S+ \([\w-]+\): /.test(line) && !/: ok - /.test(line)),
      }).toEqual({
        file,
        code: 0,
        failed: [],
      });
      for (const line of lines) {
        const system = /^\S+ \(([\w-]+)\): ok - /.exec(line)?.[1];
        if (system !== undefined) checked.add(system);
      }
    }
    const listed = (await systemCatalog()).map((system) => system.system);
    expect([...checked].sort()).toEqual([...listed].sort());
  }, 120_000);
});
