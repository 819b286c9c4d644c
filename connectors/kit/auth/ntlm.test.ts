import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../http/client.ts';
import { createNtlmChallenge, isNtlmType1, verifyNtlmType3 } from '../simulator/ntlm-verifier.ts';
import { type LoopbackServer, recordingSleep, sendJson, startLoopback } from '../testing/loopback.ts';
import { ntlmAuth } from './ntlm.ts';

const account = { domain: 'CONTOSO', user: 'gp.reader', password: 'Summer-2025!' };
let server: LoopbackServer | undefined;
afterEach(async () => server?.close());

/** An IIS-like endpoint: the handshake authenticates the socket; `offer` lists the schemes in WWW-Authenticate. */
async function ntlmServer(offer: readonly ('NTLM' | 'Negotiate')[]) {
  const sockets = new WeakMap<Socket, { challenge?: Buffer; user?: string }>();
  let dropped = false;
  let stalled = false;
  server = await startLoopback((request, response, raw) => {
    const state = sockets.get(raw.socket) ?? {};
    sockets.set(raw.socket, state);
    if (request.url === '/drop' && !dropped) {
      dropped = true;
      raw.socket.destroy();
      return;
    }
    // Never answered, once: the client's deadline gives up on it and closes the connection.
    if (request.url === '/stall' && !stalled) {
      stalled = true;
      return;
    }
    if (state.user !== undefined) return sendJson(response, 200, { user: state.user });
    const authorization = request.headers.authorization;
    const scheme = /^(\w+)/.exec(authorization ?? '')?.[1] as 'NTLM' | 'Negotiate' | undefined;
    if (authorization !== undefined && scheme !== undefined && offer.includes(scheme) && isNtlmType1(authorization)) {
      const challenge = createNtlmChallenge({ domain: 'CONTOSO', computer: 'GP01' });
      state.challenge = challenge.serverChallenge;
      response.writeHead(401, { 'www-authenticate': challenge.header.replace(/^NTLM/, scheme) });
      response.end();
      return;
    }
    if (authorization !== undefined && state.challenge !== undefined) {
      const result = verifyNtlmType3(authorization, { ...account, serverChallenge: state.challenge });
      if (result.ok) {
        state.user = result.user;
        return sendJson(response, 200, { user: result.user });
      }
    }
    response.writeHead(401, { 'www-authenticate': offer.join(', ') });
    response.end();
  });
  return server;
}

function client(url: string, password: string, scheme: 'ntlm' | 'negotiate' = 'ntlm', requestMs?: number) {
  return createHttpClient({
    baseUrl: url,
    ...(requestMs === undefined ? {} : { timeouts: { requestMs } }),
    retry: { sleep: recordingSleep().sleep },
    auth: ntlmAuth({ ...account, passwordSecret: 'gp', resolveSecret: async () => password, scheme }),
  });
}

describe('NTLM auth', () => {
  it('runs the three legs on one connection and then reuses it without a new handshake', async () => {
    const { url, seen } = await ntlmServer(['NTLM']);
    const gp = client(url, account.password);
    await expect(gp.getJson('/api/accounts')).resolves.toEqual({ user: 'gp.reader' });
    await expect(Promise.all([gp.getJson('/a'), gp.getJson('/b')])).resolves.toHaveLength(2);
    await gp.close();
    expect(seen).toHaveLength(4);
    expect(new Set(seen.map((request) => request.clientPort)).size).toBe(1);
    expect(seen[2]?.headers.authorization).toBeUndefined();
  });

  it('a wrong password is one AUTH_FAILED after one handshake, never retried', async () => {
    const { url, seen } = await ntlmServer(['NTLM']);
    const gp = client(url, 'wrong');
    await expect(gp.getJson('/api/accounts')).rejects.toMatchObject({ code: 'AUTH_FAILED', transient: false });
    await gp.close();
    expect(seen).toHaveLength(2);
  });

  it('Negotiate sends NTLM tokens under Negotiate, and falls back to NTLM when that is all the server offers', async () => {
    const negotiate = await ntlmServer(['Negotiate']);
    const first = client(negotiate.url, account.password, 'negotiate');
    await expect(first.getJson('/x')).resolves.toEqual({ user: 'gp.reader' });
    await first.close();
    expect(negotiate.seen[0]?.headers.authorization).toMatch(/^Negotiate /);
    await negotiate.close();

    const ntlmOnly = await ntlmServer(['NTLM']);
    const second = client(ntlmOnly.url, account.password, 'negotiate');
    await expect(second.getJson('/x')).resolves.toEqual({ user: 'gp.reader' });
    await second.close();
    expect(ntlmOnly.seen.map((request) => /^\w+/.exec(request.headers.authorization ?? '')?.[0])).toEqual([
      'Negotiate',
      'NTLM',
      'NTLM',
    ]);
  });

  it('handshakes again on the new connection after the server dropped the authenticated one', async () => {
    const { url, seen } = await ntlmServer(['NTLM']);
    const gp = client(url, account.password);
    await gp.getJson('/a');
    await expect(gp.getJson('/drop')).resolves.toEqual({ user: 'gp.reader' });
    await gp.close();
    // /a: 2 legs; /drop: dropped once, then 2 legs on a new socket.
    expect(seen.map((request) => request.url)).toEqual(['/a', '/a', '/drop', '/drop', '/drop']);
    expect(seen[3]?.clientPort).not.toBe(seen[0]?.clientPort);
  });

  it('after a request timed out, signs in once more on one new connection and keeps it for the retry and what follows', async () => {
    const { url, seen } = await ntlmServer(['NTLM']);
    const gp = client(url, account.password, 'ntlm', 100);
    await gp.getJson('/a');
    // The retry goes out at once, before the closed connection is reported: it must not cost the next
    // requests their connection (each on a new one, the answer to a challenge never where the challenge was).
    await expect(gp.getJson('/stall')).resolves.toEqual({ user: 'gp.reader' });
    for (const path of ['/b', '/c', '/d']) await expect(gp.getJson(path)).resolves.toEqual({ user: 'gp.reader' });
    await gp.close();
    const afterStall = seen.slice(seen.findIndex((request) => request.url === '/stall') + 1);
    expect(new Set(afterStall.map((request) => request.clientPort)).size).toBe(1);
    expect(seen.filter((request) => isNtlmType1(request.headers.authorization))).toHaveLength(2);
    expect(afterStall.map((request) => request.url).slice(-3)).toEqual(['/b', '/c', '/d']);
  });
});
