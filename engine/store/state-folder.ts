/**
 * Where a pipeline's state (the run store: runs, batches, holds, watermarks) lives. The studio and
 * every CLI command find it here, so both see the same runs and the same watermarks for the same
 * pipeline file:
 *   1. the folder asked for (`--state DIR`, or the studio started with one);
 *   2. else $ML_CONNECTOR_STATE (an empty value counts as unset);
 *   3. else `.ml-connector` beside the pipeline file: the pipeline's own state folder;
 *   4. else, for a command that names no pipeline (`holds`, `audit` without `--pipeline`), `.ml-connector`
 *      in the current folder, which is the state folder of the pipelines kept there.
 * Relative paths given by a person resolve against the current folder. Nothing here loads the store
 * itself (no native library), so the CLI can answer `--help` where SQLite cannot load.
 */
import { dirname, join, resolve } from 'node:path';

export const STATE_ENVIRONMENT_VARIABLE = 'ML_CONNECTOR_STATE';
export const DEFAULT_STATE_FOLDER = '.ml-connector';

/** A pipeline's own state folder: `.ml-connector` in the folder of its file. */
export function defaultStateDir(pipelinePath: string): string {
  return join(dirname(resolve(pipelinePath)), DEFAULT_STATE_FOLDER);
}

/** The folder asked for, by option or environment; undefined when neither names one. */
export function chosenStateDir(
  option: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): string | undefined {
  const fromEnvironment = env[STATE_ENVIRONMENT_VARIABLE];
  // An empty variable counts as unset: schedulers often export unset template variables as ''.
  const chosen = option ?? (fromEnvironment !== undefined && fromEnvironment !== '' ? fromEnvironment : undefined);
  return chosen === undefined ? undefined : resolve(cwd, chosen);
}

/** The state folder to use: the one asked for, else the pipeline's own, else `.ml-connector` in `cwd`. */
export function resolveStateDir(
  option: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  pipelinePath?: string,
): string {
  return (
    chosenStateDir(option, env, cwd) ??
    (pipelinePath === undefined ? resolve(cwd, DEFAULT_STATE_FOLDER) : defaultStateDir(resolve(cwd, pipelinePath)))
  );
}
