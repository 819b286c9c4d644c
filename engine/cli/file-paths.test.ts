/**
 * One rule for the files a pipeline names, the same in every command, driven through the real CLI as IT
 * would: a relative path that climbs out of the pipeline's folder (a lookup CSV, a connection's folder)
 * or a stream file outside its connection's folder is refused with exit 2 and one line naming the
 * setting's JSON path and the path; a full path to a file elsewhere is fine; and a file exported for
 * headless runs into another folder validates and runs.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemRules } from '../../connectors/registry.ts';
import { pipelinesService } from '../host/services/pipelines.ts';
import { installSystemRules } from '../model/index.ts';
import { SecretRegistry } from '../secrets/index.ts';
import { cli, copyOfExamples, nonEmptyLines, tempDir } from './test-support.ts';

// The studio's services as createStudioServices sets them up: which address parts are paths comes from the connector list.
installSystemRules(systemRules());

const temp = tempDir();
afterAll(() => temp.remove());

const examples = copyOfExamples(temp.path);
// The data and the lookup CSV, also kept outside the pipeline's folder.
const elsewhere = join(temp.path, 'elsewhere');
mkdirSync(elsewhere);
cpSync(join(examples, 'data'), elsewhere, { recursive: true });
cpSync(join(examples, 'lookups', 'cost-centers.csv'), join(elsewhere, 'cost-centers.csv'));

/** The CSV example beside itself under another name, with one edit. */
function variant(name: string, edit: (pipeline: Record<string, any>) => void): string {
  const pipeline = JSON.parse(readFileSync(join(examples, 'csv-to-duckdb.json'), 'utf8'));
  edit(pipeline);
  writeFileSync(join(examples, name), JSON.stringify(pipeline, null, 2));
  return name;
}

const LOOKUP_OUTSIDE = variant(
  'lookup-outside.json',
  (p) => (p.lookups.cost_centers.file.path = '../elsewhere/cost-centers.csv'),
);
const FOLDER_OUTSIDE = variant('folder-outside.json', (p) => (p.connections.gl_export.address.folder = '../elsewhere'));
const FILE_OUTSIDE = variant(
  'file-outside.json',
  (p) => (p.streams.gl_lines.source.options.file = '../elsewhere/gl-lines-*.csv'),
);
const FULL_PATHS = variant('full-paths.json', (p) => {
  p.lookups.cost_centers.file.path = join(elsewhere, 'cost-centers.csv');
  p.connections.gl_export.address.folder = elsewhere;
  p.connections.warehouse.address.path = join(elsewhere, 'warehouse.duckdb');
});

const LOOKUP_LINE = 'lookups.cost_centers.file.path: "../elsewhere/cost-centers.csv" is outside the pipeline\'s folder';
const run = (file: string, ...more: string[]) =>
  cli(['run', file, '--state', join(temp.path, `state-${file}`), ...more], { cwd: examples });

describe('a lookup CSV outside the pipeline folder by a relative path: the same answer from every command', () => {
  it('validate: exit 2, the setting and the path named', async () => {
    const result = await cli(['validate', LOOKUP_OUTSIDE], { cwd: examples });
    expect(result.code).toBe(2);
    expect(nonEmptyLines(result.stderr)).toEqual([
      expect.stringContaining(`error: ${LOOKUP_LINE}`),
      `${LOOKUP_OUTSIDE} is not valid: 1 error.`,
    ]);
    expect(result.stderr).toContain('Write the full path of a file kept elsewhere');
  });

  it.each(['run', 'preview', 'plan'])(
    '%s: exit 2 in one line naming the setting and the path, nothing run',
    async (command) => {
      const result =
        command === 'run'
          ? await run(LOOKUP_OUTSIDE)
          : await cli(
              [
                command,
                LOOKUP_OUTSIDE,
                ...(command === 'preview' ? ['--stream', 'gl_lines'] : ['--state', join(temp.path, 'plan-state')]),
              ],
              { cwd: examples },
            );
      expect(result.code).toBe(2);
      expect(nonEmptyLines(result.stderr)).toEqual([
        expect.stringContaining(`error: ${LOOKUP_OUTSIDE}: ${LOOKUP_LINE}`),
      ]);
      expect(result.stdout).toBe('');
    },
  );
});

describe('a connection folder or a stream file outside its folder', () => {
  it.each([
    [FOLDER_OUTSIDE, 'connections.gl_export.address.folder: "../elsewhere" is outside the pipeline\'s folder'],
    [
      FILE_OUTSIDE,
      'streams.gl_lines.source.options.file: "../elsewhere/gl-lines-*.csv" must name a file inside the connection\'s folder',
    ],
  ])('%s: validate and run both exit 2 naming it', async (file, line) => {
    const validate = await cli(['validate', file], { cwd: examples });
    const result = await run(file);
    expect(validate.code).toBe(2);
    expect(validate.stderr).toContain(`error: ${line}`);
    expect(result.code).toBe(2);
    expect(nonEmptyLines(result.stderr)).toEqual([expect.stringContaining(`error: ${file}: ${line}`)]);
  });
});

describe('files kept elsewhere, named by their full paths', () => {
  it('validate and run as written: the run reads the 8 GL lines and holds the one the cost centers miss', async () => {
    const validate = await cli(['validate', FULL_PATHS], { cwd: examples });
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
    const result = await run(FULL_PATHS, '--json');
    expect(result.code).toBe(1);
    expect(
      nonEmptyLines(result.stdout)
        .map((line) => JSON.parse(line))
        .at(-1),
    ).toMatchObject({ status: 'held', streams: [{ name: 'gl_lines', read: 8, written: 7, held: 1 }] });
  });
});

describe('a pipeline exported for headless runs into another folder', () => {
  it('validates and runs from there, its files found by the paths Export wrote', async () => {
    const context = {
      cwd: temp.path,
      stateDir: join(temp.path, 'studio-state'),
      secrets: {
        resolve: async (name: string) => Promise.reject(new Error(`no secret ${name}`)),
        lookup: async () => undefined,
        set: async () => {},
        delete: async () => false,
        describe: () => 'none',
      },
      registry: new SecretRegistry(),
      publish: () => {},
    };
    const from = join(examples, 'csv-to-duckdb.json');
    await pipelinesService(context).export({
      path: from,
      text: readFileSync(from, 'utf8'),
      to: 'it/scheduled/gl.json',
    });
    const folder = join(temp.path, 'it', 'scheduled');
    const validate = await cli(['validate', 'gl.json'], { cwd: folder });
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
    const result = await cli(['run', 'gl.json', '--json'], { cwd: folder });
    expect(result.stderr).not.toContain('error:');
    expect(result.code).toBe(1);
    expect(
      nonEmptyLines(result.stdout)
        .map((line) => JSON.parse(line))
        .at(-1),
    ).toMatchObject({ status: 'held', streams: [{ name: 'gl_lines', read: 8, written: 7, held: 1 }] });
  });
});
