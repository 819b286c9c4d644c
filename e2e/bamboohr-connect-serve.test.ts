/**
 * `connect` (the OAuth sign-in, run in-process with an in-memory keychain so no real keyring is
 * touched) and `webhooks serve` (a real process, as IT runs it), both against the simulators.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { startBambooSimulator, WebhookSender } from '../connectors/bamboohr/simulator/index.ts';
import { startGpSimulator } from '../connectors/dynamics-gp/simulator/index.ts';
import { formatPipeline, parsePipelineText } from '../engine/model/index.ts';
import type { SecretStore } from '../engine/secrets/index.ts';
import type { CliContext, Output } from '../engine/cli/context.ts';
import { BAMBOOHR_TO_GP, prepareExampleWorkspace } from '../engine/cli/example-workspace.ts';
import { runCli } from '../engine/cli/main.ts';
import { PROJECT_ROOT, tempDir } from '../engine/cli/test-support.ts';

const temp = tempDir('mlc-connect-');
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

describe('connect', () => {
  it('signs in through the browser redirect and stores the refresh token in the keychain, never printing it', async () => {
    const bamboo = await startBambooSimulator({ rows: 2 });
    try {
      const workspace = prepareExampleWorkspace(temp.path, { gp: { url: 'http://127.0.0.1:1' }, bamboohr: { address: { companyDomain: bamboo.companyDomain, apiBase: bamboo.apiBase, tokenUrl: bamboo.tokenUrl } } }, [BAMBOOHR_TO_GP]);
      const file = workspace.files[BAMBOOHR_TO_GP]!;
      const pipeline = parsePipelineText(readFileSync(file, 'utf8')).pipeline!;
      const connection = pipeline.connections.bamboohr!;
      pipeline.connections.bamboohr = {
        ...connection,
        address: { ...connection.address, authorizeUrl: `${bamboo.url}/authorize.php` },
        auth: { method: 'oauth2-refresh-token', clientId: bamboo.credentials.app.clientId, secret: 'bamboohr_client_secret', refreshTokenSecret: 'bamboohr_refresh_token', scope: 'openid offline_access employee' },
      };
      writeFileSync(file, formatPipeline(pipeline));
      const keychain = new MemoryKeychain();
      keychain.values.set('bamboohr_client_secret', bamboo.credentials.app.clientSecret);
      const out = capture();
      const browsing: Promise<void>[] = [];
      const watched: Output = {
        json: out.json,
        line: (text) => {
          out.line(text);
          const url = /^\s+(http\S+)$/.exec(text)?.[1];
          if (url !== undefined) {
            browsing.push((async () => {
              const consent = await request(url);
              await consent.body.dump();
              await (await request(String(consent.headers.location))).body.dump();
            })());
          }
        },
      };
      const context: CliContext = {
        out: watched,
        err: capture(),
        env: {},
        cwd: temp.path,
        stdin: process.stdin,
        stderr: process.stderr,
        secrets: { resolve: async (name) => (await keychain.get(name)) ?? Promise.reject(new Error(`no ${name}`)), values: () => [...keychain.values.values()], scrub: (text) => text, keychain, environment: new MemoryKeychain() },
      };
      expect(await runCli(['connect', file], context)).toBe(0);
      await Promise.all(browsing);
      const token = keychain.values.get('bamboohr_refresh_token') ?? '';
      expect(token).toMatch(/^rt-/);
      expect(out.lines.at(-1)).toBe('Signed in. The refresh token is stored in the keychain as "bamboohr_refresh_token".');
      expect(out.lines.join('\n')).not.toContain(token);
      expect(out.lines.join('\n')).not.toContain(bamboo.credentials.app.clientSecret);
      // A pipeline without an OAuth connection has nothing to connect: exit 2 with the reason.
      const plain = capture();
      expect(await runCli(['connect', join(PROJECT_ROOT, 'assets', 'examples', BAMBOOHR_TO_GP)], { ...context, err: plain })).toBe(2);
      expect(plain.lines[0]).toContain('no connection in this pipeline signs in with oauth2-refresh-token');
    } finally {
      await bamboo.close();
    }
  });
});

describe('webhooks serve', () => {
  it('listens, applies a signed delivery to GP, refuses a forged one, and stops cleanly on Ctrl-C', async () => {
    const bamboo = await startBambooSimulator({ rows: 3, seed: 5 });
    const gp = await startGpSimulator({ rows: 2 });
    const key = 'whk-cli-private-key-42';
    const workspace = prepareExampleWorkspace(join(temp.path, 'serve'), { gp, bamboohr: { address: { companyDomain: bamboo.companyDomain, apiBase: bamboo.apiBase, tokenUrl: bamboo.tokenUrl } } }, [BAMBOOHR_TO_GP]);
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !name.startsWith('ML_CONNECTOR_')) env[name] = value;
    Object.assign(env, { ML_CONNECTOR_SECRET_BAMBOOHR_API_KEY: bamboo.credentials.apiKey, ML_CONNECTOR_SECRET_GP_PASSWORD: gp.credentials.password, ML_CONNECTOR_SECRET_BAMBOOHR_WEBHOOK_KEY: key });
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'ml-connector.mjs'), 'webhooks', 'serve', workspace.files[BAMBOOHR_TO_GP]!, '--port', '0', '--poll-every', '0', '--state', join(temp.path, 'serve-state')], { cwd: temp.path, env });
    let stdout = '';
    const seen = (text: string) =>
      new Promise<void>((ready, fail) => {
        const check = () => stdout.includes(text) && ready();
        child.stdout.on('data', check);
        child.once('exit', () => fail(new Error(`webhooks serve ended early: ${stdout}`)));
        check();
      });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    try {
      await seen('Press Ctrl-C to stop.');
      const url = /on (http:\/\/127\.0\.0\.1:\d+\/hooks\/bamboohr)/.exec(stdout)?.[1];
      expect(url).toBeDefined();
      const [change] = bamboo.advance(1);
      bamboo.store.events.splice(0, bamboo.store.events.length - 1);
      expect((await new WebhookSender(bamboo.store, { url: url!, privateKey: 'forged' }).flush()).map((d) => d.status)).toEqual([401]);
      bamboo.store.events.push({ type: 'employee.updated', employeeId: change!.employeeId, changedFields: ['department'], atMs: Date.now() });
      expect((await new WebhookSender(bamboo.store, { url: url!, privateKey: key }).flush()).map((d) => d.status)).toEqual([200]);
      await seen('webhook: 1 read, 1 written');
      expect(gp.store.map('employees').has(change!.employeeId)).toBe(true);
      expect(stdout).toContain('delivery 401 bad-signature');
      expect(stdout).not.toContain(key);
      const code = await new Promise<number | null>((done) => {
        child.removeAllListeners('exit');
        child.once('exit', done);
        child.kill('SIGINT');
      });
      expect(code).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await bamboo.close();
      await gp.close();
    }
  }, 60_000);
});
