/** The editor's scope: what the source says, the stream's declared types on top (as a run does), and the lookup tables. */
import { describe, expect, it } from 'vitest';
import { T } from '../../../../engine/mapping/index.ts';
import { parsePipelineText, type Pipeline } from '../../../../engine/model/index.ts';
import { formulaScope } from './formula-scope.ts';

const PIPELINE = parsePipelineText(
  JSON.stringify({
    version: 3,
    name: 'Vendors',
    connections: {
      gp: { system: 'file', address: { folder: '.' }, auth: { method: 'none' } },
      w: { system: 'duckdb', address: { path: 'w.duckdb' }, auth: { method: 'none' } },
    },
    lookups: {
      regions: { rows: [{ key: 'TX', value: 'South' }] },
      rates: {
        keyType: 'string',
        valueType: 'decimal',
        effectiveDated: true,
        rows: [{ key: 'USD', value: '1.0', effectiveFrom: '2024-01-01' }],
      },
    },
    streams: {
      vendors: {
        source: { connection: 'gp', entity: 'vendors', key: ['VENDORID'], fields: { BALANCE: 'decimal' } },
        target: { connection: 'w', table: 'vendors', writeMode: 'append' },
        mappings: { id: { type: 'string', expression: 'VENDORID' } },
      },
    },
  }),
).pipeline as Pipeline;

describe('formula scope', () => {
  it('types fields as the source describes them, with the stream’s declared types taking precedence', () => {
    const scope = formulaScope(PIPELINE, 'vendors', {
      entity: 'vendors',
      label: 'GP vendors',
      key: ['VENDORID'],
      fields: [
        { name: 'VENDORID', type: 'string', samples: [] },
        { name: 'BALANCE', type: 'string', samples: [] },
        { name: 'tags', type: 'string', isList: true, samples: [] },
        { name: 'address', type: 'string', fields: [{ name: 'city', type: 'string', samples: [] }], samples: [] },
      ],
    });
    expect(scope.schema).toEqual({
      VENDORID: T.string,
      BALANCE: T.decimal,
      tags: T.list(T.string),
      address: { kind: 'record', fields: { city: T.string } },
    });
    expect(scope.entityLabel).toBe('GP vendors');
  });

  it('falls back to the declared types when the source could not be asked, and knows every lookup table', () => {
    const scope = formulaScope(PIPELINE, 'vendors');
    expect(scope.schema).toEqual({ BALANCE: T.decimal });
    expect(scope.entityLabel).toBe('vendors');
    expect([...scope.lookups]).toEqual([
      ['regions', { keyType: T.string, valueType: T.string, effectiveDated: false }],
      ['rates', { keyType: T.string, valueType: T.decimal, effectiveDated: true }],
    ]);
  });
});
