/** The systems catalog stays in step with the pipeline file's schema and with what the registry reads. */
import { describe, expect, it } from 'vitest';
import { authSchema, SYSTEMS } from '../engine/model/index.ts';
import { systemCatalog } from './registry.ts';

describe('systems catalog', () => {
  it('names only systems and sign-in methods the pipeline file accepts, each secret labelled', async () => {
    const methods = authSchema.options.map((option) => option.shape.method.value as string);
    const catalog = await systemCatalog();
    expect(catalog.map((entry) => entry.system)).toEqual(['file', 'dynamics-gp', 'duckdb', 'databricks']);
    for (const entry of catalog) {
      expect(SYSTEMS).toContain(entry.system);
      expect(entry.authMethods.length).toBeGreaterThan(0);
      for (const auth of entry.authMethods) {
        expect(methods).toContain(auth.method);
        expect(auth.secrets.length).toBe(auth.method === 'none' ? 0 : 1);
      }
    }
  });

  it('lists, as required, the address parts the connectors refuse to open without', async () => {
    const catalog = await systemCatalog();
    const required = (system: string) => (catalog.find((entry) => entry.system === system)?.addressParts ?? []).filter((part) => part.required).map((part) => part.name);
    expect(required('file')).toEqual(['folder']);
    expect(required('duckdb')).toEqual(['path']);
    expect(required('dynamics-gp')).toEqual(expect.arrayContaining(['baseUrl', 'company']));
    expect(required('databricks')).toEqual(['host', 'httpPath']);
  });
});
