/**
 * IIS Extended Protection on the GP simulator over HTTPS: the kit's NTLM client binds its sign-in to the
 * TLS connection (MsvAvChannelBindings from the server certificate); a server that requires it refuses a
 * client that does not, and one that checks it refuses a binding made for another certificate (a
 * TLS-terminating proxy in between). Real HTTPS simulators on loopback with their generated CA.
 */
import { createRequire } from 'node:module';
import type { AddressInfo, Socket } from 'node:net';
import { connect as tlsConnect, createServer as createTlsServer } from 'node:tls';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createType1Message } from '../../kit/auth/ntlm-messages.ts';
import { ntlmAuth } from '../../kit/auth/ntlm.ts';
import { createHttpClient, type HttpClient } from '../../kit/http/client.ts';
import type { ProxySettings } from '../../kit/http/network.ts';
import { makeSimulatorTls } from '../../kit/simulator/certificate.ts';
import type { ExtendedProtection } from '../../kit/simulator/ntlm-verifier.ts';
import { recordingSleep } from '../../kit/testing/loopback.ts';
import { startTestProxy } from '../../kit/testing/proxy.ts';
import { GpClient } from '../client.ts';
import { startGpSimulator, type GpSimulator } from './server.ts';
import { resourcePath, send } from './test-support.ts';

const sims = {} as Record<ExtendedProtection, GpSimulator>;

beforeAll(async () => {
  for (const mode of ['off', 'allowed', 'required'] as const)
    sims[mode] = await startGpSimulator({ rows: 3, tls: true, extendedProtection: mode });
});
afterAll(async () => {
  await Promise.all(Object.values(sims).map((sim) => sim.close()));
});

/** The connector's own GP client (NTLM through the handshake guard), reading SBA vendors. */
async function readVendors(sim: GpSimulator, via?: { readonly baseUrl: string; readonly caCert: string }) {
  const client = new GpClient({
    baseUrl: via?.baseUrl ?? sim.url,
    tenant: sim.tenant,
    company: sim.company,
    auth: { method: 'ntlm', domain: sim.credentials.domain, user: sim.credentials.user, passwordSecret: 'gp' },
    resolveSecret: async () => sim.credentials.password,
    retry: false,
    caCert: via?.caCert ?? sim.caCert ?? '',
  });
  try {
    return await client.list('Purchasing/Vendors', { $top: 5 });
  } finally {
    await client.close();
  }
}

/** The kit's NTLM client directly, with the test seam that leaves the channel binding out. */
function kitClient(sim: GpSimulator, options: { channelBinding?: boolean; proxy?: ProxySettings } = {}): HttpClient {
  return createHttpClient({
    baseUrl: sim.url,
    caCert: sim.caCert ?? '',
    retry: false,
    proxy: options.proxy ?? {},
    auth: ntlmAuth({
      user: sim.credentials.user,
      domain: sim.credentials.domain,
      passwordSecret: 'gp',
      resolveSecret: async () => sim.credentials.password,
      ...(options.channelBinding === undefined ? {} : { channelBinding: options.channelBinding }),
    }),
  });
}

async function vendorsStatus(sim: GpSimulator, client: HttpClient): Promise<number | string> {
  try {
    return (await client.send({ method: 'GET', path: resourcePath(sim, 'Purchasing/Vendors.json') })).status;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  } finally {
    await client.close();
  }
}

/** httpntlm, an independent NTLMv2 client with no channel binding, on one raw TLS connection: the final status. */
async function httpntlmStatus(sim: GpSimulator): Promise<number> {
  const ntlm = createRequire(import.meta.url)('httpntlm/ntlm.js') as {
    parseType2Message(raw: string, callback: (error: Error) => void): unknown;
    createType3Message(type2: unknown, options: Record<string, string>): string;
  };
  const client = new Client(sim.url, { pipelining: 1, connect: { ca: sim.caCert ?? '' } });
  try {
    const path = resourcePath(sim, 'Purchasing/Vendors.json');
    const challenge = await send(client, path, createType1Message());
    const type2 = ntlm.parseType2Message(String([challenge.headers['www-authenticate']].flat()[0]), (error) => {
      throw error;
    });
    const { domain, user: username, password } = sim.credentials;
    return (await send(client, path, ntlm.createType3Message(type2, { username, password, domain }))).status;
  } finally {
    await client.close();
  }
}

/**
 * A TLS-terminating reverse proxy (TLS offload and re-encrypt, one upstream connection per client
 * connection so NTLM still signs in one connection): it presents its own certificate to the client.
 */
async function tlsTerminatingProxy(target: GpSimulator) {
  const certificates = makeSimulatorTls('proxy');
  const sockets = new Set<Socket>();
  const server = createTlsServer({ cert: certificates.cert, key: certificates.key }, (client) => {
    const upstream = tlsConnect({
      host: '127.0.0.1',
      port: target.port,
      ca: target.caCert ?? '',
      servername: 'localhost',
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return {
    baseUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    caCert: certificates.caCert,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((closed) => server.close(() => closed()));
    },
  };
}

describe('Extended Protection (NTLM channel binding over HTTPS)', () => {
  it('signs in and reads SBA vendors where Extended Protection is required', async () => {
    const sim = sims.required;
    const before = { ...sim.stats.ntlm };
    expect(await readVendors(sim)).toHaveLength(3);
    expect(sim.stats.ntlm.accepted - before.accepted).toBe(1);
    expect(sim.stats.ntlm.refused - before.refused).toBe(0);
  });

  it.each(['directly', 'through a CONNECT proxy'])(
    'binds again after a reconnect (%s), never from a resumed TLS session that shows no certificate',
    async (route) => {
      // The simulator drops the first connection right after its challenge, so the client connects again;
      // a resumed TLS session would show no peer certificate, so pinned connections never resume one.
      const sim = await startGpSimulator({ rows: 3, tls: true, extendedProtection: 'required', dropAfterChallenge: 1 });
      const proxy = route === 'directly' ? undefined : await startTestProxy();
      const saved = { https_proxy: process.env.https_proxy, no_proxy: process.env.no_proxy };
      if (proxy !== undefined) Object.assign(process.env, { https_proxy: proxy.url, no_proxy: '' });
      const client = new GpClient({
        baseUrl: sim.url,
        tenant: sim.tenant,
        company: sim.company,
        auth: { method: 'ntlm', domain: sim.credentials.domain, user: sim.credentials.user, passwordSecret: 'gp' },
        resolveSecret: async () => sim.credentials.password,
        retry: { sleep: recordingSleep().sleep },
        caCert: sim.caCert ?? '',
      });
      for (const [name, value] of Object.entries(saved))
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      try {
        expect(await client.list('Purchasing/Vendors', { $top: 5 })).toHaveLength(3);
        expect(sim.stats.ntlm).toMatchObject({ challenges: 2, accepted: 1, refused: 0 });
        if (proxy !== undefined) expect(proxy.tunnels).toHaveLength(2);
      } finally {
        await client.close();
        await Promise.all([sim.close(), proxy?.close()]);
      }
    },
  );

  it('a client without channel binding is refused 401 when required, and signs in when off or allowed', async () => {
    const refusedBefore = sims.required.stats.ntlm.refused;
    expect(await vendorsStatus(sims.required, kitClient(sims.required, { channelBinding: false }))).toBe('AUTH_FAILED');
    expect(sims.required.stats.ntlm.refused - refusedBefore).toBe(1);
    expect(await vendorsStatus(sims.off, kitClient(sims.off, { channelBinding: false }))).toBe(200);
    expect(await vendorsStatus(sims.allowed, kitClient(sims.allowed, { channelBinding: false }))).toBe(200);
  });

  it('httpntlm (no channel binding) is refused when required and accepted when off or allowed', async () => {
    expect(await httpntlmStatus(sims.required)).toBe(401);
    expect(await httpntlmStatus(sims.allowed)).toBe(200);
    expect(await httpntlmStatus(sims.off)).toBe(200);
  });

  it("refuses a binding made for a TLS-terminating proxy's certificate when allowed or required", async () => {
    for (const [mode, signsIn] of [
      ['off', true],
      ['allowed', false],
      ['required', false],
    ] as const) {
      const sim = sims[mode];
      const proxy = await tlsTerminatingProxy(sim);
      const before = { ...sim.stats.ntlm };
      try {
        const read = readVendors(sim, proxy);
        if (signsIn) await expect(read).resolves.toHaveLength(3);
        else await expect(read).rejects.toMatchObject({ code: 'AUTH_FAILED' });
      } finally {
        await proxy.close();
      }
      expect([sim.stats.ntlm.accepted - before.accepted, sim.stats.ntlm.refused - before.refused]).toEqual(
        signsIn ? [1, 0] : [0, 1],
      );
    }
  });

  it("binds to the server's certificate through a CONNECT proxy (TLS runs end to end in the tunnel)", async () => {
    const sim = sims.required;
    const proxy = await startTestProxy();
    try {
      const client = kitClient(sim, { proxy: { httpsProxy: proxy.url } });
      expect(await vendorsStatus(sim, client)).toBe(200);
      expect(proxy.tunnels.map((tunnel) => tunnel.target)).toEqual([new URL(sim.url).host]);
    } finally {
      await proxy.close();
    }
  });
});
