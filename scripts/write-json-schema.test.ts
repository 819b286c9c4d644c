import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONNECTOR_MODULES } from '../connectors/index.ts';
import { JSON_SCHEMA_PATH, publishedSchemaText } from './write-json-schema.ts';

describe('the published JSON Schema', () => {
  it('is up to date with the zod schemas and the connector list (run `npm run schema` when this fails)', () => {
    expect(readFileSync(JSON_SCHEMA_PATH, 'utf8')).toBe(publishedSchemaText());
  });

  it('offers editors exactly the systems of the connector list', () => {
    const schema = JSON.parse(publishedSchemaText());
    expect(schema.properties.connections.additionalProperties.properties.system.enum).toEqual(
      CONNECTOR_MODULES.map((module) => module.descriptor.id),
    );
  });
});
