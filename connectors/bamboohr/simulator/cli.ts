/**
 * `ml-connector simulate bamboohr`: the BambooHR sandbox on its fixed default port (PRODUCT.md
 * conventions: bamboohr 47002). Prints the address, the demo API key and a demo OAuth refresh token.
 */
import { type BambooSimulator, type BambooSimulatorOptions, startBambooSimulator } from './server.ts';

export const BAMBOOHR_SIMULATOR_DEFAULT_PORT = 47002;

export interface SimulateOptions {
  readonly port?: number;
  readonly seed?: number;
  readonly rows?: number;
  readonly faults?: BambooSimulatorOptions['faults'];
  readonly print?: (line: string) => void;
}

export async function simulate(options: SimulateOptions = {}): Promise<BambooSimulator & { readonly refreshToken: string }> {
  const simulator = await startBambooSimulator({
    port: options.port ?? BAMBOOHR_SIMULATOR_DEFAULT_PORT,
    seed: options.seed ?? 1,
    rows: options.rows ?? 1000,
    ...(options.faults === undefined ? {} : { faults: options.faults }),
  });
  const refreshToken = simulator.auth.issueRefreshToken();
  const { apiKey, app } = simulator.credentials;
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  print(
    `BambooHR simulator for company "${simulator.companyDomain}" at ${simulator.apiBase}/ ; API key ${apiKey} (Basic, password x); ` +
      `OAuth client ${app.clientId} secret ${app.clientSecret} (redirect URI ${app.redirectUris.join(', ')}) refresh token ${refreshToken} at ${simulator.tokenUrl}; ` +
      `control totals at ${simulator.url}/__sim/control-totals`,
  );
  return { ...simulator, refreshToken };
}
