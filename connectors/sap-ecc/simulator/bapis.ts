/**
 * The three read BAPIs the connector may call, with the interfaces sap-ecc.md §4 records: business errors
 * are HTTP 200 with RETURN TYPE `E`/`A`, RETURN being a structure (BAPIRET1) in the vendor and customer
 * BAPIs and a table (BAPIRETURN) in BAPI_PO_GETDETAIL; tables come back only when sent. Keys are taken as
 * sent: an unpadded number is not found, as on SAP (ALPHA conversion is the caller's; unconfirmed).
 * `errors` seeds a RETURN E/A for a key (an authorization refused per company code, a locked object).
 */
import { child, el, type XmlElement, type XmlOut } from '../../kit/soap/xml.ts';
import { RFC_NS } from '../rfc-xml.ts';
import type { SapFixture, SimRow } from './fixture.ts';

export interface BapiError {
  readonly type: 'E' | 'A';
  readonly id?: string;
  readonly number?: string;
  readonly message: string;
}

export const BAPI_NAMES = ['BAPI_VENDOR_GETDETAIL', 'BAPI_CUSTOMER_GETDETAIL2', 'BAPI_PO_GETDETAIL'] as const;

const text = (call: XmlElement, name: string) => (child(call, name)?.text ?? '').trim();
const structure = (name: string, fields: Readonly<Record<string, string>>): XmlOut =>
  el(
    '',
    name,
    Object.entries(fields).map(([field, value]) => el('', field, value)),
  );
/** BAPIRET1 (structure): empty TYPE means success. */
const ret1 = (error: BapiError | undefined): XmlOut =>
  structure('RETURN', {
    TYPE: error?.type ?? '',
    ID: error?.id ?? '',
    NUMBER: error?.number ?? '000',
    MESSAGE: error?.message ?? '',
  });
/** ISO dates in BAPI answers (the RFC-XML rule; `YYYYMMDD` on some stacks: unconfirmed). */
const iso = (day: string | undefined) =>
  day === undefined || day === '' || /^0+$/.test(day)
    ? '0000-00-00'
    : `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`;

export function runBapi(
  name: string,
  call: XmlElement,
  fixture: SapFixture,
  errors: ReadonlyMap<string, BapiError>,
): XmlOut | undefined {
  switch (name) {
    case 'BAPI_VENDOR_GETDETAIL':
      return vendorDetail(call, fixture, errors);
    case 'BAPI_CUSTOMER_GETDETAIL2':
      return customerDetail(call, fixture, errors);
    case 'BAPI_PO_GETDETAIL':
      return poDetail(call, fixture, errors);
    default:
      return undefined;
  }
}

function vendorDetail(call: XmlElement, fixture: SapFixture, errors: ReadonlyMap<string, BapiError>): XmlOut {
  const key = text(call, 'VENDORNO');
  const bukrs = text(call, 'COMPANYCODE');
  const vendor = fixture.LFA1.find((row) => row.LIFNR === key);
  const company = fixture.LFB1.find((row) => row.LIFNR === key && row.BUKRS === bukrs);
  const error =
    errors.get(key) ??
    (vendor === undefined
      ? { type: 'E' as const, id: 'FN', number: '021', message: `Vendor ${key} does not exist` }
      : bukrs !== '' && company === undefined
        ? {
            type: 'E' as const,
            id: 'FN',
            number: '022',
            message: `Vendor ${key} is not created in company code ${bukrs}`,
          }
        : undefined);
  return el(RFC_NS, 'BAPI_VENDOR_GETDETAIL.Response', [
    structure('GENERALDETAIL', error === undefined ? vendorGeneral(vendor!) : {}),
    structure(
      'COMPANYDETAIL',
      error === undefined && company !== undefined
        ? { COMP_CODE: bukrs, PMNTTRMS: company.ZTERM ?? '', RECON_ACCT: company.AKONT ?? '' }
        : {},
    ),
    ret1(error),
  ]);
}

const vendorGeneral = (row: SimRow) => ({
  VENDOR: row.LIFNR ?? '',
  NAME: row.NAME1 ?? '',
  CITY: row.ORT01 ?? '',
  POSTL_CODE: row.PSTLZ ?? '',
  STREET: row.STRAS ?? '',
  COUNTRY: row.LAND1 ?? '',
  REGION: row.REGIO ?? '',
  TELEPHONE: row.TELF1 ?? '',
});

function customerDetail(call: XmlElement, fixture: SapFixture, errors: ReadonlyMap<string, BapiError>): XmlOut {
  const key = text(call, 'CUSTOMERNO');
  const bukrs = text(call, 'COMPANYCODE');
  const customer = fixture.KNA1.find((row) => row.KUNNR === key);
  const company = fixture.KNB1.find((row) => row.KUNNR === key && row.BUKRS === bukrs);
  const error =
    errors.get(key) ??
    (customer === undefined
      ? { type: 'E' as const, id: 'F2', number: '153', message: `Customer ${key} has not been created` }
      : undefined);
  return el(RFC_NS, 'BAPI_CUSTOMER_GETDETAIL2.Response', [
    structure(
      'CUSTOMERADDRESS',
      customer === undefined || error !== undefined
        ? {}
        : {
            CUSTOMER: key,
            NAME: customer.NAME1 ?? '',
            CITY: customer.ORT01 ?? '',
            POSTL_COD1: customer.PSTLZ ?? '',
            STREET: customer.STRAS ?? '',
            COUNTRY: customer.LAND1 ?? '',
          },
    ),
    structure(
      'CUSTOMERGENERALDETAIL',
      customer === undefined || error !== undefined
        ? {}
        : { CREATED_ON: iso(customer.ERDAT), DELETE_FLAG: customer.LOEVM ?? '' },
    ),
    structure(
      'CUSTOMERCOMPANYDETAIL',
      company === undefined || error !== undefined
        ? {}
        : { COMP_CODE: bukrs, PMNTTRMS: company.ZTERM ?? '', RECON_ACCOUNT: company.AKONT ?? '' },
    ),
    ret1(error),
  ]);
}

function poDetail(call: XmlElement, fixture: SapFixture, errors: ReadonlyMap<string, BapiError>): XmlOut {
  const key = text(call, 'PURCHASEORDER');
  const header = fixture.EKKO.find((row) => row.EBELN === key);
  const error =
    errors.get(key) ??
    (header === undefined
      ? { type: 'E' as const, id: '06', number: '019', message: `Purchasing document ${key} does not exist` }
      : undefined);
  const items =
    error === undefined && text(call, 'ITEMS') === 'X' ? fixture.EKPO.filter((row) => row.EBELN === key) : [];
  const out: XmlOut[] = [
    structure(
      'PO_HEADER',
      error !== undefined || header === undefined
        ? {}
        : {
            PO_NUMBER: key,
            CO_CODE: header.BUKRS ?? '',
            DOC_TYPE: header.BSART ?? '',
            CREATED_ON: iso(header.AEDAT),
            VENDOR: header.LIFNR ?? '',
            CURRENCY: header.WAERS ?? '',
          },
    ),
  ];
  // Tables come back only when the request declared them.
  if (child(call, 'PO_ITEMS') !== undefined)
    out.push(
      el(
        '',
        'PO_ITEMS',
        items.map((item) =>
          structure('item', {
            PO_NUMBER: key,
            PO_ITEM: item.EBELP ?? '',
            DELETE_IND: item.LOEKZ ?? '',
            CHANGED_ON: iso(item.AEDAT),
            SHORT_TEXT: item.TXZ01 ?? '',
            MATERIAL: item.MATNR ?? '',
            QUANTITY: item.MENGE ?? '',
            UNIT: item.MEINS ?? '',
            NET_PRICE: item.NETPR ?? '',
            NET_VALUE: item.NETWR ?? '',
          }),
        ),
      ),
    );
  if (child(call, 'RETURN') !== undefined)
    out.push(
      el(
        '',
        'RETURN',
        error === undefined
          ? []
          : [
              structure('item', {
                TYPE: error.type,
                CODE: `${error.id ?? ''}${error.number ?? ''}`,
                MESSAGE: error.message,
              }),
            ],
      ),
    );
  return el(RFC_NS, 'BAPI_PO_GETDETAIL.Response', out);
}
