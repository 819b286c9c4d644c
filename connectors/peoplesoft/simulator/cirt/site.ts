/**
 * The CIRT side of the PeopleSoft simulator as the connector's defaults name it: the operations
 * `CIRT_VNDR_ID_{G_GET,U_PUT,F_GET}.v1` and `CIRT_CUSTOMER_…` (cirt-parts.ts, so the two cannot drift), each
 * granted by its CI's permission list, over the same vendor and customer records the QAS queries read. A
 * record's attributes are the very fixture row QAS answers from, so a CIRT update is what the next forward
 * read sees: that is what makes the loop guard (README "Destination") testable end to end.
 */
import { CIRT_PARTS } from '../../cirt-parts.ts';
import type { Fixture } from '../fixture.ts';
import type { CirtOperation } from './handler.ts';
import { type CirtStore, type CirtTable, ID_FIELD } from './store.ts';

export const CIRT_PERMISSION_LISTS: Readonly<Record<CirtTable, string>> = {
  vendors: 'MLC_VNDR_CIRT',
  customers: 'MLC_CUST_CIRT',
};

const SUFFIX: Readonly<Record<CirtOperation['kind'], string>> = { get: 'G_GET', update: 'U_PUT', find: 'F_GET' };

/** The alias of a template: its first path segment (e.g. `CIRT_VNDR_ID_G_GET.v1`). */
const aliasOf = (template: string) => template.split('/')[0]!;

export const SITE_CIRT_OPERATIONS: readonly CirtOperation[] = (['vendors', 'customers'] as const).flatMap((table) =>
  (['get', 'update', 'find'] as const).map((kind) => ({
    kind,
    table,
    alias: aliasOf(CIRT_PARTS[table][kind].default),
    serviceOperation: `CIRT_${CIRT_PARTS[table].ci}_${SUFFIX[kind]}`,
    ci: CIRT_PARTS[table].ci,
    permissionList: CIRT_PERMISSION_LISTS[table],
  })),
);

/**
 * Puts every fixture vendor and customer the store lacks into it, sharing the fixture's row as the record's
 * attributes (keys included, which the handler never writes). Called before each CIRT request, so a
 * customer `/__sim/change` added is there too.
 */
export function syncStoreWithFixture(store: CirtStore, fixture: Fixture, seededAt: string): void {
  const tables: readonly [CirtTable, Fixture['vendors']][] = [
    ['vendors', fixture.vendors],
    ['customers', fixture.customers],
  ];
  for (const [table, rows] of tables)
    for (const row of rows) {
      const setid = String(row.SETID);
      const id = String(row[ID_FIELD[table]]);
      if (store.get(table, setid, id) !== undefined) continue;
      // Vendor and customer master fields are all character fields (strings) in the fixture.
      const attributes = row as Record<string, string>;
      store.put(table, { setid, id, attributes, lastUpdateOprid: 'VP1', lastUpdateDttm: seededAt });
    }
}
