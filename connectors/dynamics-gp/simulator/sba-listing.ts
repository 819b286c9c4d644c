/**
 * One SBA list page: which records, in which order. SBA's query options (`$filter`, `$orderby`, `$top`,
 * `$skip`) are undocumented (README "SBA (REST): what a real GP serves"), so the simulator can behave as
 * the servers a connector may meet:
 * - 'honoured' (default): filter, order (`$orderby`, else ModifiedDate then key), skip and top;
 * - 'ignored': a server that ignores every query option and sends the whole list, in key order, each time;
 * - 'key-order': applies `$filter`, `$skip` and `$top` but ignores `$orderby` and lists in key order (as a
 *   SQL table reads by its clustered key): a keyset read by ModifiedDate then skips records silently.
 */
import type { GpEntityDef, SimRecord } from './entities.ts';
import { FilterError, compareRecords, matches, parseFilter } from './filter.ts';

export type SbaQueryOptions = 'honoured' | 'ignored' | 'key-order';

export type ListOutcome =
  { readonly records: readonly SimRecord[] } | { readonly status: 400; readonly message: string };

export function listPage(
  all: Iterable<SimRecord>,
  entity: GpEntityDef,
  query: URLSearchParams,
  mode: SbaQueryOptions,
  maxPageSize: number,
): ListOutcome {
  let list = [...all];
  if (mode === 'ignored') return { records: list.sort(compareKeys) };
  try {
    const filter = query.get('$filter');
    if (filter !== null) {
      const tree = parseFilter(filter, entity.keyField, entity.filterFields);
      list = list.filter((record) => matches(tree, record, entity.keyField));
    }
    list.sort(mode === 'key-order' ? compareKeys : orderBy(query.get('$orderby'), entity));
  } catch (error) {
    if (error instanceof FilterError) return { status: 400, message: error.message };
    throw error;
  }
  const skip = whole(query, '$skip', 0);
  const top = whole(query, '$top', Number.MAX_SAFE_INTEGER);
  if (skip === undefined || top === undefined)
    return { status: 400, message: '$top and $skip must be whole numbers of 0 or more' };
  if (top !== Number.MAX_SAFE_INTEGER && top > maxPageSize)
    return { status: 400, message: `$top may be at most ${maxPageSize}` };
  return { records: list.slice(skip, skip + top) };
}

/** `$orderby=ModifiedDate,VendorId desc`: fields the entity can filter on, each asc (default) or desc. */
function orderBy(text: string | null, entity: GpEntityDef): (a: SimRecord, b: SimRecord) => number {
  if (text === null || text.trim() === '') return compareRecords;
  const known = new Map(
    ['ModifiedDate', entity.keyField, 'TransactionState', ...(entity.filterFields ?? [])].map((name) => [
      name.toLowerCase(),
      name,
    ]),
  );
  const terms = text.split(',').map((part) => {
    const [name = '', direction = 'asc', ...rest] = part.trim().split(/\s+/);
    const field = known.get(name.toLowerCase());
    if (field === undefined || rest.length > 0 || !/^(asc|desc)$/i.test(direction))
      throw new FilterError(`$orderby: cannot order by ${part.trim()}`);
    return { field, sign: /^desc$/i.test(direction) ? -1 : 1 };
  });
  return (a, b) => {
    for (const { field, sign } of terms) {
      const order = compareValues(valueOf(a, field, entity), valueOf(b, field, entity));
      if (order !== 0) return sign * order;
    }
    return 0;
  };
}

function valueOf(record: SimRecord, field: string, entity: GpEntityDef): unknown {
  if (field === 'ModifiedDate') return record.modifiedMs;
  if (field === entity.keyField) return record.key;
  return record.fields[field];
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const left = String(a);
  const right = String(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The table's key order, whatever the client asked. */
function compareKeys(a: SimRecord, b: SimRecord): number {
  return compareValues(a.key, b.key);
}

function whole(query: URLSearchParams, name: string, fallback: number): number | undefined {
  const text = query.get(name);
  if (text === null) return fallback;
  return /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}
