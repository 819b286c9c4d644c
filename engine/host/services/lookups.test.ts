/** The lookups service over the shipped CSV example: CSV import with bad lines, a file table's rows, coverage over the sample. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatPipeline, parsePipelineText, type Pipeline } from '../../model/index.ts';
import { SecretRegistry } from '../../secrets/index.ts';
import type { HostContext } from './context.ts';
import { lookupsService } from './lookups.ts';

const EXAMPLES = fileURLToPath(new URL('../../../assets/examples/', import.meta.url));
const PATH = 'csv-to-duckdb.json';

function service(cwd = EXAMPLES) {
  const context: HostContext = {
    cwd,
    stateDir: '/nonexistent',
    secrets: {
      resolve: (name) => Promise.reject(new Error(`no secret ${name}`)),
      lookup: () => Promise.resolve(undefined),
      set: () => Promise.resolve(),
      delete: () => Promise.resolve(false),
      describe: () => 'nowhere',
    },
    registry: new SecretRegistry(),
    publish: () => {},
  };
  return lookupsService(context);
}

function example(change: (pipeline: Pipeline) => Pipeline = (p) => p): { path: string; text: string } {
  const pipeline = parsePipelineText(readFileSync(`${EXAMPLES}${PATH}`, 'utf8')).pipeline!;
  return { path: PATH, text: formatPipeline(change(pipeline)) };
}

describe('lookups.parseCsv', () => {
  it('guesses the columns, types the rows, and names every bad line by its number while keeping the good ones', async () => {
    const text =
      'account,cost_center,owner\n000-1100-00,CC-CORP,ann\n000-1200-00,CC-CORP\n,CC-X,bob\n"000-2100-00","CC-AP, payables",cy\n000-1100-00,CC-DUP,dan\n';
    const result = await service().parseCsv({ text });
    expect(result.keyColumn).toBe('account');
    expect(result.valueColumn).toBe('cost_center');
    expect(result.rows).toEqual([
      { key: '000-1100-00', value: 'CC-CORP' },
      { key: '000-2100-00', value: 'CC-AP, payables' },
    ]);
    expect(result.badLines).toEqual([
      { line: 3, message: 'expected 3 values like the header, found 2' },
      { line: 4, message: 'the key (column account) is empty' },
      { line: 6, message: 'the key "000-1100-00" is already on line 2; a lookup must give one answer' },
    ]);
  });

  it('reads effective dates and integer keys as the table declares them, refusing what does not fit', async () => {
    const text = 'code,rate,valid_from\n1,0.075,2024-01-01\nx,0.08,2024-01-01\n2,0.09,July 1st\n';
    const result = await service().parseCsv({
      text,
      keyType: 'integer',
      valueType: 'decimal',
      effectiveDated: true,
      valueColumn: 'rate',
    });
    expect(result.effectiveFromColumn).toBe('valid_from');
    expect(result.rows).toEqual([{ key: 1, value: '0.075', effectiveFrom: '2024-01-01' }]);
    expect(result.badLines.map((bad) => bad.line)).toEqual([3, 4]);
    expect(result.badLines[1]!.message).toContain('not a date written as YYYY-MM-DD');
  });

  it('refuses a column the file does not have, naming the columns it has', async () => {
    // Text after a closing quote is refused, as a run reading the same file would refuse it.
    await expect(service().parseCsv({ text: 'a,b\n1,"ab"c\n' })).rejects.toMatchObject({
      code: 'CSV_UNREADABLE',
      message: expect.stringMatching(/line 2: field 2 has text after its closing quote/),
    });
    await expect(service().parseCsv({ text: 'a,b\n1,2\n', keyColumn: 'account' })).rejects.toThrow(
      'The CSV file has no column "account" (its columns: a, b).',
    );
  });
});

describe('lookups.fileRows', () => {
  it('reads a file-based table beside the pipeline with its own columns', async () => {
    const rows = await service().fileRows({ pipeline: example(), table: 'cost_centers' });
    expect(rows.path).toBe('./lookups/cost-centers.csv');
    expect(rows.rows).toContainEqual({ key: '000-6200-00', value: 'CC-IT' });
    expect(rows.badLines).toEqual([]);
  });

  it('reads a file table of ranges by its first-key and last-key columns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlc-ranges-'));
    writeFileSync(join(dir, 'chart.csv'), 'low,high,class\n4000,4999,REVENUE\n6000,,OPEX\n6500,6599,DEPRECIATION\n');
    const ranged = example((p) => ({
      ...p,
      lookups: {
        ...p.lookups,
        chart: {
          keyType: 'integer',
          ranges: true,
          file: { path: './chart.csv', fromColumn: 'low', toColumn: 'high', valueColumn: 'class' },
        },
      },
    }));
    const rows = await service(dir).fileRows({ pipeline: ranged, table: 'chart' });
    expect(rows.rows).toEqual([
      { from: 4000, to: 4999, value: 'REVENUE' },
      { from: 6500, to: 6599, value: 'DEPRECIATION' },
    ]);
    expect(rows.badLines).toEqual([{ line: 3, message: 'column high: the last key of the range is empty' }]);
    expect([rows.keyColumn, rows.toColumn]).toEqual(['low', 'high']);
  });

  it('says plainly when the file is missing', async () => {
    const moved = example((p) => ({
      ...p,
      lookups: {
        ...p.lookups,
        cost_centers: {
          ...p.lookups!.cost_centers!,
          file: { ...p.lookups!.cost_centers!.file!, path: './lookups/gone.csv' },
        },
      },
    }));
    await expect(service().fileRows({ pipeline: moved, table: 'cost_centers' })).rejects.toThrow(
      'Cannot read ./lookups/gone.csv for the lookup table "cost_centers": there is no such file',
    );
  });
});

describe('lookups.coverage', () => {
  it('lists the account the cost centers table misses, with how many sample lines carry it', async () => {
    const report = await service().coverage({ pipeline: example(), stream: 'gl_lines' });
    expect(report.read).toBe(8);
    const costCenters = report.tables.find((table) => table.table === 'cost_centers')!;
    expect(costCenters.columns).toEqual(['cost_center']);
    expect(costCenters.missing).toEqual([{ key: '000-6900-00', records: 1 }]);
    // account_types is looked up by MID(ACTNUMST, 5, 1): every digit in the sample has a row.
    expect(report.tables.find((table) => table.table === 'account_types')!.missing).toEqual([]);
  });

  it('uses the unsaved rows: once the account has a row, nothing is missing', async () => {
    const inline = example((p) => ({
      ...p,
      lookups: {
        ...p.lookups,
        cost_centers: { keyType: 'string', valueType: 'string', rows: [{ key: '000-6900-00', value: 'CC-NEW' }] },
      },
    }));
    const report = await service().coverage({ pipeline: inline, stream: 'gl_lines' });
    const missing = report.tables.find((table) => table.table === 'cost_centers')!.missing.map((entry) => entry.key);
    expect(missing).not.toContain('000-6900-00');
    expect(missing).toContain('000-1200-00');
  });

  it('tells a key whose row has no value yet from a key with no row', async () => {
    const added = example((p) => ({
      ...p,
      lookups: {
        ...p.lookups,
        cost_centers: {
          rows: [
            { key: '000-6900-00', value: null },
            { key: '000-1200-00', value: 'CC-CORP' },
          ],
        },
      },
    }));
    const missing = (await service().coverage({ pipeline: added, stream: 'gl_lines' })).tables.find(
      (table) => table.table === 'cost_centers',
    )!.missing;
    expect(missing).toContainEqual({ key: '000-6900-00', records: 1, noValue: true });
    expect(missing).toContainEqual({ key: '000-2100-00', records: 3 });
    expect(missing.find((entry) => entry.key === '000-1200-00')).toBeUndefined();
  });

  it('counts a key a range row holds as covered, and one outside every range as missing', async () => {
    const ranges = example((p) => ({
      ...p,
      lookups: {
        ...p.lookups,
        cost_centers: {
          ranges: true,
          rows: [
            { from: '000-1000-00', to: '000-1999-99', value: 'CC-BALANCE' },
            { from: '000-4000-00', to: '000-6499-99', value: 'CC-P&L' },
          ],
        },
      },
    }));
    const coverage = (await service().coverage({ pipeline: ranges, stream: 'gl_lines' })).tables.find(
      (table) => table.table === 'cost_centers',
    )!;
    expect(coverage.keys).toBe(6);
    // 000-1200-00, 000-4100-00 and 000-6100-00 fall in a range; 000-2100-00 and 000-6900-00 in none.
    expect(coverage.missing).toEqual([
      { key: '000-2100-00', records: 3 },
      { key: '000-6900-00', records: 1 },
    ]);
  });

  it('reports a formula error on the table instead of failing the whole report', async () => {
    const broken = example((p) => ({
      ...p,
      streams: {
        gl_lines: {
          ...p.streams.gl_lines!,
          mappings: {
            ...p.streams.gl_lines!.mappings,
            cost_center: { type: 'string', expression: 'LOOKUP(cost_centers, NO_SUCH_FIELD)' },
          },
        },
      },
    }));
    const report = await service().coverage({ pipeline: broken, stream: 'gl_lines' });
    expect(report.tables.find((table) => table.table === 'cost_centers')!.problem).toMatch(
      /^The formula of column "cost_center" has an error to fix first: .*NO_SUCH_FIELD/,
    );
  });
});
