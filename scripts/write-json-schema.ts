// `npm run schema`: regenerates assets/schema/pipeline.schema.json from the zod schemas in engine/model,
// offering editors the systems of the connector list (connectors/index.ts) as the ids a connection may name.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONNECTOR_MODULES } from '../connectors/index.ts';
import { pipelineJsonSchemaText } from '../engine/model/json-schema.ts';

export const JSON_SCHEMA_PATH = fileURLToPath(new URL('../assets/schema/pipeline.schema.json', import.meta.url));

/** The text the published file must hold: the model's schema with the listed systems as the enum. */
export function publishedSchemaText(): string {
  return pipelineJsonSchemaText(CONNECTOR_MODULES.map((module) => module.descriptor.id));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(JSON_SCHEMA_PATH, publishedSchemaText());
  console.log('Wrote assets/schema/pipeline.schema.json');
}
