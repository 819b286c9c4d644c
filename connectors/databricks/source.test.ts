/**
 * The Databricks source through the real @databricks/sql driver against the simulator: what the driver
 * does to a DECIMAL read plainly (the reason every value travels as text), exact decimals, dates and
 * instants, key-set pages across rows with equal cursors, a query stream, and a query that is not a SELECT.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataRow, ReadRequest, Source } from '../../engine/model/io.ts';
import { Decimal, PlainDate, Timestamp } from '../../engine/model/values/index.ts';
import { startDatabricksSimulator, type DatabricksSimulator } from './simulator/server.ts';
import { connectDriver } from './simulator/test-support.ts';
import { openDatabricksSource } from './source.ts';
import { DatabricksSql } from './sql-client.ts';
import { changedAt, connectionTo, creditLimit, VENDOR_TABLE } from './test-source-support.ts';

const ROWS = 25;
let sim: DatabricksSimulator;
let admin: DatabricksSql;
const opened: Source[] = [];

beforeAll(async () => {
  sim = await startDatabricksSimulator({ vendors: ROWS });
  admin = new DatabricksSql(connectionTo(sim));
});
afterAll(async () => {
  await Promise.all(opened.map((source) => source.close()));
  await admin.close();
  await sim.close();
});

function open(streams: Parameters<typeof openDatabricksSource>[0]['streams']): Source {
  const source = openDatabricksSource({ ...connectionTo(sim), streams });
  opened.push(source);
  return source;
}

const vendors = { entity: 'vendor_attributes', table: VENDOR_TABLE, key: ['vendor_id'], cursor: 'changed_at' };

async function readAll(source: Source, request: Omit<ReadRequest, 'key'> & { key?: readonly string[] }) {
  const pages: DataRow[][] = [];
  for await (const page of source.read({ key: vendors.key, ...request })) {
    expect(page.problems ?? []).toEqual([]);
    pages.push([...page.records]);
  }
  return pages;
}

describe('Databricks source', () => {
  it('the driver turns a DECIMAL it is given plainly into a float: the reason the source reads text', async () => {
    const driver = await connectDriver(sim);
    try {
      const [row] = await driver.query(`SELECT credit_limit FROM ${VENDOR_TABLE} WHERE vendor_id = 'V0001'`);
      expect(typeof row?.['credit_limit']).toBe('number');
      expect(String(row?.['credit_limit'])).not.toBe(creditLimit(1));
    } finally {
      await driver.close();
    }
  });

  it('reads DECIMAL(38,6) exactly, DATE as a date and TIMESTAMP as an instant in UTC', async () => {
    const [first] = (
      await readAll(open([vendors]), { entity: 'vendor_attributes', cursorField: 'changed_at', pageSize: 100 })
    ).flat();
    expect(first?.['credit_limit']).toBeInstanceOf(Decimal);
    expect((first?.['credit_limit'] as Decimal).toString()).toBe(creditLimit(1));
    expect(first?.['valid_from']).toEqual(PlainDate.parse('2026-02-11'));
    expect(first?.['changed_at']).toEqual(Timestamp.parse(`${changedAt(0).replace(' ', 'T')}Z`));
    expect((first?.['changed_at'] as Timestamp).toString()).toMatch(/Z$/);
    expect(first?.['payment_terms_days']).toBe(45);
    expect(first?.['parent_vendor_id']).toBeNull();
  });

  it('discovers the columns with their types, the key and the cursor from the pipeline', async () => {
    const [schema] = await open([vendors]).discover();
    expect(schema).toMatchObject({ entity: 'vendor_attributes', key: vendors.key, cursorField: 'changed_at' });
    expect(schema?.fields.map((field) => [field.name, field.type])).toEqual([
      ['vendor_id', 'string'],
      ['vendor_name', 'string'],
      ['parent_vendor_id', 'string'],
      ['classification', 'string'],
      ['payment_terms_days', 'integer'],
      ['credit_limit', 'decimal'],
      ['valid_from', 'date'],
      ['changed_at', 'timestamp'],
    ]);
  });

  it('pages by key set across rows with equal cursors: every row once, in cursor then key order', async () => {
    const before = sim.counters.statements;
    const pages = await readAll(open([vendors]), {
      entity: 'vendor_attributes',
      cursorField: 'changed_at',
      pageSize: 4,
    });
    const rows = pages.flat();
    expect(pages.map((page) => page.length)).toEqual([4, 4, 4, 4, 4, 4, 1]);
    expect(new Set(rows.map((row) => row['vendor_id'])).size).toBe(ROWS);
    const order = rows.map((row) => `${(row['changed_at'] as Timestamp).toString()} ${String(row['vendor_id'])}`);
    expect(order).toEqual([...order].sort());
    // One DESCRIBE QUERY, then one statement per page: no OFFSET, no count.
    expect(sim.counters.statements - before).toBe(1 + pages.length);
  });

  it('reads from the watermark inclusive and before the end exclusive', async () => {
    const rows = (
      await readAll(open([vendors]), {
        entity: 'vendor_attributes',
        cursorField: 'changed_at',
        from: { cursor: Timestamp.parse(`${changedAt(2).replace(' ', 'T')}Z`) },
        end: Timestamp.parse(`${changedAt(4).replace(' ', 'T')}Z`),
        pageSize: 2,
      })
    ).flat();
    expect(rows.map((row) => row['vendor_id'])).toEqual(['V0006', 'V0007', 'V0008', 'V0009', 'V0010', 'V0011']);
  });

  it('reads a query stream: its own columns, keyed and ordered as configured', async () => {
    const query = {
      entity: 'vendor_classes',
      query: `SELECT classification, count(*) AS vendors, sum(credit_limit) AS total_limit, max(changed_at) AS changed_at FROM ${VENDOR_TABLE} GROUP BY classification`,
      key: ['classification'],
      cursor: 'changed_at',
    };
    const source = open([query]);
    const [schema] = await source.discover();
    expect(schema?.fields.map((field) => field.name)).toEqual([
      'classification',
      'vendors',
      'total_limit',
      'changed_at',
    ]);
    const rows = (
      await readAll(source, {
        entity: 'vendor_classes',
        key: ['classification'],
        cursorField: 'changed_at',
        pageSize: 2,
      })
    ).flat();
    expect(rows).toHaveLength(5);
    const total = rows.reduce((sum, row) => sum.add(row['total_limit'] as Decimal), Decimal.ZERO);
    let expected = Decimal.ZERO;
    for (let i = 1; i <= ROWS; i++) expected = expected.add(Decimal.parse(creditLimit(i)));
    expect(total.toString()).toBe(expected.toString());
  });

  it('holds a value that does not read as its type as a problem on its record, never dropping the record', async () => {
    const odd = {
      entity: 'odd',
      query: `SELECT vendor_id, changed_at, CAST('NaN' AS DOUBLE) AS ratio FROM ${VENDOR_TABLE} WHERE vendor_id = 'V0001'`,
      key: ['vendor_id'],
      cursor: 'changed_at',
    };
    const pages = [];
    for await (const page of open([odd]).read({
      entity: 'odd',
      key: ['vendor_id'],
      cursorField: 'changed_at',
      pageSize: 5,
    }))
      pages.push(page);
    expect(pages).toHaveLength(1);
    expect(pages[0]?.records).toHaveLength(1);
    expect(pages[0]?.records[0]?.['vendor_id']).toBe('V0001');
    expect(pages[0]?.problems).toEqual([
      expect.objectContaining({
        recordIndex: 0,
        field: 'ratio',
        message: expect.stringMatching(/^odd row 1 of this page, column ratio \(double\): "nan" /i),
      }),
    ]);
  });

  it('refuses a query that is not a SELECT, in plain words, before anything reaches the warehouse', async () => {
    const before = sim.counters.statements;
    const source = open([{ entity: 'wipe', query: `DELETE FROM ${VENDOR_TABLE}`, key: ['vendor_id'] }]);
    await expect(source.discover()).rejects.toThrow(
      /options\.query must be one SELECT .* it starts with DELETE\. ml-connector never runs a statement that writes to a source/,
    );
    const sneaky = open([{ entity: 'sneaky', query: `SELECT 1; DROP TABLE ${VENDOR_TABLE}`, key: ['x'] }]);
    await expect(sneaky.discover()).rejects.toThrow(/contains DROP/);
    expect(sim.counters.statements).toBe(before);
    const [count] = await admin.query(`SELECT count(*) AS n FROM ${VENDOR_TABLE}`);
    expect(Number(count?.['n'])).toBe(ROWS);
  });

  it('answers a refused token as AUTH_FAILED naming the secret reference, never a token', async () => {
    const wrong = 'dapi0123456789abcdef0123456789abcdef';
    const source = openDatabricksSource({ ...connectionTo(sim, wrong), streams: [vendors] });
    opened.push(source);
    const error = (await source.discover().then(
      () => undefined,
      (caught: unknown) => caught,
    )) as Error & { code?: string };
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toContain('"databricks_token"');
    expect(error.message).not.toContain(wrong);
    expect(error.message).not.toContain(sim.credentials.token);
  });

  it('says which stream names are configured when asked for another', async () => {
    const pages = open([vendors]).read({ entity: 'suppliers', key: ['id'], pageSize: 5 });
    await expect(pages[Symbol.asyncIterator]().next()).rejects.toThrow(/no stream "suppliers" .*vendor_attributes/);
  });
});
