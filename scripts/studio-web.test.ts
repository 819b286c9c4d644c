/**
 * The studio API over the web bridge, end to end: a real server on port 0, real HTTP, the real
 * contract schemas and engine services, secrets in an in-memory keychain with their own scrub registry.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, type Answer } from '../engine/host/bridge/test-client.ts';
import type { Bridge } from '../engine/host/index.ts';
import {
  EnvironmentSecretStore,
  KeychainSecretStore,
  SecretRegistry,
  createSecretResolver,
} from '../engine/secrets/index.ts';
import { memoryKeytar } from '../engine/secrets/test-support.ts';
import type { PipelineText, PreviewResult } from '../renderer/api/contract.ts';
import { startStudioWeb } from './studio-web.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXAMPLE = 'assets/examples/csv-to-duckdb.json';
const SECRET = 'Tr0ub4dor-and-3-horses';

let bridge: Bridge;
const answers: Answer[] = [];

async function call(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const answer = await send(bridge.port, {
    path,
    body,
    headers: { authorization: `Bearer ${bridge.token}`, ...headers },
  });
  answers.push(answer);
  return answer;
}

beforeAll(async () => {
  const registry = new SecretRegistry();
  const secrets = createSecretResolver({
    keychain: new KeychainSecretStore({ keytar: memoryKeytar(), registry }),
    environment: new EnvironmentSecretStore({ environment: {}, registry }),
    registry,
  });
  bridge = await startStudioWeb({
    cwd: ROOT,
    stateDir: mkdtempSync(join(tmpdir(), 'mlc-studio-web-')),
    secrets,
    registry,
    staticDir: join(ROOT, 'no-such-build'),
    log: () => {},
  });
});
afterAll(async () => {
  await bridge.close();
});

describe('studio web host', () => {
  it('answers 401 to a request without the token', async () => {
    const answer = await send(bridge.port, { path: '/api/pipelines/open', body: { path: EXAMPLE } });
    expect(answer.status).toBe(401);
    expect(answer.json.error?.code).toBe('TOKEN_REQUIRED');
  });

  it('answers 403 to another site, even with the token', async () => {
    const answer = await call('/api/pipelines/open', { path: EXAMPLE }, { origin: 'https://evil.example' });
    expect(answer.status).toBe(403);
    expect(answer.json.error?.code).toBe('FORBIDDEN_ORIGIN');
  });

  it('answers 403 to a Host that is not loopback (DNS rebinding)', async () => {
    const answer = await call('/api/pipelines/open', { path: EXAMPLE }, { host: `rebind.example:${bridge.port}` });
    expect(answer.status).toBe(403);
    expect(answer.json.error?.code).toBe('FORBIDDEN_HOST');
  });

  it('answers 400 naming the field when a payload fails validation, with no stack', async () => {
    const answer = await call('/api/preview/stream', { pipeline: { path: EXAMPLE }, stream: 'gl_lines', limit: 'ten' });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'limit' });
    expect(answer.text).not.toMatch(/\bat .*\.ts:\d+/);
    const nested = await call('/api/connections/list', { pipeline: { path: 42 } });
    expect(nested.json.error?.field).toBe('pipeline.path');
  });

  it('opens and validates the example pipeline: canonical text, no problems', async () => {
    const file = readFileSync(join(ROOT, EXAMPLE), 'utf8');
    const opened = (await call('/api/pipelines/open', { path: EXAMPLE })).json.result as PipelineText;
    expect(opened.text).toBe(file);
    expect(opened.problems).toEqual([]);
    const validated = (await call('/api/pipelines/validate', { text: opened.text, path: EXAMPLE })).json
      .result as PipelineText;
    expect(validated).toMatchObject({ text: file, problems: [] });
  });

  it('previews gl_lines: rows, the held row with its reason, and where each column comes from', async () => {
    const answer = await call('/api/preview/stream', { pipeline: { path: EXAMPLE }, stream: 'gl_lines', limit: 50 });
    expect(answer.status).toBe(200);
    const preview = answer.json.result as PreviewResult;
    expect(preview.rows.length).toBeGreaterThan(0);
    expect(preview.held).toHaveLength(1);
    expect(preview.held[0]!.reasons[0]).toMatchObject({ column: 'cost_center' });
    expect(preview.held[0]!.reasons[0]!.message).toMatch(/cost_centers/);
    expect(preview.columns.find((c) => c.name === 'net_amount')).toMatchObject({
      fields: ['DEBITAMT', 'CRDTAMNT'],
      lookups: [],
    });
    expect(preview.rows[0]!.net_amount).toMatch(/^-?\d+\.\d{2}$/);
  });

  it('takes a secret in and never sends it out', async () => {
    const set = await call('/api/connections/setSecret', { name: 'gp_password', value: SECRET });
    expect(set.json.result).toMatchObject({ name: 'gp_password', changed: true });
    // Places a value could echo back: text the analyst sends, an error message, a listing.
    await call('/api/pipelines/validate', { text: `{"name": "${SECRET}"}` });
    await call('/api/pipelines/open', { path: `${SECRET}.json` });
    const listed = await call('/api/connections/list', { pipeline: { path: 'assets/examples/gp-to-duckdb.json' } });
    expect(listed.status).toBe(200);
    for (const answer of answers) expect(answer.text).not.toContain(SECRET);
    expect(answers.some((answer) => answer.text.includes('***'))).toBe(true);
  });
});
