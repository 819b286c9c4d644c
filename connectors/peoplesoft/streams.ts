/**
 * The streams, each a saved query of the README: its fields (the query's unique field names without the
 * record alias, renamed where two records give the same name: `ACCOUNT_DESCR` is GL_ACCOUNT_TBL's DESCR),
 * key, date cursor (the field the query's `FROM_DT`/`TO_DT` prompts bound) and the conversions that read them.
 */
import { Timestamp } from '../../engine/model/values/index.ts';
import { declareStream, type DeclaredStream, type FieldSpec } from '../kit/rest/stream.ts';
import { date, decimal, integer, text, type Conversion } from '../kit/rest/values.ts';
import type { PsftStreamName } from './config.ts';

export interface PsftStream extends DeclaredStream {
  readonly name: PsftStreamName;
  /** Field -> the query's column when it is not the field's own name (without the record alias). */
  readonly columns: Readonly<Record<string, string>>;
  readonly cursorKind: 'date' | 'timestamp';
  /** The field the key-paging prompt compares and the query orders by (README). */
  readonly pageKey: string;
  /**
   * Master streams only: the query's own date field (the address's EFFDT), which a pipeline may still
   * name as its cursor to read in date windows; the declared cursor is then `MASTER_SNAPSHOT` (README
   * "Master-field changes").
   */
  readonly windowField?: string;
}

/**
 * The declared cursor of the vendors and customers streams: one constant day on every row, because those
 * streams are read whole on each run. Every record then stands at the watermark, and the engine's closed
 * start passes on only the records whose content changed since the last run (a class, a status, a new
 * address or a new record), which is how a change to a master field alone is caught without a last-update
 * stamp on PS_VENDOR or PS_CUSTOMER.
 */
export const MASTER_SNAPSHOT = 'MASTER_SNAPSHOT';
export const MASTER_SNAPSHOT_DAY = '1900-01-01';

const PAGE_KEYS: Readonly<Record<PsftStreamName, string>> = {
  journal_lines: 'JOURNAL_ID',
  vendors: 'VENDOR_ID',
  customers: 'CUST_ID',
  purchase_order_lines: 'PO_ID',
  vouchers: 'VOUCHER_ID',
  payroll_cost: 'EMPLID',
  purchase_orders: 'PO_ID',
  purchase_order_schedules: 'PO_ID',
  purchase_order_distributions: 'PO_ID',
  vendor_addresses: 'VENDOR_ID',
};

const id = text({ numbers: true });
const optional = text({ emptyIsNull: true, numbers: true });
const day = date();
const optionalDay = date({ emptyIsNull: true });
const snapshotNote = `always ${MASTER_SNAPSHOT_DAY}: the stream is read whole each run and only changed records pass (README)`;

/**
 * A PeopleSoft date-time as QAS writes it (`2026-03-01 10:15:00.000000` or with a `T`; the JSON form is
 * unconfirmed, README), read in the server's zone.
 */
export function psftDateTime(zone: string): Conversion {
  return (raw) => {
    if (raw === undefined || raw === null || raw === '') return { value: null };
    const stamp = typeof raw === 'string' ? Timestamp.tryParse(raw.trim().replace(' ', 'T'), zone) : undefined;
    return stamp === undefined ? { problem: `${JSON.stringify(raw)} is not a PeopleSoft date-time` } : { value: stamp };
  };
}

function stream(
  name: PsftStreamName,
  label: string,
  key: readonly string[],
  cursor: string,
  fields: readonly FieldSpec[],
  columns: Readonly<Record<string, string>> = {},
  cursorKind: 'date' | 'timestamp' = 'date',
): PsftStream {
  return {
    ...declareStream(name, label, key, cursor, fields),
    name,
    columns,
    cursorKind,
    pageKey: PAGE_KEYS[name],
    ...(cursor === MASTER_SNAPSHOT ? { windowField: 'EFFDT' } : {}),
  };
}

export function psftStreams(zone: string): readonly PsftStream[] {
  return [
    stream(
      'journal_lines',
      'Posted journal lines (PS_JRNL_HEADER + PS_JRNL_LN)',
      ['BUSINESS_UNIT', 'JOURNAL_ID', 'JOURNAL_DATE', 'UNPOST_SEQ', 'JOURNAL_LINE'],
      'POSTED_DATE',
      [
        ['BUSINESS_UNIT', 'string', id],
        ['JOURNAL_ID', 'string', id],
        ['JOURNAL_DATE', 'date', day],
        ['UNPOST_SEQ', 'integer', integer()],
        ['JOURNAL_LINE', 'integer', integer()],
        ['LEDGER', 'string', id],
        ['FISCAL_YEAR', 'integer', integer()],
        ['ACCOUNTING_PERIOD', 'integer', integer()],
        ['POSTED_DATE', 'date', day, 'the day the journal was posted (the window is on it)'],
        ['JRNL_HDR_STATUS', 'string', id, 'P: posted (only posted journals are read)'],
        ['ACCOUNT', 'string', id],
        ['ACCOUNT_SETID', 'string', id, "the SETID of the account's chart, through PS_SET_CNTRL_REC"],
        ['ACCOUNT_DESCR', 'string', optional, "the account's description effective on the journal date"],
        ['DEPTID', 'string', optional],
        ['CURRENCY_CD', 'string', id],
        ['MONETARY_AMOUNT', 'decimal', decimal(), 'signed: debits positive, credits negative'],
        ['LINE_DESCR', 'string', optional],
      ],
      { ACCOUNT_SETID: 'SETID', ACCOUNT_DESCR: 'DESCR' },
    ),
    stream(
      'vendors',
      'Vendors with their current address (PS_VENDOR + PS_VENDOR_ADDR)',
      ['SETID', 'VENDOR_ID'],
      MASTER_SNAPSHOT,
      [
        ['SETID', 'string', id],
        ['VENDOR_ID', 'string', id],
        ['NAME1', 'string', optional],
        ['NAME2', 'string', optional],
        ['VENDOR_STATUS', 'string', optional, 'A: active'],
        ['VENDOR_CLASS', 'string', optional],
        ['EFFDT', 'date', day, "the current address row's effective date"],
        ['ADDRESS1', 'string', optional],
        ['CITY', 'string', optional],
        ['STATE', 'string', optional],
        ['POSTAL', 'string', optional],
        ['COUNTRY', 'string', optional],
        [MASTER_SNAPSHOT, 'date', day, snapshotNote],
      ],
    ),
    stream(
      'customers',
      'Customers with their current address (PS_CUSTOMER + PS_CUST_ADDRESS)',
      ['SETID', 'CUST_ID'],
      MASTER_SNAPSHOT,
      [
        ['SETID', 'string', id],
        ['CUST_ID', 'string', id],
        ['NAME1', 'string', optional],
        ['CUST_STATUS', 'string', optional],
        ['EFFDT', 'date', day, "the current address row's effective date"],
        ['ADDRESS1', 'string', optional],
        ['CITY', 'string', optional],
        ['STATE', 'string', optional],
        ['POSTAL', 'string', optional],
        ['COUNTRY', 'string', optional],
        [MASTER_SNAPSHOT, 'date', day, snapshotNote],
      ],
    ),
    stream(
      'purchase_order_lines',
      'Purchase order lines with their header (PS_PO_HDR + PS_PO_LINE + PS_PO_LINE_SHIP)',
      ['BUSINESS_UNIT', 'PO_ID', 'LINE_NBR'],
      'LAST_DTTM_UPDATE',
      [
        ['BUSINESS_UNIT', 'string', id],
        ['PO_ID', 'string', id],
        ['LINE_NBR', 'integer', integer()],
        ['PO_DT', 'date', day],
        ['PO_STATUS', 'string', optional],
        ['VENDOR_SETID', 'string', id],
        ['VENDOR_ID', 'string', id],
        ['INV_ITEM_ID', 'string', optional],
        ['DESCR254_MIXED', 'string', optional],
        ['CATEGORY_ID', 'string', optional],
        ['QTY_PO', 'decimal', decimal()],
        ['MERCHANDISE_AMT', 'decimal', decimal()],
        ['CURRENCY_CD', 'string', optional],
        ['LAST_DTTM_UPDATE', 'timestamp', psftDateTime(zone), "the PO header's last update"],
      ],
      {},
      'timestamp',
    ),
    stream('vouchers', 'Vouchers (PS_VOUCHER)', ['BUSINESS_UNIT', 'VOUCHER_ID'], 'ACCOUNTING_DT', [
      ['BUSINESS_UNIT', 'string', id],
      ['VOUCHER_ID', 'string', id],
      ['INVOICE_ID', 'string', optional],
      ['INVOICE_DT', 'date', optionalDay],
      ['ACCOUNTING_DT', 'date', day],
      ['VENDOR_SETID', 'string', id],
      ['VENDOR_ID', 'string', id],
      ['GROSS_AMT', 'decimal', decimal()],
      ['TXN_CURRENCY_CD', 'string', optional],
      ['ENTRY_STATUS', 'string', optional, 'X: deleted'],
    ]),
    stream(
      'payroll_cost',
      'Job rows for payroll cost (HCM PS_JOB, every effective-dated row)',
      ['EMPLID', 'EMPL_RCD', 'EFFDT', 'EFFSEQ'],
      'EFFDT',
      [
        ['EMPLID', 'string', id],
        ['EMPL_RCD', 'integer', integer()],
        ['EFFDT', 'date', day],
        ['EFFSEQ', 'integer', integer(), 'order of rows on the same EFFDT (the highest is current)'],
        ['ACTION', 'string', optional],
        ['HR_STATUS', 'string', optional],
        ['BUSINESS_UNIT', 'string', optional],
        ['SETID_DEPT', 'string', id],
        ['DEPTID', 'string', id],
        [
          'DEPT_DESCR',
          'string',
          optional,
          "the department's description effective on EFFDT (PS_DEPT_TBL by SETID_DEPT)",
        ],
        ['JOBCODE', 'string', optional],
        ['COMPANY', 'string', optional],
        ['COMPRATE', 'decimal', decimal(), 'compensation rate (field name unconfirmed, README)'],
      ],
      { DEPT_DESCR: 'DESCR' },
    ),
    stream(
      'purchase_orders',
      'Purchase order headers (PS_PO_HDR)',
      ['BUSINESS_UNIT', 'PO_ID'],
      'LAST_DTTM_UPDATE',
      [
        ['BUSINESS_UNIT', 'string', id],
        ['PO_ID', 'string', id],
        ['PO_DT', 'date', day],
        ['PO_STATUS', 'string', optional],
        ['VENDOR_SETID', 'string', id],
        ['VENDOR_ID', 'string', id],
        ['CURRENCY_CD', 'string', optional],
        ['LAST_DTTM_UPDATE', 'timestamp', psftDateTime(zone), "the PO header's last update"],
      ],
      {},
      'timestamp',
    ),
    stream(
      'purchase_order_schedules',
      'Purchase order schedules (PS_PO_HDR + PS_PO_LINE + PS_PO_LINE_SHIP, every row)',
      ['BUSINESS_UNIT', 'PO_ID', 'LINE_NBR', 'SCHED_NBR'],
      'LAST_DTTM_UPDATE',
      [
        ['BUSINESS_UNIT', 'string', id],
        ['PO_ID', 'string', id],
        ['LINE_NBR', 'integer', integer()],
        ['SCHED_NBR', 'integer', integer()],
        ['CANCEL_STATUS', 'string', optional, 'A: active, X: canceled'],
        ['DUE_DT', 'date', optionalDay],
        ['SHIPTO_ID', 'string', optional],
        ['QTY_PO', 'decimal', decimal()],
        ['MERCHANDISE_AMT', 'decimal', decimal()],
        ['CURRENCY_CD', 'string', optional],
        ['LAST_DTTM_UPDATE', 'timestamp', psftDateTime(zone), "the PO header's last update (the window is on it)"],
      ],
      {},
      'timestamp',
    ),
    stream(
      'purchase_order_distributions',
      'Purchase order distributions (PS_PO_HDR + PS_PO_LINE + PS_PO_LINE_DISTRIB: chartfields and amounts)',
      ['BUSINESS_UNIT', 'PO_ID', 'LINE_NBR', 'SCHED_NBR', 'DISTRIB_LINE_NUM'],
      'LAST_DTTM_UPDATE',
      [
        ['BUSINESS_UNIT', 'string', id],
        ['PO_ID', 'string', id],
        ['LINE_NBR', 'integer', integer()],
        ['SCHED_NBR', 'integer', integer()],
        ['DISTRIB_LINE_NUM', 'integer', integer()],
        ['BUSINESS_UNIT_GL', 'string', optional, "the GL unit whose SETID the chartfields' values belong to"],
        ['ACCOUNT', 'string', optional],
        ['DEPTID', 'string', optional],
        ['QTY_PO', 'decimal', decimal()],
        ['MERCHANDISE_AMT', 'decimal', decimal()],
        ['CURRENCY_CD', 'string', optional],
        ['LAST_DTTM_UPDATE', 'timestamp', psftDateTime(zone), "the PO header's last update (the window is on it)"],
      ],
      {},
      'timestamp',
    ),
    stream(
      'vendor_addresses',
      'Vendor addresses, every effective-dated row (PS_VENDOR_ADDR)',
      ['SETID', 'VENDOR_ID', 'ADDRESS_SEQ_NUM', 'EFFDT'],
      'EFFDT',
      [
        ['SETID', 'string', id],
        ['VENDOR_ID', 'string', id],
        ['ADDRESS_SEQ_NUM', 'integer', integer()],
        ['EFFDT', 'date', day, 'the day the row takes effect (the window is on it)'],
        ['EFF_STATUS', 'string', optional, 'A: active, I: inactive'],
        ['ADDRESS1', 'string', optional],
        ['CITY', 'string', optional],
        ['STATE', 'string', optional],
        ['POSTAL', 'string', optional],
        ['COUNTRY', 'string', optional],
      ],
    ),
  ];
}

export const PSFT_STREAMS = psftStreams('UTC');
