/**
 * Save as into another folder, through the host's pipelines service on the shipped CSV example copied
 * to a temporary folder: the relative paths (the data folder, the DuckDB file, the lookup CSV, the $schema) are
 * rebased as Export rebases them, so the write plan made from the new file finds the same data. A data
 * file left outside the new folder gets its full path: a relative one may not climb out of the folder.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemRules } from '../../../connectors/registry.ts';
import { installSystemRules, parsePipelineText, readSchedule } from '../../model/index.ts';
import { SecretRegistry } from '../../secrets/index.ts';
import type { HostContext } from './context.ts';
import { pipelinesService } from './pipelines.ts';
import { runsService } from './runs.ts';

// As createStudioServices does: which address parts are paths comes from the connector list.
installSystemRules(systemRules());

const EXAMPLES = fileURLToPath(new URL('../../../assets/examples', import.meta.url));
const FROM = 'examples/csv-to-duckdb.json';

let dir: string;
let context: HostContext;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlc-pipelines-service-'));
  cpSync(EXAMPLES, join(dir, 'examples'), { recursive: true });
  cpSync(join(EXAMPLES, '..', 'schema'), join(dir, 'schema'), { recursive: true });
  mkdirSync(join(dir, 'month-end', 'june'), { recursive: true });
  context = {
    cwd: dir,
    stateDir: join(dir, 'state'),
    secrets: {
      resolve: async (name) => Promise.reject(new Error(`no secret ${name}`)),
      lookup: async () => undefined,
      set: async () => {},
      delete: async () => false,
      describe: () => 'none',
    },
    registry: new SecretRegistry(),
    publish: () => {},
  };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('pipelines service: save as', () => {
  it('rebases relative paths into the new folder, so a plan from the new file reads the same data', async () => {
    const text = readFileSync(join(dir, FROM), 'utf8');
    const saved = await pipelinesService(context).save({ path: 'month-end/june/gl.json', text, from: FROM });
    expect(saved.saved).toBe(true);
    expect(saved.rewrittenPaths).toEqual([
      { where: 'connections.gl_export.address.folder', from: './data', to: join(dir, 'examples/data') },
      {
        where: 'connections.warehouse.address.path',
        from: './warehouse.duckdb',
        to: join(dir, 'examples/warehouse.duckdb'),
      },
      {
        where: 'lookups.cost_centers.file.path',
        from: './lookups/cost-centers.csv',
        to: join(dir, 'examples/lookups/cost-centers.csv'),
      },
      { where: '$schema', from: '../schema/pipeline.schema.json', to: '../../schema/pipeline.schema.json' },
    ]);
    const written = readFileSync(join(dir, 'month-end/june/gl.json'), 'utf8');
    expect(written).toBe(saved.text);
    const load = parsePipelineText(written);
    expect(load.problems).toEqual([]);
    const pipeline = load.pipeline!;
    expect(pipeline.connections.gl_export!.address.folder).toBe(join(dir, 'examples/data'));
    expect(pipeline.lookups!.cost_centers!.file!.path).toBe(join(dir, 'examples/lookups/cost-centers.csv'));
    expect(existsSync(join(dir, 'month-end/june', pipeline.$schema!))).toBe(true);

    // The saved file, read from disk where it now lives: the source and the lookup CSV are found.
    const plan = await runsService(context).plan({ pipeline: { path: 'month-end/june/gl.json' } });
    expect(plan.streams).toEqual([expect.objectContaining({ name: 'gl_lines', read: 8, held: 1 })]);
  });

  it('leaves the paths alone when saved in the same folder, or when the pipeline never had a file', async () => {
    const text = readFileSync(join(dir, FROM), 'utf8');
    const service = pipelinesService(context);
    const beside = await service.save({ path: 'examples/copy.json', text, from: FROM });
    expect(beside).toMatchObject({ saved: true, rewrittenPaths: [], text });
    const fresh = await service.save({ path: 'month-end/new.json', text });
    expect(fresh).toMatchObject({ saved: true, rewrittenPaths: [], text });
  });
});

describe('pipelines service: paths outside the pipeline folder', () => {
  it('keeps a path relative when the file is still inside the new folder', async () => {
    const text = readFileSync(join(dir, FROM), 'utf8');
    const saved = await pipelinesService(context).save({ path: 'gl.json', text, from: FROM });
    expect(saved.rewrittenPaths).toContainEqual({
      where: 'connections.gl_export.address.folder',
      from: './data',
      to: './examples/data',
    });
    expect(parsePipelineText(saved.text).problems).toEqual([]);
  });

  it('exports with full paths for the files it leaves behind (the CA certificate too), and the exported file has no problems', async () => {
    const from = 'examples/gp-to-databricks.json';
    const text = readFileSync(join(dir, from), 'utf8');
    const exported = await pipelinesService(context).export({ path: from, text, to: 'scheduled/gl.json' });
    const written = parsePipelineText(readFileSync(join(dir, 'scheduled/gl.json'), 'utf8'));
    expect(written.problems).toEqual([]);
    expect(written.pipeline!.connections['lakehouse']!.address['caCertFile']).toBe(
      join(dir, 'examples/databricks-simulator-ca.pem'),
    );
    expect(exported.rewrittenPaths).toContainEqual({
      where: 'connections.lakehouse.address.caCertFile',
      from: './databricks-simulator-ca.pem',
      to: join(dir, 'examples/databricks-simulator-ca.pem'),
    });
    for (const lookup of Object.values(written.pipeline!.lookups ?? {}))
      if (lookup.file) expect(existsSync(lookup.file.path)).toBe(true);
  });

  it("tells IT the pipeline's schedule in the studio's words, with its next five runs in the schedule's time zone", async () => {
    const text = readFileSync(join(dir, FROM), 'utf8');
    const before = new Date();
    const exported = await pipelinesService(context).export({ path: FROM, text, to: 'scheduled/gl.json' });
    expect(exported.schedule).toMatchObject({
      cron: '0 2 * * *',
      timeZone: 'America/Chicago',
      words: 'At 02:00, every day (America/Chicago)',
    });
    const studioSays = readSchedule('0 2 * * *', 'America/Chicago', before);
    expect(studioSays.ok && exported.schedule!.next).toEqual(studioSays.ok && studioSays.next);
    expect(exported.schedule!.next.map((run) => run.local)).toEqual(
      Array.from({ length: 5 }, () => expect.stringMatching(/, 02:00 C[SD]T$/)),
    );
  });

  it('refuses to export a pipeline whose relative path climbs out of its folder, naming it in the problems', async () => {
    const text = readFileSync(join(dir, FROM), 'utf8').replace(
      '"./lookups/cost-centers.csv"',
      '"../lookups/cost-centers.csv"',
    );
    const problems = parsePipelineText(text).problems;
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'lookups.cost_centers.file.path',
        code: 'path-outside-folder',
        severity: 'error',
      }),
    ]);
    await expect(pipelinesService(context).export({ path: FROM, text, to: 'scheduled/gl.json' })).rejects.toThrow(
      /Fix the problem in the pipeline/,
    );
  });
});
