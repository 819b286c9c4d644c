/**
 * IFS Cloud's particular behaviour, connector against the simulator (real HTTP on loopback): the
 * 12,000-line order read whole in bounded calls, a cut-short answer never taken as complete, array
 * `$expand` refused, paging with and without nextLink, IFS's error bodies reaching the user, vouchers that
 * move to the posted GL set, a company the service user may not see, and the 180-second token renewed
 * before expiry and once on a 401 mid-sync. No test waits on a clock: token time is a fake one.
 */
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { DataRow } from '../../engine/model/io.ts';
import { fetchControlTotals, readAll, reconcile } from '../kit/testing/conformance-support.ts';
import { ifsModule } from './module.ts';
import { DEMO_SETS, type IfsSimulator, type IfsSimulatorOptions, startIfsSimulator } from './simulator/index.ts';
import { createIfsSource } from './source.ts';
import { PURCHASE_ORDER_LINES, VOUCHER_ROWS, VOUCHERS } from './streams.ts';
import { configFor } from './test-support.ts';

const started: IfsSimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.close()));
});

async function simulator(options: IfsSimulatorOptions = {}): Promise<IfsSimulator> {
  const sim = await startIfsSimulator({ rows: 20, seed: 11, sets: DEMO_SETS, ...options });
  started.push(sim);
  return sim;
}

async function token(sim: IfsSimulator): Promise<string> {
  const response = await request(sim.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: sim.credentials.clientId,
      client_secret: sim.credentials.clientSecret,
    }).toString(),
  });
  return ((await response.body.json()) as { access_token: string }).access_token;
}

async function get(sim: IfsSimulator, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await request(`${sim.url}${path}`, { headers: { authorization: `Bearer ${await token(sim)}` } });
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
}

const PROJECTION = '/main/ifsapplications/projection/v1';
const LINES_PATH = '/int/ifsapplications/entity/v1/PurchaseOrderLineEntity.svc/PurchaseOrderLineSet';

function linesOf(rows: readonly DataRow[], orderNo: string): DataRow[] {
  return rows.filter((row) => row.OrderNo === orderNo);
}

describe('IFS Cloud order lines', () => {
  it('reads a 12,000-line order whole, joined to its header, no request asking for more than 5,000 rows', async () => {
    const sim = await simulator({ bigOrderLines: 12_000 });
    const big = sim.store.orders.at(-1)!;
    const source = createIfsSource(configFor(sim, { retry: false }));
    const rows = await readAll(source, PURCHASE_ORDER_LINES.schema, 5000);
    await source.close();
    const lines = linesOf(rows, String(big.values.OrderNo));
    expect(lines).toHaveLength(12_000);
    expect(new Set(lines.map((line) => line.LineNo)).size).toBe(12_000);
    expect(String(lines[0]?.OrderDate)).toBe(String(big.values.OrderDate));
    expect(lines.every((line) => line.VendorNo === big.values.VendorNo)).toBe(true);
    const totals = await fetchControlTotals(sim.url);
    expect(reconcile('purchase_order_lines', rows, totals)).toEqual([]);
    const lineReads = sim.stats.seen.filter((seen) => seen.path === LINES_PATH);
    expect(lineReads.length).toBeGreaterThanOrEqual(3);
    for (const seen of sim.stats.seen) {
      expect(Number(seen.query.get('$top') ?? 0)).toBeLessThanOrEqual(5000);
      expect(seen.query.get('$expand')).toBeNull();
    }
  });

  it('asks again when an answer comes back short of its count, and fails rather than pass a partial order on', async () => {
    const once = await simulator({ bigOrderLines: 12_000 });
    once.options.shortAnswers = 1;
    const big = String(once.store.orders.at(-1)!.values.OrderNo);
    const source = createIfsSource(configFor(once, { retry: false }));
    expect(linesOf(await readAll(source, PURCHASE_ORDER_LINES.schema, 5000), big)).toHaveLength(12_000);
    await source.close();

    const always = await simulator({ bigOrderLines: 12_000 });
    always.options.shortAnswers = 1_000;
    const failing = createIfsSource(configFor(always, { retry: false }));
    const error = await readAll(failing, PURCHASE_ORDER_LINES.schema, 5000).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    await failing.close();
    expect(error).toMatchObject({ transient: true });
    expect(String((error as Error).message)).toMatch(/answered \d+ of the \d+ rows .*partial answer/);
  });

  it('refuses to expand an order line array with ODP_NOT_IMPLEMENTED', async () => {
    const sim = await simulator();
    const answer = await get(
      sim,
      `${PROJECTION}/PurchaseOrderHandling.svc/PurchaseOrderSet?$expand=PurchaseOrderLineArray&$top=1`,
    );
    expect(answer.status).toBe(501);
    expect(answer.body).toMatchObject({ error: { code: 'ODP_NOT_IMPLEMENTED' } });
  });

  it("fails the lines with IFS's words until the Entity Service is activated", async () => {
    const sim = await simulator({ entityServicesActive: false });
    const source = createIfsSource(configFor(sim, { retry: false }));
    await expect(readAll(source, PURCHASE_ORDER_LINES.schema, 100)).rejects.toThrow(/404.*Metadata not found\./);
    await source.close();
  });
});

describe('IFS Cloud paging and errors', () => {
  it('pages by $top/$skip with a stable $orderby and gets no nextLink when $top is given', async () => {
    const sim = await simulator({ rows: 30 });
    const source = createIfsSource(configFor(sim, { retry: false }));
    const rows = await readAll(source, VOUCHER_ROWS.schema, 7);
    await source.close();
    expect(reconcile('voucher_rows', rows, await fetchControlTotals(sim.url))).toEqual([]);
    const reads = sim.stats.seen.filter((seen) => seen.path.endsWith('/VoucherRowSet'));
    expect(reads.map((seen) => seen.query.get('$skip'))).toEqual([
      null,
      ...reads.slice(1).map((_, i) => String(7 * (i + 1))),
    ]);
    for (const seen of reads)
      expect(seen.query.get('$orderby')).toBe('VoucherDate,Company,AccountingYear,VoucherType,VoucherNo,RowNo');
    const raw = await get(sim, `${PROJECTION}/VoucherRowsAnalysis.svc/VoucherRowSet?$top=2&$select=Company,VoucherNo`);
    expect(raw.body['@odata.nextLink']).toBeUndefined();
    const value = raw.body.value as Record<string, unknown>[];
    expect(value.every((row) => typeof row['@odata.etag'] === 'string')).toBe(true);
  });

  it('follows nextLinks when the server pages, and still holds the read to the count', async () => {
    const sim = await simulator({ bigOrderLines: 40, serverPageSize: 15 });
    const source = createIfsSource(configFor(sim, { retry: false }));
    const rows = await readAll(source, PURCHASE_ORDER_LINES.schema, 1000);
    await source.close();
    expect(linesOf(rows, String(sim.store.orders.at(-1)!.values.OrderNo))).toHaveLength(40);
    expect(sim.stats.seen.some((seen) => seen.path === LINES_PATH && seen.query.get('$skip') === '30')).toBe(true);
  });

  it("answers IFS's recorded 400 and 404 bodies, and the user sees IFS's detail", async () => {
    const sim = await simulator();
    const bad = await get(sim, `${PROJECTION}/VoucherRowsAnalysis.svc/VoucherRowSet?$filter=NotAColumn eq 'x'&$top=1`);
    expect(bad).toEqual({
      status: 400,
      body: {
        error: {
          code: expect.any(String),
          message: 'Malformed Request.',
          details: [
            {
              code: expect.any(String),
              message:
                "The property 'NotAColumn', used in a query expression, is not defined in type 'IfsApp.VoucherRowsAnalysis.VoucherRow'.",
            },
          ],
        },
      },
    });
    expect(await get(sim, `${PROJECTION}/NoSuchServiceXyz.svc/$metadata`)).toEqual({
      status: 404,
      body: { error: { code: expect.any(String), message: 'Metadata not found.' } },
    });
    // A quoted date and a plain-string enum are refused (IFS's literal rules).
    expect(
      (await get(sim, `${PROJECTION}/VoucherRowsAnalysis.svc/VoucherRowSet?$filter=VoucherDate ge '2025-01-01'`))
        .status,
    ).toBe(400);
    expect(
      (await get(sim, `${PROJECTION}/PurchaseOrderHandling.svc/PurchaseOrderSet?$filter=Objstate eq 'Released'`))
        .status,
    ).toBe(400);
    const released = await get(
      sim,
      `${PROJECTION}/PurchaseOrderHandling.svc/PurchaseOrderSet?$filter=Objstate eq IfsApp.PurchaseOrderHandling.PurchaseOrderState'Released'`,
    );
    expect(released.status).toBe(200);
    // Through the connector: a supplier invoice set that is not configured in the simulator is IFS's 404.
    const source = createIfsSource(
      configFor(sim, { retry: false, sets: { supplier_invoices: 'NoSuchInvoices.svc/InvoiceSet' } }),
    );
    await expect(
      readAll(source, { ...VOUCHERS.schema, entity: 'supplier_invoices', cursorField: 'InvoiceDate' }, 10),
    ).rejects.toThrow(/404: Metadata not found\./);
    await source.close();
  });
});

describe('IFS Cloud vouchers and companies', () => {
  it('keeps every voucher when vouchers are updated to GL between two polls', async () => {
    const sim = await simulator({ rows: 40 });
    const source = createIfsSource(configFor(sim, { retry: false }));
    const before = await readAll(source, VOUCHER_ROWS.schema, 10);
    const unpostedBefore = sim.store.vouchers.filter((voucher) => !voucher.updatedToGl).length;
    for (const voucher of sim.store.vouchers) voucher.updatedToGl = true;
    const after = await readAll(source, VOUCHER_ROWS.schema, 10);
    await source.close();
    expect(unpostedBefore).toBeGreaterThan(0);
    expect(after).toHaveLength(before.length);
    expect(reconcile('voucher_rows', after, await fetchControlTotals(sim.url))).toEqual([]);
    // VoucherRowSet alone now holds nothing: a reader of that set only would have lost them all.
    const unposted = await get(sim, `${PROJECTION}/VoucherRowsAnalysis.svc/VoucherRowSet?$top=10`);
    expect(unposted.body.value).toEqual([]);
  });

  it('reads a voucher met in both sets once (posted while the read was under way)', async () => {
    const sim = await simulator({ rows: 10 });
    const source = createIfsSource(configFor(sim, { retry: false }));
    const rows: DataRow[] = [];
    let posted = false;
    for await (const page of source.read({ entity: 'vouchers', key: VOUCHERS.schema.key, pageSize: 1000 })) {
      rows.push(...page.records);
      if (!posted) {
        // After the unposted set was read and before the posted set is: the voucher is in both answers.
        sim.store.vouchers.forEach((voucher) => (voucher.updatedToGl = true));
        posted = true;
      }
    }
    await source.close();
    expect(rows).toHaveLength(sim.store.vouchers.length);
  });

  it('says so when the service user may not see a company (IFS answers an empty list)', async () => {
    const sim = await simulator();
    const result = await ifsModule.testConnection(configFor(sim, { companies: ['20'] }));
    expect(result).toMatchObject({ ok: false });
    expect(result.message).toContain('Allowed Companies');
    expect(sim.store.hiddenAccounts.length).toBeGreaterThan(0);
  });
});

describe('IFS Cloud sign-in', () => {
  it('renews the 180-second token before it expires, and once on a 401 mid-sync', async () => {
    let clientClock = 0;
    let serverClock = 0;
    const sim = await simulator({ rows: 30, now: () => serverClock });
    const source = createIfsSource(configFor(sim, { retry: false, now: () => clientClock }));
    let pages = 0;
    for await (const page of source.read({ entity: 'voucher_rows', key: VOUCHER_ROWS.schema.key, pageSize: 5 })) {
      void page;
      pages += 1;
      if (pages === 2) {
        // Both clocks move 130 s: 50 s left on a 180 s token, inside the 60 s margin: renewed before use.
        clientClock += 130_000;
        serverClock += 130_000;
      }
      if (pages === 4) serverClock += 200_000; // the server's clock alone: the token dies under the client
    }
    await source.close();
    expect(sim.iam.tokenRequests).toBe(3);
    expect(sim.stats.seen.filter((seen) => seen.status === 401)).toHaveLength(1);
  });

  it('answers a wrong secret with one clear error naming the client, never the secret, after one token request', async () => {
    const sim = await simulator();
    const wrong = 'wrong-secret-value-123';
    const result = await ifsModule.testConnection(configFor(sim, { secret: wrong }));
    expect(result).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
    expect(result.message).toContain(sim.credentials.clientId);
    expect(result.message).not.toContain(wrong);
    expect(sim.iam.tokenRequests).toBe(1);
  });
});
