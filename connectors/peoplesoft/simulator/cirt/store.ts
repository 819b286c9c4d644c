/**
 * The reference records the CIRT operations serve: vendors (PS_VENDOR) and customers (PS_CUSTOMER), keyed
 * by SETID and their id, each with its attributes and the audit pair a PeopleSoft record carries (the
 * OPRID that last updated it and when), so a test can tell who wrote a record and that it changed once.
 * The prompt tables (valid values per attribute) stand in for the CI's edits: a value outside them is
 * refused as PeopleSoft refuses a value not in a field's prompt table.
 */

export type CirtTable = 'vendors' | 'customers';

/** The id field beside SETID per table (PS_VENDOR.VENDOR_ID confirmed; PS_CUSTOMER.CUST_ID unconfirmed). */
export const ID_FIELD: Readonly<Record<CirtTable, string>> = { vendors: 'VENDOR_ID', customers: 'CUST_ID' };

/** The audit fields the simulator keeps per record (names unconfirmed for PS_VENDOR; see README "Destination"). */
export const LAST_UPDATE_OPRID = 'LASTUPDOPRID';
export const LAST_UPDATE_DTTM = 'LASTUPDDTTM';

export interface CirtRecord {
  readonly setid: string;
  readonly id: string;
  /** Attribute name -> value as the CI buffer shows it (PeopleSoft character fields: strings). */
  readonly attributes: Record<string, string>;
  lastUpdateOprid: string;
  /** An instant with its zone (ISO 8601, UTC). */
  lastUpdateDttm: string;
}

export interface CirtCounters {
  gets: number;
  finds: number;
  /** Update calls the CI accepted and saved. */
  updates: number;
  /** Update calls refused (validation, permission, not found). */
  refusedUpdates: number;
}

export class CirtStore {
  private readonly records = new Map<string, CirtRecord>();
  readonly counters: CirtCounters = { gets: 0, finds: 0, updates: 0, refusedUpdates: 0 };
  /** The properties each update call carried besides the keys, in call order (what a test proves was sent). */
  readonly sentUpdates: { readonly key: string; readonly fields: readonly string[] }[] = [];

  constructor(
    /** Valid values per table and attribute; an attribute not listed takes any value. */
    readonly promptTables: Readonly<Record<CirtTable, Readonly<Record<string, readonly string[]>>>>,
  ) {}

  private static key(table: CirtTable, setid: string, id: string): string {
    return `${table}\u0000${setid}\u0000${id}`;
  }

  put(table: CirtTable, record: CirtRecord): void {
    this.records.set(CirtStore.key(table, record.setid, record.id), record);
  }

  get(table: CirtTable, setid: string, id: string): CirtRecord | undefined {
    return this.records.get(CirtStore.key(table, setid, id));
  }

  /** The records of a table whose keys start with the given values (a CI Find with partial keys). */
  find(table: CirtTable, setid: string, idPrefix: string): readonly CirtRecord[] {
    const prefix = `${table}\u0000`;
    return [...this.records.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .map(([, record]) => record)
      .filter((record) => record.setid === setid && record.id.startsWith(idPrefix));
  }

  /** The attribute whose value its prompt table does not hold, if any. */
  invalidValue(table: CirtTable, attribute: string, value: string): boolean {
    const valid = this.promptTables[table][attribute];
    return valid !== undefined && !valid.includes(value);
  }
}

/**
 * The translate values of the fields (FSCM record definitions, README "Destination"): VENDOR_CLASS
 * A Attorney, E Employee, H HCM, R Outside Party; VENDOR_STATUS A Approved, D Denied, E Unapproved,
 * I Inactive, X To Be Archived; VENDOR_PERSISTENCE O One Time, P Permanent, R Regular, S Single Payment;
 * CUST_STATUS A Active, I Inactive, T Template; CUST_LEVEL C Corporate, N No Relationship,
 * P Correspondence, R Remit From.
 */
export const DEFAULT_PROMPT_TABLES: Readonly<Record<CirtTable, Readonly<Record<string, readonly string[]>>>> = {
  vendors: {
    VENDOR_CLASS: ['A', 'E', 'H', 'R'],
    VENDOR_STATUS: ['A', 'D', 'E', 'I', 'X'],
    VENDOR_PERSISTENCE: ['O', 'P', 'R', 'S'],
  },
  customers: { CUST_STATUS: ['A', 'I', 'T'], CUST_LEVEL: ['C', 'N', 'P', 'R'] },
};

/**
 * A store with `count` vendors and customers in two SETIDs (SHARE and US001), so a key that names the
 * wrong SETID finds nothing. Deterministic: the same count gives the same records.
 */
export function seedCirtStore(count = 6, seededAt = '2026-01-05T08:00:00Z'): CirtStore {
  const store = new CirtStore(DEFAULT_PROMPT_TABLES);
  for (let index = 1; index <= count; index++) {
    const setid = index % 2 === 0 ? 'US001' : 'SHARE';
    const number = String(index).padStart(10, '0');
    store.put('vendors', {
      setid,
      id: number,
      attributes: {
        NAME1: `Vendor ${index}`,
        VENDOR_CLASS: 'R',
        VENDOR_STATUS: 'A',
        VENDOR_PERSISTENCE: 'R',
      },
      lastUpdateOprid: 'VP1',
      lastUpdateDttm: seededAt,
    });
    store.put('customers', {
      setid,
      id: `C${number.slice(1)}`,
      attributes: { NAME1: `Customer ${index}`, CUST_STATUS: 'A', CUST_LEVEL: 'C' },
      lastUpdateOprid: 'VP1',
      lastUpdateDttm: seededAt,
    });
  }
  return store;
}
