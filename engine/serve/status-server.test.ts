/**
 * The status endpoint's access rules, against the real server on loopback port 0, and `ml-connector
 * status` reading it: loopback by default; beyond loopback only with a token; a token, once set, required
 * on every request and compared in constant time.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../cli/test-support.ts';
import type { ServeStatus } from './serve-status.ts';
import { sameSecret, startStatusServer, StatusSetupError, type StatusServer } from './status-server.ts';

const STATUS: ServeStatus = {
  startedAt: '2026-01-10T00:00:00.000Z',
  now: '2026-01-10T01:00:00.000Z',
  missedRuns: 'skip',
  pipelines: [
    {
      file: '/srv/pipelines/gl.json',
      id: 'gl',
      name: 'GL <lines> & "accounts"',
      cron: '0 2 * * *',
      running: false,
      nextRun: '2026-01-10T02:00:00.000Z',
      lastRun: {
        runId: 'r1',
        status: 'held',
        startedAt: '2026-01-09T02:00:00.000Z',
        finishedAt: '2026-01-09T02:00:05.000Z',
        read: 8,
        written: 7,
        held: 1,
      },
      runs: 1,
      failures: 0,
      skipped: 0,
      heldRows: 1,
    },
  ],
};

let server: StatusServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A GET with the headers given (Host included, which fetch will not let a caller set). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the status endpoint', () => {
  it('listens on loopback by default and serves the status as JSON and as a plain page', async () => {
    server = await startStatusServer({ status: () => STATUS, port: 0 });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const json = await get(`${server.url}/status`);
    expect(json.status).toBe(200);
    expect(JSON.parse(json.body)).toEqual(STATUS);
    const page = await get(`${server.url}/`);
    expect(page.body).toContain('<td>GL &lt;lines&gt; &amp; &quot;accounts&quot;</td>');
    expect(page.body).not.toContain('<lines>');
  });

  it('with no token, refuses a request naming another host (a page reaching loopback by DNS rebinding)', async () => {
    server = await startStatusServer({ status: () => STATUS, port: 0 });
    expect((await get(`${server.url}/status`, { host: 'evil.example' })).status).toBe(403);
  });

  it('refuses to listen beyond loopback without a token', async () => {
    await expect(startStatusServer({ status: () => STATUS, host: '0.0.0.0', port: 0 })).rejects.toThrow(
      StatusSetupError,
    );
    await expect(startStatusServer({ status: () => STATUS, host: '0.0.0.0', port: 0, token: '' })).rejects.toThrow(
      /only with a token/,
    );
  });

  it('with a token (bound beyond loopback), requires it on every request', async () => {
    const token = 'status-token-3f9a1c';
    server = await startStatusServer({ status: () => STATUS, host: '0.0.0.0', port: 0, token });
    const url = server.url.replace('0.0.0.0', '127.0.0.1');
    expect((await get(`${url}/status`)).status).toBe(401);
    expect((await get(`${url}/status`, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await get(`${url}/status`, { authorization: `Bearer ${token}x` })).status).toBe(401);
    expect((await get(`${url}/status`, { authorization: token })).status).toBe(401);
    expect((await get(`${url}/status`, { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await get(`${url}/`, { authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('compares tokens of any length without failing early on the length', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abd', 'abc')).toBe(false);
    expect(sameSecret('', 'abc')).toBe(false);
    expect(sameSecret('a'.repeat(1000), 'abc')).toBe(false);
  });

  it('`ml-connector status` reads it, with the token from a secret, and exits 1 when rows are held', async () => {
    const token = 'status-token-77c0de';
    server = await startStatusServer({ status: () => STATUS, port: 0, token });
    const refused = await cli(['status', '--url', server.url]);
    expect(refused.stderr).toMatch(/needs its token/);
    expect(refused.code).toBe(2);
    const env = { ML_CONNECTOR_SECRET_STATUS_TOKEN: token };
    const json = await cli(['status', '--url', server.url, '--token-secret', 'STATUS_TOKEN', '--json'], { env });
    expect(JSON.parse(json.stdout)).toEqual(STATUS);
    expect(json.code).toBe(1);
    const text = await cli(['status', '--url', server.url, '--token-secret', 'STATUS_TOKEN'], { env });
    expect(text.stdout).toMatch(/gl\s+2026-01-10T02:00:00.000Z\s+held 2026-01-09T02:00:05.000Z\s+1\s+0\s+1/);
  });
});
