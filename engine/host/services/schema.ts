/**
 * What a source offers, for the studio's field browser: entities and fields with their types, and a
 * few distinct sample values per field from the first records, so the analyst recognises the data.
 */
import { openSource } from '../../../connectors/registry.ts';
import type { DataRow, EntitySchema, FieldSchema } from '../../model/index.ts';
import { connectionContext } from '../../model/connection-context.ts';
import { MlcError } from '../../model/errors.ts';
import { ownEntry } from '../../model/own-names.ts';
import { Decimal, PlainDate, Timestamp, toJsonValue, type JsonValue, type Value } from '../../model/values/index.ts';
import { secretAccess, loadRef, type HostContext, type PipelineRefInput } from './context.ts';

const DEFAULT_SAMPLES = 5;

async function firstRecords(
  source: Awaited<ReturnType<typeof openSource>>,
  entity: EntitySchema,
  limit: number,
): Promise<DataRow[]> {
  if (limit === 0) return [];
  const controller = new AbortController();
  const records: DataRow[] = [];
  try {
    for await (const page of source.read({
      entity: entity.entity,
      key: entity.key,
      pageSize: limit,
      signal: controller.signal,
    })) {
      records.push(...page.records.slice(0, limit - records.length));
      if (records.length >= limit) break;
    }
  } catch {
    // Samples are a courtesy: an entity that cannot be read yet is still listed with its fields.
  } finally {
    controller.abort();
  }
  return records;
}

interface FieldWithSamples {
  readonly name: string;
  readonly type: FieldSchema['type'];
  readonly description?: string;
  readonly isList?: boolean;
  readonly fields?: readonly FieldWithSamples[];
  readonly samples: readonly JsonValue[];
}

function isRecord(value: Value | undefined): value is DataRow {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Decimal) &&
    !(value instanceof PlainDate) &&
    !(value instanceof Timestamp)
  );
}

/** The nested records under a field (each element, for a list of records), so nested fields get samples too. */
function childRecords(field: FieldSchema, records: readonly DataRow[]): DataRow[] {
  return records.flatMap((record) => {
    const value = record[field.name];
    const items: readonly Value[] = Array.isArray(value) ? value : value === undefined ? [] : [value as Value];
    return items.filter(isRecord);
  });
}

function withSamples(field: FieldSchema, records: readonly DataRow[], limit: number): FieldWithSamples {
  const seen = new Map<string, JsonValue>();
  if (!field.fields) {
    for (const record of records) {
      const value = record[field.name];
      if (value === undefined || value === null) continue;
      const json = toJsonValue(value);
      seen.set(JSON.stringify(json), json);
      if (seen.size >= limit) break;
    }
  }
  const children = field.fields ? childRecords(field, records) : [];
  return {
    name: field.name,
    type: field.type,
    ...(field.description !== undefined ? { description: field.description } : {}),
    ...(field.isList !== undefined ? { isList: field.isList } : {}),
    ...(field.fields ? { fields: field.fields.map((child) => withSamples(child, children, limit)) } : {}),
    samples: [...seen.values()],
  };
}

export function schemaService(context: HostContext) {
  return {
    async entities(request: { pipeline: PipelineRefInput; connection: string; samples?: number | undefined }) {
      const loaded = loadRef(context, request.pipeline);
      const connection = ownEntry(loaded.pipeline.connections, request.connection);
      if (!connection)
        throw new MlcError('NOT_FOUND', `There is no connection named "${request.connection}" in this pipeline.`);
      const limit = request.samples ?? DEFAULT_SAMPLES;
      const source = await openSource(connectionContext(loaded, request.connection, secretAccess(context), connection));
      try {
        const entities = await source.discover();
        const result = [];
        for (const entity of entities) {
          const records = await firstRecords(source, entity, limit);
          result.push({
            entity: entity.entity,
            label: entity.label,
            key: entity.key,
            ...(entity.cursorField !== undefined ? { cursorField: entity.cursorField } : {}),
            fields: entity.fields.map((field) => withSamples(field, records, limit)),
          });
        }
        return result;
      } finally {
        await source.close();
      }
    },
  };
}
