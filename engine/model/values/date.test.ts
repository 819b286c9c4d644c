import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlainDate } from './date.ts';
import { ValueFormatError } from './errors.ts';

describe('PlainDate', () => {
  it('of() builds real dates and refuses others with INVALID_DATE', () => {
    const date = PlainDate.of(2024, 2, 29);
    expect([date.year, date.month, date.day]).toEqual([2024, 2, 29]);
    expect(() => PlainDate.of(2023, 2, 29)).toThrow(ValueFormatError);
    expect(() => PlainDate.of(2024, 13, 1)).toThrow(/month 13 does not exist/);
    expect(() => PlainDate.of(2024, 4, 31)).toThrow(/day 31 does not exist in April 2024/);
    expect(() => PlainDate.of(0, 1, 1)).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
    expect(() => PlainDate.of(2024, 1.5, 1)).toThrow(ValueFormatError);
  });

  it('parse() is strict ISO', () => {
    expect(PlainDate.parse('2024-01-31').toString()).toBe('2024-01-31');
    for (const bad of ['2024-1-31', '2024-01-31T00:00', ' 2024-01-31', '31.01.2024', '2024-02-30', '']) {
      expect(() => PlainDate.parse(bad)).toThrow(JSON.stringify(bad));
      expect(PlainDate.tryParse(bad)).toBeUndefined();
    }
  });

  it('counts epoch days from 1970-01-01', () => {
    expect(PlainDate.of(1970, 1, 1).toEpochDay()).toBe(0);
    expect(PlainDate.of(2000, 3, 1).toEpochDay()).toBe(11017);
    expect(PlainDate.of(1969, 12, 31).toEpochDay()).toBe(-1);
    expect(PlainDate.fromEpochDay(19753).toString()).toBe('2024-01-31');
    expect(() => PlainDate.fromEpochDay(1e9)).toThrow(ValueFormatError);
  });

  it('epoch days round-trip and agree with the JS calendar', () => {
    fc.assert(
      fc.property(fc.integer({ min: -719162, max: 2932896 }), (n) => {
        const date = PlainDate.fromEpochDay(n);
        expect(date.toEpochDay()).toBe(n);
        expect(PlainDate.parse(date.toString()).equals(date)).toBe(true);
        expect(date.toString()).toBe(new Date(n * 86_400_000).toISOString().slice(0, 10).padStart(10, '0'));
      }),
    );
  });

  it('addDays crosses months and years', () => {
    expect(PlainDate.parse('2023-12-31').addDays(1).toString()).toBe('2024-01-01');
    expect(PlainDate.parse('2024-03-01').addDays(-1).toString()).toBe('2024-02-29');
  });

  it('addMonths clamps to the month end', () => {
    expect(PlainDate.parse('2024-01-31').addMonths(1).toString()).toBe('2024-02-29');
    expect(PlainDate.parse('2023-01-31').addMonths(1).toString()).toBe('2023-02-28');
    expect(PlainDate.parse('2024-03-31').addMonths(-1).toString()).toBe('2024-02-29');
    expect(PlainDate.parse('2024-11-15').addMonths(3).toString()).toBe('2025-02-15');
    expect(PlainDate.parse('2024-01-15').addMonths(-13).toString()).toBe('2022-12-15');
    expect(() => PlainDate.parse('9999-12-01').addMonths(1)).toThrow(ValueFormatError);
  });

  it('endOfMonth and dayOfWeek', () => {
    expect(PlainDate.parse('2024-02-10').endOfMonth().toString()).toBe('2024-02-29');
    expect(PlainDate.parse('2100-02-10').endOfMonth().toString()).toBe('2100-02-28');
    expect(PlainDate.parse('2024-01-01').dayOfWeek()).toBe(1);
    expect(PlainDate.parse('2024-01-07').dayOfWeek()).toBe(7);
    expect(PlainDate.parse('1970-01-01').dayOfWeek()).toBe(4);
    expect(PlainDate.parse('1969-12-28').dayOfWeek()).toBe(7);
  });

  it('compare and equals', () => {
    const a = PlainDate.parse('2024-01-31');
    const b = PlainDate.parse('2024-02-01');
    expect(a.compare(b)).toBe(-1);
    expect(b.compare(a)).toBe(1);
    expect(a.equals(PlainDate.of(2024, 1, 31))).toBe(true);
    expect(JSON.stringify([a])).toBe('["2024-01-31"]');
  });
});
