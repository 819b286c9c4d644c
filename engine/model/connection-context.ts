/**
 * The one place a `ConnectionContext` is built: every face (the CLI's commands, the studio's services,
 * the runner) names a connection of a loaded pipeline and says how secrets are read, stored when they
 * rotate, and masked. A face that forgot one of these (the CLI's `check` once did not mask the tokens an
 * OAuth sign-in obtained) cannot now, because it hands over one access object instead of fields.
 */
import type { ConnectionContext, RotatedSecretStore } from './connector-registry.ts';
import type { Connection } from './schema/connection.ts';
import type { Pipeline } from './schema/pipeline.ts';

export interface SecretAccess {
  readonly resolveSecret: (name: string) => Promise<string>;
  /** Where a rotated credential goes (a refresh token): the keychain, under the same name. */
  readonly storeSecret?: RotatedSecretStore;
  /** Registers a value obtained at run time (an access token) with the scrubber. */
  readonly remember?: (value: string) => void;
}

export function connectionContext(
  loaded: { readonly pipeline: Pipeline; readonly dir: string },
  name: string,
  secrets: SecretAccess,
  connection: Connection = loaded.pipeline.connections[name]!,
): ConnectionContext {
  return {
    name,
    connection,
    pipeline: loaded.pipeline,
    pipelineDir: loaded.dir,
    resolveSecret: secrets.resolveSecret,
    ...(secrets.storeSecret === undefined ? {} : { storeSecret: secrets.storeSecret }),
    ...(secrets.remember === undefined ? {} : { remember: secrets.remember }),
  };
}
