/**
 * What every studio service works with: where relative paths resolve, the run store's folder, the
 * secrets, and where run events go. Hosts (the web bridge, Electron's main process) build one each.
 */
import { dirname, resolve } from 'node:path';
import { isUsable, parsePipelineText, setOwnEntry, type DataRow } from '../../model/index.ts';
import { toJsonValue, type JsonValue } from '../../model/values/index.ts';
import { loadPipelineFile, pipelineIdOf, PipelineProblemsError, type LoadedPipeline } from '../../runner/index.ts';
import { keychainWriter, type SecretRegistry } from '../../secrets/index.ts';
import { defaultStateDir, resolveStateDir } from '../../store/state-folder.ts';

/** The part of a secret resolver the studio needs: it sets and deletes by name, and asks whether a name resolves. */
export interface HostSecrets {
  resolve(name: string): Promise<string>;
  lookup(name: string): Promise<{ readonly source: string } | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<boolean>;
  /** Names in the keychain; it throws KEYCHAIN_UNAVAILABLE where there is none, so rotating sign-ins are refused first. */
  list?(): Promise<string[]>;
  describe(): string;
  /** Keeps the value in this process's memory only, where there is no keychain and the analyst chose so (`session-secrets.ts`). */
  keepForSession?(name: string, value: string): void;
}

export interface HostContext {
  /** Relative pipeline paths in requests resolve here (the folder the studio was started in). */
  readonly cwd: string;
  /**
   * The state folder every pipeline uses when the host was started with one (--state,
   * $ML_CONNECTOR_STATE). Otherwise each pipeline has its own, `.ml-connector` beside its file, the
   * folder the CLI finds for the same file (`stateDirFor`).
   */
  readonly stateDir?: string;
  /** The example pipelines offered on the start screen (default: the package's assets/examples). */
  readonly examplesDir?: string;
  readonly secrets: HostSecrets;
  /** Masks every secret value this process knows in what leaves the host. */
  readonly registry: SecretRegistry;
  /** Pushes a studio event (run progress) to the renderer. */
  readonly publish: (event: unknown) => void;
  /**
   * Where the certificate of the browser sign-ins' HTTPS redirect is kept, made once per user (default
   * `~/.ml-connector/sign-in`; the desktop app uses its own data folder). Its key is in the keychain.
   */
  readonly signInCertificateDir?: string;
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
  return {
    pipeline: load.pipeline,
    path,
    dir: dirname(path),
    id: pipelineIdOf(load.pipeline, path),
    warnings: load.problems,
    migrations: load.migrations,
  };
}

/** The state folder of a pipeline, the one `ml-connector run` finds for the same file. */
export function stateDirFor(context: HostContext, pipelinePath: string): string {
  return context.stateDir ?? defaultStateDir(pipelinePath);
}

/** Where the studio keeps what is not a pipeline's (recent files): the host's state folder, else `.ml-connector` here. */
export function hostStateDir(context: HostContext): string {
  return context.stateDir ?? resolveStateDir(undefined, {}, context.cwd);
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
    // An access token obtained mid-sign-in is masked too, whichever service signed in.
    remember: (value: string) => context.registry.remember(value),
  };
}
