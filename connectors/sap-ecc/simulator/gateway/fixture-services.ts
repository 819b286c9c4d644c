/**
 * Custom Gateway services over the SAP simulator's seeded tables, as a customer's developer would build
 * them in SEGW (ECC ships none: README "Gateway OData v2"). Each is served only under the `SERVICE/EntitySet`
 * name the simulator is started with, so a test passes only with the name it configured.
 * - Vendors: one entity per LFA1 row, with LFB1 of the company code (properties of the same name as an LFA1
 *   one get `Company`: `CompanyErdat`); customers likewise over KNA1/KNB1; purchase order items: one per
 *   EKPO item of a PO (BSTYP F) of the company code, with the EKKO header (colliding names `Header…`).
 * - Property names are the DDIC names in CamelCase (`Lifnr`, `Name1`): DATS as Edm.DateTime, P as
 *   Edm.Decimal written with its DDIC decimals, the rest Edm.String. ALPHA fields come in their external form
 *   (`100001`), as SEGW's default conversion exits write them; NUMC (EBELP) as stored.
 * - `ChangedOn` (Edm.DateTime): the latest of the creation dates and the object's last change document,
 *   as the service's data provider would compute it, so a rename (a change document dated today) moves it.
 * Rows are built when asked, so a change after seeding (`POST /__sim/change`) is served at once.
 */
import { Decimal } from '../../../../engine/model/values/decimal.ts';
import type { SapFixture, SimRow } from '../fixture.ts';
import { EKKO_FIELDS, EKPO_FIELDS, KNA1_FIELDS, KNB1_FIELDS, LFB1_FIELDS } from '../layouts.ts';
import { LFA1_FIELDS } from '../tables.ts';
import type { SimField } from '../wa-lines.ts';
import type { EdmType, SimEntitySet, SimGatewayRow, SimGatewayService, SimProperty } from './services.ts';

/** Where each fixture-built service is served: `SERVICE/EntitySet`, e.g. `ZVENDOR_SRV/VendorSet`. */
export interface FixtureServiceNames {
  readonly vendors?: string;
  readonly customers?: string;
  readonly purchaseOrderItems?: string;
}

/** Fields with SAP's ALPHA conversion exit: written without leading zeros when all digits. */
const ALPHA_FIELDS = new Set(['LIFNR', 'KUNNR', 'EBELN', 'MATNR', 'AKONT']);

const camel = (column: string) => `${column.charAt(0)}${column.slice(1).toLowerCase()}`;

function edmType(field: SimField): EdmType {
  return field.type === 'D' ? 'Edm.DateTime' : field.type === 'P' ? 'Edm.Decimal' : 'Edm.String';
}

/** One column's value as the service's data provider hands it to Gateway (`wire.ts` writes it out). */
function serviceValue(field: SimField, stored: string | undefined): string | null {
  const text = stored ?? '';
  if (field.type === 'D') return /^\d{8}$/.test(text) && text !== '00000000' ? isoDay(text) : null;
  if (field.type === 'P')
    return Decimal.parse(text === '' ? '0' : text)
      .rescale(field.decimals ?? 0)
      .toString();
  if (ALPHA_FIELDS.has(field.name) && /^\d+$/.test(text)) return text.replace(/^0+(?=\d)/, '');
  return text;
}

const isoDay = (dats: string) => `${dats.slice(0, 4)}-${dats.slice(4, 6)}-${dats.slice(6, 8)}`;

interface Part {
  readonly fields: readonly SimField[];
  /** Prefix for a column whose name an earlier part already gave. */
  readonly prefix: string;
}

/** The properties of the joined parts: the key once, other repeated names of later parts prefixed. */
function joinedProperties(
  parts: readonly Part[],
  key: readonly string[],
): { properties: SimProperty[]; names: Map<string, string>[] } {
  const taken = new Set<string>();
  const properties: SimProperty[] = [];
  const names = parts.map((part, index) => {
    const byColumn = new Map<string, string>();
    for (const field of part.fields) {
      // The client is the system's; the key shared by the joined tables is given once.
      if (field.name === 'MANDT' || (index > 0 && key.includes(field.name))) continue;
      const plain = camel(field.name);
      const name = taken.has(plain) ? `${part.prefix}${plain}` : plain;
      taken.add(name);
      byColumn.set(field.name, name);
      properties.push({ name, type: edmType(field) });
    }
    return byColumn;
  });
  properties.push({ name: 'ChangedOn', type: 'Edm.DateTime' });
  return { properties, names };
}

function latestDay(...days: (string | undefined)[]): string | null {
  const real = days.filter((day): day is string => day !== undefined && /^\d{8}$/.test(day) && day !== '00000000');
  return real.length === 0 ? null : isoDay(real.sort().at(-1)!);
}

function lastChangeDocuments(fixture: SapFixture, objectClass: string): Map<string, string> {
  const days = new Map<string, string>();
  for (const header of fixture.CDHDR) {
    if (header.OBJECTCLAS !== objectClass) continue;
    const id = header.OBJECTID ?? '';
    if ((header.UDATE ?? '') > (days.get(id) ?? '')) days.set(id, header.UDATE ?? '');
  }
  return days;
}

function joinedSet(
  address: string,
  entityType: string,
  key: readonly string[],
  parts: readonly Part[],
  rows: () => { readonly tables: readonly (SimRow | undefined)[]; readonly changedOn: string | null }[],
): { service: string; set: SimEntitySet } {
  const slash = address.lastIndexOf('/');
  const { properties, names } = joinedProperties(parts, key);
  const set: SimEntitySet = {
    name: address.slice(slash + 1),
    entityType,
    key: key.map(camel),
    properties,
    get rows(): SimGatewayRow[] {
      return rows().map(({ tables, changedOn }) => {
        const row: Record<string, string | null> = {};
        parts.forEach((part, index) => {
          for (const field of part.fields) {
            const name = names[index]!.get(field.name);
            if (name !== undefined) row[name] = serviceValue(field, tables[index]?.[field.name]);
          }
        });
        row.ChangedOn = changedOn;
        return row;
      });
    },
  };
  return { service: address.slice(0, slash), set };
}

/** The services named in `names`, built over the fixture (several sets of one service are served together). */
export function fixtureServices(fixture: SapFixture, names: FixtureServiceNames): SimGatewayService[] {
  const company = fixture.companyCode;
  const built: { service: string; set: SimEntitySet }[] = [];
  if (names.vendors !== undefined) {
    const parts = [
      { fields: LFA1_FIELDS, prefix: '' },
      { fields: LFB1_FIELDS, prefix: 'Company' },
    ];
    built.push(
      joinedSet(names.vendors, 'Vendor', ['LIFNR'], parts, () => {
        const changes = lastChangeDocuments(fixture, 'KRED');
        return fixture.LFA1.map((vendor) => {
          const perCompany = fixture.LFB1.find((row) => row.LIFNR === vendor.LIFNR && row.BUKRS === company);
          const changedOn = latestDay(vendor.ERDAT, perCompany?.ERDAT, changes.get(vendor.LIFNR ?? ''));
          return { tables: [vendor, perCompany], changedOn };
        });
      }),
    );
  }
  if (names.customers !== undefined) {
    const parts = [
      { fields: KNA1_FIELDS, prefix: '' },
      { fields: KNB1_FIELDS, prefix: 'Company' },
    ];
    built.push(
      joinedSet(names.customers, 'Customer', ['KUNNR'], parts, () => {
        const changes = lastChangeDocuments(fixture, 'DEBI');
        return fixture.KNA1.map((customer) => {
          const perCompany = fixture.KNB1.find((row) => row.KUNNR === customer.KUNNR && row.BUKRS === company);
          const changedOn = latestDay(customer.ERDAT, perCompany?.ERDAT, changes.get(customer.KUNNR ?? ''));
          return { tables: [customer, perCompany], changedOn };
        });
      }),
    );
  }
  if (names.purchaseOrderItems !== undefined) {
    const parts = [
      { fields: EKPO_FIELDS, prefix: '' },
      { fields: EKKO_FIELDS, prefix: 'Header' },
    ];
    built.push(
      joinedSet(names.purchaseOrderItems, 'PurchaseOrderItem', ['EBELN', 'EBELP'], parts, () => {
        const changes = lastChangeDocuments(fixture, 'EINKBELEG');
        const headers = new Map(
          fixture.EKKO.filter((po) => po.BUKRS === company && po.BSTYP === 'F').map((po) => [po.EBELN, po]),
        );
        return fixture.EKPO.filter((item) => headers.has(item.EBELN)).map((item) => {
          const header = headers.get(item.EBELN)!;
          const changedOn = latestDay(header.AEDAT, item.AEDAT, changes.get(item.EBELN ?? ''));
          return { tables: [item, header], changedOn };
        });
      }),
    );
  }
  const services = new Map<string, SimEntitySet[]>();
  for (const { service, set } of built) services.set(service, [...(services.get(service) ?? []), set]);
  return [...services].map(([name, sets]) => ({ name, sets }));
}
