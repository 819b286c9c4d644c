import { afterEach, describe, expect, it } from 'vitest';
import { KitError } from '../errors.ts';
import { type LoopbackServer, recordingSleep, sendJson, startLoopback, type TestHandler } from '../testing/loopback.ts';
import { createHttpClient, type HttpClientOptions } from './client.ts';
import type { RequestLogEntry } from './request-log.ts';

let server: LoopbackServer | undefined;
const clients: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await server?.close();
  server = undefined;
});

async function setup(handler: TestHandler, options: Partial<HttpClientOptions> = {}) {
  server = await startLoopback(handler);
  const { delays, sleep } = recordingSleep();
  const client = createHttpClient({
    baseUrl: server.url,
    retry: { sleep, random: () => 1, baseDelayMs: 100 },
    ...options,
  });
  clients.push(client);
  return { client, delays, seen: server.seen };
}

/** Answers `failures` requests with `fail`, then 200 {"ok":true}. */
function failThen(failures: number, fail: TestHandler): TestHandler {
  let count = 0;
  return (request, response, raw) =>
    count++ < failures ? fail(request, response, raw) : sendJson(response, 200, { ok: true });
}

describe('http client retry', () => {
  it('waits the Retry-After of a 429 and then succeeds', async () => {
    const { client, delays, seen } = await setup(
      failThen(1, (_, response) => sendJson(response, 429, { message: 'slow down' }, { 'retry-after': '3' })),
    );
    await expect(client.getJson('/items')).resolves.toEqual({ ok: true });
    expect(delays).toEqual([3000]);
    expect(seen).toHaveLength(2);
  });

  it('backs off exponentially on 503 and gives up after maxAttempts with HTTP_503', async () => {
    const { client, delays, seen } = await setup((_, response) =>
      sendJson(response, 503, { error: { message: { value: 'maintenance' } } }),
    );
    const error = await client.getJson('/items').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KitError);
    expect(error).toMatchObject({ code: 'HTTP_503', status: 503, vendorMessage: 'maintenance', transient: true });
    expect(delays).toEqual([100, 200, 400, 800]);
    expect(seen).toHaveLength(5);
  });

  it('retries a GET after a connection reset', async () => {
    const { client, seen } = await setup(
      failThen(2, (_, response) => {
        response.socket?.destroy();
      }),
    );
    await expect(client.getJson('/items')).resolves.toEqual({ ok: true });
    expect(seen).toHaveLength(3);
  });

  it('never resends a POST that was reset (it may have been applied), but does after a 429', async () => {
    const reset = await setup((_, response) => {
      response.socket?.destroy();
    });
    const error = await reset.client
      .send({ method: 'POST', path: '/journal', body: '{}' })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ECONNRESET' });
    expect(reset.seen).toHaveLength(1);
    await server?.close();
    const throttled = await setup(failThen(1, (_, response) => sendJson(response, 429, {}, { 'retry-after': '1' })));
    await expect(throttled.client.send({ method: 'POST', path: '/journal', body: '{}' })).resolves.toMatchObject({
      status: 200,
      attempt: 2,
    });
  });

  it('a wrong password is one AUTH_FAILED, not retried, with the vendor message scrubbed', async () => {
    const { client, seen } = await setup(
      (request, response) => sendJson(response, 401, { error: `bad password ${request.headers['x-pass'] ?? ''}` }),
      { scrub: (text) => text.replaceAll('hunter22', '***') },
    );
    const error = await client
      .send({ method: 'GET', path: '/x', headers: { 'x-pass': 'hunter22' } })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'AUTH_FAILED', transient: false, vendorMessage: 'bad password ***' });
    expect(String((error as Error).message)).not.toContain('hunter22');
    expect(seen).toHaveLength(1);
  });

  it('times out a slow response (ETIMEDOUT) and retries it', async () => {
    const { client, seen } = await setup(
      failThen(1, (_, response) => {
        setTimeout(() => sendJson(response, 200, { late: true }), 300);
      }),
      { timeouts: { requestMs: 40 } },
    );
    await expect(client.getJson('/slow')).resolves.toEqual({ ok: true });
    expect(seen).toHaveLength(2);
  });

  it('keeps the connection alive between requests', async () => {
    const { client, seen } = await setup((_, response) => sendJson(response, 200, {}));
    for (let index = 0; index < 10; index += 1) await client.getJson(`/page/${index}`);
    // The pool may open a second socket while the first is being released; never one per request.
    expect(new Set(seen.map((request) => request.clientPort)).size).toBeLessThanOrEqual(2);
  });
});

describe('request log', () => {
  it('logs each attempt with secrets removed from headers, query and bodies', async () => {
    const entries: RequestLogEntry[] = [];
    const { client } = await setup(
      failThen(1, (_, response) => sendJson(response, 503, {})),
      {
        log: (entry) => entries.push(entry),
        scrub: (text) => text.replaceAll('s3cr3t-value', '***'),
      },
    );
    await client.send({
      method: 'POST',
      path: '/token?api_key=abc123&page=2',
      idempotent: true,
      headers: {
        authorization: 'Bearer abc.def',
        'content-type': 'application/json',
        'x-note': 'has s3cr3t-value inside',
      },
      body: JSON.stringify({ user: 'ann', password: 'pw1234', nested: { client_secret: 'cs' }, memo: 's3cr3t-value' }),
    });
    expect(entries.map((entry) => entry.status)).toEqual([503, 200]);
    const text = JSON.stringify(entries);
    for (const secret of ['abc123', 'abc.def', 'pw1234', '"cs"', 's3cr3t-value']) expect(text).not.toContain(secret);
    expect(entries[0]).toMatchObject({
      url: '/token?api_key=***&page=2',
      requestHeaders: { authorization: 'Bearer ***' },
    });
    expect(entries[0]?.requestBody).toContain('"user":"ann"');
  });
});
