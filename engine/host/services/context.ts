/**
 * What every studio service works with: where relative paths resolve, the run store's folder, the
 * secrets, and where run events go. Hosts (the web bridge, Electron's main process) build one each.
 */
import { basename, dirname, extname, resolve } from 'node:path';
import { isUsable, parsePipelineText, setOwnEntry, type DataRow } from '../../model/index.ts';
import { toJsonValue, type JsonValue } from '../../model/values/index.ts';
import { loadPipelineFile, PipelineProblemsError, type LoadedPipeline } from '../../runner/index.ts';
import { keychainWriter, type SecretRegistry } from '../../secrets/index.ts';

/** The part of a secret resolver the studio needs: it sets and deletes by name, and asks whether a name resolves. */
export interface HostSecrets {
  resolve(name: string): Promise<string>;
  lookup(name: string): Promise<{ readonly source: string } | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<boolean>;
  /** Names in the keychain; it throws KEYCHAIN_UNAVAILABLE where there is none, so rotating sign-ins are refused first. */
  list?(): Promise<string[]>;
  describe(): string;
}

export interface HostContext {
  /** Relative pipeline paths in requests resolve here (the folder the studio was started in). */
  readonly cwd: string;
  readonly stateDir: string;
  /** The example pipelines offered on the start screen (default: the package's assets/examples). */
  readonly examplesDir?: string;
  readonly secrets: HostSecrets;
  /** Masks every secret value this process knows in what leaves the host. */
  readonly registry: SecretRegistry;
  /** Pushes a studio event (run progress) to the renderer. */
  readonly publish: (event: unknown) => void;
  /** Opens an address in the system browser, where the host's window cannot (the desktop app): an OAuth sign-in page. */
  readonly openExternal?: (url: string) => unknown;
}

export interface PipelineRefInput {
  readonly path: string;
  readonly text?: string | undefined;
}

/** The pipeline a request names: its unsaved text when given (the analyst is editing), else the file. */
export function loadRef(context: HostContext, ref: PipelineRefInput): LoadedPipeline {
  const path = resolve(context.cwd, ref.path);
  if (ref.text === undefined) return loadPipelineFile(path);
  const load = parsePipelineText(ref.text);
  if (!isUsable(load)) throw new PipelineProblemsError(ref.path, load.problems);
  return { pipeline: load.pipeline, path, dir: dirname(path), id: basename(path, extname(path)), warnings: load.problems, migrations: load.migrations };
}

export function jsonRow(row: DataRow): Record<string, JsonValue> {
  // A plain loop: live preview turns a thousand rows into JSON per keystroke, and the entries/map/
  // fromEntries arrays cost more than the values' own conversion.
  const json: Record<string, JsonValue> = {};
  for (const name of Object.keys(row)) setOwnEntry(json, name, toJsonValue(row[name]!));
  return json;
}

/**
 * How every service reaches secrets: resolve by name, and save a credential the system rotated while
 * we used it (BambooHR's OAuth refresh token is single-use: dropping the new one breaks the connection
 * at the next sign-in), remembered at once so it is masked in everything that leaves the host. Where
 * no keychain can keep it, such a sign-in is refused before its first request.
 */
export function secretAccess(context: HostContext) {
  return {
    resolveSecret: (name: string) => context.secrets.resolve(name),
    storeSecret: keychainWriter(context.secrets, (value) => context.registry.remember(value)),
  };
}
