/**
 * The kit's client through a real forward proxy (CONNECT tunnels, loopback) and against a real HTTPS
 * server whose certificate an internal CA signed: the environment's proxy variables are honoured the way
 * undici and curl read them, the connection's own CA is trusted for that client only, and what goes
 * wrong is said in words that never carry the proxy's password.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isKitError, type KitError } from '../errors.ts';
import { createSimulatorServer } from '../simulator/https.ts';
import { startLoopback, sendJson, type LoopbackServer } from '../testing/loopback.ts';
import { startTestProxy, type TestProxy } from '../testing/proxy.ts';
import { createHttpClient, type HttpClient, type HttpClientOptions } from './client.ts';
import { proxyFor, proxySettingsFromEnv } from './network.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function proxy(options: Parameters<typeof startTestProxy>[0] = {}): Promise<TestProxy> {
  const started = await startTestProxy(options);
  closers.push(() => started.close());
  return started;
}

async function plainServer(): Promise<LoopbackServer> {
  const server = await startLoopback((_, response) => sendJson(response, 200, { ok: true }));
  closers.push(() => server.close());
  return server;
}

/** An HTTPS server on loopback whose certificate is signed by a CA made for the test. */
async function httpsServer(): Promise<{ url: string; caCert: string }> {
  const listener = createSimulatorServer('test', true, (_, response) => sendJson(response, 200, { ok: true }));
  await new Promise<void>((resolve) => listener.server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        listener.server.closeAllConnections();
        listener.server.close(() => resolve());
      }),
  );
  return { url: `https://127.0.0.1:${(listener.server.address() as AddressInfo).port}`, caCert: listener.caCert ?? '' };
}

function client(options: HttpClientOptions): HttpClient {
  const made = createHttpClient({ retry: false, ...options });
  closers.push(() => made.close());
  return made;
}

async function failure(promise: Promise<unknown>): Promise<KitError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isKitError(error)) throw new Error(`expected a KitError, got ${String(error)}`);
  return error;
}

describe('proxy settings', () => {
  it('reads the variables lower case first, as undici and curl do', () => {
    expect(
      proxySettingsFromEnv({
        HTTPS_PROXY: 'http://upper:1',
        https_proxy: 'http://lower:2',
        NO_PROXY: 'a',
        no_proxy: 'b',
      }),
    ).toEqual({ httpsProxy: 'http://lower:2', noProxy: 'b' });
    expect(proxySettingsFromEnv({ HTTP_PROXY: 'http://p:3' })).toEqual({ httpProxy: 'http://p:3' });
    expect(proxySettingsFromEnv({})).toEqual({});
  });

  it('follows NO_PROXY: names, subdomains, ports, the wildcard; loopback is proxied unless listed', () => {
    const settings = { httpsProxy: 'http://proxy.corp:3128', noProxy: 'internal.corp, .example.com,gp.local:8443' };
    expect(proxyFor('https://erp.example.com/x', settings)).toBeUndefined();
    expect(proxyFor('https://internal.corp/x', settings)).toBeUndefined();
    expect(proxyFor('https://db.internal.corp/x', settings)).toBeUndefined();
    expect(proxyFor('https://gp.local:8443/x', settings)).toBeUndefined();
    expect(proxyFor('https://gp.local/x', settings)?.host).toBe('proxy.corp:3128');
    expect(proxyFor('https://127.0.0.1:47001/x', settings)?.host).toBe('proxy.corp:3128');
    expect(proxyFor('https://127.0.0.1:47001/x', { ...settings, noProxy: '127.0.0.1,localhost' })).toBeUndefined();
    expect(proxyFor('https://anything/x', { ...settings, noProxy: '*' })).toBeUndefined();
    // An https address falls back to HTTP_PROXY; an http one never takes HTTPS_PROXY.
    expect(proxyFor('https://api.bamboohr.com/', { httpProxy: 'proxy:8080' })?.href).toBe('http://proxy:8080/');
    expect(proxyFor('http://gp.corp/', { httpsProxy: 'http://proxy:3128' })).toBeUndefined();
  });
});

describe('through a proxy', () => {
  it('honours HTTP_PROXY from the environment: every request through it, in kept-alive tunnels', async () => {
    const tunnel = await proxy();
    const server = await plainServer();
    const saved = { ...process.env };
    process.env.HTTP_PROXY = tunnel.url;
    delete process.env.http_proxy;
    delete process.env.NO_PROXY;
    delete process.env.no_proxy;
    try {
      const http = client({ baseUrl: server.url });
      for (let page = 0; page < 5; page += 1)
        await expect(http.getJson(`/page/${page}`)).resolves.toEqual({ ok: true });
    } finally {
      process.env = saved;
    }
    expect(new Set(tunnel.tunnels.map((seen) => seen.target))).toEqual(new Set([new URL(server.url).host]));
    // The pool may open a second tunnel while the first is being released; never one per request.
    expect(tunnel.tunnels.length).toBeLessThanOrEqual(2);
    expect(server.seen).toHaveLength(5);
    expect(tunnel.plainRequests).toBe(0);
  });

  it('goes direct to a host NO_PROXY lists', async () => {
    const tunnel = await proxy();
    const server = await plainServer();
    const http = client({ baseUrl: server.url, proxy: { httpProxy: tunnel.url, noProxy: 'localhost,127.0.0.1' } });
    await expect(http.getJson('/direct')).resolves.toEqual({ ok: true });
    expect(tunnel.tunnels).toHaveLength(0);
  });

  it('signs in to a proxy with the user and password of its URL, and never repeats the password', async () => {
    const password = 'pr0xy-s3cret';
    const tunnel = await proxy({ credentials: { user: 'svc-sync', password } });
    const server = await plainServer();
    await expect(
      client({ baseUrl: server.url, proxy: { httpProxy: tunnel.urlWith('svc-sync', password) } }).getJson('/in'),
    ).resolves.toEqual({ ok: true });
    expect(tunnel.tunnels.at(-1)?.accepted).toBe(true);

    const refused = await failure(
      client({ baseUrl: server.url, proxy: { httpProxy: tunnel.urlWith('svc-sync', 'wrong-pa55') } }).getJson('/in'),
    );
    expect(refused.code).toBe('PROXY_REFUSED');
    expect(refused.message).toContain(
      `the proxy http://127.0.0.1:${tunnel.port} refused the connection to ${new URL(server.url).host} with HTTP 407`,
    );
    expect(refused.message).not.toContain('wrong-pa55');
    expect(refused.transient).toBe(false);

    await tunnel.close();
    const gone = await failure(
      client({ baseUrl: server.url, proxy: { httpProxy: tunnel.urlWith('svc-sync', password) } }).getJson('/in'),
    );
    expect(gone.code).toBe('ECONNREFUSED');
    expect(gone.message).toContain(`through the proxy http://127.0.0.1:${tunnel.port}`);
    expect(gone.message).not.toContain(password);
  });
});

describe('a connection that trusts its own CA', () => {
  it('refuses a certificate from a CA this computer does not trust, naming the host and caCertFile', async () => {
    const server = await httpsServer();
    const error = await failure(client({ baseUrl: server.url }).getJson('/x'));
    expect(error.code).toBe('TLS_UNTRUSTED');
    expect(error.message).toContain(
      `the certificate of ${new URL(server.url).host} is not signed by a certificate authority this computer trusts`,
    );
    expect(error.message).toContain('caCertFile');
    expect(error.transient).toBe(false);
  });

  it('trusts the CA for that client only, the system CAs still trusted beside it', async () => {
    const server = await httpsServer();
    await expect(client({ baseUrl: server.url, caCert: server.caCert }).getJson('/x')).resolves.toEqual({ ok: true });
    // Not process-wide: a client without it is still refused.
    expect((await failure(client({ baseUrl: server.url }).getJson('/x'))).code).toBe('TLS_UNTRUSTED');
    // Another CA named instead: said as such.
    const other = await httpsServer();
    const wrongCa = await failure(client({ baseUrl: server.url, caCert: other.caCert }).getJson('/x'));
    expect(wrongCa.message).toContain('is not signed by the CA certificate in caCertFile');
  });

  it('trusts it inside a proxy tunnel too', async () => {
    const tunnel = await proxy();
    const server = await httpsServer();
    await expect(
      client({ baseUrl: server.url, caCert: server.caCert, proxy: { httpsProxy: tunnel.url } }).getJson('/x'),
    ).resolves.toEqual({ ok: true });
    expect(tunnel.tunnels.map((seen) => seen.target)).toEqual([new URL(server.url).host]);
    const untrusted = await failure(client({ baseUrl: server.url, proxy: { httpsProxy: tunnel.url } }).getJson('/x'));
    expect(untrusted.code).toBe('TLS_UNTRUSTED');
    expect(untrusted.message).toContain(`If the proxy http://127.0.0.1:${tunnel.port} inspects HTTPS`);
  });
});
