/**
 * The systems a pipeline can connect to, described as data for the studio's connection form: address
 * parts, sign-in methods (pipeline `auth.method` names) with the label of each secret they refer to,
 * and what the connection test does. Read off each module's descriptor, in the order of the module list.
 */
import type { AnyConnectorModule, ConnectorAuthMethod } from './kit/module/module.ts';
import type { AddressPart } from './kit/descriptor.ts';

export type SystemAuthMethod = ConnectorAuthMethod;

export interface SystemInfo {
  readonly system: string;
  readonly label: string;
  readonly description: string;
  /** What a stream may use it for. */
  readonly roles: readonly ('source' | 'destination')[];
  readonly addressParts: readonly AddressPart[];
  readonly authMethods: readonly SystemAuthMethod[];
  /** What Test does, in the connector's words. */
  readonly connectionTest: string;
  readonly simulator?: { readonly system: string; readonly defaultPort: number };
  /** The source entities whose changes the system pushes by webhook (the registry's `openWebhookIntake`). */
  readonly webhooks?: { readonly entities: readonly string[] };
  /** The system runs a job after a load (`target.afterLoad`): its name as messages say it. */
  readonly afterLoad?: string;
  /** The most records the system serves in one page (a stream's largest `source.pageSize`), when it has a limit. */
  readonly maxPageSize?: number;
}

export function systemCatalog(modules: readonly AnyConnectorModule[]): SystemInfo[] {
  return modules.map(({ descriptor }) => ({
    system: descriptor.id,
    label: descriptor.label,
    description: descriptor.description,
    roles: descriptor.roles,
    addressParts: descriptor.addressParts,
    authMethods: descriptor.authMethods,
    connectionTest: descriptor.connectionTest,
    ...(descriptor.simulator === undefined
      ? {}
      : { simulator: { system: descriptor.simulator.name, defaultPort: descriptor.simulator.defaultPort } }),
    ...(descriptor.webhooks === undefined ? {} : { webhooks: descriptor.webhooks }),
    ...(descriptor.afterLoad === undefined ? {} : { afterLoad: descriptor.afterLoad }),
    ...(descriptor.maxPageSize === undefined ? {} : { maxPageSize: descriptor.maxPageSize }),
  }));
}
