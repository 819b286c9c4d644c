import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../engine/model/values/decimal.ts';
import { PlainDate } from '../../engine/model/values/date.ts';
import { parseWaLine, type WaField } from './read-table-rows.ts';
import { offsetsOf, writePacked, writeWaLine, type SimField } from './simulator/wa-lines.ts';

// EKPO's columns as SAP describes them in the FIELDS answer (offsets count the '|' delimiter).
const EKPO: WaField[] = [
  { name: 'EBELN', offset: 0, length: 10, type: 'C' },
  { name: 'EBELP', offset: 11, length: 5, type: 'N' },
  { name: 'LOEKZ', offset: 17, length: 1, type: 'C' },
  { name: 'AEDAT', offset: 19, length: 8, type: 'D' },
  { name: 'TXZ01', offset: 28, length: 40, type: 'C' },
  { name: 'NETWR', offset: 69, length: 15, type: 'P' },
];

function line(parts: string[]): string {
  return parts.join('|');
}

describe('RFC_READ_TABLE WA lines', () => {
  it('reads fields by OFFSET/LENGTH even when a value holds the delimiter', () => {
    const wa = line(['4500000017', '00010', 'L', '20240301', 'Bolts | nuts 40mm'.padEnd(40), '       1234.50-']);
    const row = parseWaLine(EKPO, wa);
    expect(row.problems).toEqual([]);
    expect(row.values['EBELN']).toBe('4500000017');
    expect(row.values['EBELP']).toBe('00010');
    expect(row.values['LOEKZ']).toBe('L');
    expect(row.values['AEDAT']).toEqual(PlainDate.of(2024, 3, 1));
    expect(row.values['TXZ01']).toBe('Bolts | nuts 40mm');
    expect((row.values['NETWR'] as Decimal).toString()).toBe('-1234.50');
  });

  it('reads 00000000 and blank dates as no date', () => {
    const wa = line(['4500000017', '00010', ' ', '00000000', ''.padEnd(40), '          0.00 ']);
    expect(parseWaLine(EKPO, wa).values['AEDAT']).toBeNull();
    expect(parseWaLine(EKPO, wa.replace('00000000', '        ')).values['AEDAT']).toBeNull();
  });

  it('holds a * overflow as a problem on the record instead of guessing the amount', () => {
    const wa = line(['4500000017', '00010', ' ', '20240301', 'x'.padEnd(40), '*23456789012.50 ']);
    const row = parseWaLine(EKPO, wa);
    expect(row.values['NETWR']).toBeNull();
    expect(row.problems).toEqual([
      { field: 'NETWR', message: expect.stringMatching(/NETWR "\*23456789012.50": .*did not fit/) },
    ]);
  });

  it('reads a line whose trailing blanks were cut (the last field shorter than LENGTH)', () => {
    const wa = line(['4500000017', '00010', ' ', '20240301', 'Short text']);
    const row = parseWaLine(EKPO, wa);
    expect(row.problems).toEqual([]);
    expect(row.values['TXZ01']).toBe('Short text');
    expect(row.values['NETWR']).toBeNull();
  });

  it('names an impossible date instead of moving it to another day', () => {
    const row = parseWaLine(EKPO, line(['4500000017', '00010', ' ', '20240231', '']));
    expect(row.problems.map((p) => p.field)).toEqual(['AEDAT']);
  });

  it('keeps ALPHA keys in their internal zero-padded form', () => {
    const fields: WaField[] = [{ name: 'LIFNR', offset: 0, length: 10, type: 'C' }];
    expect(parseWaLine(fields, '0000100003').values['LIFNR']).toBe('0000100003');
  });

  it('writes packed values as SAP does: sign last, * when digits are lost', () => {
    expect(writePacked(Decimal.parse('-1234.5'), 10, 2)).toBe('  1234.50-');
    expect(writePacked(Decimal.parse('1234.5'), 10, 2)).toBe('  1234.50 ');
    expect(writePacked(Decimal.parse('123456789.5'), 10, 2)).toBe('*56789.50 ');
  });

  it('property: any row SAP writes reads back to the same values, or to a problem only for overflow', () => {
    const fields: SimField[] = [
      { name: 'KEY', type: 'C', length: 10 },
      { name: 'ITEM', type: 'N', length: 5 },
      { name: 'DAY', type: 'D', length: 8 },
      { name: 'AMOUNT', type: 'P', length: 16, decimals: 2 },
      { name: 'TEXT', type: 'C', length: 40 },
    ];
    const offsets = offsetsOf(fields, '|');
    const waFields = fields.map((field, i) => ({ ...field, offset: offsets[i]! }));
    const text = (max: number) =>
      fc
        .string({ maxLength: max })
        .filter((s) => !/[\r\n]/.test(s))
        .map((s) => s.trimEnd().trimStart());
    const row = fc.record({
      KEY: text(10).filter((s) => s !== ''),
      ITEM: fc.integer({ min: 0, max: 99999 }).map((n) => String(n).padStart(5, '0')),
      DAY: fc.option(
        fc.integer({ min: 0, max: 2_900_000 }).map((n) => PlainDate.fromEpochDay(n - 700_000)),
        {
          nil: null,
        },
      ),
      AMOUNT: fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }).map((c) => Decimal.of(c, 2)),
      TEXT: text(40),
    });
    fc.assert(
      fc.property(row, (values) => {
        const parsed = parseWaLine(waFields, writeWaLine(fields, values, '|'));
        const overflow = writePacked(values.AMOUNT, 16, 2).startsWith('*');
        expect(parsed.problems.map((p) => p.field)).toEqual(overflow ? ['AMOUNT'] : []);
        expect(parsed.values['KEY']).toBe(values.KEY);
        expect(parsed.values['ITEM']).toBe(values.ITEM);
        expect(parsed.values['DAY']).toEqual(values.DAY);
        expect(parsed.values['TEXT']).toBe(values.TEXT);
        if (!overflow) expect((parsed.values['AMOUNT'] as Decimal).equals(values.AMOUNT)).toBe(true);
      }),
    );
  });
});
