import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultStateDir, resolveStateDir } from './state-folder.ts';

describe('the state folder', () => {
  it('is the one asked for, then ML_CONNECTOR_STATE, then .ml-connector beside the pipeline file', () => {
    expect(resolveStateDir('s', { ML_CONNECTOR_STATE: '/env' }, '/home/analyst', 'pipelines/gl.json')).toBe(
      resolve('/home/analyst', 's'),
    );
    expect(resolveStateDir(undefined, { ML_CONNECTOR_STATE: '/env' }, '/home/analyst', 'pipelines/gl.json')).toBe(
      resolve('/env'),
    );
    // An empty variable counts as unset (schedulers export unset template variables as '').
    expect(resolveStateDir(undefined, { ML_CONNECTOR_STATE: '' }, '/home/analyst', 'pipelines/gl.json')).toBe(
      resolve('/home/analyst/pipelines/.ml-connector'),
    );
    expect(resolveStateDir(undefined, {}, '/home/analyst', '/srv/etl/gl.json')).toBe(resolve('/srv/etl/.ml-connector'));
  });

  it('is the same for a pipeline file however it is named: relative from anywhere, or absolute', () => {
    const fromHome = resolveStateDir(undefined, {}, '/home/ana', 'pipelines/gl.json');
    const fromItsFolder = resolveStateDir(undefined, {}, '/home/ana/pipelines', 'gl.json');
    expect(fromHome).toBe(fromItsFolder);
    expect(fromHome).toBe(defaultStateDir('/home/ana/pipelines/gl.json'));
  });

  it('for a command that names no pipeline, is .ml-connector in the current folder', () => {
    expect(resolveStateDir(undefined, {}, '/home/analyst')).toBe(resolve('/home/analyst', '.ml-connector'));
  });
});
