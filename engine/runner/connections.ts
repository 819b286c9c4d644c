/** Opens each connection a run needs once, and closes them all at the end. */
import { openDestination, openSource } from '../../connectors/registry.ts';
import type { Destination, Source } from '../model/io.ts';
import { ownEntry } from '../model/own-names.ts';
import { rememberSecret } from '../secrets/index.ts';
import type { LoadedPipeline } from './pipeline-loader.ts';

export class ConnectionPool {
  private readonly sources = new Map<string, Promise<Source>>();
  private readonly destinations = new Map<string, Promise<Destination>>();

  constructor(
    private readonly loaded: LoadedPipeline,
    private readonly resolveSecret: (name: string) => Promise<string>,
    /** Tests and the studio may supply their own parts (an in-memory source, a dry destination). */
    private readonly overrides: { source?: (name: string) => Source | undefined; destination?: (name: string) => Destination | undefined } = {},
    /** Where a connector writes a rotated credential (a refresh token); without it, such a sign-in cannot run. */
    private readonly storeSecret?: (name: string, value: string) => Promise<void>,
  ) {}

  private context(name: string) {
    const connection = ownEntry(this.loaded.pipeline.connections, name);
    if (!connection) throw new Error(`There is no connection named "${name}"`);
    return {
      name,
      connection,
      pipeline: this.loaded.pipeline,
      pipelineDir: this.loaded.dir,
      resolveSecret: this.resolveSecret,
      // Tokens a connector obtains mid-run are masked like the secrets it was given.
      remember: rememberSecret,
      ...(this.storeSecret === undefined ? {} : { storeSecret: this.storeSecret }),
    };
  }

  source(name: string): Promise<Source> {
    let source = this.sources.get(name);
    if (!source) {
      const override = this.overrides.source?.(name);
      source = override ? Promise.resolve(override) : openSource(this.context(name));
      this.sources.set(name, source);
    }
    return source;
  }

  destination(name: string): Promise<Destination> {
    let destination = this.destinations.get(name);
    if (!destination) {
      const override = this.overrides.destination?.(name);
      destination = override ? Promise.resolve(override) : openDestination(this.context(name));
      this.destinations.set(name, destination);
    }
    return destination;
  }

  async closeAll(): Promise<void> {
    const all = [...this.sources.values(), ...this.destinations.values()];
    await Promise.allSettled(all.map(async (pending) => (await pending).close()));
  }
}
