/**
 * The context a pipeline connection is opened in, and its address parts read with plain errors that
 * name the JSON path (`connections.<name>.address.<part>`). Every system's config builder uses these.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MlcError, type ConnectionContext } from '../../../engine/model/index.ts';

/** The engine's own type: what a connector is opened with (one connection of a pipeline, how to reach its secrets). */
export type { ConnectionContext };

/** The connection asks for something this version cannot do, or misses a part: the user's to fix. */
export class UnsupportedConnectionError extends MlcError {
  override readonly name = 'UnsupportedConnectionError';
  declare readonly code: 'UNSUPPORTED_CONNECTION';

  constructor(message: string) {
    super('UNSUPPORTED_CONNECTION', message);
  }
}

export function addressText(context: ConnectionContext, part: string): string {
  const value = context.connection.address[part];
  if (typeof value !== 'string' || value === '') {
    throw new UnsupportedConnectionError(
      `connections.${context.name}.address.${part}: give the ${part} of this ${context.connection.system} connection`,
    );
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
    throw new UnsupportedConnectionError(
      `connections.${context.name}.address.${part}: a port is a whole number from 1 to 65535, not ${String(value)}`,
    );
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
  // The full path is named in the error: a relative one alone does not say which folder was searched.
  const fullPath = resolve(context.pipelineDir, file);
  let text: string;
  try {
    text = readFileSync(fullPath, 'utf8');
  } catch (error) {
    const reason = (error as { code?: unknown }).code === 'ENOENT' ? 'there is no such file' : (error as Error).message;
    const looked = fullPath === file ? file : `${file}, looked for as ${fullPath}`;
    throw new UnsupportedConnectionError(
      `${where}: cannot read the CA certificate file ${looked} (${reason}); a relative path resolves against the pipeline file's folder`,
    );
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

/** The streams of a pipeline that read from this connection, by name. */
export function streamsReadingFrom(context: ConnectionContext) {
  return Object.values(context.pipeline.streams).filter((stream) => stream.source.connection === context.name);
}
