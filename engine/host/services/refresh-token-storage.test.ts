/**
 * The studio's services on a host where the keychain cannot be reached (the native library answers
 * as it does without a D-Bus session) and the BambooHR OAuth secrets come from ML_CONNECTOR_SECRET_*:
 * Test, Sign in, preview, plan, run and Listen for changes all refuse the connection before any request
 * to BambooHR, saying how to fix it, so the single-use refresh token is not spent.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../connectors/registry.ts';
import { BAMBOOHR_TO_GP, prepareExampleWorkspace } from '../../cli/example-workspace.ts';
import { formatPipeline, parsePipelineText } from '../../model/index.ts';
import {
  createSecretResolver,
  EnvironmentSecretStore,
  KeychainSecretStore,
  SecretRegistry,
} from '../../secrets/index.ts';
import { failingKeytar, memoryKeytar, NO_SESSION_BUS } from '../../secrets/test-support.ts';
import { createStudioServices } from './index.ts';

let bamboo: SimulatorHandle;
let dir: string;
let text: string;
let refreshToken: string;

beforeAll(async () => {
  bamboo = await startSimulator('bamboohr', { port: 0, rows: 2 });
  dir = mkdtempSync(join(tmpdir(), 'mlc-refresh-storage-'));
  const file = prepareExampleWorkspace(dir, { gp: { url: 'http://127.0.0.1:1' }, bamboohr: bamboo }, [BAMBOOHR_TO_GP])
    .files[BAMBOOHR_TO_GP]!;
  const pipeline = parsePipelineText(readFileSync(file, 'utf8')).pipeline!;
  const connection = pipeline.connections.bamboohr!;
  pipeline.connections.bamboohr = {
    ...connection,
    address: { ...connection.address, authorizeUrl: String(bamboo.address.authorizeUrl) },
    auth: {
      method: 'oauth2-refresh-token',
      clientId: 'sim-bamboohr-client',
      secret: 'bamboohr_client_secret',
      refreshTokenSecret: 'bamboohr_refresh_token',
      scope: 'openid offline_access employee report',
    },
  };
  text = formatPipeline(pipeline);
  refreshToken = bamboo.secrets.bamboohr_refresh_token!;
});

afterAll(async () => {
  await bamboo?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The OAuth secrets in environment variables, beside a keychain that is missing or (`keychain: true`) in memory. */
function services(options: { keychain?: boolean } = {}) {
  const registry = new SecretRegistry();
  const secrets = createSecretResolver({
    registry,
    keychain: new KeychainSecretStore({
      registry,
      keytar: options.keychain === true ? memoryKeytar() : failingKeytar(NO_SESSION_BUS),
    }),
    environment: new EnvironmentSecretStore({
      registry,
      environment: {
        ML_CONNECTOR_SECRET_BAMBOOHR_CLIENT_SECRET: bamboo.secrets.bamboohr_client_secret,
        ML_CONNECTOR_SECRET_BAMBOOHR_REFRESH_TOKEN: refreshToken,
        ML_CONNECTOR_SECRET_BAMBOOHR_WEBHOOK_KEY: 'whk-refresh-storage-key',
      },
    }),
  });
  const events: unknown[] = [];
  const studio = createStudioServices({
    cwd: dir,
    stateDir: join(dir, 'state'),
    secrets,
    registry,
    publish: (event) => void events.push(event),
  });
  return { studio, events };
}

const REFUSAL =
  /^connections\.bamboohr: its refresh token "bamboohr_refresh_token" is single-use .*no OS keychain here.*ml-connector connect/;
const pipeline = () => ({ path: join(dir, BAMBOOHR_TO_GP), text });

describe('studio services, BambooHR OAuth with no keychain', () => {
  it('refuse before any request to BambooHR, in words that say how to fix it', async () => {
    const { studio, events } = services();
    try {
      const tested = await studio.connections.test({ pipeline: pipeline(), connection: 'bamboohr' });
      expect(tested).toMatchObject({ ok: false, code: 'REFRESH_TOKEN_UNSTORABLE' });
      expect(tested.message).toMatch(REFUSAL);

      const refusals = [
        studio.connections.signIn({ pipeline: pipeline(), connection: 'bamboohr', port: 0 }),
        studio.preview.stream({ pipeline: pipeline(), stream: 'employees' }),
        studio.runs.plan({ pipeline: pipeline(), streams: ['employees'] }),
        studio.webhooks.start({ pipeline: pipeline(), stream: 'employees', port: 0, pollEverySeconds: 0 }),
      ];
      for (const refused of refusals)
        await expect(refused).rejects.toMatchObject({
          code: 'REFRESH_TOKEN_UNSTORABLE',
          message: expect.stringMatching(REFUSAL),
        });

      const { job } = await studio.runs.start({ pipeline: pipeline(), streams: ['employees'] });
      await expect
        .poll(() => events.find((event) => (event as { type?: string }).type === 'run-failed'))
        .toMatchObject({
          job,
          error: { code: 'REFRESH_TOKEN_UNSTORABLE', message: expect.stringMatching(REFUSAL) },
        });

      expect(bamboo.stats().httpRequests).toBe(0);
      expect(JSON.stringify([tested, events])).not.toContain(refreshToken);
    } finally {
      await studio.close();
    }
  });

  it('left the refresh token unspent: with a keychain to keep its successor, the same token signs in', async () => {
    const { studio } = services({ keychain: true });
    try {
      expect(await studio.connections.test({ pipeline: pipeline(), connection: 'bamboohr' })).toMatchObject({
        ok: true,
      });
    } finally {
      await studio.close();
    }
  });
});
