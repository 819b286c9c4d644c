// `npm run schema`: regenerates assets/schema/pipeline.schema.json from the zod schemas in engine/model.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pipelineJsonSchemaText } from '../engine/model/json-schema.ts';

export const JSON_SCHEMA_PATH = fileURLToPath(new URL('../assets/schema/pipeline.schema.json', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(JSON_SCHEMA_PATH, pipelineJsonSchemaText());
  console.log('Wrote assets/schema/pipeline.schema.json');
}
