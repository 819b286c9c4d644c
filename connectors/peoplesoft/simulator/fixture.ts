/**
 * The PeopleSoft simulator's records, named and shaped as the PeopleSoft tables are (peoplesoft.md §4):
 * SETID-keyed and effective-dated master data (PS_VENDOR + PS_VENDOR_ADDR, PS_CUSTOMER + PS_CUST_ADDRESS,
 * PS_GL_ACCOUNT_TBL, PS_DEPT_TBL) shared across business units through PS_SET_CNTRL_REC, journals
 * (PS_JRNL_HEADER + PS_JRNL_LN, signed amounts, `P` = posted), POs, vouchers and HCM's PS_JOB (EFFDT, EFFSEQ).
 * Seeded, so the same seed and row count give the same data; dates lie in the 90 days up to `today`.
 */
import { seededRandom, type SeededRandom } from '../../kit/simulator/seeded.ts';

export type Row = Record<string, string | number | Amount | null>;

/** A number written into the JSON answer by its digits (an amount is never a float's digits). */
export class Amount {
  constructor(readonly text: string) {}
}

export interface EffectiveRow {
  readonly key: string;
  readonly effdt: string;
  readonly descr: string;
}

export interface Fixture {
  today: string;
  readonly random: SeededRandom;
  /** PS_SET_CNTRL_REC: (business unit, record) -> SETID. */
  readonly setControl: Map<string, string>;
  readonly accounts: EffectiveRow[];
  readonly depts: EffectiveRow[];
  readonly vendors: Row[];
  readonly vendorAddresses: Row[];
  readonly customers: Row[];
  readonly customerAddresses: Row[];
  readonly poHeaders: Row[];
  readonly poLines: Row[];
  /** PS_PO_LINE_SHIP: a line's schedules, whose quantities and amounts sum to the line's. */
  readonly poSchedules: Row[];
  /** PS_PO_LINE_DISTRIB: a schedule's distributions, whose quantities and amounts sum to the schedule's. */
  readonly poDistributions: Row[];
  readonly vouchers: Row[];
  readonly journalHeaders: Row[];
  readonly journalLines: Row[];
  readonly jobs: Row[];
  /** Counter for new ids made by changes. */
  next: number;
}

export const BUSINESS_UNITS = ['US001', 'US002'] as const;
const ACCOUNTS = ['100000', '200000', '400000', '500000', '610000'];
const DEPTS = ['10000', '20000', '30000'];
const CITIES = [
  ['Austin', 'TX', '78701'],
  ['Denver', 'CO', '80202'],
  ['Boston', 'MA', '02108'],
] as const;

export function addDays(day: string, days: number): string {
  const at = Date.parse(`${day}T00:00:00Z`) + days * 86_400_000;
  return new Date(at).toISOString().slice(0, 10);
}

export const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function createFixture(options: { seed: number; rows: number; today: string }): Fixture {
  const random = seededRandom(options.seed);
  const { today } = options;
  const day = () => addDays(today, -random.int(0, 89));
  const fixture: Fixture = {
    today,
    random,
    setControl: new Map([
      ['US001|GL_ACCOUNT_TBL', 'SHARE'],
      ['US002|GL_ACCOUNT_TBL', 'US002'],
      ['US001|DEPT_TBL', 'SHARE'],
      ['US002|DEPT_TBL', 'SHARE'],
    ]),
    accounts: [],
    depts: [],
    vendors: [],
    vendorAddresses: [],
    customers: [],
    customerAddresses: [],
    poHeaders: [],
    poLines: [],
    poSchedules: [],
    poDistributions: [],
    vouchers: [],
    journalHeaders: [],
    journalLines: [],
    jobs: [],
    next: 1,
  };
  // Effective-dated setup rows: each account renamed 30 days ago, so the description depends on the date.
  for (const setid of ['SHARE', 'US002'])
    for (const account of ACCOUNTS) {
      fixture.accounts.push({ key: `${setid}|${account}`, effdt: '1900-01-01', descr: `Account ${account}` });
      fixture.accounts.push({
        key: `${setid}|${account}`,
        effdt: addDays(today, -30),
        descr: `Account ${account} (${setid} renamed)`,
      });
    }
  for (const dept of DEPTS) {
    fixture.depts.push({ key: `SHARE|${dept}`, effdt: '1900-01-01', descr: `Department ${dept}` });
    fixture.depts.push({ key: `SHARE|${dept}`, effdt: addDays(today, -45), descr: `Department ${dept} (reorganised)` });
  }
  const rows = Math.max(4, options.rows);
  for (let i = 1; i <= rows; i++) addVendor(fixture, i, random.next() < 0.3 ? '1900-01-01' : day());
  // Some vendors moved: a later address row supersedes the first (the current one is read).
  for (let i = 1; i <= rows; i += 5) addVendorAddress(fixture, vendorId(i), day());
  for (let i = 1; i <= Math.ceil(rows / 2); i++) addCustomer(fixture, i, random.next() < 0.3 ? '1900-01-01' : day());
  for (let i = 1; i <= Math.ceil(rows / 4); i++)
    addPurchaseOrder(fixture, `${day()} ${pad(random.int(0, 11), 2)}:${pad(random.int(0, 59), 2)}:00.000000`);
  for (let i = 1; i <= Math.ceil(rows / 2); i++) addVoucher(fixture, day());
  for (let i = 1; i <= Math.ceil(rows / 5); i++) addJournal(fixture, day(), random.next() < 0.85 ? 'P' : 'N');
  for (let i = 1; i <= Math.ceil(rows / 4); i++) {
    const emplid = `KU${pad(i, 4)}`;
    addJobRow(fixture, emplid, day());
    if (i % 3 === 0) addJobRow(fixture, emplid, day());
  }
  fixture.next = rows + 1;
  return fixture;
}

export const vendorId = (i: number) => pad(i, 10);

export function addVendor(fixture: Fixture, i: number, effdt: string): void {
  const status = fixture.random.next() < 0.9 ? 'A' : 'I';
  fixture.vendors.push({
    SETID: 'SHARE',
    VENDOR_ID: vendorId(i),
    NAME1: `Vendor ${i} & Co`,
    NAME2: '',
    VENDOR_STATUS: status,
    VENDOR_CLASS: 'R',
    // Not read by the vendors query; the CIRT side (the destination) may write it.
    VENDOR_PERSISTENCE: 'R',
  });
  addVendorAddress(fixture, vendorId(i), effdt);
}

export function addVendorAddress(fixture: Fixture, id: string, effdt: string): void {
  const [city, state, postal] = fixture.random.pick(CITIES);
  const existing = fixture.vendorAddresses.filter((row) => row.VENDOR_ID === id && row.EFFDT === effdt);
  for (const row of existing) fixture.vendorAddresses.splice(fixture.vendorAddresses.indexOf(row), 1);
  fixture.vendorAddresses.push({
    SETID: 'SHARE',
    VENDOR_ID: id,
    ADDRESS_SEQ_NUM: 1,
    EFFDT: effdt,
    EFF_STATUS: 'A',
    ADDRESS1: `${fixture.random.int(1, 999)} Main St`,
    CITY: city,
    STATE: state,
    POSTAL: postal,
    COUNTRY: 'USA',
  });
}

export function addCustomer(fixture: Fixture, i: number, effdt: string): void {
  const id = `C${pad(i, 7)}`;
  fixture.customers.push({ SETID: 'SHARE', CUST_ID: id, NAME1: `Customer ${i}`, CUST_STATUS: 'A', CUST_LEVEL: 'C' });
  const [city, state, postal] = fixture.random.pick(CITIES);
  fixture.customerAddresses.push({
    SETID: 'SHARE',
    CUST_ID: id,
    ADDRESS_SEQ_NUM: 1,
    EFFDT: effdt,
    ADDRESS1: `${fixture.random.int(1, 999)} Elm St`,
    CITY: city,
    STATE: state,
    POSTAL: postal,
    COUNTRY: 'USA',
  });
}

export function addPurchaseOrder(fixture: Fixture, updated: string): Row {
  const id = pad(fixture.poHeaders.length + 1, 10);
  const header: Row = {
    BUSINESS_UNIT: fixture.random.pick(BUSINESS_UNITS),
    PO_ID: id,
    PO_DT: updated.slice(0, 10),
    PO_STATUS: 'D',
    VENDOR_SETID: 'SHARE',
    VENDOR_ID: vendorId(fixture.random.int(1, Math.max(1, fixture.vendors.length))),
    CURRENCY_CD: 'USD',
    LAST_DTTM_UPDATE: updated,
  };
  fixture.poHeaders.push(header);
  const lines = fixture.random.int(1, 3);
  for (let line = 1; line <= lines; line++) addPoLine(fixture, header, line);
  return header;
}

export function addPoLine(fixture: Fixture, header: Row, line: number): void {
  const row: Row = {
    BUSINESS_UNIT: header.BUSINESS_UNIT ?? null,
    PO_ID: header.PO_ID ?? null,
    LINE_NBR: line,
    INV_ITEM_ID: `ITEM${pad(fixture.random.int(1, 50), 4)}`,
    DESCR254_MIXED: `Item line ${line}`,
    CATEGORY_ID: 'OFFICE',
    QTY_PO: new Amount(String(fixture.random.int(1, 40))),
    MERCHANDISE_AMT: new Amount(fixture.random.decimal(10, 9000, 2)),
  };
  fixture.poLines.push(row);
  addPoSchedules(fixture, header, row);
}

/**
 * Splits a decimal text into two exact parts, the first `numerator/denominator` of it rounded down at the
 * text's own scale, the second the rest (so the parts always add up to the whole).
 */
export function splitDecimal(text: string, numerator: bigint, denominator: bigint, scale: number): [string, string] {
  const [whole = '0', fraction = ''] = text.split('.');
  const units = BigInt(whole + fraction.padEnd(scale, '0').slice(0, scale));
  const first = (units * numerator) / denominator;
  const show = (n: bigint) => {
    const digits = n.toString().padStart(scale + 1, '0');
    return scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  };
  return [show(first), show(units - first)];
}

const EXPENSE_ACCOUNTS = ['500000', '610000'] as const;

/**
 * A line's schedules (PS_PO_LINE_SHIP) and their distributions (PS_PO_LINE_DISTRIB), made without drawing
 * from the seeded random source so the existing streams' data stays what it was: a quantity of 2 or more
 * of 20 or more ships in two schedules, and a first schedule of more than one cent is charged 60/40 to two
 * departments (few enough rows a day for the tests' small answers).
 */
function addPoSchedules(fixture: Fixture, header: Row, line: Row): void {
  const qty = BigInt(String((line.QTY_PO as Amount).text));
  const amount = (line.MERCHANDISE_AMT as Amount).text;
  const schedules: [string, string][] =
    qty >= 20n
      ? zip(splitDecimal(String(qty), 1n, 2n, 0), splitDecimal(amount, qty / 2n, qty, 2))
      : [[String(qty), amount]];
  const seq = fixture.poDistributions.length;
  schedules.forEach(([schedQty, schedAmt], index) => {
    const sched = index + 1;
    const base = {
      BUSINESS_UNIT: header.BUSINESS_UNIT ?? null,
      PO_ID: header.PO_ID ?? null,
      LINE_NBR: line.LINE_NBR ?? null,
    };
    fixture.poSchedules.push({
      ...base,
      SCHED_NBR: sched,
      CANCEL_STATUS: 'A',
      DUE_DT: addDays(String(header.PO_DT), 7 * sched),
      SHIPTO_ID: `SHIP${String(header.BUSINESS_UNIT).slice(-1)}`,
      QTY_PO: new Amount(schedQty),
      MERCHANDISE_AMT: new Amount(schedAmt),
    });
    const cents = BigInt(schedAmt.replace('.', ''));
    const distributions: [string, string][] =
      sched === 1 && cents > 1n
        ? zip(splitDecimal(schedQty, 3n, 5n, 4), splitDecimal(schedAmt, 3n, 5n, 2))
        : [[schedQty, schedAmt]];
    distributions.forEach(([distQty, distAmt], d) => {
      const n = seq + index * 2 + d;
      fixture.poDistributions.push({
        ...base,
        SCHED_NBR: sched,
        DISTRIB_LINE_NUM: d + 1,
        BUSINESS_UNIT_GL: header.BUSINESS_UNIT ?? null,
        ACCOUNT: EXPENSE_ACCOUNTS[n % EXPENSE_ACCOUNTS.length] ?? '500000',
        DEPTID: DEPTS[n % DEPTS.length] ?? '10000',
        QTY_PO: new Amount(distQty),
        MERCHANDISE_AMT: new Amount(distAmt),
      });
    });
  });
}

const zip = (a: [string, string], b: [string, string]): [string, string][] => [
  [a[0], b[0]],
  [a[1], b[1]],
];

export function addVoucher(fixture: Fixture, accountingDt: string): Row {
  const n = fixture.vouchers.length + 1;
  const voucher: Row = {
    BUSINESS_UNIT: fixture.random.pick(BUSINESS_UNITS),
    VOUCHER_ID: pad(n, 8),
    INVOICE_ID: `INV-${n}`,
    INVOICE_DT: addDays(accountingDt, -2),
    ACCOUNTING_DT: accountingDt,
    VENDOR_SETID: 'SHARE',
    VENDOR_ID: vendorId(fixture.random.int(1, Math.max(1, fixture.vendors.length))),
    GROSS_AMT: new Amount(fixture.random.decimal(5, 20000, 2)),
    TXN_CURRENCY_CD: 'USD',
    ENTRY_STATUS: 'P',
  };
  fixture.vouchers.push(voucher);
  return voucher;
}

/** A balanced journal: debits positive, credits negative (MONETARY_AMOUNT is signed), posted or not. */
export function addJournal(fixture: Fixture, journalDate: string, status: string): Row {
  const n = fixture.journalHeaders.length + 1;
  const unit = fixture.random.pick(BUSINESS_UNITS);
  const header: Row = {
    BUSINESS_UNIT: unit,
    JOURNAL_ID: pad(n, 10),
    JOURNAL_DATE: journalDate,
    UNPOST_SEQ: 0,
    JRNL_HDR_STATUS: status,
    FISCAL_YEAR: Number(journalDate.slice(0, 4)),
    ACCOUNTING_PERIOD: Number(journalDate.slice(5, 7)),
    POSTED_DATE: status === 'P' ? journalDate : null,
    LEDGER_GROUP: 'ACTUALS',
    CURRENCY_CD: 'USD',
  };
  fixture.journalHeaders.push(header);
  const amount = fixture.random.decimal(1, 50000, 2);
  const ledger = fixture.random.next() < 0.8 ? 'ACTUALS' : 'LOCAL';
  [amount, `-${amount}`].forEach((value, index) =>
    fixture.journalLines.push({
      BUSINESS_UNIT: unit,
      JOURNAL_ID: header.JOURNAL_ID ?? null,
      JOURNAL_DATE: journalDate,
      UNPOST_SEQ: 0,
      JOURNAL_LINE: index + 1,
      LEDGER: ledger,
      ACCOUNT: fixture.random.pick(ACCOUNTS),
      DEPTID: fixture.random.pick(DEPTS),
      CURRENCY_CD: 'USD',
      MONETARY_AMOUNT: new Amount(value),
      LINE_DESCR: index === 0 ? 'Debit' : 'Credit',
    }),
  );
  return header;
}

/** A PS_JOB row: a second row on the same EFFDT takes the next EFFSEQ. */
export function addJobRow(fixture: Fixture, emplid: string, effdt: string): Row {
  const same = fixture.jobs.filter((row) => row.EMPLID === emplid && row.EFFDT === effdt).length;
  const row: Row = {
    EMPLID: emplid,
    EMPL_RCD: 0,
    EFFDT: effdt,
    EFFSEQ: same,
    ACTION: same === 0 ? 'PAY' : 'DTA',
    HR_STATUS: 'A',
    BUSINESS_UNIT: 'US001',
    SETID_DEPT: 'SHARE',
    DEPTID: fixture.random.pick(DEPTS),
    JOBCODE: `J${fixture.random.int(100, 120)}`,
    COMPANY: 'KUS',
    COMPRATE: new Amount(fixture.random.decimal(15, 95, 6)),
  };
  fixture.jobs.push(row);
  return row;
}
