/** `webhooks serve` with a setup the user gave wrong: a usage mistake (exit 2) in the service's own words. */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_INVALID } from './errors.ts';
import { cli, copyOfExamples, tempDir } from './test-support.ts';

const temp = tempDir('mlc-webhooks-setup-');
afterAll(() => temp.remove());

describe('webhooks serve refuses a wrong setup before listening', () => {
  it('exits 2 on a public address that is not https://', async () => {
    const pipeline = join(copyOfExamples(temp.path), 'bamboohr-to-gp.json');
    const result = await cli([
      'webhooks',
      'serve',
      pipeline,
      '--port',
      '0',
      '--public-url',
      'http://hooks.example.com/bamboohr',
      '--state',
      join(temp.path, 'state'),
    ]);
    expect(result.stderr).toMatch(/the public address must be the https:\/\/ address BambooHR posts to/);
    expect(result.code).toBe(EXIT_INVALID);
  });

  it('exits 2 on a pipeline with no stream a webhook system pushes, naming the kind from the connector list', async () => {
    const pipeline = join(copyOfExamples(temp.path), 'csv-to-duckdb.json');
    const result = await cli(['webhooks', 'serve', pipeline, '--port', '0', '--state', join(temp.path, 'state')]);
    expect(result.stderr).toContain('the pipeline has no BambooHR employees stream for webhooks to keep current.');
    expect(result.code).toBe(EXIT_INVALID);
  });

  it('exits 2 on a named stream webhooks cannot keep current, saying what it reads', async () => {
    const pipeline = join(copyOfExamples(temp.path), 'csv-to-duckdb.json');
    const result = await cli([
      'webhooks',
      'serve',
      pipeline,
      '--stream',
      'gl_lines',
      '--port',
      '0',
      '--state',
      join(temp.path, 'state'),
    ]);
    expect(result.stderr).toMatch(/webhooks keep a BambooHR employees stream current; "gl_lines" reads \S+ from file/);
    expect(result.code).toBe(EXIT_INVALID);
  });
});
