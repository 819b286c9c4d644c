/**
 * The state folder (the run store) a command uses: `--state DIR`, else $ML_CONNECTOR_STATE, else
 * `.ml-connector` in the current folder. Relative paths resolve against the current folder, as a
 * person typing them expects (unlike paths inside a pipeline file, which follow the file).
 */
import { resolve } from 'node:path';

export const STATE_ENVIRONMENT_VARIABLE = 'ML_CONNECTOR_STATE';
export const DEFAULT_STATE_FOLDER = '.ml-connector';

export function resolveStateDir(option: string | undefined, env: Readonly<Record<string, string | undefined>>, cwd: string): string {
  // An empty variable counts as unset: schedulers often export unset template variables as ''.
  const fromEnvironment = env[STATE_ENVIRONMENT_VARIABLE];
  const chosen = option ?? (fromEnvironment !== undefined && fromEnvironment !== '' ? fromEnvironment : DEFAULT_STATE_FOLDER);
  return resolve(cwd, chosen);
}
