import { describe, expect, it } from 'vitest';
import { migrateToCurrent, v1ToV2, v2ToV3 } from './migrations.ts';
import { ownEntry } from './own-names.ts';
import { formatPipeline, parsePipelineDocument } from './pipeline-file.ts';

const v1 = {
  version: 1,
  name: 'Old pipeline',
  schedule: '30 1 * * 1-5',
  connections: {
    files: { system: 'file', address: { folder: './data' }, auth: { method: 'none' } },
    warehouse: { system: 'duckdb', address: { path: './w.duckdb' }, auth: { method: 'none' } },
  },
  streams: {
    gl: {
      source: { connection: 'files', entity: 'gl', key: ['JRNENTRY'] },
      target: {
        connection: 'warehouse',
        table: 'gl',
        writeMode: 'merge',
        mergeKey: ['journal_entry'],
        columns: { journal_entry: 'integer', amount: 'decimal(18,2)' },
        required: ['journal_entry'],
      },
      mappings: { journal_entry: 'JRNENTRY', amount: 'DEBITAMT - CRDTAMNT' },
    },
  },
};

describe('migrations', () => {
  it('upgrades a version 1 file to the current version and says what it did', () => {
    const load = parsePipelineDocument(structuredClone(v1));
    expect(load.problems).toEqual([]);
    expect(load.migrations).toEqual([
      expect.stringMatching(/^v1 -> v2: column types move/),
      expect.stringMatching(/^v2 -> v3: lookup tables say how text keys match.*TRIM and ISBLANK/),
    ]);
    const pipeline = load.pipeline!;
    expect(pipeline.version).toBe(3);
    expect(pipeline.schedule).toEqual({ cron: '30 1 * * 1-5' });
    expect(pipeline.streams.gl!.mappings).toEqual({
      journal_entry: { type: 'integer', expression: 'JRNENTRY', required: true },
      amount: { type: 'decimal(18,2)', expression: 'DEBITAMT - CRDTAMNT' },
    });
    expect(pipeline.streams.gl!.target).not.toHaveProperty('columns');
    expect(formatPipeline(pipeline)).toMatch(/"version": 3/);
  });

  it('does not touch the input document', () => {
    const input = structuredClone(v1);
    v1ToV2.migrate(input);
    expect(input).toEqual(v1);
  });

  it('leaves a current file alone', () => {
    const result = migrateToCurrent({ version: 3, name: 'x' });
    expect(result).toEqual({ ok: true, document: { version: 3, name: 'x' }, applied: [] });
  });

  it('keeps the exact key match of a version 2 lookup table, now that ignoring case is the default', () => {
    const v2 = {
      version: 2,
      name: 'Accounts',
      connections: {},
      streams: {},
      lookups: {
        departments: { rows: [{ key: 'SALES', value: 'CC-1' }] },
        toString: { keyType: 'integer', rows: [{ key: 1, value: 'one' }] },
      },
    };
    const load = parsePipelineDocument(structuredClone(v2));
    expect(load.problems).toEqual([]);
    expect(load.migrations).toEqual([expect.stringMatching(/^v2 -> v3: /)]);
    expect(load.pipeline!.lookups!.departments!.keyMatch).toBe('exact');
    expect(ownEntry(load.pipeline!.lookups, 'toString')?.keyMatch).toBe('exact');
    // Saved, the setting sits after the types, and the file says version 3.
    const saved = formatPipeline(load.pipeline!);
    expect(saved).toMatch(/"version": 3/);
    expect(saved).toContain('"departments": {\n      "keyMatch": "exact",\n      "rows"');
    // A table written in version 3 without the setting ignores case, and the migration leaves one that says exact alone.
    expect(v2ToV3.migrate({ version: 2, lookups: { a: { keyMatch: 'ignore-case' } } })).toEqual({
      version: 3,
      lookups: { a: { keyMatch: 'ignore-case' } },
    });
    const input = structuredClone(v2);
    v2ToV3.migrate(input);
    expect(input).toEqual(v2);
  });

  it('keeps the meaning of a version 2 formula: TRIM and ISBLANK calls become TRIM_ENDS and ISEMPTY', () => {
    const v2 = {
      version: 2,
      name: 'Vendors',
      streams: {
        vendors: {
          mappings: {
            name: { type: 'string', expression: 'IF(ISBLANK(LIFNR), TRIM(NAME1), "TRIM(" & [TRIM])' },
            kept: { type: 'string', expression: 'UPPER(NAME1)', notes: 'unchanged' },
          },
        },
      },
    };
    const input = structuredClone(v2);
    const migrated = v2ToV3.migrate(input);
    expect(input).toEqual(v2);
    expect(migrated).toEqual({
      version: 3,
      name: 'Vendors',
      streams: {
        vendors: {
          mappings: {
            name: { type: 'string', expression: 'IF(ISEMPTY(LIFNR), TRIM_ENDS(NAME1), "TRIM(" & [TRIM])' },
            kept: { type: 'string', expression: 'UPPER(NAME1)', notes: 'unchanged' },
          },
        },
      },
    });
  });

  it('refuses a missing or nonsense version', () => {
    expect(migrateToCurrent({ name: 'x' })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/"version" must be a whole number/),
    });
    expect(migrateToCurrent({ version: 1.5 })).toMatchObject({ ok: false });
  });
});
