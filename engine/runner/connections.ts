/** Opens each connection a run needs once, and closes them all at the end. */
import { connectionContext } from '../model/connection-context.ts';
import type { ConnectionContext, ConnectorRegistry } from '../model/connector-registry.ts';
import type { Destination, Source } from '../model/io.ts';
import { ownEntry } from '../model/own-names.ts';
import { rememberSecret } from '../secrets/index.ts';
import type { LoadedPipeline } from './pipeline-loader.ts';

/** What a run, a replay, a preview or a plan needs to open its connections. */
export interface ConnectionOptions {
  /**
   * Opens sources and destinations: the connectors' registry, passed in by the CLI or the studio host.
   * Tests and the studio's sample preview pass their own (an in-memory source, a dry destination).
   */
  readonly connectors: ConnectorRegistry;
  readonly resolveSecret: (name: string) => Promise<string>;
  /** Where a rotated credential is saved (the keychain); needed by sign-ins that rotate, such as BambooHR OAuth. */
  readonly storeSecret?: (name: string, value: string) => Promise<void>;
}

export class ConnectionPool {
  private readonly sources = new Map<string, Promise<Source>>();
  private readonly destinations = new Map<string, Promise<Destination>>();

  constructor(
    private readonly loaded: LoadedPipeline,
    private readonly options: ConnectionOptions,
  ) {}

  private context(name: string): ConnectionContext {
    const connection = ownEntry(this.loaded.pipeline.connections, name);
    if (!connection) throw new Error(`There is no connection named "${name}"`);
    const { resolveSecret, storeSecret } = this.options;
    // Tokens a connector obtains mid-run are masked like the secrets it was given.
    return connectionContext(
      this.loaded,
      name,
      { resolveSecret, remember: rememberSecret, ...(storeSecret === undefined ? {} : { storeSecret }) },
      connection,
    );
  }

  source(name: string): Promise<Source> {
    let source = this.sources.get(name);
    if (!source) {
      source = this.options.connectors.openSource(this.context(name));
      this.sources.set(name, source);
    }
    return source;
  }

  destination(name: string): Promise<Destination> {
    let destination = this.destinations.get(name);
    if (!destination) {
      destination = this.options.connectors.openDestination(this.context(name));
      this.destinations.set(name, destination);
    }
    return destination;
  }

  async closeAll(): Promise<void> {
    const all = [...this.sources.values(), ...this.destinations.values()];
    await Promise.allSettled(all.map(async (pending) => (await pending).close()));
  }
}

/** The same registry, except that the named connection reads from `source` (rows already in hand). */
export function withSource(connectors: ConnectorRegistry, connection: string, source: Source): ConnectorRegistry {
  return {
    openSource: (context) => (context.name === connection ? Promise.resolve(source) : connectors.openSource(context)),
    openDestination: (context) => connectors.openDestination(context),
  };
}
