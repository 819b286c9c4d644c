/**
 * A create or update body as Dataverse reads it: plain columns (one the table does not declare is
 * refused), `nav@odata.bind` to a record by id, by alternate key or by `$n` inside a change set (an
 * undeclared navigation property is refused in Dataverse's words, §3), and, on a create, collection
 * navigation properties holding the child records of a deep insert. `_x_value` lookup columns are
 * read-only, as in Dataverse.
 */
import type { ExactJson } from '../exact-json.ts';
import { KeySyntaxError, readKeyPredicate } from './key-predicate.ts';
import { dataverseError, type OperationContext, type Outcome } from './outcome.ts';
import type { DataverseRecord, TableDefinition } from './store.ts';

export interface ReadBody {
  readonly values: DataverseRecord;
  /** Deep insert: child set, the child's column pointing back, and each child's body. */
  readonly children: { readonly set: string; readonly backColumn: string; readonly bodies: DataverseRecord[] }[];
}

function undeclared(name: string): Outcome {
  return dataverseError(
    400,
    '0x0',
    `An undeclared property '${name}' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values.`,
  );
}

/** `/accounts(<guid>)`, `accounts(accountnumber='V1')`, an absolute URL, or `$1`: the record's id. */
function bindTarget(target: string, sets: readonly string[], context: OperationContext): string | Outcome {
  let text = target;
  if (text.startsWith('$')) {
    const found = context.contentIds?.get(text.slice(1));
    if (found === undefined)
      return dataverseError(400, '0x0', `Content-ID Reference: '${text}' does not exist in the batch context.`);
    text = found;
  }
  const match = /([A-Za-z_]+)\((.*)\)$/.exec(decodeURIComponent(text));
  if (match === null || !sets.includes(match[1]!))
    return dataverseError(400, '0x0', `The entity reference '${target}' is not valid here.`);
  const table = context.store.table(match[1]!)!;
  let predicate;
  try {
    predicate = readKeyPredicate(match[2]!);
  } catch (error) {
    if (error instanceof KeySyntaxError) return dataverseError(400, '0x8006088a', error.message);
    throw error;
  }
  const record =
    predicate.kind === 'id' ? table.rows.get(predicate.id) : context.store.findByKey(match[1]!, predicate.values);
  if (record === undefined)
    return predicate.kind === 'id'
      ? dataverseError(404, '0x80040217', `${table.definition.logicalName} With Id = ${predicate.id} Does Not Exist`)
      : dataverseError(
          404,
          '0x80060891',
          `A record with the specified key values does not exist in ${table.definition.logicalName} entity`,
        );
  return String(record[table.definition.primaryKey]);
}

export function readRecordBody(
  body: DataverseRecord,
  definition: TableDefinition,
  creating: boolean,
  context: OperationContext,
): ReadBody | Outcome {
  const values: DataverseRecord = {};
  const children: ReadBody['children'] = [];
  const type = `Microsoft.Dynamics.CRM.${definition.logicalName}`;
  for (const [name, value] of Object.entries(body)) {
    const bind = /^(\w+)@odata\.bind$/.exec(name);
    if (bind !== null) {
      const lookup = definition.lookups?.[bind[1]!];
      if (lookup === undefined) return undeclared(name);
      const id = bindTarget(String(value), lookup.sets, context);
      if (typeof id !== 'string') return id;
      values[lookup.column] = id;
      continue;
    }
    const collection = definition.collections?.[name];
    if (collection !== undefined && Array.isArray(value)) {
      if (!creating)
        return dataverseError(400, '0x0', `Deep insert of '${name}' is only possible when the record is created.`);
      children.push({ ...collection, bodies: value as DataverseRecord[] });
      continue;
    }
    if (name.startsWith('_') || !definition.columns.includes(name))
      return dataverseError(
        400,
        '0x0',
        `The property '${name}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type.`,
      );
    if (!creating && definition.createOnly?.includes(name))
      return dataverseError(400, '0x0', `The '${name}' attribute is not valid for update.`);
    const maxLength = definition.maxLengths?.[name];
    if (maxLength !== undefined && typeof value === 'string' && value.length > maxLength)
      return dataverseError(
        400,
        '0x80044331',
        `A validation error occurred. The length of the '${name}' attribute of the '${definition.logicalName}' entity exceeded the maximum allowed length of '${maxLength}'.`,
      );
    values[name] = value as ExactJson;
  }
  return { values, children };
}
