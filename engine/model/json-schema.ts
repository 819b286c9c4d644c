/** The published JSON Schema of the pipeline file, generated from the zod schemas (the one source of truth). */
import { z } from 'zod';
import { pipelineSchema } from './schema/pipeline.ts';

export const JSON_SCHEMA_ID = 'https://ml-connector.dev/schema/pipeline.schema.json';

/**
 * The schema editors read. The model accepts any well-formed system id (the connector list says which
 * exist), so whoever knows that list passes its ids to offer them as an enum (completion, red squiggles);
 * with none, the schema checks the id's form only.
 */
export function pipelineJsonSchema(knownSystems: readonly string[] = []): Record<string, unknown> {
  const generated = z.toJSONSchema(pipelineSchema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  if (knownSystems.length > 0) Object.assign(connectionSystemNode(generated), { enum: [...knownSystems] });
  return { ...generated, $id: JSON_SCHEMA_ID, title: 'ml-connector pipeline' };
}

export function pipelineJsonSchemaText(knownSystems: readonly string[] = []): string {
  return `${JSON.stringify(pipelineJsonSchema(knownSystems), null, 2)}\n`;
}

/** connections.<name>.system in the generated schema; throws if the schema's shape moved, so the enum is never silently dropped. */
function connectionSystemNode(schema: Record<string, unknown>): Record<string, unknown> {
  let node: unknown = schema;
  for (const key of ['properties', 'connections', 'additionalProperties', 'properties', 'system']) {
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  if (node === null || typeof node !== 'object')
    throw new Error('The pipeline schema has no connections.<name>.system to list the systems in.');
  return node as Record<string, unknown>;
}
