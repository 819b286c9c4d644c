import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Decimal, PlainDate, Timestamp } from '../../engine/model/values/index.ts';
import type { FileEntityConfig } from './config.ts';
import type { FileSourcePage } from './read-entity.ts';
import { createFileSource } from './source.ts';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'file-jsonl-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function readAll(entity: FileEntityConfig): Promise<FileSourcePage[]> {
  const source = createFileSource({ connection: { folder }, entities: [entity] });
  const pages: FileSourcePage[] = [];
  for await (const page of source.read({ entity: entity.entity, key: [], pageSize: 100 })) pages.push(page);
  return pages;
}

const invoices = [
  '{"id": 1, "vendor": "00042", "amount": 12345678901234567.89, "due": "2024-03-31", "at": "2024-03-01T09:30:00Z", "paid": false, "address": {"city": "Austin", "zip": "78701"}, "lines": [{"qty": 2, "price": 0.10}]}',
  '{"id": 2, "vendor": "00043", "amount": 0.30, "due": "2024-04-30", "at": "2024-03-02T09:30:00+01:00", "paid": true, "address": {"city": "Zürich", "zip": "8001"}, "lines": []}',
].join('\r\n');

describe('file source: JSONL', () => {
  it('infers top-level types like CSV and describes nested objects and lists', async () => {
    await writeFile(join(folder, 'invoices.jsonl'), `\uFEFF${invoices}\n\n`);
    const source = createFileSource({
      connection: { folder },
      entities: [{ entity: 'invoices', file: 'invoices.jsonl', key: ['id'] }],
    });
    const [schema] = await source.discover();
    expect(schema?.fields).toEqual([
      { name: 'id', type: 'integer' },
      { name: 'vendor', type: 'string' },
      { name: 'amount', type: 'decimal' },
      { name: 'due', type: 'date' },
      { name: 'at', type: 'timestamp' },
      { name: 'paid', type: 'boolean' },
      {
        name: 'address',
        type: 'string',
        description: 'an object, read as JSON',
        fields: [
          { name: 'city', type: 'string' },
          { name: 'zip', type: 'string' },
        ],
      },
      {
        name: 'lines',
        type: 'string',
        description: 'a list, read as JSON',
        isList: true,
        fields: [
          { name: 'qty', type: 'integer' },
          { name: 'price', type: 'decimal' },
        ],
      },
    ]);
  });

  it('keeps every digit of a decimal, and nested numbers exact too', async () => {
    await writeFile(join(folder, 'invoices.jsonl'), invoices);
    const [page] = await readAll({ entity: 'invoices', file: 'invoices.jsonl' });
    const first = page?.records[0] ?? {};
    expect(first['amount']).toBeInstanceOf(Decimal);
    expect(String(first['amount'])).toBe('12345678901234567.89');
    expect(first['vendor']).toBe('00042');
    expect(first['due']).toEqual(PlainDate.parse('2024-03-31'));
    expect((first['at'] as Timestamp).compare(Timestamp.parse('2024-03-01T09:30:00Z'))).toBe(0);
    expect(first['address']).toEqual({ city: 'Austin', zip: '78701' });
    const line = (first['lines'] as readonly Record<string, unknown>[])[0];
    expect(line?.['qty']).toBe(2);
    expect(String(line?.['price'])).toBe('0.10');
    expect(String(page?.records[1]?.['amount'])).toBe('0.30');
  });

  it('reports a value of the wrong type with file, line and the raw JSON, and passes on fields the sample did not show', async () => {
    await writeFile(
      join(folder, 'p.jsonl'),
      '{"id": 1, "amount": "12.50"}\n{"id": 2, "amount": {"value": 3}}\n{"id": "x3", "amount": 7, "note": "late field"}\n',
    );
    const [page] = await readAll({ entity: 'p', file: 'p.jsonl', fields: { id: 'integer', amount: 'decimal' } });
    expect(page?.records.map((record) => record['id'])).toEqual([1, 2, null]);
    expect(String(page?.records[0]?.['amount'])).toBe('12.50');
    expect(page?.records[1]?.['amount']).toBeNull();
    expect(page?.records[2]?.['note']).toBe('late field');
    expect(page?.problems.map((problem) => [problem.recordIndex, problem.line, problem.field, problem.raw])).toEqual([
      [1, 2, 'amount', '{"value":3}'],
      [2, 3, 'id', '"x3"'],
    ]);
    expect(page?.problems[0]?.message).toBe('p.jsonl line 2, column amount: expected decimal but got an object');
  });

  it('fails on a line that is not a JSON object, naming file and line', async () => {
    await writeFile(join(folder, 'bad.jsonl'), '{"id": 1}\n\n[1, 2]\n');
    await expect(readAll({ entity: 'bad', file: 'bad.jsonl' })).rejects.toThrow(
      'bad.jsonl line 3: each line must be one JSON object',
    );
    await writeFile(join(folder, 'broken.jsonl'), '{"id": 1}\n{"id": 2,}\n');
    await expect(readAll({ entity: 'broken', file: 'broken.jsonl' })).rejects.toThrow(
      /^broken\.jsonl line 2: not valid JSON: expected a quoted field name/,
    );
  });

  it('turns a "__proto__" field into an ordinary field of the record', async () => {
    await writeFile(join(folder, 'h.jsonl'), '{"id": 1, "__proto__": {"admin": true}}\n');
    const [page] = await readAll({ entity: 'h', file: 'h.jsonl' });
    const record = page?.records[0] ?? {};
    expect(Object.keys(record)).toEqual(['id', '__proto__']);
    expect((record as Record<string, unknown>)['admin']).toBeUndefined();
  });
});
