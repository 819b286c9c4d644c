/**
 * Reading a table as Dataverse's Web API serves it to this connector: `$select` (a column the table does
 * not have is 400 "Could not find a property named …", §3), `$filter` of `eq` clauses joined all by `and`
 * or all by `or` (strings quoted with `'` doubled, numbers and GUIDs bare), pages of at most
 * `Prefer: odata.maxpagesize` (default and most 5,000) with an opaque `$skiptoken` in an absolute
 * `@odata.nextLink`, and no `$skip` (§5). Anything else in `$filter` is refused, so the connector cannot
 * come to depend on a query the simulator merely tolerates.
 */
import { dataverseError, type Operation, type OperationContext, type Outcome } from './outcome.ts';

const MAX_PAGE = 5000;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function readFilter(filter: string): { tests: [string, unknown][]; any: boolean } | undefined {
  const joins = [...filter.matchAll(/ (and|or) /g)].map((match) => match[1]);
  if (new Set(joins).size > 1) return undefined;
  const tests: [string, unknown][] = [];
  for (const clause of filter.split(/ and | or /)) {
    const found = /^\(?(\w+) eq (?:'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?)|([0-9a-fA-F-]{36}))\)?$/.exec(clause.trim());
    if (found === null) return undefined;
    if (found[4] !== undefined && !GUID.test(found[4])) return undefined;
    tests.push([
      found[1]!,
      found[2] !== undefined
        ? found[2].replace(/''/g, "'")
        : found[3] !== undefined
          ? Number(found[3])
          : found[4]!.toLowerCase(),
    ]);
  }
  return { tests, any: joins[0] === 'or' };
}

export function listRows(operation: Operation, context: OperationContext, set: string): Outcome {
  const { store } = context;
  const table = store.table(set)!;
  const type = `Microsoft.Dynamics.CRM.${table.definition.logicalName}`;
  if (operation.query.has('$skip'))
    return dataverseError(400, '0x0', "The query parameter '$skip' is not supported. Use paging with $skiptoken.");
  const select = operation.query.get('$select')?.split(',');
  const unknown = select?.find((column) => !store.hasColumn(set, column));
  if (unknown !== undefined)
    return dataverseError(400, '0x0', `Could not find a property named '${unknown}' on type '${type}'.`);
  let rows = [...table.rows.values()];
  const filter = operation.query.get('$filter');
  if (filter !== null) {
    const read = readFilter(filter);
    if (read === undefined)
      return dataverseError(400, '0x0', `The query parameter $filter '${filter}' is not supported by this simulator.`);
    const missing = read.tests.find(([column]) => !store.hasColumn(set, column));
    if (missing !== undefined)
      return dataverseError(400, '0x0', `Could not find a property named '${missing[0]}' on type '${type}'.`);
    const matches = (row: Record<string, unknown>, [column, value]: [string, unknown]) =>
      typeof value === 'string' && typeof row[column] === 'string'
        ? (row[column] as string).toLowerCase() === value.toLowerCase() // Dataverse compares text case-insensitively
        : row[column] === value;
    rows = rows.filter((row) =>
      read.any ? read.tests.some((test) => matches(row, test)) : read.tests.every((test) => matches(row, test)),
    );
  }
  const asked = /odata\.maxpagesize=(\d+)/.exec(operation.headers['prefer'] ?? '')?.[1];
  const top = operation.query.get('$top');
  // $top is ignored when a page size is asked for (§5).
  if (top !== null && asked === undefined) rows = rows.slice(0, Math.max(0, Number(top)));
  const pageSize = Math.min(MAX_PAGE, asked === undefined ? MAX_PAGE : Math.max(1, Number(asked)));
  const token = operation.query.get('$skiptoken');
  const start = token === null ? 0 : Number(/pagingcookie="(\d+)"/.exec(token)?.[1] ?? NaN);
  if (!Number.isInteger(start)) return dataverseError(400, '0x0', 'The $skiptoken is not valid.');
  const page = rows.slice(start, start + pageSize);
  const value = page.map((row) =>
    select === undefined
      ? row
      : Object.fromEntries([
          ['@odata.etag', row['@odata.etag'] ?? null],
          [table.definition.primaryKey, row[table.definition.primaryKey] ?? null],
          ...select.map((column) => [column, row[column] ?? null]),
        ]),
  );
  const body: Record<string, unknown> = { '@odata.context': `${context.root}$metadata#${set}`, value };
  if (start + pageSize < rows.length) {
    const next = new URLSearchParams(operation.query);
    next.set('$skiptoken', `<cookie pagenumber="${start / pageSize + 2}" pagingcookie="${start + pageSize}" />`);
    body['@odata.nextLink'] = `${context.root}${set}?${next.toString().replace(/\+/g, '%20')}`;
  }
  return {
    status: 200,
    headers: asked === undefined ? {} : { 'Preference-Applied': `odata.maxpagesize=${pageSize}` },
    body,
  };
}
