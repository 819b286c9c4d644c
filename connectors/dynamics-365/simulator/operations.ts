/**
 * One Dataverse Web API operation, as the simulator runs it alone or as a part of a `$batch`: `WhoAmI`,
 * the key metadata (`EntityDefinitions(LogicalName='account')/Keys`), reads (`query.ts`), create with
 * `@odata.bind` and deep insert (a key clash is 412 0x80060892), upsert by id or alternate key (refused
 * while the key is missing or not Active), and delete. Answers carry Dataverse's error body.
 */
import { parseExactJson } from '../exact-json.ts';
import { KeySyntaxError, readKeyPredicate } from './key-predicate.ts';
import { listRows } from './query.ts';
import { readRecordBody } from './record-body.ts';
import { dataverseError, type Operation, type OperationContext, type Outcome } from './outcome.ts';
import type { DataverseRecord } from './store.ts';

export { dataverseError, type Operation, type OperationContext, type Outcome };

export const ORGANIZATION_ID = '7d0c2a5e-0d36-4f1b-9a62-0000000000d3';
export const BUSINESS_UNIT_ID = '3f2c9d11-5b0e-4c55-8a0a-0000000000d3';

const NOT_FOUND_SEGMENT = (segment: string) =>
  dataverseError(404, '0x8006088a', `Resource not found for the segment '${segment}'.`);

function isOutcome(value: unknown): value is Outcome {
  return typeof value === 'object' && value !== null && 'status' in value && 'headers' in value;
}

function parseBody(text: string): DataverseRecord | Outcome {
  try {
    const body = parseExactJson(text === '' ? '{}' : text);
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      return dataverseError(400, '0x0', 'The request body must be a JSON object.');
    return body as DataverseRecord;
  } catch {
    return dataverseError(400, '0x0', 'Invalid JSON. The request body is not a valid JSON object.');
  }
}

/** Creates a record (and its deep-insert children); the caller rolls back on a failure. */
function create(set: string, body: DataverseRecord, context: OperationContext, parent?: DataverseRecord): Outcome {
  const { store } = context;
  const { definition } = store.table(set)!;
  const read = readRecordBody(body, definition, true, context);
  if (isOutcome(read)) return read;
  const values = { ...parent, ...read.values };
  const missing = definition.systemRequired.find((column) => values[column] === undefined);
  if (missing !== undefined)
    return dataverseError(
      400,
      '0x80040200',
      `${missing.replace(/^_(\w+)_value$/, '$1')} is a required field for ${definition.logicalName}.`,
    );
  const clash = store.keyClash(set, values);
  if (clash !== undefined)
    return dataverseError(
      412,
      '0x80060892',
      `A record that has the attribute values ${clash.keyAttributes.map((column) => String(values[column])).join(', ')} already exists. The entity key ${clash.schemaName} requires that this set of attributes contains unique values. Select unique values and try again.`,
    );
  const { record } = store.write(set, undefined, values);
  const id = String(record[definition.primaryKey]);
  for (const child of read.children)
    for (const childBody of child.bodies) {
      const outcome = create(child.set, childBody, context, { [child.backColumn]: id });
      if (outcome.status >= 400) return outcome;
    }
  const entityId = `${context.root}${set}(${id})`;
  return { status: 204, headers: { 'OData-EntityId': entityId, Location: entityId } };
}

/** §3: `Prefer: return=representation` answers 201 (created) or 200 (updated) with the record, no OData-EntityId. */
function representation(operation: Operation): boolean {
  return /return=representation/i.test(operation.headers['prefer'] ?? '');
}

function withRepresentation(status: number, record: DataverseRecord): Outcome {
  return { status, headers: { 'Preference-Applied': 'return=representation' }, body: record };
}

export function runOperation(operation: Operation, context: OperationContext): Outcome {
  const { store } = context;
  if (operation.path === 'WhoAmI')
    return operation.method === 'GET'
      ? {
          status: 200,
          headers: {},
          body: {
            '@odata.context': `${context.root}$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
            BusinessUnitId: BUSINESS_UNIT_ID,
            UserId: context.userId ?? '',
            OrganizationId: ORGANIZATION_ID,
          },
        }
      : NOT_FOUND_SEGMENT('WhoAmI');
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
      const rollback = store.snapshot();
      const outcome = create(set!, body, context);
      if (outcome.status >= 400) rollback();
      else if (representation(operation)) {
        const id = /\(([^()]+)\)$/.exec(outcome.headers['OData-EntityId'] ?? '')?.[1] ?? '';
        return withRepresentation(201, table.rows.get(id)!);
      }
      return outcome;
    }
    if (operation.method === 'GET') return listRows(operation, context, set!);
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
  const missingRecord = (): Outcome =>
    predicate.kind === 'id'
      ? dataverseError(404, '0x80040217', `${definition.logicalName} With Id = ${predicate.id} Does Not Exist`)
      : dataverseError(
          404,
          '0x80060891',
          `A record with the specified key values does not exist in ${definition.logicalName} entity`,
        );

  if (operation.method === 'GET')
    return existing === undefined ? missingRecord() : { status: 200, headers: {}, body: existing };
  if (operation.method === 'DELETE') {
    if (existing === undefined) return missingRecord();
    store.remove(set!, String(existing[definition.primaryKey]));
    return { status: 204, headers: {} };
  }
  if (operation.method !== 'PATCH')
    return dataverseError(
      405,
      '0x0',
      `The HTTP method '${operation.method}' is not allowed for a record of '${set!}'.`,
    );
  if (operation.headers['if-match'] === '*' && existing === undefined) return missingRecord();
  if (operation.headers['if-none-match'] === '*' && existing !== undefined)
    return dataverseError(412, '0x80040237', 'A record with matching key values already exists.');
  const body = parseBody(operation.body);
  if (isOutcome(body)) return body;
  const read = readRecordBody(body, definition, existing === undefined, context);
  if (isOutcome(read)) return read;
  if (read.children.length > 0) return dataverseError(400, '0x0', 'Deep insert is not possible in an update.');
  const id = existing?.[definition.primaryKey] as string | undefined;
  // Upsert: the URL's key values are written too, so a retried PATCH finds the record it created.
  const values = {
    ...(keyValues === undefined ? {} : Object.fromEntries(keyValues)),
    ...read.values,
  } as DataverseRecord;
  const { record, created } = store.write(set!, id ?? (predicate.kind === 'id' ? predicate.id : undefined), values);
  if (representation(operation)) return withRepresentation(created ? 201 : 200, record);
  return { status: 204, headers: { 'OData-EntityId': `${context.root}${operation.path}` } };
}
