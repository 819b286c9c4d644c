import { describe, expect, it } from 'vitest';
import { PlainDate, Timestamp, formatValue } from '../../model/values/index.ts';
import { T } from '../types.ts';
import { call, holdOf, testContext, typeOf } from './testing.ts';

const date = (text: string): PlainDate => PlainDate.parse(text);
const text = (value: unknown): string => formatValue(value as PlainDate);

describe('DATE', () => {
  it('builds dates, rolling a month or day past either end over as spreadsheets do', () => {
    expect(text(call('DATE', [2024, 1, 31]))).toBe('2024-01-31');
    expect(text(call('DATE', [2024, 2, 30]))).toBe('2024-03-01');
    expect(text(call('DATE', [2024, 13, 1]))).toBe('2025-01-01');
    expect(text(call('DATE', [2024, 1, 0]))).toBe('2023-12-31');
    expect(text(call('DATE', [2024, 3, 0]))).toBe('2024-02-29');
    expect(text(call('DATE', [2024, 0, 1]))).toBe('2023-12-01');
    expect(text(call('DATE', [2024, -11, 1]))).toBe('2023-01-01');
    expect(text(call('DATE', [2024, 25, 1]))).toBe('2026-01-01');
    expect(text(call('DATE', [2024, 1, 366]))).toBe('2024-12-31');
    expect(text(call('DATE', [2024, 1, -30]))).toBe('2023-12-01');
    expect(call('DATE', [2024, null, 1])).toBeNull();
    expect(typeOf('DATE', [T.integer, T.integer, T.integer])).toBe('date');
    expect(typeOf('DATE', [T.string, T.integer, T.integer])).toContain('Use NUMBER(...)');
  });

  it('the first of the next month from December is January of the next year (it held every December row)', () => {
    const december = date('2024-12-15');
    const month = call('MONTH', [december]) as number;
    expect(text(call('DATE', [call('YEAR', [december]), month + 1, 1]))).toBe('2025-01-01');
  });

  it('reads a year from 0 to 1899 as counting from 1900 (DATE(24, 1, 1) was 0024-01-01)', () => {
    expect(text(call('DATE', [24, 1, 1]))).toBe('1924-01-01');
    expect(text(call('DATE', [0, 1, 1]))).toBe('1900-01-01');
    expect(text(call('DATE', [1899, 12, 31]))).toBe('3799-12-31');
    expect(text(call('DATE', [1900, 1, 1]))).toBe('1900-01-01');
  });

  it('holds a year below 0 or above 9999, and a result outside the years 1 to 9999', () => {
    expect(holdOf('DATE', [-1, 1, 1])).toEqual({
      code: 'OUT_OF_RANGE',
      reason: 'DATE(-1, 1, 1) is outside the years 1 to 9999 (a year needs 0 to 9999; months and days roll over)',
    });
    expect(holdOf('DATE', [10000, 1, 1]).code).toBe('OUT_OF_RANGE');
    expect(holdOf('DATE', [9999, 13, 1]).code).toBe('OUT_OF_RANGE');
    expect(holdOf('DATE', [9999, 12, 32]).code).toBe('OUT_OF_RANGE');
    expect(holdOf('DATE', [2024, 1, Number.MAX_SAFE_INTEGER]).code).toBe('OUT_OF_RANGE');
    expect(holdOf('DATE', [2024, Number.MAX_SAFE_INTEGER, 1]).code).toBe('OUT_OF_RANGE');
    expect(holdOf('DATE', [1900, -22788, 1]).code).toBe('OUT_OF_RANGE');
    expect(text(call('DATE', [1900, -22787, 1]))).toBe('0001-01-01');
  });
});

describe('YEAR, MONTH, DAY', () => {
  it('read date parts, of timestamps by their local date', () => {
    expect(call('YEAR', [date('2024-01-31')])).toBe(2024);
    expect(call('MONTH', [date('2024-01-31')])).toBe(1);
    expect(call('DAY', [date('2024-01-31')])).toBe(31);
    const lateEvening = Timestamp.parse('2024-12-31T23:30:00-06:00');
    expect(call('YEAR', [lateEvening])).toBe(2024);
    expect(call('DAY', [lateEvening])).toBe(31);
    expect(call('MONTH', [null])).toBeNull();
    expect(typeOf('YEAR', [T.timestamp])).toBe('integer');
    expect(typeOf('DAY', [T.string])).toContain('Use PARSE_DATE');
    expect(holdOf('MONTH', ['2024-01-31']).code).toBe('WRONG_TYPE');
  });
});

describe('EOMONTH', () => {
  it('gives the last day of a month some months away', () => {
    expect(text(call('EOMONTH', [date('2024-01-15'), 1]))).toBe('2024-02-29');
    expect(text(call('EOMONTH', [date('2024-01-31'), 0]))).toBe('2024-01-31');
    expect(text(call('EOMONTH', [date('2024-03-31'), -1]))).toBe('2024-02-29');
    expect(text(call('EOMONTH', [date('2023-11-10'), 3]))).toBe('2024-02-29');
    expect(call('EOMONTH', [null, 1])).toBeNull();
    expect(holdOf('EOMONTH', [date('9999-12-01'), 1]).code).toBe('OUT_OF_RANGE');
    expect(typeOf('EOMONTH', [T.date, T.decimal])).toContain('EOMONTH expects an integer as its second argument');
  });
});

describe('FISCALPERIOD', () => {
  it('counts periods from the fiscal year start', () => {
    expect(call('FISCALPERIOD', [date('2024-03-15')])).toBe(3);
    expect(call('FISCALPERIOD', [date('2024-07-15'), 7])).toBe(1);
    expect(call('FISCALPERIOD', [date('2024-06-30'), 7])).toBe(12);
    expect(call('FISCALPERIOD', [date('2024-10-01')], testContext({ fiscalYearStartMonth: 10 }))).toBe(1);
    expect(call('FISCALPERIOD', [date('2024-09-30')], testContext({ fiscalYearStartMonth: 10 }))).toBe(12);
    expect(call('FISCALPERIOD', [null])).toBeNull();
    expect(holdOf('FISCALPERIOD', [date('2024-01-01'), 13]).reason).toBe(
      'FISCALPERIOD needs a fiscal year start month from 1 to 12, not 13',
    );
    expect(typeOf('FISCALPERIOD', [T.date, T.integer])).toBe('integer');
  });
});

describe('TODAY', () => {
  it('returns the run date, not the clock, and is not folded', () => {
    expect(text(call('TODAY', []))).toBe('2024-03-15');
    expect(text(call('TODAY', [], testContext({ runDate: date('2020-02-29') })))).toBe('2020-02-29');
    expect(typeOf('TODAY', [])).toBe('date');
  });
});

describe('PARSE_DATE', () => {
  it.each([
    ['2024-01-31', 'YYYY-MM-DD'],
    ['01/31/2024', 'MM/DD/YYYY'],
    ['31.01.2024', 'DD.MM.YYYY'],
    ['20240131', 'YYYYMMDD'],
    ['1/31/2024', 'M/D/YYYY'],
    ['31-JAN-2024', 'DD-MON-YYYY'],
    ['31-jan-2024', 'dd-mon-yyyy'],
    [' 2024-01-31 ', 'YYYY-MM-DD'],
  ])('reads %j as %s', (input, format) => {
    expect(text(call('PARSE_DATE', [input, format]))).toBe('2024-01-31');
  });

  it('holds text that does not match or is not a real date', () => {
    expect(holdOf('PARSE_DATE', ['2024/01/31', 'YYYY-MM-DD'])).toEqual({
      code: 'DATE_FORMAT_MISMATCH',
      reason: 'PARSE_DATE could not read "2024/01/31" as YYYY-MM-DD: it does not have that shape',
    });
    expect(holdOf('PARSE_DATE', ['31.02.2024', 'DD.MM.YYYY']).reason).toContain(
      'day 31 does not exist in February 2024',
    );
    expect(holdOf('PARSE_DATE', ['31-XYZ-2024', 'DD-MON-YYYY']).reason).toContain('"XYZ" is not a month name');
  });

  it('holds unusable formats', () => {
    expect(holdOf('PARSE_DATE', ['2024-01', 'YYYY-MM'])).toEqual({
      code: 'INVALID_ARGUMENT',
      reason: 'PARSE_DATE: the date format "YYYY-MM" needs exactly one year, one month and one day to read a date',
    });
    expect(holdOf('PARSE_DATE', ['2024-01-31', 'YYYY-MM-DD HH:QQ']).reason).toBe(
      'PARSE_DATE: the date format "YYYY-MM-DD HH:QQ" has "QQ", which is not a date part (YYYY, YY, M, MM, MMM, MMMM, D, DD, DDD, DDDD, h, hh, m, mm, s, ss, AM/PM); write letters meant as text after a backslash (\\Q) or in quotes (at character 15)',
    );
    expect(holdOf('PARSE_DATE', ['2024131', 'YYYYMD']).reason).toContain('digits read two ways');
  });

  it('propagates NULL and types', () => {
    expect(call('PARSE_DATE', [null, 'YYYY-MM-DD'])).toBeNull();
    expect(typeOf('PARSE_DATE', [T.string, T.string])).toBe('date');
    expect(typeOf('PARSE_DATE', [T.integer, T.string])).toContain('PARSE_DATE expects text');
  });
});

describe('FORMAT_DATE', () => {
  it('writes dates in the format', () => {
    const d = date('2024-01-05');
    expect(call('FORMAT_DATE', [d, 'YYYYMM'])).toBe('202401');
    expect(call('FORMAT_DATE', [d, 'MM/DD/YYYY'])).toBe('01/05/2024');
    expect(call('FORMAT_DATE', [d, 'D.M.YYYY'])).toBe('5.1.2024');
    expect(call('FORMAT_DATE', [d, 'DD-MON-YYYY'])).toBe('05-JAN-2024');
    expect(call('FORMAT_DATE', [d, 'Mon D, YYYY'])).toBe('Jan 5, 2024');
    expect(call('FORMAT_DATE', [Timestamp.parse('2024-01-05T23:00:00-06:00'), 'YYYY-MM-DD'])).toBe('2024-01-05');
  });

  it('propagates NULL, holds bad formats, types', () => {
    expect(call('FORMAT_DATE', [null, 'YYYY'])).toBeNull();
    expect(holdOf('FORMAT_DATE', [date('2024-01-05'), 'QQ']).code).toBe('INVALID_ARGUMENT');
    expect(typeOf('FORMAT_DATE', [T.date, T.string])).toBe('string');
    expect(typeOf('FORMAT_DATE', [T.string, T.string])).toContain('FORMAT_DATE expects a date or a timestamp');
  });
});

describe('TO_DATE', () => {
  it('takes the date of a timestamp in its offset or a given zone', () => {
    const t = Timestamp.parse('2024-03-02T03:00:00Z');
    expect(text(call('TO_DATE', [t]))).toBe('2024-03-02');
    expect(text(call('TO_DATE', [t, 'America/Chicago']))).toBe('2024-03-01');
    expect(text(call('TO_DATE', [t, '-06:00']))).toBe('2024-03-01');
    expect(text(call('TO_DATE', [date('2024-01-31')]))).toBe('2024-01-31');
    expect(call('TO_DATE', [null])).toBeNull();
    expect(holdOf('TO_DATE', [t, 'Nowhere/Town']).code).toBe('INVALID_ARGUMENT');
    expect(typeOf('TO_DATE', [T.timestamp, T.string])).toBe('date');
    expect(typeOf('TO_DATE', [T.integer])).toContain('TO_DATE expects a date or a timestamp');
  });
});
