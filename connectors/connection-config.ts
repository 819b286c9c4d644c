/**
 * How a pipeline's connection becomes a connector's settings: the context a connection is opened in
 * (built here, once, for every caller) and the address-part readers every system's config builder uses.
 */
import type { Connection, Pipeline } from '../engine/model/index.ts';
import type { RememberSecret, StoreSecret } from './kit/auth/secrets.ts';
import type { ConnectionContext } from './kit/module/connection-parts.ts';

export { addressPort, addressText, caCertPart, optionalText, UnsupportedConnectionError } from './kit/module/connection-parts.ts';
export type { ConnectionContext } from './kit/module/connection-parts.ts';

/** What every caller has: a loaded pipeline, its folder, and how secrets are read, stored and masked. */
export interface ConnectionAccess {
  readonly pipeline: Pipeline;
  readonly pipelineDir: string;
  readonly resolveSecret: (name: string) => Promise<string>;
  /** Where a rotated credential goes (a BambooHR refresh token): the keychain. */
  readonly storeSecret?: StoreSecret;
  /** Registers a value obtained at run time (an access token) with the scrubber. */
  readonly remember?: RememberSecret;
}

/** The context of one named connection of a pipeline; the one place a `ConnectionContext` is built. */
export function connectionContext(access: ConnectionAccess, name: string, connection: Connection = access.pipeline.connections[name]!): ConnectionContext {
  return {
    name,
    connection,
    pipeline: access.pipeline,
    pipelineDir: access.pipelineDir,
    resolveSecret: access.resolveSecret,
    ...(access.storeSecret === undefined ? {} : { storeSecret: access.storeSecret }),
    ...(access.remember === undefined ? {} : { remember: access.remember }),
  };
}
