import { describe, expect, it } from 'vitest';
import { pipelineJsonSchema, pipelineJsonSchemaText } from './json-schema.ts';
import { SYSTEM_ID_PATTERN } from './schema/connection.ts';

describe('the published JSON Schema', () => {
  // That the published file is up to date (with the connector list's systems) is scripts/write-json-schema.test.ts.
  it('offers the systems it is given as the ids a connection may name, and checks only the form without them', () => {
    const systemOf = (schema: Record<string, unknown>) =>
      JSON.parse(JSON.stringify(schema)).properties.connections.additionalProperties.properties.system;
    expect(systemOf(pipelineJsonSchema(['file', 'acme-ledger'])).enum).toEqual(['file', 'acme-ledger']);
    const formOnly = systemOf(pipelineJsonSchema());
    expect(formOnly.enum).toBeUndefined();
    expect(formOnly.pattern).toBe(SYSTEM_ID_PATTERN.source);
    expect(pipelineJsonSchemaText(['file'])).toBe(`${JSON.stringify(pipelineJsonSchema(['file']), null, 2)}\n`);
  });

  it('describes every property, so editors show help', () => {
    const undescribed: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (node === null || typeof node !== 'object') return;
      const schema = node as Record<string, unknown>;
      if (schema.properties && typeof schema.properties === 'object') {
        for (const [key, child] of Object.entries(schema.properties as Record<string, Record<string, unknown>>)) {
          if (typeof child.description !== 'string' || child.description.length < 10)
            undescribed.push(`${path}.${key}`);
          visit(child, `${path}.${key}`);
        }
      }
      for (const key of ['additionalProperties', 'items']) visit(schema[key], `${path}.${key}`);
      for (const key of ['anyOf', 'oneOf', 'allOf']) {
        if (Array.isArray(schema[key]))
          (schema[key] as unknown[]).forEach((branch, i) => visit(branch, `${path}.${key}[${i}]`));
      }
    };
    visit(pipelineJsonSchema(), '');
    expect(undescribed).toEqual([]);
  });
});
