/**
 * The saved queries of the README run over the fixture, as PeopleSoft Query would run them: joins,
 * effective-date criteria (current row = MAX(EFFDT) <= as-of), SETID indirection through PS_SET_CNTRL_REC,
 * `JRNL_HDR_STATUS = 'P'`, and the inclusive `:FROM_DT`/`:TO_DT` date criterion. Column names are the query's
 * unique field names, alias-prefixed where the query joins records (`A.VENDOR_ID`) and plain where it reads
 * one record (vouchers), as PeopleSoft names them.
 */
import { type EffectiveRow, type Fixture, type Row } from './fixture.ts';

export const STREAMS = [
  'journal_lines',
  'vendors',
  'customers',
  'purchase_order_lines',
  'vouchers',
  'payroll_cost',
  'purchase_orders',
  'purchase_order_schedules',
  'purchase_order_distributions',
  'vendor_addresses',
] as const;
export type StreamName = (typeof STREAMS)[number];

/** The current row of an effective-dated key as of a date (MAX(EFFDT) <= as-of). */
function current<T extends { readonly effdt: string }>(rows: readonly T[], asOf: string): T | undefined {
  let best: T | undefined;
  for (const row of rows) if (row.effdt <= asOf && (best === undefined || row.effdt > best.effdt)) best = row;
  return best;
}

function describe(rows: readonly EffectiveRow[], key: string, asOf: string): EffectiveRow | undefined {
  return current(
    rows.filter((row) => row.key === key),
    asOf,
  );
}

const prefixed = (alias: string, row: Row, fields: readonly string[]): Row =>
  Object.fromEntries(fields.map((field) => [`${alias}.${field}`, row[field] ?? null]));

function currentAddresses(addresses: readonly Row[], idField: string, asOf: string): Map<string, Row> {
  const byId = new Map<string, Row>();
  for (const row of addresses) {
    const effdt = String(row.EFFDT);
    const id = String(row[idField]);
    const best = byId.get(id);
    if (effdt <= asOf && (best === undefined || effdt > String(best.EFFDT))) byId.set(id, row);
  }
  return byId;
}

/** A one-record query's columns: plain field names, as PeopleSoft names them without a join. */
const plainFields = (row: Row, fields: readonly string[]): Row =>
  Object.fromEntries(fields.map((field) => [field, row[field] ?? null]));

const inRange = (day: string, from: string, to: string) => day >= from && day <= to;

/** The rows of a stream's query for `[from, to]` (both inclusive), as of the fixture's today. */
export function runQuery(fixture: Fixture, stream: StreamName, from: string, to: string): Row[] {
  const asOf = fixture.today;
  switch (stream) {
    case 'journal_lines': {
      const headers = new Map(
        fixture.journalHeaders.map((h) => [`${h.BUSINESS_UNIT}|${h.JOURNAL_ID}|${h.JOURNAL_DATE}|${h.UNPOST_SEQ}`, h]),
      );
      return fixture.journalLines.flatMap((line) => {
        const header = headers.get(`${line.BUSINESS_UNIT}|${line.JOURNAL_ID}|${line.JOURNAL_DATE}|${line.UNPOST_SEQ}`);
        if (header === undefined || header.JRNL_HDR_STATUS !== 'P' || !inRange(String(header.POSTED_DATE), from, to))
          return [];
        const setid = fixture.setControl.get(`${line.BUSINESS_UNIT}|GL_ACCOUNT_TBL`) ?? '';
        const account = describe(fixture.accounts, `${setid}|${line.ACCOUNT}`, String(header.JOURNAL_DATE));
        return [
          {
            ...prefixed('A', header, ['BUSINESS_UNIT', 'JOURNAL_ID', 'JOURNAL_DATE', 'UNPOST_SEQ']),
            ...prefixed('B', line, ['JOURNAL_LINE', 'LEDGER']),
            ...prefixed('A', header, ['FISCAL_YEAR', 'ACCOUNTING_PERIOD', 'POSTED_DATE', 'JRNL_HDR_STATUS']),
            'B.ACCOUNT': line.ACCOUNT ?? null,
            'D.SETID': setid,
            'D.DESCR': account?.descr ?? null,
            ...prefixed('B', line, ['DEPTID', 'CURRENCY_CD', 'MONETARY_AMOUNT', 'LINE_DESCR']),
          },
        ];
      });
    }
    case 'vendors':
    case 'customers': {
      const idField = stream === 'vendors' ? 'VENDOR_ID' : 'CUST_ID';
      const masters = stream === 'vendors' ? fixture.vendors : fixture.customers;
      const addresses = currentAddresses(
        stream === 'vendors' ? fixture.vendorAddresses : fixture.customerAddresses,
        idField,
        asOf,
      );
      const masterFields =
        stream === 'vendors'
          ? ['SETID', 'VENDOR_ID', 'NAME1', 'NAME2', 'VENDOR_STATUS', 'VENDOR_CLASS']
          : ['SETID', 'CUST_ID', 'NAME1', 'CUST_STATUS'];
      return masters.flatMap((master) => {
        const address = addresses.get(String(master[idField]));
        if (address === undefined || !inRange(String(address.EFFDT), from, to)) return [];
        return [
          {
            ...prefixed('A', master, masterFields),
            ...prefixed('B', address, ['EFFDT', 'ADDRESS1', 'CITY', 'STATE', 'POSTAL', 'COUNTRY']),
          },
        ];
      });
    }
    case 'purchase_order_lines': {
      const headers = new Map(fixture.poHeaders.map((h) => [`${h.BUSINESS_UNIT}|${h.PO_ID}`, h]));
      return fixture.poLines.flatMap((line) => {
        const header = headers.get(`${line.BUSINESS_UNIT}|${line.PO_ID}`);
        if (header === undefined || !inRange(String(header.LAST_DTTM_UPDATE).slice(0, 10), from, to)) return [];
        return [
          {
            ...prefixed('A', header, ['BUSINESS_UNIT', 'PO_ID']),
            'B.LINE_NBR': line.LINE_NBR ?? null,
            ...prefixed('A', header, ['PO_DT', 'PO_STATUS', 'VENDOR_SETID', 'VENDOR_ID']),
            ...prefixed('B', line, ['INV_ITEM_ID', 'DESCR254_MIXED', 'CATEGORY_ID']),
            ...prefixed('C', line, ['QTY_PO', 'MERCHANDISE_AMT']),
            ...prefixed('A', header, ['CURRENCY_CD', 'LAST_DTTM_UPDATE']),
          },
        ];
      });
    }
    case 'purchase_orders':
      return fixture.poHeaders
        .filter((header) => inRange(String(header.LAST_DTTM_UPDATE).slice(0, 10), from, to))
        .map((header) =>
          plainFields(header, [
            'BUSINESS_UNIT',
            'PO_ID',
            'PO_DT',
            'PO_STATUS',
            'VENDOR_SETID',
            'VENDOR_ID',
            'CURRENCY_CD',
            'LAST_DTTM_UPDATE',
          ]),
        );
    case 'purchase_order_schedules':
    case 'purchase_order_distributions': {
      // Both windowed on the header's LAST_DTTM_UPDATE, as the PO lines are: a header update re-reads all.
      const headers = new Map(fixture.poHeaders.map((h) => [`${h.BUSINESS_UNIT}|${h.PO_ID}`, h]));
      const schedules = stream === 'purchase_order_schedules';
      return (schedules ? fixture.poSchedules : fixture.poDistributions).flatMap((row) => {
        const header = headers.get(`${row.BUSINESS_UNIT}|${row.PO_ID}`);
        if (header === undefined || !inRange(String(header.LAST_DTTM_UPDATE).slice(0, 10), from, to)) return [];
        const own = schedules
          ? prefixed('C', row, ['SCHED_NBR', 'CANCEL_STATUS', 'DUE_DT', 'SHIPTO_ID', 'QTY_PO', 'MERCHANDISE_AMT'])
          : prefixed('D', row, [
              'SCHED_NBR',
              'DISTRIB_LINE_NUM',
              'BUSINESS_UNIT_GL',
              'ACCOUNT',
              'DEPTID',
              'QTY_PO',
              'MERCHANDISE_AMT',
            ]);
        return [
          {
            ...prefixed('A', header, ['BUSINESS_UNIT', 'PO_ID']),
            'B.LINE_NBR': row.LINE_NBR ?? null,
            ...own,
            ...prefixed('A', header, ['CURRENCY_CD', 'LAST_DTTM_UPDATE']),
          },
        ];
      });
    }
    case 'vendor_addresses':
      // Every effective-dated row (no current-row criterion), inactive ones included.
      return fixture.vendorAddresses
        .filter((address) => inRange(String(address.EFFDT), from, to))
        .map((address) =>
          plainFields(address, [
            'SETID',
            'VENDOR_ID',
            'ADDRESS_SEQ_NUM',
            'EFFDT',
            'EFF_STATUS',
            'ADDRESS1',
            'CITY',
            'STATE',
            'POSTAL',
            'COUNTRY',
          ]),
        );
    case 'vouchers':
      return fixture.vouchers
        .filter((voucher) => inRange(String(voucher.ACCOUNTING_DT), from, to))
        .map((voucher) => ({ ...voucher }));
    case 'payroll_cost':
      return fixture.jobs.flatMap((job) => {
        if (!inRange(String(job.EFFDT), from, to)) return [];
        const dept = describe(fixture.depts, `${job.SETID_DEPT}|${job.DEPTID}`, String(job.EFFDT));
        return [
          {
            ...prefixed('A', job, [
              'EMPLID',
              'EMPL_RCD',
              'EFFDT',
              'EFFSEQ',
              'ACTION',
              'HR_STATUS',
              'BUSINESS_UNIT',
              'SETID_DEPT',
              'DEPTID',
            ]),
            'B.DESCR': dept?.descr ?? null,
            ...prefixed('A', job, ['JOBCODE', 'COMPANY', 'COMPRATE']),
          },
        ];
      });
  }
}

/** Everything a full read returns: every date PeopleSoft can hold, as of today. */
export const allRows = (fixture: Fixture, stream: StreamName): Row[] =>
  runQuery(fixture, stream, '1900-01-01', fixture.today);
