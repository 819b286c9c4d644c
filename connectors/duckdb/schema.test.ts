import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TargetTable } from '../../engine/model/io.ts';
import { Decimal } from '../../engine/model/values/index.ts';
import {
  GL_COLUMNS,
  batchOf,
  caught,
  glRow,
  glTarget,
  openTempWarehouse,
  scalar,
  type TempWarehouse,
} from './test-support.ts';

let warehouse: TempWarehouse;
beforeEach(async () => {
  warehouse = await openTempWarehouse();
});
afterEach(async () => {
  await warehouse.dispose();
});

async function columnsOf(table: string): Promise<Record<string, string>> {
  const reader = await warehouse.destination.connection.runAndReadAll(
    `SELECT column_name, data_type || CASE WHEN is_nullable = 'NO' THEN ' NOT NULL' ELSE '' END
       FROM information_schema.columns WHERE table_name = '${table}' ORDER BY ordinal_position`,
  );
  return Object.fromEntries(reader.getRows().map(([name, type]) => [String(name), String(type)]));
}

describe('creating a table', () => {
  it('creates the columns with their DuckDB types, NOT NULL where required, and the lineage columns', async () => {
    const changes = await warehouse.destination.ensureTable(glTarget('merge'));
    expect(changes.map((change) => change.kind)).toEqual(['create-table']);
    expect(await columnsOf('gl_lines')).toEqual({
      journal_entry: 'BIGINT NOT NULL',
      line_number: 'BIGINT NOT NULL',
      account: 'VARCHAR NOT NULL',
      posting_date: 'DATE NOT NULL',
      debit: 'DECIMAL(18,2)',
      credit: 'DECIMAL(18,2)',
      posted: 'BOOLEAN',
      modified_at: 'TIMESTAMP WITH TIME ZONE',
      _mlc_run_id: 'VARCHAR NOT NULL',
      _mlc_batch_id: 'VARCHAR NOT NULL',
      _mlc_source_modified: 'TIMESTAMP WITH TIME ZONE',
      _mlc_synced_at: 'TIMESTAMP WITH TIME ZONE NOT NULL',
      _mlc_row_version: 'VARCHAR',
    });
  });

  it('changes nothing when the table already matches', async () => {
    await warehouse.destination.ensureTable(glTarget('append'));
    expect(await warehouse.destination.ensureTable(glTarget('append'))).toEqual([]);
  });

  it('creates schema.table, with names that need quoting', async () => {
    const target = glTarget('append', {
      table: 'Finance.GL Lines',
      columns: [...GL_COLUMNS, { name: 'select', type: { kind: 'string' }, required: false }],
    });
    await warehouse.destination.ensureTable(target);
    await warehouse.destination.writeBatch(
      target,
      batchOf([glRow(1, 1, '5.00', { select: "it's" })], { batchId: 'b1' }),
    );
    expect(await scalar(warehouse.destination, `SELECT "select" FROM "finance"."gl lines"`)).toBe("it's");
  });

  it('refuses names that cannot be quoted safely, with the reason', async () => {
    for (const table of ['gl"; DROP TABLE x; --', 'a.b.c', 'gl\nlines', '.gl']) {
      const error = await caught(warehouse.destination.ensureTable(glTarget('append', { table })));
      expect(error.code, table).toBe('DUCKDB_UNSAFE_NAME');
    }
    const reserved = await caught(
      warehouse.destination.ensureTable(
        glTarget('append', {
          columns: [...GL_COLUMNS, { name: '_mlc_batch_id', type: { kind: 'string' }, required: false }],
        }),
      ),
    );
    expect(reserved.message).toMatch(/reserved for lineage/);
  });

  it('refuses a merge without a key and a column mapped twice', async () => {
    expect((await caught(warehouse.destination.ensureTable(glTarget('merge', { mergeKey: [] })))).message).toMatch(
      /merge needs a merge key/,
    );
    const twice = glTarget('append', {
      columns: [...GL_COLUMNS, { name: 'DEBIT', type: { kind: 'string' }, required: false }],
    });
    expect((await caught(warehouse.destination.ensureTable(twice))).code).toBe('DUCKDB_INVALID_TARGET');
  });
});

describe('evolving a table', () => {
  const withColumns = (columns: TargetTable['columns'], extra: Partial<TargetTable> = {}): TargetTable =>
    glTarget('append', { columns, ...extra });

  it('adds a new column; rows written before have it empty', async () => {
    await warehouse.destination.writeBatch(glTarget('append'), batchOf([glRow(1, 1, '10.00')], { batchId: 'b1' }));
    const wider = withColumns([...GL_COLUMNS, { name: 'cost_center', type: { kind: 'string' }, required: false }]);
    const changes = await warehouse.destination.ensureTable(wider);
    expect(changes).toEqual([
      { kind: 'add-column', column: 'cost_center', detail: expect.stringContaining('added column "cost_center"') },
    ]);
    await warehouse.destination.writeBatch(
      wider,
      batchOf([glRow(2, 1, '20.00', { cost_center: 'CC-10' })], { batchId: 'b2' }),
    );
    const rows = await warehouse.destination.readRows('gl_lines', ['journal_entry']);
    expect(rows.map((row) => row.cost_center)).toEqual([null, 'CC-10']);
  });

  it('widens decimal(10,2) -> decimal(18,2) and integer -> decimal(20,0), keeping every value', async () => {
    const narrow = withColumns([
      { name: 'id', type: { kind: 'integer' }, required: true },
      { name: 'amount', type: { kind: 'decimal', precision: 10, scale: 2 }, required: false },
    ]);
    await warehouse.destination.writeBatch(
      narrow,
      batchOf([{ id: 9007199254740991, amount: Decimal.parse('12345678.91') }], { batchId: 'b1' }),
    );
    const wide = withColumns([
      { name: 'id', type: { kind: 'decimal', precision: 20, scale: 0 }, required: true },
      { name: 'amount', type: { kind: 'decimal', precision: 18, scale: 2 }, required: false },
    ]);
    const changes = await warehouse.destination.ensureTable(wide);
    expect(changes.map((change) => [change.kind, change.column])).toEqual([
      ['widen-column', 'id'],
      ['widen-column', 'amount'],
    ]);
    expect(await columnsOf('gl_lines')).toMatchObject({ id: 'DECIMAL(20,0) NOT NULL', amount: 'DECIMAL(18,2)' });
    await warehouse.destination.writeBatch(
      wide,
      batchOf([{ id: Decimal.parse('1'), amount: Decimal.parse('1234567890123456.78') }], { batchId: 'b2' }),
    );
    expect(
      await scalar(warehouse.destination, "SELECT string_agg(amount::VARCHAR, ' ' ORDER BY amount) FROM gl_lines"),
    ).toBe('12345678.91 1234567890123456.78');
    expect(await scalar(warehouse.destination, 'SELECT max(id)::VARCHAR FROM gl_lines')).toBe('9007199254740991');
  });

  it('refuses a narrowing with a message naming the table, the column and the flag, and changes nothing', async () => {
    await warehouse.destination.writeBatch(glTarget('append'), batchOf([glRow(1, 1, '10.00')], { batchId: 'b1' }));
    const narrowed = withColumns(
      GL_COLUMNS.map((c) =>
        c.name === 'debit' ? { ...c, type: { kind: 'decimal', precision: 10, scale: 2 } as const } : c,
      ),
    );
    const error = await caught(warehouse.destination.ensureTable(narrowed));
    expect(error.code).toBe('DUCKDB_DESTRUCTIVE_CHANGE');
    expect(error.message).toContain('gl_lines');
    expect(error.message).toContain('"debit"');
    expect(error.message).toContain('allowDestructiveChanges');
    expect(await columnsOf('gl_lines')).toMatchObject({ debit: 'DECIMAL(18,2)' });
    // A write with the refused target fails the same way instead of writing around the refusal.
    expect(
      (await caught(warehouse.destination.writeBatch(narrowed, batchOf([glRow(2, 1, '1.00')], { batchId: 'b2' }))))
        .code,
    ).toBe('DUCKDB_DESTRUCTIVE_CHANGE');
  });

  it('refuses a dropped column, and refuses every destructive change at once with nothing applied', async () => {
    await warehouse.destination.ensureTable(glTarget('append'));
    const fewer = withColumns([
      ...GL_COLUMNS.filter((c) => c.name !== 'posted' && c.name !== 'credit'),
      { name: 'memo', type: { kind: 'string' }, required: false },
    ]);
    const error = await caught(warehouse.destination.ensureTable(fewer));
    expect(error.code).toBe('DUCKDB_DESTRUCTIVE_CHANGE');
    expect(error.message).toMatch(/"credit"[\s\S]*"posted"|"posted"[\s\S]*"credit"/);
    const columns = await columnsOf('gl_lines');
    expect(Object.keys(columns)).toContain('posted');
    expect(Object.keys(columns)).not.toContain('memo'); // the harmless addition waited too: all or nothing
  });

  it('applies narrowing and drops when the target allows destructive changes', async () => {
    await warehouse.destination.writeBatch(glTarget('append'), batchOf([glRow(1, 1, '10.50')], { batchId: 'b1' }));
    const allowed = withColumns(
      GL_COLUMNS.filter((c) => c.name !== 'posted').map((c) =>
        c.name === 'debit' ? { ...c, type: { kind: 'decimal', precision: 10, scale: 2 } as const } : c,
      ),
      { allowDestructiveChanges: true },
    );
    const changes = await warehouse.destination.ensureTable(allowed);
    expect(changes.map((change) => [change.kind, change.column])).toEqual([
      ['drop-column', 'posted'],
      ['narrow-column', 'debit'],
    ]);
    expect(await columnsOf('gl_lines')).toMatchObject({ debit: 'DECIMAL(10,2)' });
    expect(Object.keys(await columnsOf('gl_lines'))).not.toContain('posted');
    expect(await scalar(warehouse.destination, 'SELECT debit::VARCHAR FROM gl_lines')).toBe('10.50');
  });

  it('reports a narrowing the data does not fit as a failed change, leaving the table as it was', async () => {
    await warehouse.destination.writeBatch(
      glTarget('append'),
      batchOf([glRow(1, 1, '123456789.00')], { batchId: 'b1' }),
    );
    const tooNarrow = withColumns(
      GL_COLUMNS.map((c) =>
        c.name === 'debit' ? { ...c, type: { kind: 'decimal', precision: 6, scale: 2 } as const } : c,
      ),
      { allowDestructiveChanges: true },
    );
    const error = await caught(warehouse.destination.ensureTable(tooNarrow));
    expect(error.code).toBe('DUCKDB_SCHEMA_CHANGE_FAILED');
    expect(error.message).toContain('gl_lines');
    expect(await columnsOf('gl_lines')).toMatchObject({ debit: 'DECIMAL(18,2)' });
    expect(await scalar(warehouse.destination, 'SELECT debit::VARCHAR FROM gl_lines')).toBe('123456789.00');
  });

  it('drops NOT NULL when a column stops being required', async () => {
    await warehouse.destination.ensureTable(glTarget('append'));
    const optional = withColumns(GL_COLUMNS.map((c) => (c.name === 'account' ? { ...c, required: false } : c)));
    const changes = await warehouse.destination.ensureTable(optional);
    expect(changes).toEqual([
      { kind: 'widen-column', column: 'account', detail: expect.stringContaining('no longer requires a value') },
    ]);
    expect((await columnsOf('gl_lines')).account).toBe('VARCHAR');
  });

  it('refuses to write into a view', async () => {
    await warehouse.destination.connection.run('CREATE VIEW gl_lines AS SELECT 1 AS journal_entry');
    expect((await caught(warehouse.destination.ensureTable(glTarget('append')))).message).toMatch(/is a view/);
  });
});
