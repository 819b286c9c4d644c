/**
 * `ml-connector simulate gp`: the GP sandbox on its fixed default port (PRODUCT.md conventions: gp 47001).
 * The CLI parses the arguments and calls this; it prints the address and the demo credentials.
 */
import { startGpSimulator, type GpSimulator, type GpSimulatorOptions } from './server.ts';

export const GP_SIMULATOR_DEFAULT_PORT = 47001;

export interface SimulateOptions {
  readonly port?: number;
  readonly seed?: number;
  readonly rows?: number;
  /** The `--faults` spec, e.g. `429:0.05,503:0.05,reset:0.02`. */
  readonly faults?: GpSimulatorOptions['faults'];
  /** Where the one-line banner goes; default: standard output. */
  readonly print?: (line: string) => void;
}

export async function simulate(options: SimulateOptions = {}): Promise<GpSimulator> {
  const simulator = await startGpSimulator({
    port: options.port ?? GP_SIMULATOR_DEFAULT_PORT,
    seed: options.seed ?? 1,
    rows: options.rows ?? 1000,
    ...(options.faults === undefined ? {} : { faults: options.faults }),
  });
  const { domain, user, password } = simulator.credentials;
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  print(
    `Dynamics GP simulator at ${simulator.url}/GPService/Tenants(${simulator.tenant})/Companies(${simulator.company})/ ` +
      `user ${domain}\\${user} password ${password} (NTLM or Basic); control totals at ${simulator.url}/__sim/control-totals`,
  );
  return simulator;
}
