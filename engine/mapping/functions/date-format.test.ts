import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlainDate, Timestamp, formatValue } from '../../model/values/index.ts';
import { compileDatePattern } from './date-format.ts';
import { call, holdOf } from './testing.ts';

const date = (text: string): PlainDate => PlainDate.parse(text);
const format = (value: PlainDate | Timestamp, pattern: string): unknown => call('FORMAT_DATE', [value, pattern]);
const parse = (text: string, pattern: string): string => formatValue(call('PARSE_DATE', [text, pattern]));

describe('FORMAT_DATE writes the patterns analysts type', () => {
  const sunday = date('2024-12-15');

  it('month and weekday names, short and long (they wrote 15-1212-2024 and 1515)', () => {
    expect(format(sunday, 'DD-MMM-YYYY')).toBe('15-Dec-2024');
    expect(format(sunday, 'dddd')).toBe('Sunday');
    expect(format(sunday, 'ddd, D MMMM YYYY')).toBe('Sun, 15 December 2024');
    expect(format(date('2024-01-05'), 'DDDD D MMMM')).toBe('Friday 5 January');
  });

  it('every date part, in any case, as spreadsheets write them', () => {
    const d = date('2024-01-05');
    expect(format(d, 'YYYY YY M MM MMM MMMM D DD DDD DDDD')).toBe('2024 24 1 01 Jan January 5 05 Fri Friday');
    expect(format(d, 'yyyy yy m mm mmm mmmm d dd ddd dddd')).toBe('2024 24 1 01 Jan January 5 05 Fri Friday');
    expect(format(date('2005-11-25'), 'YY/MM/DD')).toBe('05/11/25');
    expect(format(date('0099-03-04'), 'YYYY')).toBe('0099');
  });

  it('MON keeps the case it is written in', () => {
    const d = date('2024-01-05');
    expect(format(d, 'DD-MON-YYYY')).toBe('05-JAN-2024');
    expect(format(d, 'Mon D, YYYY')).toBe('Jan 5, 2024');
    expect(format(d, 'dd-mon-yy')).toBe('05-jan-24');
  });

  it('writes text in quotes or after a backslash as it is', () => {
    const d = date('2024-01-05');
    expect(format(d, 'YYYY"Q"M')).toBe('2024Q1');
    expect(format(d, '"Day" D "of" MMMM')).toBe('Day 5 of January');
    expect(format(d, 'YYYY-MM-DD\\T00:00')).toBe('2024-01-05T00:00');
    expect(format(d, 'D.M.YYYY, é')).toBe('5.1.2024, é');
  });

  it('writes the time of a timestamp in its own offset; m is minutes next to h or s', () => {
    const t = Timestamp.parse('2024-01-05T23:07:09.123456-06:00');
    expect(format(t, 'YYYY-MM-DD hh:mm:ss')).toBe('2024-01-05 23:07:09');
    expect(format(t, 'YYYY-MM-DD HH:MM')).toBe('2024-01-05 23:07');
    expect(format(t, 'h:mm AM/PM')).toBe('11:07 PM');
    expect(format(t, 'h:mm am/pm')).toBe('11:07 pm');
    expect(format(t, 'hh:mm A/P')).toBe('11:07 P');
    expect(format(t, 'm:ss')).toBe('7:09');
    expect(format(t, 'MM/DD hh:mm:ss.000')).toBe('01/05 23:07:09.123');
    expect(format(t, 'ss.000000')).toBe('09.123456');
    expect(format(Timestamp.parse('2024-01-05T00:30:00Z'), 'h:mm AM/PM')).toBe('12:30 AM');
    expect(format(Timestamp.parse('2024-01-05T12:00:00.9999Z'), 'h:mm:ss.000 AM/PM')).toBe('12:00:00.999 PM');
  });

  it('refuses a pattern it cannot read whole, with the part and where it is', () => {
    const d = date('2024-01-05');
    expect(holdOf('FORMAT_DATE', [d, 'DD-QQ-YYYY'])).toEqual({
      code: 'INVALID_ARGUMENT',
      reason:
        'FORMAT_DATE: the date format "DD-QQ-YYYY" has "QQ", which is not a date part (YYYY, YY, M, MM, MMM, MMMM, D, DD, DDD, DDDD, h, hh, m, mm, s, ss, AM/PM); write letters meant as text after a backslash (\\Q) or in quotes (at character 4)',
    });
    expect(holdOf('FORMAT_DATE', [d, 'YYY']).reason).toBe(
      'FORMAT_DATE: the date format "YYY" has "YYY", which is not a date part; write YYYY for a four-digit year or YY for two digits (at character 1)',
    );
    expect(holdOf('FORMAT_DATE', [d, 'MMMMM']).reason).toContain('write M, MM, MMM (Jan) or MMMM (January)');
    expect(holdOf('FORMAT_DATE', [d, 'DDDDD']).reason).toContain('write D, DD, DDD (Fri) or DDDD (Friday)');
    expect(holdOf('FORMAT_DATE', [d, 'YYYY-MM-DDThh']).reason).toContain('has "T", which is not a date part');
    expect(holdOf('FORMAT_DATE', [d, 'YYYY "Q']).reason).toContain('opens a quote it does not close (at character 6)');
    expect(holdOf('FORMAT_DATE', [d, 'YYYY\\']).reason).toContain('ends with a backslash');
    expect(holdOf('FORMAT_DATE', [d, 'Month']).reason).toContain('has "t", which is not a date part');
  });

  it('refuses time parts for a date, which has no time of day', () => {
    expect(holdOf('FORMAT_DATE', [date('2024-01-05'), 'YYYY-MM-DD hh:mm'])).toEqual({
      code: 'INVALID_ARGUMENT',
      reason:
        'FORMAT_DATE: the date format "YYYY-MM-DD hh:mm" writes a time of day, but 2024-01-05 is a date, which has none',
    });
  });
});

describe('PARSE_DATE reads the same patterns and refuses what does not match', () => {
  it('reads month and weekday names in any case', () => {
    expect(parse('15-Dec-2024', 'DD-MMM-YYYY')).toBe('2024-12-15');
    expect(parse('15-DEC-2024', 'DD-MMM-YYYY')).toBe('2024-12-15');
    expect(parse('Sunday, 15 December 2024', 'DDDD, D MMMM YYYY')).toBe('2024-12-15');
    expect(parse('sun 15 dec 24', 'ddd d mmm yy')).toBe('2024-12-15');
    expect(parse('2024-12-15 23:59:59', 'YYYY-MM-DD hh:mm:ss')).toBe('2024-12-15');
    expect(parse('12/15/2024 11:30 PM', 'MM/DD/YYYY h:mm AM/PM')).toBe('2024-12-15');
  });

  it('reads a two-digit year as spreadsheets do: 00-29 is 20xx, 30-99 is 19xx', () => {
    expect(parse('29-01-01', 'YY-MM-DD')).toBe('2029-01-01');
    expect(parse('30-01-01', 'YY-MM-DD')).toBe('1930-01-01');
    expect(parse('00-02-29', 'YY-MM-DD')).toBe('2000-02-29');
  });

  it('holds text that does not match the pattern', () => {
    const reason = (text: string, pattern: string): string => holdOf('PARSE_DATE', [text, pattern]).reason;
    expect(holdOf('PARSE_DATE', ['15-Sept-2024', 'DD-MMM-YYYY'])).toEqual({
      code: 'DATE_FORMAT_MISMATCH',
      reason: 'PARSE_DATE could not read "15-Sept-2024" as DD-MMM-YYYY: it does not have that shape',
    });
    expect(reason('15-Dez-2024', 'DD-MMM-YYYY')).toContain('"Dez" is not a month name');
    expect(reason('15 Decembre 2024', 'D MMMM YYYY')).toContain('"Decembre" is not a month name');
    expect(reason('15 Dec 2024', 'D MMMM YYYY')).toContain('"Dec" is not a month name');
    expect(reason('Monday 15 Dec 2024', 'DDDD D MMM YYYY')).toContain('it says Monday, but 2024-12-15 is a Sunday');
    expect(reason('Sun 15 Dec 2024', 'DDDD D MMM YYYY')).toContain('"Sun" is not a weekday name');
    expect(reason('2024-12-15 24:00', 'YYYY-MM-DD hh:mm')).toContain('hour 24 does not exist');
    expect(reason('2024-12-15 13:00 PM', 'YYYY-MM-DD hh:mm AM/PM')).toContain(
      'hour 13 does not exist on a 12-hour clock',
    );
    expect(reason('2024-12-15 10:60', 'YYYY-MM-DD hh:mm')).toContain('minute 60 does not exist');
    expect(reason('2024-12-15', 'YYYY-MM-DD hh:mm')).toContain('it does not have that shape');
    expect(reason('24-12-15', 'YYYY-MM-DD')).toContain('it does not have that shape');
  });

  it('refuses patterns that cannot read a date back', () => {
    const reason = (pattern: string): string => holdOf('PARSE_DATE', ['x', pattern]).reason;
    expect(reason('YYYY-MM')).toContain('needs exactly one year, one month and one day');
    expect(reason('YYYY-MM-DD MMM')).toContain('needs exactly one year, one month and one day');
    expect(reason('YYYY-MM-DD ddd ddd')).toContain('has a second weekday');
    expect(reason('YYYYMD')).toBe(
      'PARSE_DATE: the date format "YYYYMD" has two parts of one or two digits with nothing between them, so digits read two ways; use the two-digit forms (MM, DD, hh, mm, ss) or put a separator between them (at character 5)',
    );
    expect(reason('M YYYY D h')).toBe('PARSE_DATE could not read "x" as M YYYY D h: it does not have that shape');
  });
});

describe('round trips', () => {
  const someDate = fc
    .integer({ min: PlainDate.of(1, 1, 1).toEpochDay(), max: PlainDate.of(9999, 12, 31).toEpochDay() })
    .map((n) => PlainDate.fromEpochDay(n));
  const year = fc.constantFrom('YYYY', 'yyyy');
  const month = fc.constantFrom('M', 'MM', 'MMM', 'MMMM', 'MON', 'Mon', 'mon', 'mmm');
  const day = fc.constantFrom('D', 'DD', 'd', 'dd');
  const separator = fc.constantFrom('-', '/', '.', ' ', ', ', ' "of" ', '\\T');
  const order = fc.constantFrom([0, 1, 2], [2, 1, 0], [1, 2, 0]);
  const weekday = fc.constantFrom('', 'DDD ', 'DDDD, ', 'dddd ');
  const pattern = fc
    .tuple(year, month, day, separator, separator, order, weekday)
    .map(([y, m, d, s1, s2, [a, b, c], w]) => {
      const parts = [y, m, d];
      return `${w}${parts[a!]}${s1}${parts[b!]}${s2}${parts[c!]}`;
    });

  it('PARSE_DATE(FORMAT_DATE(d, p), p) is d for every readable pattern', () => {
    fc.assert(
      fc.property(someDate, pattern, (d, p) => {
        expect(compileDatePattern(p)).toHaveProperty('pattern');
        const written = format(d, p) as string;
        expect(parse(written, p), `${p}: ${written}`).toBe(d.toString());
      }),
      { numRuns: 1000 },
    );
  });

  it('two-digit years round-trip inside the spreadsheet window 1930-2029', () => {
    const windowDate = fc
      .integer({ min: PlainDate.of(1930, 1, 1).toEpochDay(), max: PlainDate.of(2029, 12, 31).toEpochDay() })
      .map((n) => PlainDate.fromEpochDay(n));
    fc.assert(
      fc.property(windowDate, fc.constantFrom('YY-MM-DD', 'DD/MM/YY', 'D MMM YY', 'yymmdd'), (d, p) => {
        expect(parse(format(d, p) as string, p)).toBe(d.toString());
      }),
      { numRuns: 500 },
    );
  });

  it('a timestamp written with its time reads back as its local date', () => {
    const instant = fc.bigInt({ min: 0n, max: 4_102_444_800_000_000n });
    const offset = fc.integer({ min: -14 * 60, max: 14 * 60 });
    const withTime = fc.constantFrom(
      'YYYY-MM-DD hh:mm:ss',
      'DD/MM/YYYY h:mm AM/PM',
      'DDDD D MMMM YYYY, hh:mm:ss.000',
      'YYYYMMDD\\Thhmmss',
    );
    fc.assert(
      fc.property(instant, offset, withTime, (micros, minutes, p) => {
        const t = Timestamp.of(micros, minutes);
        expect(parse(format(t, p) as string, p)).toBe(t.toDate().toString());
      }),
      { numRuns: 500 },
    );
  });
});
