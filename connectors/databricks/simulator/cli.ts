/**
 * Entry for `ml-connector simulate databricks`: starts the simulator on its fixed default port
 * (47007, PRODUCT.md conventions) and prints where it is and the demo credentials it accepts.
 */
import { startDatabricksSimulator, type DatabricksSimulator } from './server.ts';

export const DEFAULT_DATABRICKS_SIMULATOR_PORT = 47007;

export async function runDatabricksSimulator(
  options: { readonly port?: number; readonly print?: (line: string) => void } = {},
): Promise<DatabricksSimulator> {
  const sim = await startDatabricksSimulator({ port: options.port ?? DEFAULT_DATABRICKS_SIMULATOR_PORT });
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  print(`Databricks simulator at ${sim.baseUrl}`);
  print(`  SQL warehouse http path: ${sim.httpPath}`);
  print(`  personal access token:   ${sim.credentials.token}`);
  print(`  OAuth M2M client id:     ${sim.credentials.clientId}`);
  print(`  OAuth M2M client secret: ${sim.credentials.clientSecret}`);
  print(`  jobs: job 1 (runs end in SUCCESS); control totals: ${sim.baseUrl}/__sim/control-totals`);
  print('  TLS certificate (trust it as the CA):');
  for (const line of sim.caCert.trimEnd().split('\n')) print(`  ${line}`);
  return sim;
}
