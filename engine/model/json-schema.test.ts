import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pipelineJsonSchema, pipelineJsonSchemaText } from './json-schema.ts';

describe('the published JSON Schema', () => {
  it('is up to date with the zod schemas (run `npm run schema` when this fails)', () => {
    const published = readFileSync(new URL('../../assets/schema/pipeline.schema.json', import.meta.url), 'utf8');
    expect(published).toBe(pipelineJsonSchemaText());
  });

  it('describes every property, so editors show help', () => {
    const undescribed: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (node === null || typeof node !== 'object') return;
      const schema = node as Record<string, unknown>;
      if (schema.properties && typeof schema.properties === 'object') {
        for (const [key, child] of Object.entries(schema.properties as Record<string, Record<string, unknown>>)) {
          if (typeof child.description !== 'string' || child.description.length < 10) undescribed.push(`${path}.${key}`);
          visit(child, `${path}.${key}`);
        }
      }
      for (const key of ['additionalProperties', 'items']) visit(schema[key], `${path}.${key}`);
      for (const key of ['anyOf', 'oneOf', 'allOf']) {
        if (Array.isArray(schema[key])) (schema[key] as unknown[]).forEach((branch, i) => visit(branch, `${path}.${key}[${i}]`));
      }
    };
    visit(pipelineJsonSchema(), '');
    expect(undescribed).toEqual([]);
  });
});
