/** Wiring for the SAP ECC tests: a connection config pointed at a simulator, with its password (or another). */
import type { SapConnectionConfig } from './config.ts';
import type { RunningSapSimulator } from './simulator/index.ts';

export const SIM_USER = 'RFC_SYNC';
export const SIM_PASSWORD = 'sim-sap-pw-4f1c';
export const PASSWORD_SECRET = 'sap_password';

export function configFor(
  sim: RunningSapSimulator,
  options: { readonly password?: string } & Partial<SapConnectionConfig> = {},
): SapConnectionConfig {
  const { password, ...rest } = options;
  return {
    baseUrl: sim.url,
    sapClient: sim.client,
    companyCode: sim.companyCode,
    user: SIM_USER,
    passwordSecret: PASSWORD_SECRET,
    resolveSecret: (name) =>
      name === PASSWORD_SECRET
        ? Promise.resolve(password ?? SIM_PASSWORD)
        : Promise.reject(new Error(`no secret ${name}`)),
    proxy: {},
    ...rest,
  };
}
