/**
 * One Dataverse Web API operation, as the simulator runs it alone or as a part of a `$batch`: upsert by
 * alternate key (refused while the key is missing or not Active), create with `@odata.bind` (incl. `$n`
 * references inside a change set), read by id or key, a simple `$filter` look-up, and the key metadata
 * (`EntityDefinitions(LogicalName='account')/Keys`). Answers carry Dataverse's error body.
 */
import { KeySyntaxError, readKeyPredicate } from './key-predicate.ts';
import type { DataverseRecord, DataverseStore } from './store.ts';

export interface Operation {
  readonly method: string;
  /** Path after the API root, percent-decoded once, e.g. `accounts(accountnumber='V1')`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface Outcome {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export function dataverseError(status: number, code: string, message: string): Outcome {
  return { status, headers: {}, body: { error: { code, message } } };
}

export interface OperationContext {
  readonly store: DataverseStore;
  /** Absolute API root, ending in `/` (for OData-EntityId). */
  readonly root: string;
  /** Content-ID -> entity URL, inside one change set. */
  readonly contentIds?: Map<string, string>;
}

const NOT_FOUND_SEGMENT = (segment: string) =>
  dataverseError(404, '0x8006088a', `Resource not found for the segment '${segment}'.`);

function parseBody(text: string): DataverseRecord | Outcome {
  try {
    const body = JSON.parse(text === '' ? '{}' : text) as unknown;
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      return dataverseError(400, '0x0', 'The request body must be a JSON object.');
    return body as DataverseRecord;
  } catch {
    return dataverseError(400, '0x0', 'Invalid JSON. The request body is not a valid JSON object.');
  }
}

function isOutcome(value: unknown): value is Outcome {
  return typeof value === 'object' && value !== null && 'status' in value && 'headers' in value;
}

/** `x@odata.bind` -> `_x_value` with the bound record's id; `$n` read from the change set. */
function resolveBinds(body: DataverseRecord, context: OperationContext): DataverseRecord | Outcome {
  const values: DataverseRecord = {};
  for (const [name, value] of Object.entries(body)) {
    const bind = /^(\w+)@odata\.bind$/.exec(name);
    if (bind === null) {
      values[name] = value;
      continue;
    }
    let target = String(value);
    if (target.startsWith('$')) {
      const found = context.contentIds?.get(target.slice(1));
      if (found === undefined)
        return dataverseError(400, '0x0', `Content-ID Reference: '${target}' does not exist in the batch context.`);
      target = found;
    }
    const id = /\(([0-9a-f-]{36})\)$/i.exec(target)?.[1];
    const set = /([A-Za-z_]+)\([^()]*\)$/.exec(target)?.[1];
    if (id === undefined || set === undefined || context.store.table(set)?.rows.has(id.toLowerCase()) !== true)
      return dataverseError(404, '0x80040217', `Entity with Id = ${id ?? target} Does Not Exist`);
    values[`_${bind[1]}_value`] = id.toLowerCase();
  }
  return values;
}

export function runOperation(operation: Operation, context: OperationContext): Outcome {
  const { store } = context;
  const keysPath = /^EntityDefinitions\(LogicalName='(\w+)'\)\/Keys$/.exec(operation.path);
  if (keysPath !== null && operation.method === 'GET') {
    const table = store.byLogicalName(keysPath[1]!);
    if (table === undefined)
      return dataverseError(404, '0x80040217', `Could not find an entity with name ${keysPath[1]!}.`);
    return {
      status: 200,
      headers: {},
      body: {
        value: table.definition.keys.map((key) => ({
          SchemaName: key.schemaName,
          LogicalName: key.schemaName.toLowerCase(),
          KeyAttributes: key.keyAttributes,
          EntityKeyIndexStatus: key.status,
        })),
      },
    };
  }
  const match = /^([A-Za-z_]+)(?:\((.*)\))?$/.exec(operation.path);
  if (match === null) return NOT_FOUND_SEGMENT(operation.path.split(/[/(]/)[0] ?? operation.path);
  const [, set, predicateText] = match;
  const table = store.table(set!);
  if (table === undefined) return NOT_FOUND_SEGMENT(set!);
  const { definition } = table;

  if (predicateText === undefined) {
    if (operation.method === 'POST') {
      const body = parseBody(operation.body);
      if (isOutcome(body)) return body;
      const values = resolveBinds(body, context);
      if (isOutcome(values)) return values;
      const missing = definition.systemRequired.find((column) => values[column] === undefined);
      if (missing !== undefined)
        return dataverseError(
          400,
          '0x80040200',
          `${missing.replace(/^_(\w+)_value$/, '$1')} is a required field for ${definition.logicalName}.`,
        );
      const { record } = store.write(set!, undefined, values);
      const entityId = `${context.root}${set!}(${String(record[definition.primaryKey])})`;
      return { status: 204, headers: { 'OData-EntityId': entityId, Location: entityId } };
    }
    if (operation.method === 'GET') return listByFilter(operation, context, set!);
    return dataverseError(405, '0x0', `The HTTP method '${operation.method}' is not allowed for '${set!}'.`);
  }

  let predicate;
  try {
    predicate = readKeyPredicate(predicateText);
  } catch (error) {
    if (error instanceof KeySyntaxError) return dataverseError(400, '0x8006088a', error.message);
    throw error;
  }
  let existing: DataverseRecord | undefined;
  let keyValues: ReadonlyMap<string, unknown> | undefined;
  if (predicate.kind === 'id') existing = table.rows.get(predicate.id);
  else {
    const columns = [...predicate.values.keys()].sort();
    const key = definition.keys.find(
      (candidate) => [...candidate.keyAttributes].sort().join(',') === columns.join(','),
    );
    if (key === undefined)
      return dataverseError(
        400,
        '0x0',
        `The key in the request URI is not valid for resource 'Microsoft.Dynamics.CRM.${definition.logicalName}'. Ensure that the names and number of key properties match the declared or alternate key properties for the resource.`,
      );
    if (key.status !== 'Active')
      return dataverseError(
        400,
        '0x0',
        `The alternate key '${key.schemaName}' of entity '${definition.logicalName}' is not active (EntityKeyIndexStatus: ${key.status}), so records cannot be addressed by it yet.`,
      );
    keyValues = predicate.values;
    existing = store.findByKey(set!, predicate.values);
  }

  if (operation.method === 'GET') {
    if (existing === undefined)
      return predicate.kind === 'id'
        ? dataverseError(404, '0x80040217', `${definition.logicalName} With Id = ${predicate.id} Does Not Exist`)
        : dataverseError(
            404,
            '0x80060891',
            `A record with the specified key values does not exist in ${definition.logicalName} entity`,
          );
    return { status: 200, headers: {}, body: existing };
  }
  if (operation.method !== 'PATCH')
    return dataverseError(
      405,
      '0x0',
      `The HTTP method '${operation.method}' is not allowed for a record of '${set!}'.`,
    );

  if (operation.headers['if-match'] === '*' && existing === undefined)
    return dataverseError(
      404,
      '0x80060891',
      `A record with the specified key values does not exist in ${definition.logicalName} entity`,
    );
  if (operation.headers['if-none-match'] === '*' && existing !== undefined)
    return dataverseError(412, '0x80040237', 'A record with matching key values already exists.');
  const body = parseBody(operation.body);
  if (isOutcome(body)) return body;
  const values = resolveBinds(body, context);
  if (isOutcome(values)) return values;
  const id = existing?.[definition.primaryKey] as string | undefined;
  // Upsert: the URL's key values are written too, so a retried PATCH finds the record it created.
  store.write(set!, id ?? (predicate.kind === 'id' ? predicate.id : undefined), {
    ...(keyValues === undefined ? {} : Object.fromEntries(keyValues)),
    ...values,
  });
  return { status: 204, headers: { 'OData-EntityId': `${context.root}${operation.path}` } };
}

/** `$filter=a eq 'x' and b eq 1` on one table (the connector's look-up for keys a URL cannot carry). */
function listByFilter(operation: Operation, context: OperationContext, set: string): Outcome {
  const rows = [...(context.store.table(set)?.rows.values() ?? [])];
  const filter = operation.query.get('$filter');
  let selected = rows;
  if (filter !== null) {
    const clauses = filter.split(/ and /);
    const tests: [string, unknown][] = [];
    for (const clause of clauses) {
      const found = /^(\w+) eq (?:'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?))$/.exec(clause.trim());
      if (found === null)
        return dataverseError(
          400,
          '0x0',
          `The query parameter $filter '${filter}' is not supported by this simulator.`,
        );
      tests.push([found[1]!, found[2] !== undefined ? found[2].replace(/''/g, "'") : Number(found[3])]);
    }
    selected = rows.filter((row) => tests.every(([column, value]) => row[column] === value));
  }
  const select = operation.query.get('$select')?.split(',');
  const value =
    select === undefined
      ? selected
      : selected.map((row) => Object.fromEntries(select.map((column) => [column, row[column] ?? null])));
  return { status: 200, headers: {}, body: { '@odata.context': `${context.root}$metadata#${set}`, value } };
}
