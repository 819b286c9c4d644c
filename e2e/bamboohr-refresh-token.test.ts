/**
 * A BambooHR OAuth connection where no keychain can be reached, so the refresh token can only come from
 * ML_CONNECTOR_SECRET_BAMBOOHR_REFRESH_TOKEN and its single-use successor could not be kept: every command
 * that would sign in (`run`, `check`, `plan`, `preview`, `webhooks serve`) refuses before its first
 * request, exit 2, one line with the fix. The simulator shows the token was never presented, and it still
 * works afterwards where a keychain is there to keep its successor. No secret value is ever printed.
 * The keychain is kept away by pointing the D-Bus session at a socket that does not exist.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBambooSimulator, type BambooSimulator } from '../connectors/bamboohr/simulator/index.ts';
import { startGpSimulator, type GpSimulator } from '../connectors/dynamics-gp/simulator/index.ts';
import type { CliContext, Output } from '../engine/cli/context.ts';
import { BAMBOOHR_TO_GP, prepareExampleWorkspace } from '../engine/cli/example-workspace.ts';
import { runCli } from '../engine/cli/main.ts';
import { cli, nonEmptyLines, tempDir } from '../engine/cli/test-support.ts';
import { formatPipeline, parsePipelineText } from '../engine/model/index.ts';
import type { SecretStore } from '../engine/secrets/index.ts';

const temp = tempDir('mlc-refresh-token-');
let bamboo: BambooSimulator;
let gp: GpSimulator;
let file: string;
let refreshToken: string;
let env: Record<string, string>;

beforeAll(async () => {
  bamboo = await startBambooSimulator({ rows: 3 });
  gp = await startGpSimulator({ rows: 2 });
  const address = { companyDomain: bamboo.companyDomain, apiBase: bamboo.apiBase, tokenUrl: bamboo.tokenUrl };
  file = prepareExampleWorkspace(temp.path, { gp, bamboohr: { address } }, [BAMBOOHR_TO_GP]).files[BAMBOOHR_TO_GP]!;
  const pipeline = parsePipelineText(readFileSync(file, 'utf8')).pipeline!;
  pipeline.connections.bamboohr = {
    ...pipeline.connections.bamboohr!,
    auth: {
      method: 'oauth2-refresh-token',
      clientId: bamboo.credentials.app.clientId,
      secret: 'bamboohr_client_secret',
      refreshTokenSecret: 'bamboohr_refresh_token',
      scope: 'openid offline_access employee report',
    },
  };
  writeFileSync(file, formatPipeline(pipeline));
  refreshToken = bamboo.auth.issueRefreshToken();
  env = {
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(temp.path, 'no-bus')}`,
    ML_CONNECTOR_SECRET_BAMBOOHR_CLIENT_SECRET: bamboo.credentials.app.clientSecret,
    ML_CONNECTOR_SECRET_BAMBOOHR_REFRESH_TOKEN: refreshToken,
    ML_CONNECTOR_SECRET_BAMBOOHR_WEBHOOK_KEY: 'whk-refresh-token-test-key',
    ML_CONNECTOR_SECRET_GP_PASSWORD: gp.credentials.password,
  };
});

afterAll(async () => {
  await bamboo?.close();
  await gp?.close();
  temp.remove();
});

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

const FIX = /single-use .*ml-connector connect/;

describe('BambooHR OAuth with environment-only secrets', () => {
  it('the machine under test has no keychain in this environment', async () => {
    const listed = await cli(['secrets', 'list'], { env, cwd: temp.path });
    expect(listed.stderr).toContain('The OS keychain is not available here');
  }, 60_000);

  it.each([
    ['run', () => ['run', file, '--state', join(temp.path, 'state')]],
    ['plan', () => ['plan', file, '--state', join(temp.path, 'state')]],
    ['preview', () => ['preview', file, '--stream', 'employees']],
    [
      'webhooks serve',
      () => ['webhooks', 'serve', file, '--port', '0', '--poll-every', '0', '--state', join(temp.path, 'state')],
    ],
  ])(
    '%s refuses before any request to BambooHR: exit 2, one line with the fix',
    async (_name, args) => {
      const result = await cli(args(), { env, cwd: temp.path });
      expect(result.code).toBe(2);
      const lines = nonEmptyLines(result.stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^error: connections\.bamboohr: its refresh token "bamboohr_refresh_token" is single-use/,
      );
      expect(lines[0]).toMatch(FIX);
      expect(lines[0]).toContain('ML_CONNECTOR_SECRET_BAMBOOHR_REFRESH_TOKEN would spend it');
      expect(`${result.stdout}${result.stderr}`).not.toContain(refreshToken);
      expect(`${result.stdout}${result.stderr}`).not.toContain(bamboo.credentials.app.clientSecret);
      expect(bamboo.stats.requests).toBe(0);
    },
    60_000,
  );

  it('check answers for every connection, refuses BambooHR before its first request, and exits 2', async () => {
    const result = await cli(['check', file], { env, cwd: temp.path });
    expect(result.code).toBe(2);
    const refused = nonEmptyLines(result.stdout).filter((line) => line.startsWith('bamboohr (bamboohr): FAILED'));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(FIX);
    expect(refused[0]).toContain('[REFRESH_TOKEN_UNSTORABLE]');
    expect(result.stdout).toMatch(/^gp \(dynamics-gp\): ok/m);
    expect(`${result.stdout}${result.stderr}`).not.toContain(refreshToken);
    expect(`${result.stdout}${result.stderr}`).not.toContain(gp.credentials.password);
    expect(bamboo.stats.requests).toBe(0);
  }, 60_000);

  it('the refresh token was never presented: it still signs in where a keychain keeps its successor', async () => {
    expect(bamboo.auth.stats.tokenRequests).toBe(0);
    expect(bamboo.auth.refreshGrants.get(refreshToken)?.successor).toBeUndefined();
    const keychain = new MemoryKeychain();
    keychain.values.set('bamboohr_client_secret', bamboo.credentials.app.clientSecret);
    keychain.values.set('bamboohr_refresh_token', refreshToken);
    keychain.values.set('gp_password', gp.credentials.password);
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
        values: () => [...keychain.values.values()],
        scrub: (text) => text,
        keychain,
        environment: new MemoryKeychain(),
      },
    };
    expect(await runCli(['check', file], context)).toBe(0);
    expect(out.lines.join('\n')).toMatch(/^bamboohr \(bamboohr\): ok - .*with OAuth/m);
    expect(bamboo.auth.stats.refreshes).toBe(1);
    const successor = keychain.values.get('bamboohr_refresh_token');
    expect(successor).not.toBe(refreshToken);
    expect(bamboo.auth.refreshGrants.get(refreshToken)?.successor?.refreshToken).toBe(successor);
  }, 60_000);
});
