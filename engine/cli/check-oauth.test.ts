/**
 * `check` reaches a BambooHR OAuth connection as the studio's Test does: the refresh token it spends is
 * replaced in the keychain, and what the sign-in obtained (the next refresh token) is masked in
 * everything the CLI prints. The CLI once built this connection's context by hand without the masking.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../connectors/registry.ts';
import { formatPipeline, parsePipelineText } from '../model/index.ts';
import { EnvironmentSecretStore, secretValues, type SecretStore } from '../secrets/index.ts';
import type { CliContext, Output } from './context.ts';
import { BAMBOOHR_TO_GP, prepareExampleWorkspace } from './example-workspace.ts';
import { runCli } from './main.ts';
import { tempDir } from './test-support.ts';

const temp = tempDir('mlc-check-oauth-');
afterAll(() => temp.remove());

class MemoryKeychain implements SecretStore {
  readonly values = new Map<string, string>();
  get = (name: string) => Promise.resolve(this.values.get(name));
  set = (name: string, value: string) => Promise.resolve(void this.values.set(name, value));
  delete = (name: string) => Promise.resolve(this.values.delete(name));
  list = () => Promise.resolve([...this.values.keys()].sort());
  describe = () => 'a keychain in memory';
}

function capture(): Output & { readonly lines: string[] } {
  const lines: string[] = [];
  return { lines, line: (text) => void lines.push(text), json: (value) => void lines.push(JSON.stringify(value)) };
}

describe('check with a BambooHR OAuth connection', () => {
  it('signs in, keeps the next refresh token in the keychain, and masks it', async () => {
    const gp = await startSimulator('gp', { port: 0, rows: 2 });
    const bamboo = await startSimulator('bamboohr', { port: 0, rows: 3 });
    try {
      const file = prepareExampleWorkspace(temp.path, { gp, bamboohr: bamboo }, [BAMBOOHR_TO_GP]).files[
        BAMBOOHR_TO_GP
      ]!;
      const pipeline = parsePipelineText(readFileSync(file, 'utf8')).pipeline!;
      const clientId = /client id (\S+),/.exec(bamboo.banner.join('\n'))![1]!;
      pipeline.connections.bamboohr = {
        ...pipeline.connections.bamboohr!,
        auth: {
          method: 'oauth2-refresh-token',
          clientId,
          secret: 'bamboohr_client_secret',
          refreshTokenSecret: 'bamboohr_refresh_token',
        },
      };
      writeFileSync(file, formatPipeline(pipeline));
      const keychain = new MemoryKeychain();
      for (const [name, value] of Object.entries({ ...gp.secrets, ...bamboo.secrets }))
        keychain.values.set(name, value);
      const out = capture();
      const context: CliContext = {
        out,
        err: capture(),
        env: {},
        cwd: temp.path,
        stdin: process.stdin,
        stderr: process.stderr,
        secrets: {
          resolve: async (name) => (await keychain.get(name)) ?? Promise.reject(new Error(`no ${name}`)),
          values: secretValues,
          scrub: (text) => text,
          keychain,
          environment: new EnvironmentSecretStore(),
        },
      };
      expect(await runCli(['check', file], context)).toBe(0);
      expect(out.lines.join('\n')).toMatch(/^bamboohr \(bamboohr\): ok - .*with OAuth/m);
      const successor = keychain.values.get('bamboohr_refresh_token')!;
      expect(successor).not.toBe(bamboo.secrets.bamboohr_refresh_token);
      expect(secretValues()).toContain(successor);
    } finally {
      await gp.close();
      await bamboo.close();
    }
  }, 60_000);
});
