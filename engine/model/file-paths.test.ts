/** The one rule for files a pipeline names: relative paths stay inside the pipeline's folder, full paths name files elsewhere. */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFilePaths, connectionFileProblem, pipelinePathProblem } from './file-paths.ts';
import { parsePipelineDocument } from './pipeline-file.ts';
import { installSystemRules } from './references.ts';
import { minimalPipeline, TEST_SYSTEM_RULES } from './test-fixtures.ts';

// Which address parts are paths comes from the connector list (the registry's rules in the CLI and the studio).
beforeAll(() => installSystemRules(TEST_SYSTEM_RULES));

describe('paths resolved against the pipeline folder', () => {
  it.each([
    './data',
    'data',
    'lookups/cost-centers.csv',
    './data/../lookups/x.csv',
    '.',
    '/srv/exports',
    'C:\\exports\\gl',
    'D:/exports',
    '\\\\fileserver\\exports',
  ])('accepts %s (inside the folder, or a full path)', (path) => expect(pipelinePathProblem(path)).toBeUndefined());

  it.each(['..', '../data', './data/../../x.csv', 'lookups\\..\\..\\x.csv', 'a/../../b'])(
    'refuses %s, which climbs out of the folder',
    (path) => {
      expect(pipelinePathProblem(path)).toMatch(
        new RegExp(`^"${path.replace(/[\\.]/g, '\\$&')}" is outside the pipeline's folder; .*Write the full path`),
      );
    },
  );
});

describe("a stream's file, inside its connection's folder", () => {
  it.each(['gl.csv', 'gl-lines-*.csv', 'exports/2024/gl.csv', './gl.csv'])('accepts %s', (file) =>
    expect(connectionFileProblem(file)).toBeUndefined(),
  );
  it.each(['../gl.csv', '/srv/gl.csv', 'C:\\gl.csv', 'C:gl.csv', 'a//b.csv', 'exports/../gl.csv'])(
    'refuses %s',
    (file) => {
      expect(connectionFileProblem(file)).toContain("must name a file inside the connection's folder");
    },
  );
});

describe('checking a pipeline', () => {
  it("reports each setting at its JSON path: lookups, file and DuckDB paths, CA certificates and a file source's file", () => {
    const pipeline = minimalPipeline();
    pipeline.connections['files']!.address['folder'] = '../data';
    pipeline.connections['warehouse']!.address['path'] = '../w.duckdb';
    pipeline.connections['lake'] = {
      system: 'databricks',
      address: { host: 'h', httpPath: '/sql', caCertFile: '../ca.pem' },
      auth: { method: 'personal-access-token', secret: 'pat' },
    };
    pipeline.lookups!['cost_centers'] = { file: { path: '../cc.csv', keyColumn: 'a', valueColumn: 'b' } };
    pipeline.streams['gl_lines']!.source.options = { file: '../gl.csv' };
    expect(checkFilePaths(pipeline).map((problem) => `${problem.path} ${problem.code} ${problem.severity}`)).toEqual([
      'connections.files.address.folder path-outside-folder error',
      'connections.warehouse.address.path path-outside-folder error',
      'connections.lake.address.caCertFile path-outside-folder error',
      'lookups.cost_centers.file.path path-outside-folder error',
      'streams.gl_lines.source.options.file path-outside-folder error',
    ]);
  });

  it('leaves alone what is not a file on this machine: a GP address, a URL-like path part, a stream of another system', () => {
    const pipeline = minimalPipeline();
    pipeline.connections['gp'] = {
      system: 'dynamics-gp',
      address: { baseUrl: 'http://gp', path: '../x', company: 'c' },
      auth: { method: 'ntlm', username: 'D\\u', secret: 'gp_password' },
    };
    pipeline.streams['gl_lines']!.source.connection = 'gp';
    pipeline.streams['gl_lines']!.source.options = { file: '../x' };
    expect(checkFilePaths(pipeline)).toEqual([]);
  });

  it('is part of reading the file, so the studio and every command see the problem', () => {
    const pipeline = minimalPipeline();
    pipeline.lookups!['cost_centers'] = { file: { path: '../cc.csv', keyColumn: 'a', valueColumn: 'b' } };
    expect(parsePipelineDocument(JSON.parse(JSON.stringify(pipeline))).problems).toEqual([
      expect.objectContaining({
        path: 'lookups.cost_centers.file.path',
        code: 'path-outside-folder',
        severity: 'error',
      }),
    ]);
  });
});
