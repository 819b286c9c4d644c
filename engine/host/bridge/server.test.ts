/**
 * The bridge on a real loopback server (port 0), with a one-channel table: who gets in (Host, Origin,
 * token, the token-for-cookie trade), how a bad payload is answered, the placeholder page, and the
 * event stream. The full studio API over it is tested in scripts/studio-web.test.ts.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SecretRegistry } from '../../secrets/index.ts';
import { startBridge, type Bridge, type Validation } from './server.ts';
import { send } from './test-client.ts';

const validate = (domain: string, method: string, payload: unknown): Validation => {
  if (domain !== 'echo' || method !== 'say') return undefined;
  const text = (payload as { text?: unknown }).text;
  return typeof text === 'string'
    ? { ok: true, data: { text } }
    : { ok: false, field: 'text', message: 'text: expected a string' };
};

let bridge: Bridge | undefined;
afterEach(async () => {
  await bridge?.close();
  bridge = undefined;
});

async function start(registry = new SecretRegistry()): Promise<Bridge> {
  bridge = await startBridge({
    validate,
    services: { echo: { say: async ({ text }: { text: string }) => ({ said: text }) } },
    registry,
    log: () => {},
  });
  return bridge;
}

describe('web bridge', () => {
  it('trades the token in the address for a per-port HttpOnly cookie, then serves the placeholder page', async () => {
    const { port, token } = await start();
    const first = await send(port, { path: `/?token=${token}` });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toContain(`mlc_studio_${port}=${token}`);
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await send(port, { path: '/', headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('not built yet');
    expect((await send(port, { path: '/?token=wrong' })).status).toBe(401);
  });

  it('refuses other methods, unknown channels and bodies that are not JSON', async () => {
    const { port, token } = await start();
    const auth = { authorization: `Bearer ${token}` };
    expect((await send(port, { path: '/api/echo/say', headers: auth })).status).toBe(405);
    expect((await send(port, { path: '/api/echo/shout', headers: auth, body: { text: 'x' } })).status).toBe(404);
    expect((await send(port, { path: '/api/__proto__/toString', headers: auth, body: {} })).status).toBe(404);
    const notJson = await send(port, {
      path: '/api/echo/say',
      headers: { ...auth, 'content-type': 'text/plain' },
      body: { text: 'x' },
    });
    expect(notJson.status).toBe(415);
    const ok = await send(port, { path: '/api/echo/say', headers: auth, body: { text: 'hello' } });
    expect(ok.json).toEqual({ result: { said: 'hello' } });
  });

  it('streams published events to a signed-in client, scrubbed', async () => {
    const registry = new SecretRegistry();
    registry.remember('an-event-secret-value');
    const { port, token } = await start(registry);
    const received = await new Promise<string>((resolve, reject) => {
      const outgoing = request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/events',
          headers: { host: `127.0.0.1:${port}`, authorization: `Bearer ${token}` },
        },
        (response) => {
          expect(response.headers['content-type']).toContain('text/event-stream');
          let text = '';
          response.on('data', (chunk: Buffer) => {
            text += chunk.toString('utf8');
            if (text.includes(': connected'))
              bridge!.publish({ type: 'run-progress', note: 'token an-event-secret-value' });
            if (text.includes('data: ')) {
              outgoing.destroy();
              resolve(text);
            }
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end();
    });
    expect(received).toContain('"type":"run-progress"');
    expect(received).not.toContain('an-event-secret-value');
  });
});
