/**
 * `source.filters` on IFS Cloud streams, connector against the simulator (real HTTP on loopback), whose
 * `$filter` parser refuses a quoted date or a plain string on an enum with IFS's 400: the rows read are
 * exactly the store's matching rows, the URL carries IFS's literal forms, and a filter on an unknown
 * field or with a value of the wrong type is refused before any request.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DataRow } from '../../engine/model/io.ts';
import type { Value } from '../../engine/model/values/index.ts';
import { watermarkOf } from '../kit/testing/conformance-support.ts';
import { projectionOf } from './config.ts';
import { DEMO_SETS, type IfsSimulator, type IfsSimulatorOptions, startIfsSimulator } from './simulator/index.ts';
import type { SimRow } from './simulator/store.ts';
import { createIfsSource } from './source.ts';
import { GL_ACCOUNTS, PURCHASE_ORDER_LINES, SUPPLIER_INVOICES, SUPPLIERS, type IfsStream } from './streams.ts';
import { configFor } from './test-support.ts';

const started: IfsSimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.close()));
});

async function simulator(options: IfsSimulatorOptions = {}): Promise<IfsSimulator> {
  const sim = await startIfsSimulator({ rows: 40, seed: 7, sets: DEMO_SETS, ...options });
  started.push(sim);
  return sim;
}

async function readFiltered(
  sim: IfsSimulator,
  stream: IfsStream,
  filters: Readonly<Record<string, Value>>,
  read: { readonly from?: Value; readonly historyLog?: readonly string[] } = {},
): Promise<DataRow[]> {
  const source = createIfsSource(
    configFor(sim, { retry: false, ...(read.historyLog === undefined ? {} : { historyLog: read.historyLog }) }),
  );
  const rows: DataRow[] = [];
  try {
    const pages = source.read({
      entity: stream.schema.entity,
      key: stream.schema.key,
      cursorField: stream.schema.cursorField ?? '',
      filters,
      ...(read.from === undefined ? {} : { from: { cursor: read.from } }),
      pageSize: 500,
    });
    for await (const page of pages) rows.push(...page.records);
  } finally {
    await source.close();
  }
  return rows;
}

/** The `$filter`s the simulator was sent on a set (the path's tail). */
function filtersSeen(sim: IfsSimulator, setTail: string): string[] {
  return sim.stats.seen.filter((seen) => seen.path.endsWith(setTail)).map((seen) => seen.query.get('$filter') ?? '');
}

const keyOf = (row: DataRow | SimRow['values'], fields: readonly string[]) =>
  fields.map((field) => String(row[field] as unknown)).join('/');

describe('IFS Cloud source filters', () => {
  it('reads invoices by a string, a date, a number and an enum: exactly the matching rows, literals by IFS rules', async () => {
    const sim = await simulator();
    const invoices = sim.store.invoices.map((row) => row.values);
    const target = invoices[3]!;
    const identity = String(target.Identity);
    const state = String(target.Objstate);
    const enumLiteral = `IfsApp.${projectionOf(DEMO_SETS.supplierInvoices)}.ManSuppInvoiceState'${state}'`;

    // A string and an enum: every invoice of that supplier in that state.
    const bySupplier = await readFiltered(sim, SUPPLIER_INVOICES, { Identity: identity, Objstate: state });
    const expected = invoices.filter((row) => row.Identity === identity && row.Objstate === state);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(invoices.length);
    expect(bySupplier.map((row) => keyOf(row, ['InvoiceId'])).sort()).toEqual(
      expected.map((row) => keyOf(row, ['InvoiceId'])).sort(),
    );

    // With a date and a number too: the one invoice.
    const exact = await readFiltered(sim, SUPPLIER_INVOICES, {
      Identity: identity,
      DueDate: String(target.DueDate),
      InvoiceId: Number(target.InvoiceId),
      Objstate: state,
    });
    expect(exact.map((row) => keyOf(row, ['InvoiceId']))).toEqual([String(target.InvoiceId)]);
    const sent = filtersSeen(sim, 'ManSuppInvoiceSet').at(-1)!;
    expect(sent).toContain(`Identity eq '${identity}'`);
    expect(sent).toContain(`DueDate eq ${String(target.DueDate)}`);
    expect(sent).not.toContain(`'${String(target.DueDate)}'`);
    expect(sent).toContain(`InvoiceId eq ${String(target.InvoiceId)}`);
    expect(sent).toContain(`Objstate eq ${enumLiteral}`);
    expect(sent).toContain(`(Company eq '${sim.company}')`);
  });

  it('reads an ETag stream by an enum, and quotes a string with IFS escaping', async () => {
    const sim = await simulator();
    const revenues = await readFiltered(sim, GL_ACCOUNTS, { LogicalAccountType: 'Cost' });
    const expected = sim.store.accounts.filter((row) => row.values.LogicalAccountType === 'Cost');
    expect(expected.length).toBeGreaterThan(0);
    expect(revenues.map((row) => keyOf(row, GL_ACCOUNTS.schema.key)).sort()).toEqual(
      expected.map((row) => keyOf(row.values, GL_ACCOUNTS.schema.key)).sort(),
    );
    expect(filtersSeen(sim, 'AccountSet').at(-1)).toBe(
      `(Company eq '${sim.company}') and LogicalAccountType eq IfsApp.AccountsHandling.LogicalAccountType'Cost'`,
    );

    expect(await readFiltered(sim, GL_ACCOUNTS, { Description: "O'Brien" })).toEqual([]);
    expect(filtersSeen(sim, 'AccountSet').at(-1)).toContain(`Description eq 'O''Brien'`);
  });

  it('sends a line filter to the lines and a header filter (VendorNo) to the orders', async () => {
    const sim = await simulator();
    const order = sim.store.orders[0]!;
    const vendor = String(order.values.VendorNo);
    const rows = await readFiltered(sim, PURCHASE_ORDER_LINES, { VendorNo: vendor, Objstate: 'Released' });
    const expected = sim.store.orders
      .filter((candidate) => candidate.values.VendorNo === vendor)
      .flatMap((candidate) => candidate.lines.filter((line) => line.values.Objstate === 'Released'));
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.map((row) => keyOf(row, PURCHASE_ORDER_LINES.schema.key)).sort()).toEqual(
      expected.map((line) => keyOf(line.values, PURCHASE_ORDER_LINES.schema.key)).sort(),
    );
    expect(filtersSeen(sim, 'PurchaseOrderSet').at(-1)).toBe(`VendorNo eq '${vendor}'`);
    expect(filtersSeen(sim, 'PurchaseOrderLineSet').at(-1)).toContain(
      `and Objstate eq IfsApp.PurchaseOrderLineEntity.PurchaseOrderLineState'Released'`,
    );
  });

  it('adds the filters to the History Log read-back', async () => {
    const sim = await simulator({ historyLog: ['SupplierInfoGeneral'] });
    const full = await readFiltered(sim, SUPPLIERS, {}, { historyLog: ['suppliers'] });
    const watermark = watermarkOf(full, SUPPLIERS.schema);
    const changed = sim.advance(12).filter((change) => change.entity === 'suppliers');
    expect(changed.length).toBeGreaterThan(1);
    const wanted = String(changed[0]!.key[0]);
    const rows = await readFiltered(
      sim,
      SUPPLIERS,
      { SupplierId: wanted, PartyType: 'Supplier' },
      { from: watermark.cursor, historyLog: ['suppliers'] },
    );
    expect(rows.map((row) => row.SupplierId)).toEqual([wanted]);
    expect(filtersSeen(sim, 'SupplierInfoGeneralSet').at(-1)).toMatch(
      new RegExp(
        `^\\(\\(SupplierId eq '.*'\\)\\) and SupplierId eq '${wanted}' and PartyType eq IfsApp\\.SuppliersHandling\\.PartyType'Supplier'$`,
      ),
    );
  });

  it.each([
    [{ Supplier: 'S1' }, /supplier_invoices: filter Supplier = "S1" names no field of the stream/],
    [{ DueDate: 'next week' }, /supplier_invoices: filter DueDate = "next week" is not a date/],
    [{ InvoiceId: 'abc' }, /supplier_invoices: filter InvoiceId = "abc" is not a whole number/],
    [{ Identity: 42 }, /supplier_invoices: filter Identity = "42" is not text/],
    [{ Objstate: "Posted' or 1 eq 1" }, /supplier_invoices: filter Objstate = .* is not a value of the IFS enum/],
  ])('refuses %j before any request', async (filters, words) => {
    const sim = await simulator();
    const before = sim.stats.requests;
    const read = readFiltered(sim, SUPPLIER_INVOICES, filters as Record<string, Value>);
    await expect(read).rejects.toMatchObject({ code: 'UNSUPPORTED_FILTER', message: expect.stringMatching(words) });
    expect(sim.stats.requests).toBe(before);
  });

  it('refuses a bad header filter on order lines in the words of the lines stream', async () => {
    const sim = await simulator();
    await expect(readFiltered(sim, PURCHASE_ORDER_LINES, { OrderDate: 'soon' })).rejects.toThrow(
      /purchase_order_lines: filter OrderDate = "soon" is not a date/,
    );
    expect(sim.stats.requests).toBe(0);
  });
});
