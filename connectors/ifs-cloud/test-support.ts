/** Wiring for the IFS tests: a connection config pointed at a simulator, with its demo secret (or another). */
import type { IfsConnectionConfig } from './config.ts';
import { DEMO_SETS, type IfsSimulator } from './simulator/index.ts';

export const SECRET_NAME = 'ifs-client-secret';

export function configFor(
  sim: IfsSimulator,
  options: { readonly secret?: string; readonly now?: () => number } & Partial<IfsConnectionConfig> = {},
): IfsConnectionConfig {
  const { secret, ...rest } = options;
  return {
    systemUrl: sim.url,
    realm: sim.realm,
    endpoint: 'main',
    clientId: sim.credentials.clientId,
    clientSecretSecret: SECRET_NAME,
    companies: [sim.company],
    sets: {
      supplier_invoices: DEMO_SETS.supplierInvoices,
      postedVouchers: DEMO_SETS.postedVouchers,
      postedVoucherRows: DEMO_SETS.postedVoucherRows,
    },
    resolveSecret: (name) =>
      name === SECRET_NAME
        ? Promise.resolve(secret ?? sim.credentials.clientSecret)
        : Promise.reject(new Error(`no secret ${name}`)),
    ...(sim.caCert === undefined ? {} : { caCert: sim.caCert }),
    ...rest,
  };
}
