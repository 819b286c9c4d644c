/**
 * How a pipeline's connection becomes a connector's settings: the context a connection is opened in,
 * its address parts read with plain errors, and the settings of systems that need more than one part.
 * Shared by the registry and the connection tests.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Connection, Pipeline } from '../engine/model/index.ts';
import type { DatabricksDestinationOptions } from './databricks/destination.ts';
import type { DatabricksConnectionOptions } from './databricks/sql-client.ts';
import type { BambooConnectionConfig } from './bamboohr/client.ts';
import type { GpConnectionConfig } from './dynamics-gp/client.ts';
import type { StoreSecret } from './kit/auth/secrets.ts';

export interface ConnectionContext {
  readonly name: string;
  readonly connection: Connection;
  readonly pipeline: Pipeline;
  /** Relative paths in a pipeline file resolve against the file's own folder. */
  readonly pipelineDir: string;
  readonly resolveSecret: (name: string) => Promise<string>;
  /** Where a rotated credential goes (a BambooHR refresh token): the keychain, under the same name. */
  readonly storeSecret?: StoreSecret;
  /** Registers a value obtained at run time (an access token) with the engine's scrubber. */
  readonly remember?: (value: string) => void;
}

export class UnsupportedConnectionError extends Error {
  readonly code = 'UNSUPPORTED_CONNECTION';
}

export function addressText(context: ConnectionContext, part: string): string {
  const value = context.connection.address[part];
  if (typeof value !== 'string' || value === '') {
    throw new UnsupportedConnectionError(`connections.${context.name}.address.${part}: give the ${part} of this ${context.connection.system} connection`);
  }
  return value;
}

export function optionalText(context: ConnectionContext, part: string): string | undefined {
  const value = context.connection.address[part];
  return value === undefined || value === '' ? undefined : String(value);
}

export function addressPort(context: ConnectionContext, part: string): number | undefined {
  const value = context.connection.address[part];
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UnsupportedConnectionError(`connections.${context.name}.address.${part}: a port is a whole number from 1 to 65535, not ${String(value)}`);
  }
  return port;
}

/**
 * `address.caCertFile`: the PEM of the CA that signed the server's certificate, when that is not a
 * public CA (an on-premises server's internal CA, a proxy that re-signs HTTPS, a simulator). The
 * connection trusts it besides the system's CAs; certificate checks stay on (there is no switch that
 * turns them off). A relative path resolves against the pipeline file's folder.
 */
export function caCertPart(context: ConnectionContext): { readonly caCert?: string } {
  const file = optionalText(context, 'caCertFile');
  if (file === undefined) return {};
  const where = `connections.${context.name}.address.caCertFile`;
  let text: string;
  try {
    text = readFileSync(resolve(context.pipelineDir, file), 'utf8');
  } catch (error) {
    const reason = (error as { code?: unknown }).code === 'ENOENT' ? 'there is no such file' : (error as Error).message;
    throw new UnsupportedConnectionError(`${where}: cannot read the CA certificate file ${file} (${reason}); a relative path resolves against the pipeline file's folder`);
  }
  try {
    if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate');
    new X509Certificate(text);
  } catch {
    throw new UnsupportedConnectionError(
      `${where}: ${file} is not a PEM certificate (a text file that starts with -----BEGIN CERTIFICATE-----); a binary .cer/.der file converts with: openssl x509 -inform der -in ca.cer -out ca.pem`,
    );
  }
  return { caCert: text };
}

/** GP signs in with a Windows account: `DOMAIN\user` in auth.username, or the domain and user address parts. */
export function gpConfig(context: ConnectionContext): GpConnectionConfig {
  const { auth } = context.connection;
  if (auth.method !== 'ntlm' && auth.method !== 'negotiate' && auth.method !== 'basic') {
    throw new UnsupportedConnectionError(`connections.${context.name}.auth.method: Dynamics GP signs in with ntlm, negotiate or basic, not ${auth.method}`);
  }
  const [first, second] = auth.username.split('\\');
  const domain = second === undefined ? optionalText(context, 'domain') : first;
  const user = second ?? first ?? '';
  if (domain === undefined || domain === '') {
    throw new UnsupportedConnectionError(`connections.${context.name}: give the Windows domain, as auth.username "DOMAIN\\user" or address.domain`);
  }
  const tenant = optionalText(context, 'tenant');
  return {
    baseUrl: addressText(context, 'baseUrl'),
    ...(tenant === undefined ? {} : { tenant }),
    company: addressText(context, 'company'),
    auth: { method: auth.method, domain, user, passwordSecret: auth.secret },
    resolveSecret: context.resolveSecret,
    ...caCertPart(context),
  };
}

/**
 * Databricks: host, port, httpPath; a personal access token or OAuth M2M; `address.caCertFile` for a
 * workspace reached through a proxy that re-signs HTTPS (or the simulator); `address.warehouseStartMinutes`,
 * how long a stopped SQL warehouse is given to start (default 10); `address.stagingVolume`, the Unity
 * Catalog Volume batches are staged in (catalog.schema.volume, or none).
 */
export async function databricksOptions(context: ConnectionContext): Promise<DatabricksDestinationOptions> {
  const { auth } = context.connection;
  const trust = caCertPart(context);
  let credentials: DatabricksConnectionOptions['auth'];
  if (auth.method === 'personal-access-token') credentials = { kind: 'pat', token: await context.resolveSecret(auth.secret), secretName: auth.secret };
  else if (auth.method === 'oauth2-client-credentials') {
    credentials = { kind: 'oauth-m2m', clientId: auth.clientId, clientSecret: await context.resolveSecret(auth.secret), secretName: auth.secret };
  }
  else {
    throw new UnsupportedConnectionError(`connections.${context.name}.auth.method: Databricks signs in with personal-access-token or oauth2-client-credentials, not ${auth.method}`);
  }
  const port = addressPort(context, 'port');
  return {
    host: addressText(context, 'host'),
    ...(port === undefined ? {} : { port }),
    httpPath: addressText(context, 'httpPath'),
    auth: credentials,
    ...trust,
    ...warehouseStartPart(context),
    ...stagingVolumePart(context),
  };
}

/** `catalog.schema.volume`, or `none` (no staging: rows as statement parameters, slow). */
function stagingVolumePart(context: ConnectionContext): { readonly stagingVolume?: string } {
  const value = optionalText(context, 'stagingVolume');
  if (value === undefined) return {};
  if (value.toLowerCase() !== 'none' && (value.split('.').length !== 3 || value.split('.').some((part) => part.trim() === ''))) {
    throw new UnsupportedConnectionError(
      `connections.${context.name}.address.stagingVolume: name a Unity Catalog volume as catalog.schema.volume (or none), not ${value}`,
    );
  }
  return { stagingVolume: value };
}

/** Minutes, as the connection gives them; a classic warehouse takes about five to start. */
function warehouseStartPart(context: ConnectionContext): { readonly warehouseStartMs?: number } {
  const value = context.connection.address['warehouseStartMinutes'];
  if (value === undefined || value === '') return {};
  const minutes = Number(value);
  if (typeof value === 'boolean' || !Number.isFinite(minutes) || minutes <= 0 || minutes > 120) {
    throw new UnsupportedConnectionError(
      `connections.${context.name}.address.warehouseStartMinutes: how many minutes a stopped SQL warehouse is given to start, more than 0 and at most 120, not ${String(value)}`,
    );
  }
  return { warehouseStartMs: Math.round(minutes * 60_000) };
}

/**
 * BambooHR: the company domain, and an API key or OAuth with a refresh token (bamboohr.md §2). The API and
 * token addresses default to https://<company domain>.bamboohr.com; a connection may name others (the
 * simulator, the legacy gateway). A rotated refresh token is written back through `storeSecret`.
 */
export function bambooConfig(context: ConnectionContext): BambooConnectionConfig {
  const { auth } = context.connection;
  const apiBase = optionalText(context, 'apiBase');
  const common = {
    companyDomain: addressText(context, 'companyDomain'),
    ...(apiBase === undefined ? {} : { apiBase }),
    ...caCertPart(context),
    resolveSecret: context.resolveSecret,
    ...(context.storeSecret === undefined ? {} : { storeSecret: context.storeSecret }),
    ...(context.remember === undefined ? {} : { remember: context.remember }),
  };
  if (auth.method === 'api-key') return { ...common, auth: { method: 'api-key', apiKeySecret: auth.secret } };
  if (auth.method !== 'oauth2-refresh-token') {
    throw new UnsupportedConnectionError(`connections.${context.name}.auth.method: BambooHR signs in with api-key or oauth2-refresh-token, not ${auth.method}`);
  }
  const tokenUrl = auth.tokenUrl ?? optionalText(context, 'tokenUrl');
  return {
    ...common,
    ...(tokenUrl === undefined ? {} : { tokenUrl }),
    auth: { method: 'oauth2-refresh-token', clientId: auth.clientId, clientSecretSecret: auth.secret, refreshTokenSecret: auth.refreshTokenSecret, ...(auth.scope === undefined ? {} : { scope: auth.scope }) },
  };
}
