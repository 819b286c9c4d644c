/**
 * The one door from the engine to the connectors: given a connection from a pipeline file, open a
 * source or a destination, test it (ping), or start a system's simulator. Adding a system means adding
 * it here and in its own folder. Every system is imported on demand: a command that never opens a
 * system never loads it (nor its native parts).
 */
import { resolve } from 'node:path';
import type { Destination, Source } from '../engine/model/index.ts';
import { addressText, bambooConfig, databricksOptions, gpConfig, UnsupportedConnectionError, type ConnectionContext } from './connection-config.ts';
import type { SystemInfo } from './catalog.ts';
import type { WebhookIntake, WebhookIntakeOptions } from './bamboohr/webhooks/intake.ts';
import type { PingAnswer } from './ping.ts';
import type { LoopbackCertificate } from './kit/tls/loopback-certificate.ts';
import type { FileEncoding, InvalidBytesPolicy } from './file/text-decoding.ts';
import { refuseUnstorableRefreshToken } from './refresh-token-storage.ts';
import type { SimulatorHandle, SimulatorStartOptions } from './simulators.ts';

export { UnsupportedConnectionError } from './connection-config.ts';
export { reachLoopbackDirectly } from './loopback-proxy.ts';
export { REFRESH_TOKEN_UNSTORABLE } from './refresh-token-storage.ts';
export type { ConnectionContext } from './connection-config.ts';
export type { LoopbackCertificate } from './kit/tls/loopback-certificate.ts';

export type { SimulatorHandle, SimulatorStartOptions } from './simulators.ts';
export type { SystemAuthMethod, SystemInfo } from './catalog.ts';

/** A connection test's answer, in words for an analyst (never a stack trace). */
export type ConnectionPing = PingAnswer;

/** Systems `simulate` can start, with their fixed default ports (PRODUCT.md conventions). */
export const SIMULATED_SYSTEMS: Readonly<Record<string, number>> = { gp: 47001, bamboohr: 47002, databricks: 47007 };

export async function openSource(context: ConnectionContext): Promise<Source> {
  await refuseUnstorableRefreshToken(context);
  switch (context.connection.system) {
    case 'file': {
      const folder = resolve(context.pipelineDir, addressText(context, 'folder'));
      const defaultZone = context.pipeline.settings?.timeZone;
      const entities = Object.values(context.pipeline.streams)
        .filter((stream) => stream.source.connection === context.name)
        .map((stream) => ({
          entity: stream.source.entity,
          file: String(stream.source.options?.file ?? `${stream.source.entity}.csv`),
          ...(typeof stream.source.options?.delimiter === 'string' ? { delimiter: stream.source.options.delimiter } : {}),
          // Passed as written: the file source refuses a value that is not one of its choices, naming them.
          ...(stream.source.options?.encoding !== undefined ? { encoding: String(stream.source.options.encoding) as FileEncoding } : {}),
          ...(stream.source.options?.invalidBytes !== undefined ? { invalidBytes: String(stream.source.options.invalidBytes) as InvalidBytesPolicy } : {}),
          ...(stream.source.fields ? { fields: stream.source.fields } : {}),
          ...(defaultZone ? { defaultZone } : {}),
          key: stream.source.key,
          ...(stream.source.cursor ? { cursorField: stream.source.cursor } : {}),
        }));
      const { createFileSource } = await import('./file/index.ts');
      return createFileSource({ connection: { folder }, entities });
    }
    case 'dynamics-gp': {
      const config = gpConfig(context);
      const { createGpSource } = await import('./dynamics-gp/index.ts');
      return createGpSource(config);
    }
    case 'bamboohr': {
      const config = bambooConfig(context);
      // The payroll stream's window of pay periods lives in its source.options.
      const options = Object.fromEntries(
        Object.values(context.pipeline.streams)
          .filter((stream) => stream.source.connection === context.name && stream.source.options !== undefined)
          .map((stream) => [stream.source.entity, stream.source.options!]),
      );
      const { createBambooSource } = await import('./bamboohr/source.ts');
      return createBambooSource(config, options);
    }
    default:
      throw new UnsupportedConnectionError(
        `connections.${context.name}: reading from ${context.connection.system} is not available in this version`,
      );
  }
}

export async function openDestination(context: ConnectionContext): Promise<Destination> {
  await refuseUnstorableRefreshToken(context);
  switch (context.connection.system) {
    case 'duckdb': {
      const { openDuckDbDestination } = await import('./duckdb/index.ts');
      return openDuckDbDestination({ path: resolve(context.pipelineDir, addressText(context, 'path')) });
    }
    case 'databricks': {
      const options = await databricksOptions(context);
      const { openDatabricksDestination } = await import('./databricks/destination.ts');
      return openDatabricksDestination(options);
    }
    case 'dynamics-gp': {
      const config = gpConfig(context);
      const { openGpDestination } = await import('./dynamics-gp/destination/destination.ts');
      return openGpDestination(config);
    }
    default:
      throw new UnsupportedConnectionError(
        `connections.${context.name}: writing to ${context.connection.system} is not available in this version`,
      );
  }
}

/**
 * Tests one connection the way its descriptor's connection test says (sign in and read one record,
 * run one statement, find the folder). Never throws: a failure is an answer with a code.
 */
export async function pingConnection(context: ConnectionContext): Promise<ConnectionPing> {
  try {
    await refuseUnstorableRefreshToken(context);
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { ok: false, test: 'Sign in', message, code };
  }
  const { pingConnectionOf } = await import('./ping.ts');
  return pingConnectionOf(context);
}

/** The systems a connection can name, described as data for the studio's connection form. */
export async function systemCatalog(): Promise<SystemInfo[]> {
  const { systemCatalog: catalog } = await import('./catalog.ts');
  return catalog();
}

export interface OAuthConnectOptions {
  /** Loopback port for the redirect; left out, the documented one to register (BambooHR: 47011); 0 picks a free one. */
  readonly port?: number;
  /** PEM files of the redirect's certificate (for 127.0.0.1, trusted by the browser) and key: BambooHR redirects to HTTPS only. */
  readonly tlsFiles?: { readonly cert: string; readonly key: string };
  /** Instead of files, the certificate and key themselves, asked for once the sign-in is otherwise ready (the studio's own). */
  readonly redirectCertificate?: () => Promise<{ readonly cert: string; readonly key: string }>;
  /** Shown to the user (printed, or opened in a browser by the studio). */
  readonly onAuthorizeUrl: (url: string) => void;
  readonly signal?: AbortSignal;
}

/**
 * The OAuth authorization-code sign-in of a connection whose auth is `oauth2-refresh-token`, through a
 * loopback redirect; the refresh token lands in `context.storeSecret` under the connection's
 * `refreshTokenSecret`. Returns where it was stored, never the token. BambooHR only, in this version.
 */
export async function connectOAuth(context: ConnectionContext, options: OAuthConnectOptions): Promise<{ readonly storedAs: string; readonly redirectUri: string }> {
  const { connection } = context;
  const { auth } = connection;
  if (auth.method !== 'oauth2-refresh-token') {
    throw new UnsupportedConnectionError(`connections.${context.name}.auth.method is ${auth.method}; connecting is for OAuth sign-ins with a refresh token (oauth2-refresh-token)`);
  }
  if (connection.system !== 'bamboohr') throw new UnsupportedConnectionError(`connections.${context.name}: connecting with OAuth is available for bamboohr only in this version, not ${connection.system}`);
  if (context.storeSecret === undefined) throw new UnsupportedConnectionError('connecting needs somewhere to store the refresh token (the keychain)');
  // Checked before the browser opens: a sign-in whose token cannot be kept is work thrown away.
  await refuseUnstorableRefreshToken(context);
  const config = bambooConfig(context);
  const authorizeUrl = typeof connection.address.authorizeUrl === 'string' ? connection.address.authorizeUrl : undefined;
  const { connectBambooHr } = await import('./bamboohr/connect.ts');
  const result = await connectBambooHr({
    companyDomain: config.companyDomain,
    ...(authorizeUrl === undefined ? {} : { authorizeUrl }),
    ...(config.tokenUrl === undefined ? {} : { tokenUrl: config.tokenUrl }),
    clientId: auth.clientId,
    clientSecretSecret: auth.secret,
    refreshTokenSecret: auth.refreshTokenSecret,
    ...(auth.scope === undefined ? {} : { scope: auth.scope }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.tlsFiles === undefined ? {} : { tlsFiles: options.tlsFiles }),
    ...(options.redirectCertificate === undefined ? {} : { redirectCertificate: options.redirectCertificate }),
    ...(config.caCert === undefined ? {} : { caCert: config.caCert }),
    resolveSecret: context.resolveSecret,
    storeSecret: context.storeSecret,
    ...(context.remember === undefined ? {} : { remember: context.remember }),
    onAuthorizeUrl: options.onAuthorizeUrl,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return { storedAs: result.refreshTokenSecret, redirectUri: result.redirectUri };
}

export type { IntakeBatch, WebhookIntake, WebhookIntakeOptions } from './bamboohr/webhooks/intake.ts';
export type { AppliedState } from './bamboohr/change-feed.ts';

/**
 * A webhook receiver with polling as the fallback for a connection that pushes changes (BambooHR):
 * deliveries are verified and become follow-up fetches; both paths hand rows to `apply`, never one
 * change twice. The caller serves `listener` on HTTP and persists the state it is told.
 */
export async function openWebhookIntake(
  context: ConnectionContext,
  options: Omit<WebhookIntakeOptions, 'config'>,
): Promise<WebhookIntake> {
  if (context.connection.system !== 'bamboohr') {
    throw new UnsupportedConnectionError(`connections.${context.name}: ${context.connection.system} sends no webhooks; poll it with \`ml-connector run\``);
  }
  await refuseUnstorableRefreshToken(context);
  const { createWebhookIntake } = await import('./bamboohr/webhooks/intake.ts');
  return createWebhookIntake({ ...options, config: bambooConfig(context) });
}

/**
 * A certificate for a sign-in's HTTPS redirect on 127.0.0.1, with a CA for the user to trust once whose
 * key is already gone (the studio makes one per user and keeps it).
 */
export async function makeSignInCertificate(owner: string, now?: Date): Promise<LoopbackCertificate> {
  const { makeLoopbackCertificate } = await import('./kit/tls/loopback-certificate.ts');
  return makeLoopbackCertificate(owner, now);
}

/** Starts a system's simulator (`ml-connector simulate`, `demo`, tests and benches). */
export async function startSimulator(system: string, options: SimulatorStartOptions = {}): Promise<SimulatorHandle> {
  const { startSimulatorOf } = await import('./simulators.ts');
  return startSimulatorOf(system, options);
}
