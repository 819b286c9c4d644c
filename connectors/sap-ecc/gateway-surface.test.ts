/**
 * The Gateway OData v2 surface wired into the SAP ECC source, module and simulator: a stream with a Gateway
 * setting reads the customer's service (the simulator's, built over the same seeded tables) and gives the
 * same records as over RFC; an incremental read from today returns a vendor renamed today; a bad setting is
 * refused with its JSON path; the connection test names a service the system does not have.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Connection, DataRow, Pipeline, RecordProblem } from '../../engine/model/index.ts';
import { Decimal, PlainDate, type Value } from '../../engine/model/values/index.ts';
import type { ConnectionContext } from '../kit/module/connection-parts.ts';
import { makeClientCertificate } from '../kit/testing/client-certificate.ts';
import { testSapConnection } from './check.ts';
import type { SapConnectionConfig } from './config.ts';
import { parseGatewayAddress } from './gateway/config.ts';
import { sapConfig } from './module.ts';
import { startSapSimulator, type RunningSapSimulator, type SapSimulatorOptions } from './simulator/index.ts';
import { createSapSource } from './source.ts';
import { SAP_STREAMS } from './streams.ts';
import { configFor, SIM_PASSWORD, SIM_USER } from './test-support.ts';

const TODAY = PlainDate.parse('2026-03-10');
const VENDOR_SET = 'ZVENDOR_SRV/VendorSet';
const CUSTOMER_SET = 'ZCUSTOMER_SRV/CustomerSet';
const ITEM_SET = 'ZPURCHASEORDER_SRV/ItemSet';
/** The settings as an administrator would write them for the simulator's services (prefixed names mapped). */
const VENDORS_SETTING = `${VENDOR_SET};date=ChangedOn;LFB1_ERDAT=CompanyErdat;LFB1_LOEVM=CompanyLoevm;LFB1_SPERR=CompanySperr`;
const CUSTOMERS_SETTING = `${CUSTOMER_SET};date=ChangedOn;KNB1_ERDAT=CompanyErdat;KNB1_LOEVM=CompanyLoevm;KNB1_SPERR=CompanySperr`;
const ITEMS_SETTING = `${ITEM_SET};date=ChangedOn;HEADER_AEDAT=HeaderAedat;HEADER_LOEKZ=HeaderLoekz`;

const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of open.splice(0)) await close();
});

async function start(options: Partial<SapSimulatorOptions> = {}): Promise<RunningSapSimulator> {
  const sim = await startSapSimulator({
    user: SIM_USER,
    password: SIM_PASSWORD,
    rfcServiceActive: true,
    vendors: 12,
    bigPoItems: 30,
    today: TODAY,
    gateway: { fixtureServices: { vendors: VENDOR_SET, customers: CUSTOMER_SET, purchaseOrderItems: ITEM_SET } },
    ...options,
  });
  open.push(() => sim.close());
  return sim;
}

const overGateway = (settings: Record<string, string>): Partial<SapConnectionConfig> => ({
  gateway: Object.fromEntries(
    Object.entries(settings).map(([entity, text]) => [entity, parseGatewayAddress(text, `test.${entity}`)]),
  ),
});

async function read(sim: RunningSapSimulator, entity: string, extra: Partial<SapConnectionConfig>, from?: PlainDate) {
  const source = createSapSource({ ...configFor(sim), retry: { sleep: async () => {} }, ...extra });
  open.push(() => source.close());
  const schema = SAP_STREAMS.find((stream) => stream.schema.entity === entity)!.schema;
  const rows: DataRow[] = [];
  const problems: RecordProblem[] = [];
  for await (const page of source.read({
    entity,
    key: schema.key,
    cursorField: 'CHANGED_ON',
    pageSize: 5,
    ...(from === undefined ? {} : { from: { cursor: from } }),
  })) {
    problems.push(...(page.problems ?? []));
    rows.push(...page.records);
  }
  return { rows, problems };
}

/** A record with its values as text (decimals with their scale, dates as ISO days), sorted by key. */
function comparable(rows: readonly DataRow[], key: readonly string[]): Record<string, string | null>[] {
  const shown = (value: Value | undefined): string | null =>
    value === null || value === undefined
      ? null
      : value instanceof Decimal
        ? `decimal ${value.toString()}`
        : value instanceof PlainDate
          ? `date ${value.toString()}`
          : `${typeof value} ${String(value)}`;
  const id = (row: DataRow) => key.map((name) => String(row[name])).join('/');
  return [...rows]
    .sort((a, b) => id(a).localeCompare(id(b)))
    .map((row) => Object.fromEntries(Object.entries(row).map(([name, value]) => [name, shown(value)])));
}

describe('SAP ECC over Gateway OData v2', () => {
  it.each([
    ['vendors', VENDORS_SETTING],
    ['customers', CUSTOMERS_SETTING],
    ['purchase_order_items', ITEMS_SETTING],
  ])('reads the same %s over Gateway as over RFC (keys, names, decimals, dates, CHANGED_ON)', async (entity, text) => {
    const sim = await start();
    const rfc = await read(sim, entity, {});
    const gateway = await read(sim, entity, overGateway({ [entity]: text }));
    expect(rfc.problems).toEqual([]);
    expect(gateway.problems).toEqual([]);
    const key = SAP_STREAMS.find((stream) => stream.schema.entity === entity)!.schema.key;
    expect(gateway.rows.length).toBeGreaterThan(5);
    expect(comparable(gateway.rows, key)).toEqual(comparable(rfc.rows, key));
    // The Gateway answered, not RFC: every set read went to the service, in JSON.
    expect(sim.gateway?.stats.requests.some((line) => line.includes('$format=json'))).toBe(true);
  });

  it('gives keys in the internal form RFC gives, though the service writes ALPHA keys without their zeros', async () => {
    const sim = await start();
    const answer = await fetch(`${sim.url}/sap/opu/odata/sap/ZVENDOR_SRV/VendorSet?$format=json&$top=1`, {
      headers: { authorization: `Basic ${Buffer.from(`${SIM_USER}:${SIM_PASSWORD}`).toString('base64')}` },
    });
    const first = ((await answer.json()) as { d: { results: { Lifnr: string; Akont: string }[] } }).d.results[0];
    expect(first).toMatchObject({ Lifnr: '100001', Akont: '160000' });
    const { rows } = await read(sim, 'vendors', overGateway({ vendors: VENDORS_SETTING }));
    expect(rows.map((row) => row.LIFNR)).toContain('0000100001');
    expect(rows.map((row) => row.LIFNR)).toContain('VEND-A');
    expect(rows.find((row) => row.LIFNR === '0000100001')?.AKONT).toBe('0000160000');
  });

  it('reads from today the vendor renamed today (the rename moves the service ChangedOn), filtered on the server', async () => {
    const sim = await start();
    const vendor = sim.fixture.LFA1[2]!;
    const settings = overGateway({ vendors: VENDORS_SETTING });
    expect((await read(sim, 'vendors', settings, TODAY)).rows).toEqual([]);
    const response = await fetch(`${sim.url}/__sim/change`, {
      method: 'POST',
      body: JSON.stringify({ action: 'renameVendor', lifnr: vendor.LIFNR, name: 'Renamed Supplies GmbH' }),
    });
    expect(response.status).toBe(200);
    const after = await read(sim, 'vendors', settings, TODAY);
    expect(after.rows.map((row) => [row.LIFNR, row.NAME1, String(row.CHANGED_ON)])).toEqual([
      [vendor.LIFNR, 'Renamed Supplies GmbH', '2026-03-10'],
    ]);
    expect(sim.gateway?.stats.requests.at(-1)).toContain("$filter=ChangedOn ge datetime'2026-03-10T00:00:00'");
    // The same record over RFC: both surfaces agree on what changed.
    const rfc = await read(sim, 'vendors', {}, TODAY);
    expect(comparable(after.rows, ['LIFNR'])).toEqual(comparable(rfc.rows, ['LIFNR']));
  });

  it('holds one security session for the RFC and Gateway calls of one source', async () => {
    const sim = await start();
    const source = createSapSource({ ...configFor(sim), ...overGateway({ vendors: VENDORS_SETTING }) });
    open.push(() => source.close());
    for (const entity of ['customers', 'vendors']) {
      const schema = SAP_STREAMS.find((stream) => stream.schema.entity === entity)!.schema;
      for await (const page of source.read({ entity, key: schema.key, cursorField: 'CHANGED_ON', pageSize: 5 }))
        expect(page.records.length).toBeGreaterThan(0);
    }
    expect(sim.gateway?.stats.requests.length).toBeGreaterThan(1);
    // The simulator shares its session store between its RFC and Gateway paths, as one ICM does.
    expect(sim.sessionsOpened()).toBe(1);
    expect(sim.gateway?.stats.sessionsOpened).toBe(0);
  });

  it('refuses a wrong password over Gateway once, without showing either password', async () => {
    const sim = await start();
    const wrong = 'wrong-gw-pw-8Hq';
    const source = createSapSource({
      ...configFor(sim, { password: wrong }),
      ...overGateway({ vendors: VENDORS_SETTING }),
    });
    open.push(() => source.close());
    const reading = (async () => {
      for await (const _page of source.read({ entity: 'vendors', key: ['LIFNR'], pageSize: 5 })) void _page;
    })();
    const error = await reading.then(
      () => undefined,
      (failure: unknown) => failure as Error & { code?: string },
    );
    expect(error?.code).toBe('AUTH_FAILED');
    expect(JSON.stringify({ message: error?.message, stack: error?.stack })).not.toMatch(
      new RegExp(`${wrong}|${SIM_PASSWORD}`),
    );
    expect(sim.gateway?.stats.requests).toHaveLength(1);
  });

  it('serves no standard service on the ECC release: S/4 names are refused as Gateway refuses them', async () => {
    const sim = await start();
    const settings = overGateway({ vendors: 'API_BUSINESS_PARTNER/A_Supplier;date=CreationDate' });
    await expect(read(sim, 'vendors', settings)).rejects.toThrow(
      /no service API_BUSINESS_PARTNER .*ECC has no standard vendor, customer or purchase order OData service/,
    );
  });
});

describe('the Gateway settings of a connection', () => {
  function context(address: Record<string, unknown>): ConnectionContext {
    const connection = {
      system: 'sap-ecc',
      address: { baseUrl: 'https://ecc.example.com:44300', sapClient: '100', companyCode: '1000', ...address },
      auth: { method: 'basic', username: 'RFC_SYNC', secret: 'sap_password' },
    } as unknown as Connection;
    return {
      name: 'ecc',
      connection,
      pipeline: { connections: { ecc: connection }, streams: {} } as unknown as Pipeline,
      pipelineDir: '.',
      resolveSecret: () => Promise.resolve('pw-never-shown'),
    };
  }

  it('are off unless set, and read per stream', () => {
    expect(sapConfig(context({})).gateway).toBeUndefined();
    expect(sapConfig(context({ gatewayVendors: 'ZVENDOR_SRV/VendorSet;date=ChangedOn' })).gateway).toEqual({
      vendors: { service: 'ZVENDOR_SRV', entitySet: 'VendorSet', dateFilterProperty: 'ChangedOn' },
    });
  });

  it.each([
    ['gatewayVendors', 'VendorSet'],
    ['gatewayCustomers', 'zcustomer_srv/CustomerSet'],
    ['gatewayPurchaseOrderItems', 'ZPO_SRV/ItemSet;EBELN'],
  ])('refuses a bad %s with its JSON path', (part, text) => {
    expect(() => sapConfig(context({ [part]: text }))).toThrow(
      new RegExp(`^connections\\.ecc\\.address\\.${part}: .*ECC has no standard service`),
    );
  });
});

describe('the connection test with Gateway settings', () => {
  it('reads each configured service $metadata and says so', async () => {
    const sim = await start();
    const result = await testSapConnection({ ...configFor(sim), ...overGateway({ vendors: VENDORS_SETTING }) });
    expect(result).toMatchObject({ ok: true });
    expect(JSON.stringify(result)).toContain('vendors over SAP Gateway from ZVENDOR_SRV/VendorSet');
  });

  it('names a service the system does not have, and says ECC has no standard one', async () => {
    const sim = await start();
    const result = await testSapConnection({
      ...configFor(sim),
      ...overGateway({ customers: 'ZKUNDEN_SRV/KundenSet;date=ChangedOn' }),
    });
    expect(result).toMatchObject({ ok: false });
    const said = JSON.stringify(result);
    expect(said).toContain('customers over SAP Gateway (ZKUNDEN_SRV/KundenSet');
    expect(said).toContain('SAP Gateway has no service ZKUNDEN_SRV');
    expect(said).toContain('ECC has no standard vendor, customer or purchase order OData service');
    expect(said).toContain('/IWFND/MAINT_SERVICE');
  });

  it('reaches Gateway over HTTPS behind an ICM that asks for a client certificate (mutual TLS), as RFC does', async () => {
    const made = makeClientCertificate(SIM_USER, 'gw-k3y-pass');
    const sim = await start({ tls: true, clientCa: made.caCert });
    const result = await testSapConnection({
      ...configFor(sim),
      resolveSecret: (name) => Promise.resolve(name === 'key_pass' ? made.passphrase : SIM_PASSWORD),
      caCert: sim.caCert!,
      clientCertificate: { cert: made.cert, key: made.key, passphraseSecret: 'key_pass' },
      ...overGateway({ vendors: VENDORS_SETTING }),
    });
    expect(result.message).toContain('vendors over SAP Gateway from ZVENDOR_SRV/VendorSet');
    expect(result.ok).toBe(true);
  });

  it('names a field the service lacks', async () => {
    const sim = await start();
    const result = await testSapConnection({
      ...configFor(sim),
      ...overGateway({ vendors: `${VENDOR_SET};date=ChangedOn` }),
    });
    expect(JSON.stringify(result)).toContain('has no property for LFB1_ERDAT, LFB1_LOEVM, LFB1_SPERR');
  });
});
