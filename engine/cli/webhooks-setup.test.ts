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
    const result = await cli(['webhooks', 'serve', pipeline, '--port', '0', '--public-url', 'http://hooks.example.com/bamboohr', '--state', join(temp.path, 'state')]);
    expect(result.stderr).toMatch(/the public address must be the https:\/\/ address BambooHR posts to/);
    expect(result.code).toBe(EXIT_INVALID);
  });
});
