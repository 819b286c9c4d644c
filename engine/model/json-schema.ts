/** The published JSON Schema of the pipeline file, generated from the zod schemas (the one source of truth). */
import { z } from 'zod';
import { pipelineSchema } from './schema/pipeline.ts';

export const JSON_SCHEMA_ID = 'https://ml-connector.dev/schema/pipeline.schema.json';

export function pipelineJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(pipelineSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  return { ...generated, $id: JSON_SCHEMA_ID, title: 'ml-connector pipeline' };
}

export function pipelineJsonSchemaText(): string {
  return `${JSON.stringify(pipelineJsonSchema(), null, 2)}\n`;
}
