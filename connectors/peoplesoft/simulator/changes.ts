/**
 * Changes dated the simulator's today, the way PeopleSoft users make them, for incremental tests: a
 * journal posted today, a vendor moving (a new effective-dated address row), a new customer, a PO
 * updated (LAST_DTTM_UPDATE now, a line added with its schedules and distributions), a voucher accounted today, a PS_JOB row effective today (a second one
 * the same day takes EFFSEQ 1); asked by name, a change to a master field alone (a vendor's class, a
 * customer's status) that moves no date. Each returns the records, by stream and key, an incremental read must now
 * return. Also the control totals: rows and exact sums per stream, and journal lines by ledger and period.
 */
import { entityTotals, addDecimals, type ControlTotals } from '../../kit/simulator/control-totals.ts';
import {
  addCustomer,
  addJobRow,
  addJournal,
  addPoLine,
  addVendorAddress,
  addVoucher,
  Amount,
  pad,
  type Fixture,
  type Row,
  vendorId,
} from './fixture.ts';
import { allRows, type StreamName } from './queries.ts';

export interface SimChange {
  readonly entity: StreamName;
  readonly key: readonly (string | number)[];
}

const KINDS = ['journal', 'vendor', 'customer', 'po', 'voucher', 'job'] as const;
/**
 * Changes to a master field alone, as a person (or the reverse sync through CIRT) makes them: nothing
 * effective-dated moves, so no date the saved queries window on changes. Not in the `n` cycle; asked by name.
 */
export const MASTER_KINDS = ['vendor_class', 'customer_status'] as const;
export type ChangeKind = (typeof KINDS)[number] | (typeof MASTER_KINDS)[number];
export const CHANGE_KINDS: readonly ChangeKind[] = [...KINDS, ...MASTER_KINDS];
export const isChangeKind = (value: unknown): value is ChangeKind => CHANGE_KINDS.includes(value as ChangeKind);

const VENDOR_CLASSES = ['R', 'E', 'H', 'A'] as const;

export function applyChange(fixture: Fixture, kind: ChangeKind): SimChange[] {
  const today = fixture.today;
  const random = fixture.random;
  switch (kind) {
    case 'journal': {
      const header = addJournal(fixture, today, 'P');
      const key = [header.BUSINESS_UNIT, header.JOURNAL_ID, today, 0] as (string | number)[];
      return [1, 2].map((line) => ({ entity: 'journal_lines', key: [...key, line] }));
    }
    case 'vendor': {
      const id = vendorId(random.int(1, fixture.vendors.length));
      addVendorAddress(fixture, id, today);
      return [
        { entity: 'vendors', key: ['SHARE', id] },
        { entity: 'vendor_addresses', key: ['SHARE', id, 1, today] },
      ];
    }
    case 'vendor_class': {
      const vendor = fixture.vendors[random.int(0, fixture.vendors.length - 1)] as Row;
      const at = VENDOR_CLASSES.indexOf(vendor.VENDOR_CLASS as (typeof VENDOR_CLASSES)[number]);
      vendor.VENDOR_CLASS = VENDOR_CLASSES[(at + 1) % VENDOR_CLASSES.length] ?? 'R';
      return [{ entity: 'vendors', key: [String(vendor.SETID), String(vendor.VENDOR_ID)] }];
    }
    case 'customer_status': {
      const customer = fixture.customers[random.int(0, fixture.customers.length - 1)] as Row;
      customer.CUST_STATUS = customer.CUST_STATUS === 'A' ? 'I' : 'A';
      return [{ entity: 'customers', key: [String(customer.SETID), String(customer.CUST_ID)] }];
    }
    case 'customer': {
      const i = fixture.customers.length + 1;
      addCustomer(fixture, i, today);
      return [{ entity: 'customers', key: ['SHARE', `C${pad(i, 7)}`] }];
    }
    case 'po': {
      const header = fixture.poHeaders[random.int(0, fixture.poHeaders.length - 1)] as Row;
      // Seeded stamps are before noon; changes count up from noon, so each is later than any before it.
      fixture.next += 1;
      const k = fixture.next;
      header.LAST_DTTM_UPDATE = `${today} ${pad(12 + Math.floor(k / 3600), 2)}:${pad(Math.floor(k / 60) % 60, 2)}:${pad(k % 60, 2)}.000000`;
      const lines = fixture.poLines.filter(
        (line) => line.PO_ID === header.PO_ID && line.BUSINESS_UNIT === header.BUSINESS_UNIT,
      );
      addPoLine(fixture, header, lines.length + 1);
      // The header's stamp moved, so every schedule and distribution of the PO is read again with it.
      const po = [String(header.BUSINESS_UNIT), String(header.PO_ID)];
      const ofPo = (row: Row) => row.PO_ID === header.PO_ID && row.BUSINESS_UNIT === header.BUSINESS_UNIT;
      return [
        ...[...lines.map((line) => line.LINE_NBR), lines.length + 1].map((line) => ({
          entity: 'purchase_order_lines' as const,
          key: [...po, Number(line)],
        })),
        { entity: 'purchase_orders', key: po },
        ...fixture.poSchedules.filter(ofPo).map((row) => ({
          entity: 'purchase_order_schedules' as const,
          key: [...po, Number(row.LINE_NBR), Number(row.SCHED_NBR)],
        })),
        ...fixture.poDistributions.filter(ofPo).map((row) => ({
          entity: 'purchase_order_distributions' as const,
          key: [...po, Number(row.LINE_NBR), Number(row.SCHED_NBR), Number(row.DISTRIB_LINE_NUM)],
        })),
      ];
    }
    case 'voucher': {
      const voucher = addVoucher(fixture, today);
      return [{ entity: 'vouchers', key: [String(voucher.BUSINESS_UNIT), String(voucher.VOUCHER_ID)] }];
    }
    case 'job': {
      const emplid = String(fixture.jobs[random.int(0, fixture.jobs.length - 1)]?.EMPLID);
      const row = addJobRow(fixture, emplid, today);
      return [{ entity: 'payroll_cost', key: [emplid, 0, today, Number(row.EFFSEQ)] }];
    }
  }
}

/** `n` changes, cycling over the kinds (or over `kinds` when given); a record changed twice is listed once. */
export function advance(fixture: Fixture, n: number, kinds: readonly ChangeKind[] = KINDS): SimChange[] {
  const changes = new Map<string, SimChange>();
  for (let i = 0; i < n; i++)
    for (const change of applyChange(fixture, kinds[i % kinds.length] ?? 'journal'))
      changes.set(JSON.stringify([change.entity, ...change.key.map(String)]), change);
  return [...changes.values()];
}

const AMOUNTS: Readonly<Record<StreamName, readonly string[]>> = {
  journal_lines: ['B.MONETARY_AMOUNT'],
  vendors: [],
  customers: [],
  purchase_order_lines: ['C.MERCHANDISE_AMT', 'C.QTY_PO'],
  vouchers: ['GROSS_AMT'],
  payroll_cost: ['A.COMPRATE'],
  purchase_orders: [],
  purchase_order_schedules: ['C.MERCHANDISE_AMT', 'C.QTY_PO'],
  purchase_order_distributions: ['D.MERCHANDISE_AMT', 'D.QTY_PO'],
  vendor_addresses: [],
};

const plain = (rows: readonly Row[]) =>
  rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [k.replace(/^[A-Z]\./, ''), v instanceof Amount ? v.text : v]),
    ),
  );

/**
 * Per stream (field names without the record alias, as the connector's streams name them), plus
 * `journal_lines_by_ledger_period`: the signed sum of posted journal lines per `LEDGER/FISCAL_YEAR/PERIOD`.
 */
export function controlTotals(fixture: Fixture): ControlTotals {
  const totals: Record<string, ReturnType<typeof entityTotals>> = {};
  for (const [stream, fields] of Object.entries(AMOUNTS) as [StreamName, readonly string[]][])
    totals[stream] = entityTotals(
      plain(allRows(fixture, stream)),
      fields.map((field) => field.replace(/^[A-Z]\./, '')),
    );
  const lines = plain(allRows(fixture, 'journal_lines'));
  const groups = new Map<string, string[]>();
  for (const line of lines) {
    const group = `${String(line.LEDGER)}/${String(line.FISCAL_YEAR)}/${String(line.ACCOUNTING_PERIOD)}`;
    groups.set(group, [...(groups.get(group) ?? []), String(line.MONETARY_AMOUNT)]);
  }
  totals.journal_lines_by_ledger_period = {
    rows: lines.length,
    sums: Object.fromEntries([...groups].sort().map(([group, values]) => [group, addDecimals(values)])),
  };
  return totals;
}
