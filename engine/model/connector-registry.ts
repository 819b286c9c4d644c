/**
 * The port through which the engine opens connections: the runner is given one instead of importing
 * the connectors, so its core runs (and is tested) with no connector loaded. The composition roots (the
 * CLI commands, the studio host) pass `connectors/registry.ts`; tests pass an in-memory one.
 */
import type { Destination, Source } from './io.ts';
import type { Connection } from './schema/connection.ts';
import type { Pipeline } from './schema/pipeline.ts';

/** What a connector is opened with: one connection of a pipeline and how to reach its secrets. */
export interface ConnectionContext {
  readonly name: string;
  readonly connection: Connection;
  readonly pipeline: Pipeline;
  /** Relative paths in a pipeline file resolve against the file's own folder. */
  readonly pipelineDir: string;
  readonly resolveSecret: (name: string) => Promise<string>;
  /** Where a rotated credential goes (a refresh token): the keychain, under the same name. */
  readonly storeSecret?: RotatedSecretStore;
  /** Registers a value obtained at run time (an access token) with the engine's scrubber. */
  readonly remember?: (value: string) => void;
}

/** Stores a credential that rotates; `unavailable` says why it cannot (no keychain), asked before a sign-in spends the old one. */
export interface RotatedSecretStore {
  (name: string, value: string): Promise<void>;
  readonly unavailable?: (name: string) => Promise<string | undefined>;
}

/** Opens the source or destination a connection names; a system that cannot play that role throws. */
export interface ConnectorRegistry {
  openSource(context: ConnectionContext): Promise<Source>;
  openDestination(context: ConnectionContext): Promise<Destination>;
}
