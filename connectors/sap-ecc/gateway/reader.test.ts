import { afterEach, describe, expect, it } from 'vitest';
import type { SourcePage } from '../../../engine/model/io.ts';
import { Decimal, PlainDate, Timestamp } from '../../../engine/model/values/index.ts';
import type { SimGatewayService } from '../simulator/gateway/services.ts';
import { startGatewayTestServer, type GatewayTestServer } from '../simulator/gateway/test-gateway-server.ts';
import { createGatewayHttpClient, type GatewayHttp } from './client.ts';
import { parseGatewayAddress } from './config.ts';
import type { FieldSpec } from '../../kit/rest/stream.ts';
import { date, decimal, text, timestamp } from '../../kit/rest/values.ts';
import { readGatewayPages } from './reader.ts';

const PASSWORD = 'gw-s3cret-pass';
const VENDORS = [
  {
    Lifnr: '0000100001',
    Name1: 'Acme',
    Erdat: '2025-12-30',
    Umsatz: '1234567890123.45',
    Changed: '2026-01-02T08:15:00Z',
    Uzeit: '12:30:00',
  },
  { Lifnr: '0000100002', Name1: 'Bolt', Erdat: '2026-01-01', Umsatz: '0.10', Changed: null, Uzeit: '00:00:05' },
  { Lifnr: '0000100003', Name1: 'Cogs', Erdat: '2026-01-02', Umsatz: '-5.00', Changed: null, Uzeit: '23:59:59' },
  { Lifnr: '0000100004', Name1: 'Dyne', Erdat: '2026-01-05', Umsatz: '7', Changed: null, Uzeit: '01:00:00' },
  { Lifnr: '0000100005', Name1: 'Echo', Erdat: null, Umsatz: '99.99', Changed: null, Uzeit: '02:00:00' },
];

function vendorService(extra: Partial<SimGatewayService> = {}, rows = VENDORS): SimGatewayService {
  return {
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
        rows,
      },
    ],
    ...extra,
  };
}

// The stream's own declaration (its conversions read RFC's fixed-width text); the Gateway read uses names and types.
const FIELDS: readonly FieldSpec[] = [
  ['LIFNR', 'string', text()],
  ['NAME1', 'string', text()],
  ['ERDAT', 'date', date()],
  ['TURNOVER', 'decimal', decimal()],
  ['CHANGED', 'timestamp', timestamp()],
  ['UZEIT', 'string', text()],
];
const SETTING = 'ZVENDOR_SRV/VendorSet;date=Erdat;TURNOVER=Umsatz';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function start(
  options: Parameters<typeof startGatewayTestServer>[0] extends infer O ? Partial<O> : never,
  password = PASSWORD,
  retries: number[] = [],
): Promise<{ sim: GatewayTestServer; gateway: GatewayHttp }> {
  const sim = await startGatewayTestServer({ user: 'RFC_SYNC', password: PASSWORD, ...options });
  const gateway = createGatewayHttpClient({
    baseUrl: sim.url,
    client: '100',
    user: 'RFC_SYNC',
    passwordSecret: 'sap/password',
    resolveSecret: () => Promise.resolve(password),
    retry: { sleep: () => Promise.resolve(), onRetry: ({ delayMs }) => retries.push(delayMs) },
  });
  cleanup.push(
    () => sim.close(),
    () => gateway.close(),
  );
  return { sim, gateway };
}

async function readAll(gateway: GatewayHttp, setting = SETTING, options: { pageSize?: number; from?: PlainDate } = {}) {
  const pages: SourcePage[] = [];
  const config = parseGatewayAddress(setting, 'connections.ecc.address.gateway.vendors');
  for await (const page of readGatewayPages(gateway.http, config, {
    fields: FIELDS,
    pageSize: options.pageSize ?? 100,
    ...(options.from === undefined ? {} : { from: options.from }),
  }))
    pages.push(page);
  return pages;
}

const setRequests = (sim: GatewayTestServer) => sim.gateway.stats.requests.filter((r) => r.includes('/VendorSet'));

describe('reading a customer Gateway service', () => {
  it('reads every served row, typed exactly: decimals from strings, /Date(ms)/ as dates and zoned instants, Edm.Time as SAP time', async () => {
    const { gateway } = await start({ services: [vendorService()] });
    const pages = await readAll(gateway);
    const rows = pages.flatMap((page) => page.records);
    expect(rows.map((row) => row.LIFNR)).toEqual(VENDORS.map((v) => v.Lifnr));
    expect(pages.flatMap((page) => page.problems ?? [])).toEqual([]);
    const first = rows[0]!;
    expect((first.TURNOVER as Decimal).toString()).toBe('1234567890123.45');
    expect((rows[1]!.TURNOVER as Decimal).toString()).toBe('0.10');
    expect((first.ERDAT as PlainDate).toString()).toBe('2025-12-30');
    expect(first.CHANGED).toBeInstanceOf(Timestamp);
    expect((first.CHANGED as Timestamp).equals(Timestamp.parse('2026-01-02T08:15:00Z'))).toBe(true);
    expect(first.UZEIT).toBe('123000');
    expect(rows[4]!.ERDAT).toBeNull();
  });

  it('follows __next as Gateway writes it when the service pages on the server', async () => {
    const { sim, gateway } = await start({ services: [vendorService({ serverPageSize: 2 })] });
    const pages = await readAll(gateway);
    expect(pages.map((page) => page.records.length)).toEqual([2, 2, 1]);
    const asked = setRequests(sim);
    expect(asked).toHaveLength(3);
    expect(asked[1]).toContain('$skiptoken=P2');
    expect(asked[2]).toContain('$skiptoken=P4');
  });

  it('keeps JSON on __next links that do not repeat $format, where Gateway ignores Accept', async () => {
    const { sim, gateway } = await start({ services: [vendorService({ serverPageSize: 2 })], jsonByAccept: false });
    const pages = await readAll(gateway);
    expect(pages.flatMap((page) => page.records)).toHaveLength(5);
    expect(setRequests(sim)[1]).toMatch(/\$skiptoken=P2.*\$format=json|\$format=json.*\$skiptoken=P2/);
  });

  it('asks $skip/$top until a short page where the service has no server paging', async () => {
    const { sim, gateway } = await start({ services: [vendorService()] });
    const pages = await readAll(gateway, SETTING, { pageSize: 2 });
    expect(pages.flatMap((page) => page.records.map((row) => row.LIFNR))).toEqual(VENDORS.map((v) => v.Lifnr));
    expect(setRequests(sim).map((r) => /\$skip=(\d+)/.exec(r)?.[1] ?? '0')).toEqual(['0', '2', '4']);
  });

  it('continues with $skip after a __next chain that answered one whole $top', async () => {
    const { gateway } = await start({ services: [vendorService({ serverPageSize: 2 })] });
    const pages = await readAll(gateway, SETTING, { pageSize: 3 });
    expect(pages.flatMap((page) => page.records.map((row) => row.LIFNR))).toEqual(VENDORS.map((v) => v.Lifnr));
  });

  it('refuses a service that answers $skip with its first page again instead of reading it twice', async () => {
    const { gateway } = await start({ services: [vendorService({ topSkip: false, serverPageSize: 2 })] });
    // Server paging alone still reads the whole set once (the chain is longer than $top).
    const whole = await readAll(gateway, SETTING, { pageSize: 2 });
    expect(whole.flatMap((page) => page.records)).toHaveLength(5);
    const twoRows = await start({ services: [vendorService({ topSkip: false }, VENDORS.slice(0, 2))] });
    await expect(readAll(twoRows.gateway, SETTING, { pageSize: 2 })).rejects.toMatchObject({
      code: 'SAP_GATEWAY_PAGING_UNSUPPORTED',
    });
  });

  it('holds a value that cannot be read as a problem on its record, never dropping the record', async () => {
    const rows = [
      { ...VENDORS[0]!, Umsatz: '12,50' },
      { ...VENDORS[1]!, Erdat: '2026-01-01T10:00:00' },
    ];
    const { gateway } = await start({ services: [vendorService({}, rows)] });
    const [page] = await readAll(gateway);
    expect(page!.records).toHaveLength(2);
    expect(page!.records[0]!.TURNOVER).toBeNull();
    expect(page!.problems).toEqual([
      { recordIndex: 0, field: 'TURNOVER', message: expect.stringContaining('"12,50" is not an amount') },
      { recordIndex: 1, field: 'ERDAT', message: expect.stringContaining('has a time of day') },
    ]);
    expect(page!.problems![0]!.message).toContain("VendorSet('0000100001')");
  });

  it('reads incrementally from a day, inclusive, with a v2 datetime literal', async () => {
    const { sim, gateway } = await start({ services: [vendorService()] });
    const pages = await readAll(gateway, SETTING, { from: PlainDate.parse('2026-01-01') });
    expect(pages.flatMap((page) => page.records.map((row) => row.LIFNR))).toEqual([
      '0000100002',
      '0000100003',
      '0000100004',
    ]);
    expect(setRequests(sim)[0]).toContain("$filter=Erdat ge datetime'2026-01-01T00:00:00'");
  });

  it("filters with a literal of the date property's own type (DateTimeOffset, or a DATS exposed as text)", async () => {
    const withText = VENDORS.map((v) => ({ ...v, Aedat: v.Erdat === null ? '00000000' : v.Erdat.replace(/-/g, '') }));
    const service = vendorService({}, withText);
    const set = {
      ...service.sets[0]!,
      properties: [...service.sets[0]!.properties, { name: 'Aedat', type: 'Edm.String' as const }],
    };
    const { sim, gateway } = await start({ services: [{ ...service, sets: [set] }] });
    const byText = await readAll(gateway, 'ZVENDOR_SRV/VendorSet;date=Aedat;TURNOVER=Umsatz', {
      from: PlainDate.parse('2026-01-02'),
    });
    expect(byText.flatMap((page) => page.records.map((row) => row.LIFNR))).toEqual(['0000100003', '0000100004']);
    const byOffset = await readAll(gateway, 'ZVENDOR_SRV/VendorSet;date=Changed;TURNOVER=Umsatz', {
      from: PlainDate.parse('2026-01-02'),
    });
    expect(byOffset.flatMap((page) => page.records.map((row) => row.LIFNR))).toEqual(['0000100001']);
    const filters = setRequests(sim).map((r) => /\$filter=([^&]*)/.exec(r)?.[1]);
    expect(filters).toEqual(["Aedat ge '20260102'", "Changed ge datetimeoffset'2026-01-02T00:00:00Z'"]);
  });

  it('fetches a CSRF token on the first GET and keeps one security session for the whole read', async () => {
    const { sim, gateway } = await start({ services: [vendorService({ serverPageSize: 2 })] });
    await readAll(gateway);
    expect(sim.gateway.stats.csrfFetches).toBe(1);
    expect(sim.gateway.stats.requests[0]).toContain('/$metadata');
    expect(gateway.csrfToken()).toBe('TOKEN1==');
    expect(sim.gateway.stats.sessionsOpened).toBe(1);
  });

  it("says ECC has no standard service and to configure the customer's own, for a service Gateway does not know", async () => {
    const { gateway } = await start({ release: 'ecc' });
    const error = await readAll(gateway, 'API_BUSINESS_PARTNER/A_Supplier').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SAP_GATEWAY_SERVICE_NOT_FOUND', transient: false });
    expect((error as Error).message).toContain(
      "No service found for namespace '', name 'API_BUSINESS_PARTNER', version '0001'",
    );
    expect((error as Error).message).toContain('ECC has no standard vendor, customer or purchase order OData service');
    expect((error as Error).message).toContain("customer's own (custom) service");
  });

  it('finds the standard S/4 names only on an S/4 release', async () => {
    const { gateway } = await start({ release: 's4' });
    const pages = await readAll(
      gateway,
      'API_BUSINESS_PARTNER/A_Supplier;LIFNR=Supplier;NAME1=SupplierName;ERDAT=CreationDate',
      {},
    ).catch((e: unknown) => e);
    // The S/4 set exists; the stream's other fields have no property there, which is said, not read as nulls.
    expect(pages).toMatchObject({ code: 'SAP_GATEWAY_FIELDS_UNMATCHED' });
    expect((pages as Error).message).toContain('TURNOVER');
  });

  it('does not retry a wrong password (401 is AUTH_FAILED, asked once) and never says the password', async () => {
    const retries: number[] = [];
    const { sim, gateway } = await start({ services: [vendorService()] }, 'wrong-password', retries);
    const error = await readAll(gateway).catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ code: 'AUTH_FAILED' });
    expect(sim.gateway.stats.requests).toHaveLength(1);
    expect(retries).toEqual([]);
    const said = `${(error as Error).message} ${JSON.stringify(error)}`;
    expect(said).not.toContain('wrong-password');
    expect(said).not.toContain(Buffer.from('RFC_SYNC:wrong-password').toString('base64'));
  });

  it('names the sets the service offers when the configured one is not among them', async () => {
    const { gateway } = await start({ services: [vendorService()] });
    await expect(readAll(gateway, 'ZVENDOR_SRV/SupplierSet')).rejects.toMatchObject({
      code: 'SAP_GATEWAY_SET_NOT_FOUND',
      message: expect.stringContaining('it offers: VendorSet'),
    });
  });

  it('asks for the date property when an incremental read has none', async () => {
    const { gateway } = await start({ services: [vendorService()] });
    await expect(
      readAll(gateway, 'ZVENDOR_SRV/VendorSet;TURNOVER=Umsatz', { from: PlainDate.parse('2026-01-01') }),
    ).rejects.toMatchObject({ code: 'SAP_GATEWAY_NO_DATE_FILTER' });
  });

  it('retries a 503 on a read and then reads on', async () => {
    const retries: number[] = [];
    const { gateway } = await start(
      { services: [vendorService()], unavailableAfter: { requests: 1, times: 1 } },
      PASSWORD,
      retries,
    );
    const pages = await readAll(gateway);
    expect(pages.flatMap((page) => page.records)).toHaveLength(5);
    expect(retries).toHaveLength(1);
  });
});
