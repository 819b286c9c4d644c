/**
 * The studio's host and the CLI find the same state folder for the same pipeline file, however each
 * names the file: the studio relative to the folder it was started in (or by its full path, from a file
 * dialog), the CLI relative to whatever folder a scheduler runs it from, or by its full path. The host's
 * side is what its services use (`stateDirFor` on the pipeline `loadRef` loads); the CLI's side is what
 * `run`, `plan` and `preview` use (`resolveStateDir` with --state, the environment and the current folder).
 * The studio hosts (studio:web, the desktop app) take --state or $ML_CONNECTOR_STATE with `chosenStateDir`.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chosenStateDir, resolveStateDir } from '../../store/state-folder.ts';
import { loadRef, stateDirFor, type HostContext } from './context.ts';
import { testHostContext } from './test-context.ts';

const EXAMPLE_TEXT = readFileSync(
  fileURLToPath(new URL('../../../assets/examples/csv-to-duckdb.json', import.meta.url)),
  'utf8',
);
const ROOT = resolve('/home/ana');
const PIPELINE = join(ROOT, 'finance', 'pipelines', 'gl.json');

/** A host as the studio hosts build it in `cwd` under `env`: a state folder only when --state or the environment names one. */
function studioHostIn(cwd: string, env: Record<string, string> = {}, stateOption?: string): HostContext {
  const { stateDir: _, ...context } = testHostContext(cwd);
  const stateDir =
    stateOption === undefined ? chosenStateDir(undefined, env, cwd) : resolveStateDir(stateOption, env, cwd);
  return { ...context, ...(stateDir === undefined ? {} : { stateDir }) };
}

/** The state folder the studio's services use for the pipeline the studio names `path`. */
function studioStateDir(context: HostContext, path: string): string {
  return stateDirFor(context, loadRef(context, { path, text: EXAMPLE_TEXT }).path);
}

/** The state folder `ml-connector run PATH` uses when started in `cwd`. */
function cliStateDir(cwd: string, path: string, env: Record<string, string> = {}, stateOption?: string): string {
  return resolveStateDir(stateOption, env, cwd, resolve(cwd, path));
}

describe('the studio and the CLI find the same state folder for the same pipeline file', () => {
  it('by default: .ml-connector beside the file, whichever folder each starts in and however the file is named', () => {
    const expected = join(ROOT, 'finance', 'pipelines', '.ml-connector');
    const studioInHome = studioHostIn(ROOT);
    const studioElsewhere = studioHostIn(resolve('/opt/studio'));
    const asTheStudioNamesIt = [
      studioStateDir(studioInHome, 'finance/pipelines/gl.json'),
      studioStateDir(studioInHome, './finance/../finance/pipelines/gl.json'),
      studioStateDir(studioInHome, PIPELINE),
      studioStateDir(studioElsewhere, PIPELINE),
      studioStateDir(studioElsewhere, '../../home/ana/finance/pipelines/gl.json'),
    ];
    const asTheCliNamesIt = [
      cliStateDir(join(ROOT, 'finance', 'pipelines'), 'gl.json'),
      cliStateDir(ROOT, 'finance/pipelines/gl.json'),
      cliStateDir(resolve('/var/spool/cron'), PIPELINE),
      cliStateDir(resolve('/var/spool/cron'), '../../../home/ana/finance/pipelines/gl.json'),
    ];
    expect(new Set([...asTheStudioNamesIt, ...asTheCliNamesIt])).toEqual(new Set([expected]));
  });

  it('with $ML_CONNECTOR_STATE: the folder it names, for both, resolved from the folder each starts in', () => {
    const env = { ML_CONNECTOR_STATE: '/srv/mlc-state' };
    expect(studioStateDir(studioHostIn(ROOT, env), 'finance/pipelines/gl.json')).toBe(resolve('/srv/mlc-state'));
    expect(cliStateDir(resolve('/var/spool/cron'), PIPELINE, env)).toBe(resolve('/srv/mlc-state'));
    // An empty variable counts as unset for both: each pipeline's own folder again.
    expect(studioStateDir(studioHostIn(ROOT, { ML_CONNECTOR_STATE: '' }), 'finance/pipelines/gl.json')).toBe(
      cliStateDir(ROOT, PIPELINE, { ML_CONNECTOR_STATE: '' }),
    );
  });

  it('with --state: the folder named, relative to the folder the command was started in, over the environment', () => {
    const env = { ML_CONNECTOR_STATE: '/srv/mlc-state' };
    const studio = studioStateDir(studioHostIn(ROOT, env, 'state'), PIPELINE);
    expect(studio).toBe(join(ROOT, 'state'));
    expect(cliStateDir(ROOT, 'finance/pipelines/gl.json', env, 'state')).toBe(studio);
  });
});
