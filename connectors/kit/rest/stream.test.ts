import { describe, expect, it } from 'vitest';
import type { ReadRequest } from '../../../engine/model/io.ts';
import { Timestamp } from '../../../engine/model/values/index.ts';
import { parseJsonExact } from '../json-exact.ts';
import { checkCursorField, checkNoFilters, cursorWindow, inWindow, streamFor } from './read-request.ts';
import { declareStream, recordsToPage } from './stream.ts';
import { decimal, text, timestamp, type Json } from './values.ts';

const LINES = declareStream('lines', 'Lines', ['id'], 'modified', [
  ['id', 'string', text(), 'Line id'],
  ['amount', 'decimal', decimal()],
  ['modified', 'timestamp', timestamp()],
]);

describe('declareStream and recordsToPage', () => {
  it('offers the declared schema and reads records by the same list, holding what it cannot read', () => {
    expect(LINES.schema.fields.map((field) => [field.name, field.type])).toEqual([
      ['id', 'string'],
      ['amount', 'decimal'],
      ['modified', 'timestamp'],
    ]);
    const records = parseJsonExact(
      '[{"id": "a", "amount": 1.50, "modified": "2024-01-01T00:00:00Z"}, {"id": "b", "amount": "x"}]',
    ) as Json[];
    const page = recordsToPage(LINES, records, (record) => `line ${String(record.id)}`);
    expect(page.records.map((row) => String(row.amount))).toEqual(['1.50', 'null']);
    expect(page.problems).toEqual([
      { recordIndex: 1, field: 'amount', message: 'line b, field amount: "x" is not an amount' },
    ]);
  });
});

describe('read request checks', () => {
  const request = (over: Partial<ReadRequest>): ReadRequest => ({
    entity: 'lines',
    key: ['id'],
    pageSize: 10,
    ...over,
  });

  it('refuses an unknown entity, another cursor, and filters, each by its code', () => {
    expect(() => streamFor('Sys', [LINES], 'nope')).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_ENTITY', message: 'Sys has no entity "nope"; choose one of lines' }),
    );
    expect(() => checkCursorField('Sys', request({ cursorField: 'id' }), 'modified')).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_CURSOR' }),
    );
    expect(() => checkNoFilters('Sys', request({ filters: { id: 'a' } }))).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_FILTER' }),
    );
  });

  it('bounds a read by a closed start and an open end, text read in the connection zone', () => {
    const window = cursorWindow(
      'modified',
      request({ from: { cursor: '2024-01-01T01:00:00' }, end: Timestamp.parse('2024-01-02T00:00:00Z') }),
      'Europe/Paris',
    );
    expect(window.from?.toEpochMillis()).toBe(Timestamp.parse('2024-01-01T00:00:00Z').toEpochMillis());
    expect(inWindow(window, Timestamp.parse('2024-01-01T00:00:00Z'))).toBe(true);
    expect(inWindow(window, Timestamp.parse('2024-01-02T00:00:00Z'))).toBe(false);
    expect(() => cursorWindow('modified', request({ from: { cursor: 42 } }))).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_CURSOR' }),
    );
  });
});
