/** A small valid pipeline for tests: one file source, one DuckDB target, one lookup. */
import type { SystemRules } from './references.ts';
import type { Pipeline } from './schema/pipeline.ts';

/** The systems' rules as the connector registry gives them today (the model knows no connector itself). */
export const TEST_SYSTEM_RULES: SystemRules = {
  file: { roles: ['source'], pathParts: ['folder'] },
  'dynamics-gp': {
    roles: ['source', 'destination'],
    pathParts: ['caCertFile'],
    secretParts: ['sqlPasswordSecret'],
  },
  bamboohr: { roles: ['source'], pathParts: ['caCertFile'] },
  duckdb: { roles: ['destination'], pathParts: ['path'] },
  databricks: { roles: ['source', 'destination'], afterLoad: 'Databricks', pathParts: ['caCertFile'] },
  'ifs-cloud': { roles: ['source', 'destination'], pathParts: ['caCertFile'] },
  'sap-ecc': {
    roles: ['source'],
    pathParts: ['caCertFile', 'clientCertFile', 'clientKeyFile'],
    secretParts: ['clientKeyPassphraseSecret'],
  },
  'dynamics-365': { roles: ['destination'], pathParts: ['caCertFile'] },
  peoplesoft: { roles: ['source', 'destination'], pathParts: ['caCertFile'] },
};

export function minimalPipeline(): Pipeline {
  return {
    version: 3,
    name: 'Test pipeline',
    connections: {
      files: { system: 'file', address: { folder: './data' }, auth: { method: 'none' } },
      warehouse: { system: 'duckdb', address: { path: './w.duckdb' }, auth: { method: 'none' } },
    },
    lookups: {
      cost_centers: { rows: [{ key: '000-4100-00', value: 'CC-1' }] },
    },
    streams: {
      gl_lines: {
        source: { connection: 'files', entity: 'gl', key: ['JRNENTRY'], cursor: 'TS' },
        target: { connection: 'warehouse', table: 'gl_lines', writeMode: 'merge', mergeKey: ['journal_entry'] },
        mappings: {
          journal_entry: { type: 'integer', expression: 'JRNENTRY', required: true },
          cost_center: { type: 'string', expression: 'LOOKUP(cost_centers, ACTNUMST)' },
        },
      },
    },
  };
}
