import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../http/client.ts';
import { type LoopbackServer, recordingSleep, sendJson, startLoopback } from '../testing/loopback.ts';
import { apiKeyAuth } from './api-key.ts';
import { basicAuth } from './basic.ts';
import { oauth2ClientCredentials, oauth2RefreshToken } from './oauth2.ts';

let server: LoopbackServer | undefined;
afterEach(async () => server?.close());
const noWait = { sleep: recordingSleep().sleep };

/** A token endpoint and an API: tokens are "t1", "t2", ...; `revoked` tokens get 401 from the API. */
async function oauthServer(options: { expiresIn?: number; rotate?: boolean; badSecret?: boolean } = {}) {
  let issued = 0;
  const revoked = new Set<string>();
  const refreshTokens = new Set(['r0']);
  server = await startLoopback((request, response) => {
    if (request.url === '/oauth/token') {
      const form = new URLSearchParams(request.body);
      if (form.get('grant_type') === 'client_credentials' && form.get('client_secret') !== 'cs-right') {
        return sendJson(response, 401, {
          error: 'invalid_client',
          error_description: `client secret ${form.get('client_secret') ?? ''} is wrong`,
        });
      }
      if (form.get('grant_type') === 'refresh_token') {
        const presented = form.get('refresh_token') ?? '';
        if (!refreshTokens.delete(presented)) return sendJson(response, 400, { error: 'invalid_grant' });
        if (!options.rotate) refreshTokens.add(presented);
      }
      issued += 1;
      const body: Record<string, unknown> = {
        access_token: `t${issued}`,
        token_type: 'Bearer',
        expires_in: options.expiresIn ?? 3600,
      };
      if (options.rotate) {
        body.refresh_token = `r${issued}`;
        refreshTokens.add(`r${issued}`);
      }
      return sendJson(response, 200, body);
    }
    const token = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
    if (!/^t\d+$/.test(token) || revoked.has(token)) return sendJson(response, 401, { error: 'invalid_token' });
    return sendJson(response, 200, { token });
  });
  return { url: server.url, seen: server.seen, revoke: (token: string) => revoked.add(token) };
}

describe('OAuth2 client credentials', () => {
  it('caches the token, renews it before expiry, and renews once on a 401', async () => {
    const { url, seen, revoke } = await oauthServer({ expiresIn: 120 });
    let now = 0;
    const auth = oauth2ClientCredentials({
      tokenUrl: `${url}/oauth/token`,
      clientId: 'c',
      clientSecretSecret: 'cs',
      resolveSecret: async () => 'cs-right',
      now: () => now,
      retry: noWait,
    });
    const api = createHttpClient({ baseUrl: url, auth, retry: noWait });
    expect(await Promise.all([api.getJson('/a'), api.getJson('/b')])).toEqual([{ token: 't1' }, { token: 't1' }]);
    now = 59_000;
    expect(await api.getJson('/c')).toEqual({ token: 't1' });
    now = 61_000; // within the 60 s skew of expiry
    expect(await api.getJson('/d')).toEqual({ token: 't2' });
    revoke('t2');
    expect(await api.getJson('/e')).toEqual({ token: 't3' });
    await api.close();
    expect(seen.filter((request) => request.url === '/oauth/token')).toHaveLength(3);
  });

  it('a wrong client secret is one AUTH_FAILED with the secret scrubbed from the vendor message', async () => {
    const { url, seen } = await oauthServer();
    const scrub = (text: string) => text.replaceAll('cs-wrong', '***');
    const auth = oauth2ClientCredentials({
      tokenUrl: `${url}/oauth/token`,
      clientId: 'c',
      clientSecretSecret: 'cs',
      resolveSecret: async () => 'cs-wrong',
      retry: noWait,
      scrub,
    });
    const api = createHttpClient({ baseUrl: url, auth, retry: noWait, scrub });
    const error = (await api.getJson('/a').catch((caught: unknown) => caught)) as Error;
    await api.close();
    expect(error).toMatchObject({ code: 'AUTH_FAILED', transient: false });
    expect(
      JSON.stringify({ message: error.message, vendor: (error as { vendorMessage?: string }).vendorMessage }),
    ).not.toContain('cs-wrong');
    expect(seen).toHaveLength(1);
  });
});

describe('OAuth2 refresh token', () => {
  it('writes the rotated refresh token back before using the new access token, and uses it next time', async () => {
    const { url, revoke } = await oauthServer({ rotate: true });
    const store = new Map([['crm-refresh', 'r0']]);
    const writes: string[] = [];
    const auth = oauth2RefreshToken({
      tokenUrl: `${url}/oauth/token`,
      clientId: 'c',
      refreshTokenSecret: 'crm-refresh',
      retry: noWait,
      resolveSecret: async (name) => store.get(name) ?? '',
      storeSecret: async (name, value) => {
        writes.push(value);
        store.set(name, value);
      },
    });
    const api = createHttpClient({ baseUrl: url, auth, retry: noWait });
    expect(await api.getJson('/a')).toEqual({ token: 't1' });
    revoke('t1');
    expect(await api.getJson('/b')).toEqual({ token: 't2' });
    await api.close();
    expect(writes).toEqual(['r1', 'r2']);
    expect(store.get('crm-refresh')).toBe('r2');
  });

  it('stops with TOKEN_STORE_FAILED when the rotated token cannot be saved', async () => {
    const { url } = await oauthServer({ rotate: true });
    const auth = oauth2RefreshToken({
      tokenUrl: `${url}/oauth/token`,
      clientId: 'c',
      refreshTokenSecret: 'crm-refresh',
      retry: noWait,
      resolveSecret: async () => 'r0',
      storeSecret: async () => {
        throw new Error('keychain locked');
      },
    });
    const api = createHttpClient({ baseUrl: url, auth, retry: noWait });
    await expect(api.getJson('/a')).rejects.toMatchObject({ code: 'TOKEN_STORE_FAILED' });
    await api.close();
  });
});

describe('Basic and API key', () => {
  it('send the stored secret the way the server expects, resolving it once', async () => {
    server = await startLoopback((request, response) =>
      sendJson(response, 200, {
        authorization: request.headers.authorization,
        key: request.headers['x-api-key'],
        url: request.url,
      }),
    );
    let resolved = 0;
    const resolveSecret = async (name: string) => {
      resolved += 1;
      return `${name}-value`;
    };
    const basic = createHttpClient({
      baseUrl: server.url,
      auth: basicAuth({ user: 'ann', passwordSecret: 'pw', resolveSecret }),
    });
    await basic.getJson('/x');
    expect(await basic.getJson('/x')).toMatchObject({
      authorization: `Basic ${Buffer.from('ann:pw-value').toString('base64')}`,
    });
    const header = createHttpClient({
      baseUrl: server.url,
      auth: apiKeyAuth({ keySecret: 'k', resolveSecret, in: 'header', name: 'x-api-key' }),
    });
    expect(await header.getJson('/y')).toMatchObject({ key: 'k-value' });
    const query = createHttpClient({
      baseUrl: server.url,
      auth: apiKeyAuth({ keySecret: 'q', resolveSecret, in: 'query', name: 'api_key' }),
    });
    expect(await query.getJson('/z', { page: 1 })).toMatchObject({ url: '/z?page=1&api_key=q-value' });
    await Promise.all([basic.close(), header.close(), query.close()]);
    expect(resolved).toBe(3);
  });
});
