/**
 * The one door from the engine to the connectors: given a connection from a pipeline file, open a
 * source or a destination, test it (ping), or start a system's simulator. Everything here is read off
 * the module list in `connectors/index.ts`; no system is named in this file. A system's code loads on
 * demand: a command that never opens a system never loads it (nor its native parts).
 */
import type { Destination, Source, SystemRules } from '../engine/model/index.ts';
import { CONNECTOR_MODULES } from './index.ts';
import { UnsupportedConnectionError, type ConnectionContext } from './connection-config.ts';
import type { SystemInfo } from './catalog.ts';
import type { WebhookIntake, WebhookIntakeOptions } from './bamboohr/webhooks/intake.ts';
import type { PingAnswer } from './ping.ts';
import type { LoopbackCertificate } from './kit/tls/loopback-certificate.ts';
import type { AnyConnectorModule, OAuthConnectOptions } from './kit/module/module.ts';
import { refuseUnstorableRefreshToken } from './refresh-token-storage.ts';
import type { SimulatorAddress, SimulatorHandle, SimulatorStartOptions } from './simulators.ts';

export { UnsupportedConnectionError } from './connection-config.ts';
export { reachLoopbackDirectly } from './loopback-proxy.ts';
export { REFRESH_TOKEN_UNSTORABLE } from './refresh-token-storage.ts';
export type { ConnectionContext } from './connection-config.ts';
export type { LoopbackCertificate } from './kit/tls/loopback-certificate.ts';
export type { OAuthConnectOptions } from './kit/module/module.ts';

export type { SimulatorAddress, SimulatorHandle, SimulatorStartOptions } from './simulators.ts';
export type { SystemAuthMethod, SystemInfo } from './catalog.ts';

/** A connection test's answer, in words for an analyst (never a stack trace). */
export type ConnectionPing = PingAnswer;

/** Systems `simulate` can start, with their fixed default ports (PRODUCT.md conventions), in list order. */
export const SIMULATED_SYSTEMS: Readonly<Record<string, number>> = Object.fromEntries(
  CONNECTOR_MODULES.flatMap(({ descriptor: { simulator } }) =>
    simulator === undefined ? [] : [[simulator.name, simulator.defaultPort]],
  ),
);

/** The module of a connection's system, or undefined for a system this version has no connector for. */
export function moduleOf(system: string): AnyConnectorModule | undefined {
  return CONNECTOR_MODULES.find((module) => module.descriptor.id === system);
}

/** The module whose simulator `simulate` knows by this name (gp, bamboohr...). */
export function simulatedModule(name: string): AnyConnectorModule | undefined {
  return CONNECTOR_MODULES.find(
    (module) => module.descriptor.simulator?.name === name && module.startSimulator !== undefined,
  );
}

/** What the pipeline's checks need to know of each system: its roles and features, as data. */
export function systemRules(): SystemRules {
  return Object.fromEntries(
    CONNECTOR_MODULES.map(({ descriptor }) => [
      descriptor.id,
      {
        roles: descriptor.roles,
        ...(descriptor.afterLoad === undefined ? {} : { afterLoad: descriptor.afterLoad }),
        ...(descriptor.maxPageSize === undefined ? {} : { maxPageSize: descriptor.maxPageSize }),
        pathParts: descriptor.addressParts.filter((part) => part.kind === 'path').map((part) => part.name),
        secretParts: descriptor.addressParts.filter((part) => part.kind === 'secret').map((part) => part.name),
      },
    ]),
  );
}

export async function openSource(context: ConnectionContext): Promise<Source> {
  await refuseUnstorableRefreshToken(context);
  const module = moduleOf(context.connection.system);
  if (module?.openSource === undefined) {
    throw new UnsupportedConnectionError(
      `connections.${context.name}: reading from ${context.connection.system} is not available in this version`,
    );
  }
  return module.openSource(context, await module.config(context));
}

export async function openDestination(context: ConnectionContext): Promise<Destination> {
  await refuseUnstorableRefreshToken(context);
  const module = moduleOf(context.connection.system);
  if (module?.openDestination === undefined) {
    throw new UnsupportedConnectionError(
      `connections.${context.name}: writing to ${context.connection.system} is not available in this version`,
    );
  }
  return module.openDestination(context, await module.config(context));
}

/**
 * Tests one connection with its module's one connection test (sign in and read one record, run one
 * statement, find the folder). Never throws: a failure is an answer with a code.
 */
export async function pingConnection(context: ConnectionContext): Promise<ConnectionPing> {
  try {
    await refuseUnstorableRefreshToken(context);
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { ok: false, test: 'Sign in', message, code };
  }
  const { pingConnectionOf } = await import('./ping.ts');
  return pingConnectionOf(context, moduleOf(context.connection.system));
}

/** The systems a connection can name, described as data for the studio's connection form. */
export async function systemCatalog(): Promise<SystemInfo[]> {
  const { systemCatalog: catalog } = await import('./catalog.ts');
  return catalog(CONNECTOR_MODULES);
}

/**
 * The OAuth authorization-code sign-in of a connection whose auth is `oauth2-refresh-token`, through a
 * loopback redirect; the refresh token lands in `context.storeSecret` under the connection's
 * `refreshTokenSecret`. Returns where it was stored, never the token. For systems whose module signs in.
 */
export async function connectOAuth(
  context: ConnectionContext,
  options: OAuthConnectOptions,
): Promise<{ readonly storedAs: string; readonly redirectUri: string }> {
  const { connection } = context;
  if (connection.auth.method !== 'oauth2-refresh-token') {
    throw new UnsupportedConnectionError(
      `connections.${context.name}.auth.method is ${connection.auth.method}; connecting is for OAuth sign-ins with a refresh token (oauth2-refresh-token)`,
    );
  }
  const module = moduleOf(connection.system);
  if (module?.oauthSignIn === undefined) {
    const able = CONNECTOR_MODULES.filter((each) => each.oauthSignIn !== undefined).map((each) => each.descriptor.id);
    throw new UnsupportedConnectionError(
      `connections.${context.name}: connecting with OAuth is available for ${able.join(', ')} only in this version, not ${connection.system}`,
    );
  }
  if (context.storeSecret === undefined)
    throw new UnsupportedConnectionError('connecting needs somewhere to store the refresh token (the keychain)');
  // Checked before the browser opens: a sign-in whose token cannot be kept is work thrown away.
  await refuseUnstorableRefreshToken(context);
  return module.oauthSignIn(context, await module.config(context), options);
}

export type { IntakeBatch, WebhookIntake, WebhookIntakeOptions } from './bamboohr/webhooks/intake.ts';
export type { AppliedState } from './bamboohr/change-feed.ts';

/** A system that pushes changes by webhook, and the source entities it pushes (its module's `webhooks`). */
export interface WebhookSystem {
  readonly system: string;
  readonly label: string;
  readonly entities: readonly string[];
}

/** Every system whose module has a webhook receiver (openWebhookIntake opens it), in list order. */
export function webhookSystems(): readonly WebhookSystem[] {
  return CONNECTOR_MODULES.flatMap(({ descriptor, webhooks }) =>
    webhooks === undefined || descriptor.webhooks === undefined
      ? []
      : [{ system: descriptor.id, label: descriptor.label, entities: descriptor.webhooks.entities }],
  );
}

/**
 * A webhook receiver with polling as the fallback for a connection that pushes changes (BambooHR):
 * deliveries are verified and become follow-up fetches; both paths hand rows to `apply`, never one
 * change twice. The caller serves `listener` on HTTP and persists the state it is told.
 */
export async function openWebhookIntake(
  context: ConnectionContext,
  options: Omit<WebhookIntakeOptions, 'config'>,
): Promise<WebhookIntake> {
  const module = moduleOf(context.connection.system);
  if (module?.webhooks === undefined) {
    throw new UnsupportedConnectionError(
      `connections.${context.name}: ${context.connection.system} sends no webhooks; poll it with \`ml-connector run\``,
    );
  }
  await refuseUnstorableRefreshToken(context);
  return module.webhooks(await module.config(context), options) as Promise<WebhookIntake>;
}

/**
 * A certificate for a sign-in's HTTPS redirect on 127.0.0.1, with a CA for the user to trust once whose
 * key is already gone (the studio makes one per user and keeps it).
 */
export async function makeSignInCertificate(owner: string, now?: Date): Promise<LoopbackCertificate> {
  const { makeLoopbackCertificate } = await import('./kit/tls/loopback-certificate.ts');
  return makeLoopbackCertificate(owner, now);
}

/** Starts a system's simulator by its `simulate` name (`ml-connector simulate`, `demo`, tests and benches). */
export async function startSimulator(system: string, options: SimulatorStartOptions = {}): Promise<SimulatorHandle> {
  const { startSimulatorOf } = await import('./simulators.ts');
  return startSimulatorOf(simulatedModule(system), system, options);
}

/** Where `simulate NAME --tls` and the example workspace write a simulator's CA certificate. */
export function simulatorCaFile(name: string): string {
  return `${name}-simulator-ca.pem`;
}

/**
 * A connection of this system pointed at its running simulator (found by its `simulate` name among
 * `running`): the new address parts, and the CA file the connection names when it must trust one.
 * Undefined when no simulator of the system is running.
 */
export function pointConnectionAtSimulator(
  system: string,
  address: Readonly<Record<string, string | number | boolean>>,
  running: Readonly<Record<string, SimulatorAddress | undefined>>,
):
  | {
      readonly address: Record<string, string | number | boolean>;
      readonly caCertFile?: { readonly name: string; readonly pem: string };
    }
  | undefined {
  const module = moduleOf(system);
  const name = module?.descriptor.simulator?.name;
  const simulator = name === undefined ? undefined : running[name];
  if (module?.pointAtSimulator === undefined || name === undefined || simulator === undefined) return undefined;
  const caFile = simulatorCaFile(name);
  const pointed = { ...module.pointAtSimulator(address, simulator, caFile) };
  const trusts = pointed.caCertFile === `./${caFile}` && simulator.caCert !== undefined;
  return { address: pointed, ...(trusts ? { caCertFile: { name: caFile, pem: simulator.caCert! } } : {}) };
}
