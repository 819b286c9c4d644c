/**
 * The CIRT handler as a site's generated services: only the configured aliases exist, each with its one
 * method, guarded by the CI's permission list; refusals in PeopleSoft's words in development and bare in
 * production; the update's notification; counters for gets and updates.
 */
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { type CirtTestServer, startCirtTestServer } from './test-cirt-server.ts';

const users = {
  MLC_SYNC: { password: 'pw-1', permissionLists: ['ZZ_VNDR_CIRT'] },
  VP1: { password: 'pw-2', permissionLists: [] },
};
const basic = (oprid: string, password: string) => `Basic ${Buffer.from(`${oprid}:${password}`).toString('base64')}`;
const servers: CirtTestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function call(
  server: CirtTestServer,
  path: string,
  init: { method?: string; oprid?: string; body?: string } = {},
) {
  const oprid = init.oprid ?? 'MLC_SYNC';
  const response = await request(`${server.restBase}/${path}`, {
    method: (init.method ?? 'GET') as 'GET',
    headers: {
      authorization: basic(oprid, users[oprid as keyof typeof users].password),
      'content-type': 'application/json',
    },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  return { status: response.statusCode, text: await response.body.text() };
}

describe('PeopleSoft CIRT simulator handler', () => {
  it('serves get, find and update under the configured aliases only, each with its own method', async () => {
    const server = await startCirtTestServer({ users });
    servers.push(server);
    const got = await call(server, 'VNDR_ID_G.v1/SHARE/0000000001');
    expect(got.status).toBe(200);
    expect(JSON.parse(got.text)).toEqual({
      VNDR_ID: {
        SETID: 'SHARE',
        VENDOR_ID: '0000000001',
        NAME1: 'Vendor 1',
        VENDOR_CLASS: 'R',
        VENDOR_STATUS: 'A',
        VENDOR_PERSISTENCE: 'R',
        LASTUPDOPRID: 'VP1',
        LASTUPDDTTM: '2026-01-05T08:00:00Z',
      },
    });
    expect(JSON.parse((await call(server, 'VNDR_ID_F.v1/SHARE/00000000')).text)).toEqual({
      VNDR_ID: [
        { SETID: 'SHARE', VENDOR_ID: '0000000001' },
        { SETID: 'SHARE', VENDOR_ID: '0000000003' },
        { SETID: 'SHARE', VENDOR_ID: '0000000005' },
      ],
    });
    expect((await call(server, 'CI_VENDOR_G.v1/SHARE/0000000001')).status).toBe(404);
    expect((await call(server, 'VNDR_ID_U.v1/SHARE/0000000001')).status).toBe(405);
    const saved = await call(server, 'VNDR_ID_U.v1/SHARE/0000000001', { method: 'PUT', body: '{"VENDOR_STATUS":"I"}' });
    expect(JSON.parse(saved.text)).toEqual({ notification: 'True' });
    expect(server.store.counters).toMatchObject({ gets: 1, finds: 1, updates: 1, refusedUpdates: 0 });
  });

  it("refuses an OPRID without the CI's permission list and a missing row in PeopleSoft's words, bare in production", async () => {
    const server = await startCirtTestServer({ users });
    servers.push(server);
    expect(await call(server, 'VNDR_ID_U.v1/SHARE/0000000001', { method: 'PUT', oprid: 'VP1', body: '{}' })).toEqual({
      status: 500,
      text: 'User VP1 is not authorized to invoke service operation CIRT_VNDR_ID_U_PUT.',
    });
    expect(await call(server, 'VNDR_ID_G.v1/SHARE/0000000404')).toEqual({
      status: 500,
      text: 'No rows exist for the specified keys. {VNDR_ID.Get}',
    });
    expect(server.store.get('vendors', 'SHARE', '0000000001')!.lastUpdateOprid).toBe('VP1');
    const production = await startCirtTestServer({ users, errorDetail: 'production' });
    servers.push(production);
    expect(await call(production, 'VNDR_ID_G.v1/SHARE/0000000404')).toEqual({ status: 500, text: '' });
  });

  it('refuses a value outside the prompt table with the notification False and saves nothing', async () => {
    const server = await startCirtTestServer({ users });
    servers.push(server);
    const answer = await call(server, 'VNDR_ID_U.v1/SHARE/0000000001', {
      method: 'PUT',
      body: '{"VNDR_ID":{"VENDOR_CLASS":"Q"}}',
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({
      notification: 'False',
      errors: [
        {
          text: 'Invalid value -- press the prompt button or hyperlink for a list of valid values (15,11) VNDR_ID.VENDOR_CLASS: Q',
        },
      ],
    });
    expect(server.store.get('vendors', 'SHARE', '0000000001')!.attributes.VENDOR_CLASS).toBe('R');
    expect(server.store.counters).toMatchObject({ updates: 0, refusedUpdates: 1 });
  });
});
