/**
 * SAP's quirks the conformance suite does not reach, each against the simulator: a rename seen only in change
 * documents, day-granular inclusive reads, the 512-character column groups joined by key (and a row one group
 * missed held, not dropped), `*` overflow and trailing minus, ALPHA keys, deletion flags as data, BAPI RETURN
 * E/A holding a record with SAP's message, one security session per run, the inactive service in an SAP
 * administrator's words, COMMUNICATION_FAILURE retried and NOT_AUTHORIZED not, the release switch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DataRow, RecordProblem } from '../../engine/model/io.ts';
import { Decimal, PlainDate } from '../../engine/model/values/index.ts';
import { recordingSleep } from '../kit/testing/loopback.ts';
import { testSapConnection } from './check.ts';
import { createSapRfcClient } from './client.ts';
import { buildRfcEnvelope } from './rfc-xml.ts';
import { clientOptions } from './config.ts';
import { startSapSimulator, type RunningSapSimulator, type SapSimulatorOptions } from './simulator/index.ts';
import { createSapSource } from './source.ts';
import { SAP_STREAMS, VENDORS } from './streams.ts';
import { newFieldPlans, readRows } from './table-read.ts';
import { configFor, SIM_PASSWORD, SIM_USER } from './test-support.ts';

const TODAY = PlainDate.parse('2026-03-10');
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
    ...options,
  });
  open.push(() => sim.close());
  return sim;
}

async function read(sim: RunningSapSimulator, entity: string, from?: PlainDate, extra = {}) {
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
    problems.push(
      ...(page.problems ?? []).map((problem) => ({ ...problem, recordIndex: rows.length + problem.recordIndex })),
    );
    rows.push(...page.records);
  }
  return { rows, problems };
}

describe('SAP ECC quirks', () => {
  it('catches a vendor renamed today whose ERDAT is years old, through its change document only', async () => {
    const sim = await start();
    const vendor = sim.fixture.LFA1[2]!;
    expect(vendor.ERDAT! < '2025').toBe(true);
    const before = await read(sim, 'vendors', TODAY);
    expect(before.rows.map((row) => row.LIFNR)).not.toContain(vendor.LIFNR);
    const response = await fetch(`${sim.url}/__sim/change`, {
      method: 'POST',
      body: JSON.stringify({ action: 'renameVendor', lifnr: vendor.LIFNR, name: 'Renamed Supplies GmbH' }),
    });
    expect(await response.json()).toEqual({ changes: [{ entity: 'vendors', key: [vendor.LIFNR] }] });
    expect(sim.fixture.CDPOS.at(-1)).toMatchObject({
      OBJECTCLAS: 'KRED',
      FNAME: 'NAME1',
      VALUE_NEW: 'Renamed Supplies GmbH',
    });
    const after = await read(sim, 'vendors', TODAY);
    expect(after.rows).toEqual([
      expect.objectContaining({ LIFNR: vendor.LIFNR, NAME1: 'Renamed Supplies GmbH', CHANGED_ON: TODAY }),
    ]);
    expect(after.rows[0]!.ERDAT).toEqual(
      PlainDate.parse(`${vendor.ERDAT!.slice(0, 4)}-${vendor.ERDAT!.slice(4, 6)}-${vendor.ERDAT!.slice(6)}`),
    );
  });

  it('reads dates by whole days, inclusive: a record changed on the watermark day is read again', async () => {
    const sim = await start();
    const ebeln = sim.fixture.EKKO[0]!.EBELN!;
    await fetch(`${sim.url}/__sim/change`, { method: 'POST', body: JSON.stringify({ action: 'addPoItem', ebeln }) });
    const { rows } = await read(sim, 'purchase_order_items', TODAY);
    expect(new Set(rows.map((row) => row.EBELN))).toEqual(new Set([ebeln]));
    expect(rows.length).toBe(sim.fixture.EKPO.filter((item) => item.EBELN === ebeln).length);
    expect((await read(sim, 'purchase_order_items', TODAY.addDays(1))).rows).toEqual([]);
  });

  it('carries deletion flags, cross-links, ALPHA keys, trailing minus and the header on every item', async () => {
    const sim = await start();
    const vendors = (await read(sim, 'vendors')).rows;
    expect(vendors.map((row) => row.LIFNR)).toContain('VEND-A');
    // The delimiter and an ampersand inside a value: rows are cut by OFFSET/LENGTH, XML escapes read back.
    expect(vendors.find((row) => row.LIFNR === '0000100004')).toMatchObject({ NAME1: 'Müller | Söhne & Co' });
    // SAP writes that ampersand as the character reference &#38; (not &amp;), and the reader decodes it.
    const raw = await fetch(`${sim.url}/sap/bc/soap/rfc?sap-client=${sim.client}`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${SIM_USER}:${SIM_PASSWORD}`).toString('base64')}`,
        'content-type': 'text/xml; charset=utf-8',
      },
      body: buildRfcEnvelope({
        functionName: 'RFC_READ_TABLE',
        imports: { QUERY_TABLE: 'LFA1', DELIMITER: '' },
        tables: { FIELDS: [{ FIELDNAME: 'NAME1' }], OPTIONS: [{ TEXT: "LIFNR = '0000100004'" }], DATA: [] },
      }),
    });
    expect(await raw.text()).toContain('Söhne &#38; Co');
    expect(vendors.find((row) => row.LIFNR === '0000100005')).toMatchObject({ LOEVM: 'X' });
    expect(vendors.find((row) => row.LIFNR === '0000100001')).toMatchObject({ KUNNR: '0000300001', BUKRS: '1000' });
    // Not created in company code 1000: the LFB1 fields are empty, the vendor is still read.
    expect(vendors.find((row) => row.LIFNR === '0000100007')).toMatchObject({ BUKRS: null, ZTERM: null });
    const customers = (await read(sim, 'customers')).rows;
    expect(customers.find((row) => row.KUNNR === '0000300001')).toMatchObject({ LIFNR: '0000100001' });
    const items = (await read(sim, 'purchase_order_items')).rows.filter((row) => row.EBELN === '4500000001');
    expect(items.find((row) => row.EBELP === '00020')).toMatchObject({ LOEKZ: 'L', HEADER_LOEKZ: null, BUKRS: '1000' });
    const credit = items.find((row) => row.EBELP === '00030')!;
    expect((credit.NETWR as Decimal).sign()).toBe(-1);
    expect(String(credit.MATNR)).toMatch(/^0{12}\d{6}$/);
  });

  it("holds an amount SAP wrote as * (overflow) with SAP's reason, naming the record; the others pass", async () => {
    const sim = await start({ overflowItems: 1 });
    const { rows, problems } = await read(sim, 'purchase_order_items');
    expect(rows.length).toBe(sim.fixture.EKPO.filter((row) => row.BUKRS === '1000').length);
    expect(problems).toEqual([
      expect.objectContaining({
        field: 'NETWR',
        message: expect.stringMatching(/^SAP purchase_order_items 4500000002\/00010: NETWR "\*.*did not fit/),
      }),
    ]);
    expect(rows[problems[0]!.recordIndex]).toMatchObject({ EBELN: '4500000002', EBELP: '00010', NETWR: null });
  });

  it('reads LFA1 in column groups of at most 512 characters, and holds a row one group missed', async () => {
    const sim = await start();
    const base = createSapRfcClient({ ...(await clientOptions(configFor(sim))), retry: false });
    open.push(() => base.close());
    let calls = 0;
    // A vendor created between the first and the second call of the read (a real row on the real server).
    const client = {
      ...base,
      call: async (...args: Parameters<typeof base.call>) => {
        const answer = await base.call(...args);
        if (args[0].imports?.NO_DATA === '' && ++calls === 1)
          sim.fixture.LFA1.push({ ...sim.fixture.LFA1[0]!, LIFNR: '0000100050', NAME1: 'Created mid-read' });
        return answer;
      },
    };
    const columns = VENDORS.fields.filter((f) => f.table === 'LFA1').map((f) => f.column);
    const rows = await readRows(client, newFieldPlans(), 'LFA1', ['LIFNR'], columns, []);
    expect(calls).toBeGreaterThan(1);
    const late = rows.get('0000100050')!;
    expect(late.problems).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(
          'SAP returned this row in one of the calls that read LFA1 in column groups but not in another',
        ),
      }),
    ]);
    expect(rows.get('0000100001')!.problems).toEqual([]);
  });

  it("confirms records through their BAPI when asked: RETURN E/A holds the record with SAP's message", async () => {
    const sim = await start({
      bapiErrors: {
        '0000100002': { type: 'E', id: 'F2', number: '201', message: 'No authorization for company code 1000' },
        '4500000001': { type: 'A', id: '06', number: '046', message: 'Purchasing document 4500000001 is locked' },
      },
    });
    const vendors = await read(sim, 'vendors', undefined, { bapiDetails: ['vendors'] });
    expect(vendors.problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        "SAP's BAPI_VENDOR_GETDETAIL refused 0000100002: E F2201: No authorization for company code 1000",
        "SAP's BAPI_VENDOR_GETDETAIL refused 0000100007: E FN022: Vendor 0000100007 is not created in company code 1000",
      ]),
    );
    const items = await read(sim, 'purchase_order_items', undefined, { bapiDetails: ['purchase_order_items'] });
    const held = new Set(items.problems.map((p) => String(items.rows[p.recordIndex]!.EBELN)));
    expect(held).toEqual(new Set(['4500000001']));
    expect(items.problems[0]!.message).toContain('A 06046: Purchasing document 4500000001 is locked');
  });

  it('keeps one security session for a whole run (ECC 7.31+), none at all on 7.00-7.02', async () => {
    const sim = await start();
    await read(sim, 'purchase_order_items');
    expect(sim.stats.requests).toBeGreaterThan(5);
    expect(sim.sessionsOpened()).toBe(1);
    const old = await start({ releaseProfile: 'ecc_700_702' });
    await read(old, 'vendors');
    expect(old.sessionsOpened()).toBe(0);
  });

  it("explains SAP's inactive SOAP RFC service with the SICF node and the authorizations to grant", async () => {
    const sim = await start({ rfcServiceActive: false });
    const answer = await testSapConnection(configFor(sim));
    expect(answer).toMatchObject({ ok: false, code: 'SAP_RFC_SERVICE_INACTIVE' });
    expect(answer.message).toContain('default_host/sap/bc/soap/rfc in transaction SICF');
    expect(answer.message).toMatch(/S_RFC.*SDTX.*S_TABU_DIS/);
  });

  it('retries COMMUNICATION_FAILURE, and stops at NOT_AUTHORIZED in plain words without a retry', async () => {
    const flaky = await start({ faults: '500:0.3', seed: 11 });
    const { sleep, delays } = recordingSleep();
    const { rows } = await read(flaky, 'customers', undefined, { retry: { sleep, maxAttempts: 10 } });
    expect(rows.length).toBe(flaky.fixture.KNA1.length);
    expect(flaky.stats.faults['500']).toBeGreaterThan(0);
    expect(delays.length).toBe(flaky.stats.faults['500']);

    const locked = await start({ notAuthorized: ['EKPO'] });
    const { sleep: noSleep, delays: none } = recordingSleep();
    await expect(read(locked, 'purchase_order_items', undefined, { retry: { sleep: noSleep } })).rejects.toMatchObject({
      code: 'SAP_NOT_AUTHORIZED',
      message: expect.stringContaining('the SAP user may not read EKPO (NOT_AUTHORIZED)'),
    });
    expect(none).toEqual([]);
  });

  it('serves ECC by default: no S/4 change stamp on EKKO, FIELD_NOT_VALID for an unknown field', async () => {
    const ecc = await start();
    const s4 = await start({ releaseProfile: 's4_758' });
    const ask = async (sim: RunningSapSimulator) => {
      const client = createSapRfcClient({ ...(await clientOptions(configFor(sim))), retry: false });
      open.push(() => client.close());
      return readRows(client, newFieldPlans(), 'EKKO', ['EBELN'], ['EBELN', 'LASTCHANGEDATETIME'], []).then(
        () => 'read',
        (error: { code: string; message: string }) => error.message,
      );
    };
    expect(await ask(ecc)).toContain('(FIELD_NOT_VALID)');
    expect(await ask(s4)).toBe('read');
  });
});
