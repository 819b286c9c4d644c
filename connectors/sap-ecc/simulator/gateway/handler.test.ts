import { afterEach, describe, expect, it } from 'vitest';
import type { SimGatewayService } from './services.ts';
import { startGatewayTestServer, type GatewayTestServer } from './test-gateway-server.ts';

const AUTH = `Basic ${Buffer.from('RFC_SYNC:pw').toString('base64')}`;
const SERVICE: SimGatewayService = {
  name: 'ZVENDOR_SRV',
  sets: [
    {
      name: 'VendorSet',
      entityType: 'Vendor',
      key: ['Lifnr'],
      properties: [
        { name: 'Lifnr', type: 'Edm.String' },
        { name: 'Name1', type: 'Edm.String' },
        { name: 'Erdat', type: 'Edm.DateTime' },
        { name: 'Umsatz', type: 'Edm.Decimal' },
        { name: 'Changed', type: 'Edm.DateTimeOffset' },
        { name: 'Uzeit', type: 'Edm.Time' },
      ],
      rows: [
        {
          Lifnr: '0000100001',
          Name1: "O'Neil",
          Erdat: '2013-01-01',
          Umsatz: '10.50',
          Changed: '2013-01-01T10:00:00Z',
          Uzeit: '12:30:00',
        },
        { Lifnr: '0000100002', Name1: 'Bolt', Erdat: '2026-01-01', Umsatz: '0.10', Changed: null, Uzeit: '00:00:00' },
      ],
    },
  ],
};

let sim: GatewayTestServer | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
  sim ??= await startGatewayTestServer({ user: 'RFC_SYNC', password: 'pw', services: [SERVICE] });
  const response = await fetch(`${sim.url}${path}`, { method, headers: { authorization: AUTH, ...headers } });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const SET = '/sap/opu/odata/sap/ZVENDOR_SRV/VendorSet';

describe("the simulated Gateway answers as SAP's does", () => {
  it('writes JSON only when asked ($format=json or Accept), Atom XML otherwise', async () => {
    const atom = await get(SET);
    expect(atom.headers.get('content-type')).toContain('application/atom+xml');
    expect(atom.text).toContain('<m:properties>');
    expect((await get(`${SET}?$format=json`)).headers.get('content-type')).toContain('application/json');
    expect((await get(SET, { accept: 'application/json' })).headers.get('content-type')).toContain('application/json');
  });

  it('writes decimals as strings, Edm.DateTime as /Date(ms)/, DateTimeOffset with +0000, Edm.Time as a duration, __count as a string', async () => {
    const body = JSON.parse((await get(`${SET}?$format=json&$inlinecount=allpages&$top=1`)).text);
    expect(body.d.__count).toBe('2');
    expect(body.d.results).toHaveLength(1);
    expect(body.d.results[0]).toMatchObject({
      __metadata: { type: 'ZVENDOR_SRV.Vendor' },
      Umsatz: '10.50',
      Erdat: '/Date(1356998400000)/',
      Changed: '/Date(1357034400000+0000)/',
      Uzeit: 'PT12H30M00S',
    });
    expect(body.d.results[0].__metadata.uri).toContain("VendorSet('0000100001')");
  });

  it('filters with v2 literals and refuses a v4 bare date or an unknown property with a 400 in Gateway shape', async () => {
    const since = JSON.parse(
      (await get(`${SET}?$format=json&$filter=${encodeURIComponent("Erdat ge datetime'2026-01-01T00:00:00'")}`)).text,
    );
    expect(since.d.results.map((r: { Lifnr: string }) => r.Lifnr)).toEqual(['0000100002']);
    const quoted = JSON.parse(
      (await get(`${SET}?$format=json&$filter=${encodeURIComponent("substringof('''Ne',Name1)")}`)).text,
    );
    expect(quoted.d.results).toHaveLength(1);
    const bare = await get(`${SET}?$format=json&$filter=${encodeURIComponent('Erdat ge 2026-01-01')}`);
    expect(bare.status).toBe(400);
    expect(JSON.parse(bare.text).error).toMatchObject({ message: { lang: 'en' }, innererror: { errordetails: [] } });
    const unknown = await get(`${SET}?$format=json&$filter=${encodeURIComponent("Land1 eq 'DE'")}`);
    expect(JSON.parse(unknown.text).error.message.value).toBe('Property Land1 not found in type Vendor');
  });

  it('answers a CSRF fetch on a GET and refuses a modifying request without the token', async () => {
    const fetched = await get(`/sap/opu/odata/sap/ZVENDOR_SRV/`, { 'x-csrf-token': 'Fetch' });
    const token = fetched.headers.get('x-csrf-token') ?? '';
    expect(token).not.toBe('');
    expect(fetched.headers.get('set-cookie')).toContain('sap-XSRF_ECC_100=');
    const refused = await get(SET, { 'content-type': 'application/json' }, 'POST');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('x-csrf-token')).toBe('Required');
    expect(refused.text).toBe('CSRF token validation failed');
    expect((await get(SET, { 'x-csrf-token': token }, 'POST')).status).toBe(501);
  });

  it('refuses a wrong password or another client at logon, with a page and no OData body', async () => {
    const wrong = await get(SET, { authorization: `Basic ${Buffer.from('RFC_SYNC:nope').toString('base64')}` });
    expect(wrong.status).toBe(401);
    expect((await get(`${SET}?sap-client=200`)).status).toBe(401);
    expect((await get(SET, { 'sap-client': '100' })).status).toBe(200);
  });

  it('knows only the services it was started with: on ECC the S/4 standard API is "No service found"', async () => {
    const missing = await get('/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_Supplier?$format=json');
    expect(missing.status).toBe(403);
    expect(JSON.parse(missing.text).error).toMatchObject({
      code: '/IWFND/MED/170',
      message: { value: "No service found for namespace '', name 'API_BUSINESS_PARTNER', version '0001'" },
    });
    await sim?.close();
    sim = await startGatewayTestServer({ user: 'RFC_SYNC', password: 'pw', release: 's4' });
    expect((await get('/sap/opu/odata/sap/API_BUSINESS_PARTNER/$metadata')).status).toBe(200);
    expect((await get('/sap/opu/odata/sap/ZVENDOR_SRV/$metadata')).status).toBe(403);
  });

  it('answers an unknown entity set 404 with the segment named', async () => {
    const missing = await get('/sap/opu/odata/sap/ZVENDOR_SRV/SupplierSet?$format=json');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text).error.code).toBe('/IWBEP/CM_MGW_RT/020');
  });
});
