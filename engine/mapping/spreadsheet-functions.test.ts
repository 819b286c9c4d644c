/**
 * The functions analysts reach for first in a spreadsheet, written as formulas and run through the
 * checker and the compiler: TEXT with a format, VALUE, CONCATENATE, TEXTJOIN, EXACT, SUBSTITUTE's
 * instance, ROUNDUP/ROUNDDOWN/TRUNC/INT/MROUND/MOD, EDATE, WEEKDAY, NETWORKDAYS (holidays from a
 * lookup table), DATEDIF, and arguments left empty (IF(c, x, )). Expected values are what Excel gives.
 */
import { describe, expect, it } from 'vitest';
import { Decimal, PlainDate, Timestamp, formatValue, type Value } from '../model/values/index.ts';
import { check, type CheckScope } from './checker.ts';
import { compileExpression } from './compiler.ts';
import { RowHold, type LookupTable } from './functions/spec.ts';
import { typeOf } from './functions/testing.ts';
import { parse } from './parser.ts';
import { memoryTable } from './test-fixtures.ts';
import { T } from './types.ts';

const d = (text: string): Decimal => Decimal.parse(text);
const day = (text: string): PlainDate => PlainDate.parse(text);

const HOLIDAYS = memoryTable('holidays', T.string, T.list(T.date), [
  ['US', [day('2024-01-01'), day('2024-01-15'), day('2024-07-04'), day('2024-01-15')]],
  ['NONE', []],
]);
const LOOKUPS = new Map<string, LookupTable>([['holidays', HOLIDAYS]]);
const SCOPE: CheckScope = {
  schema: {
    amount: T.decimal,
    qty: T.integer,
    code: T.string,
    posted: T.date,
    stamp: T.timestamp,
    flag: T.boolean,
    parts: T.list(T.string),
    loose: T.any,
  },
  lookups: new Map([['holidays', HOLIDAYS]]),
};

function problemsOf(text: string): { message: string; severity: string; at: string }[] {
  const parsed = parse(text);
  const checked = check(parsed.ast, SCOPE);
  return [...parsed.problems, ...checked.problems].map((problem) => ({
    message: problem.message,
    severity: problem.severity,
    at: text.slice(problem.range.start, problem.range.end),
  }));
}

/** The value as written (decimals with their scale), or "HOLD <code>: <reason>". */
function run(text: string, row: Record<string, Value> = {}): string {
  const parsed = parse(text);
  const checked = check(parsed.ast, SCOPE);
  const errors = [...parsed.problems, ...checked.problems].filter((problem) => problem.severity === 'error');
  if (errors.length > 0) throw new Error(`${text}: ${errors.map((problem) => problem.message).join('; ')}`);
  const compiled = compileExpression(parsed.ast, checked);
  const env = {
    ctx: { runDate: day('2024-03-31'), lookups: LOOKUPS, fiscalYearStartMonth: 1 },
    tables: compiled.tables.map((name) => LOOKUPS.get(name) as LookupTable),
  };
  try {
    const value = compiled.evaluate(row, env);
    return value === null ? 'NULL' : formatValue(value);
  } catch (error) {
    if (error instanceof RowHold) return `HOLD ${error.code}: ${error.reason}`;
    throw error;
  }
}

describe('TEXT(value, format)', () => {
  it('writes numbers with spreadsheet number formats, exactly, halves away from zero', () => {
    expect(run('TEXT(1234.565, "#,##0.00")')).toBe('1,234.57');
    expect(run('TEXT(-1234.565, "#,##0.00")')).toBe('-1,234.57');
    expect(run('TEXT(2.5, "0")')).toBe('3');
    expect(run('TEXT(-2.5, "0")')).toBe('-3');
    expect(run('TEXT(1.005, "0.00")')).toBe('1.01');
    expect(run('TEXT(7, "000")')).toBe('007');
    expect(run('TEXT(1234, "000")')).toBe('1234');
    expect(run('TEXT(0, "0.00")')).toBe('0.00');
    expect(run('TEXT(0.125, "0%")')).toBe('13%');
    expect(run('TEXT(0.125, "0.0%")')).toBe('12.5%');
    expect(run('TEXT(1234.5, "$#,##0.00")')).toBe('$1,234.50');
    expect(run('TEXT(-1234.5, "$#,##0.00")')).toBe('-$1,234.50');
    expect(run('TEXT(-12.5, "#,##0.00;(#,##0.00)")')).toBe('(12.50)');
    expect(run(`TEXT(0, "0.00;(0.00);""-""")`)).toBe('-');
    expect(run('TEXT(0.5, "#.##")')).toBe('.5');
    expect(run('TEXT(1.5, "0.0#")')).toBe('1.5');
    expect(run('TEXT(1.256, "0.0#")')).toBe('1.26');
    expect(run('TEXT(123456, "000-000")')).toBe('123-456');
    expect(run('TEXT(1234567, "#,##0,")')).toBe('1,235');
    expect(run('TEXT(12.5, "0.00"" EUR""")')).toBe('12.50 EUR');
  });

  it('keeps every digit of 13+-digit amounts (no float on the way)', () => {
    expect(run('TEXT(1234567890123.455, "#,##0.00")')).toBe('1,234,567,890,123.46');
    expect(run('TEXT(99999999999999999.995, "0.00")')).toBe('100000000000000000.00');
    expect(run('TEXT(amount, "#,##0.00")', { amount: d('-9007199254740993.125') })).toBe('-9,007,199,254,740,993.13');
  });

  it('writes dates and timestamps with spreadsheet date patterns', () => {
    expect(run('TEXT(DATE(2024, 1, 5), "yyyy-mm-dd")')).toBe('2024-01-05');
    expect(run('TEXT(DATE(2024, 1, 5), "dd/mm/yyyy")')).toBe('05/01/2024');
    expect(run('TEXT(DATE(2024, 1, 5), "mmm yyyy")')).toBe('Jan 2024');
    expect(run('TEXT(DATE(2024, 2, 29), "mmmm d, yyyy")')).toBe('February 29, 2024');
    expect(run('TEXT(stamp, "yyyy-mm-dd hh:mm")', { stamp: Timestamp.parse('2024-12-31T23:30:00-05:00') })).toBe(
      '2024-12-31 23:30',
    );
  });

  it('refuses a format it cannot read, or of the wrong kind, before any row runs', () => {
    expect(problemsOf('TEXT(amount, "0.00E+00")')).toEqual([expect.objectContaining({ severity: 'error', at: 'E' })]);
    expect(problemsOf('TEXT(amount, "yyyy-mm-dd")')[0]?.message).toContain(
      'is a date pattern, but the value is a number',
    );
    expect(problemsOf('TEXT(posted, "0.00")')[0]?.message).toContain('is a number format, but the value is a date');
    expect(problemsOf('TEXT(posted, "hh:mm")')[0]?.message).toContain('writes a time of day');
    expect(problemsOf('TEXT(code, "0.00")')[0]?.message).toBe(
      'TEXT expects a number, a date or a timestamp as its first argument, but got a string.',
    );
    expect(problemsOf('TEXT(amount, "0.00", 1)')[0]?.message).toBe(
      'TEXT takes 1 to 2 arguments, not 3: TEXT(value, [format]).',
    );
  });

  it('holds a row whose computed format or untyped value does not fit', () => {
    expect(run('TEXT(amount, code)', { amount: d('1'), code: 'yyyy' })).toMatch(/^HOLD INVALID_ARGUMENT: TEXT: /);
    expect(run('TEXT(loose, "0.00")', { loose: 'abc' })).toMatch(/^HOLD WRONG_TYPE: TEXT expects a number/);
    expect(run('TEXT(amount, code)', { amount: d('1.5'), code: '0.0' })).toBe('1.5');
    expect(run('TEXT(amount, "0.00")', { amount: null })).toBe('NULL');
  });
});

describe('VALUE', () => {
  it('reads what ERP exports contain as exact decimals', () => {
    expect(run('VALUE("1,234.50")')).toBe('1234.50');
    expect(run('VALUE("$1,234.50")')).toBe('1234.50');
    expect(run('VALUE("-$1,234.50")')).toBe('-1234.50');
    expect(run('VALUE("(100)")')).toBe('-100');
    expect(run('VALUE("($1,000.00)")')).toBe('-1000.00');
    expect(run('VALUE("50%")')).toBe('0.50');
    expect(run('VALUE("12.5%")')).toBe('0.125');
    expect(run('VALUE("  42  ")')).toBe('42');
    expect(run('VALUE("1.5E3")')).toBe('1500');
    expect(run('VALUE("1234567890123.45")')).toBe('1234567890123.45');
    expect(run('VALUE(12)')).toBe('12');
  });

  it('holds the row, saying why, for text it cannot read', () => {
    expect(run('VALUE("100-")')).toContain(
      'HOLD INVALID_NUMBER: VALUE could not read "100-" as a number: a trailing minus',
    );
    expect(run('VALUE("1,23")')).toContain('do not group by three');
    expect(run('VALUE("abc")')).toContain('HOLD INVALID_NUMBER');
    expect(run('VALUE("")')).toContain('the text is empty');
    expect(run('VALUE("2024-01-05")')).toContain('HOLD INVALID_NUMBER');
    expect(run('VALUE("(-5)")')).toContain('both parentheses and a sign');
  });
});

describe('joining and comparing text', () => {
  it('CONCATENATE joins as & does, NULL as empty text', () => {
    expect(run('CONCATENATE("FY", 2024, "-", code)', { code: null })).toBe('FY2024-');
    expect(run('CONCATENATE(amount, "/", posted)', { amount: d('12.50'), posted: day('2024-01-05') })).toBe(
      '12.50/2024-01-05',
    );
    expect(problemsOf('CONCATENATE(parts)')[0]?.message).toContain('CONCATENATE expects a single value');
    expect(problemsOf('CONCATENATE()')[0]?.message).toBe(
      'CONCATENATE takes at least 1 argument, not 0: CONCATENATE(value1, [value2, ...]).',
    );
  });

  it('TEXTJOIN joins values and lists, leaving out empty ones only when told', () => {
    expect(run('TEXTJOIN("-", TRUE, "100", code, "", "00")', { code: null })).toBe('100-00');
    expect(run('TEXTJOIN("-", FALSE, "100", code, "", "00")', { code: null })).toBe('100---00');
    expect(run('TEXTJOIN(", ", TRUE, parts)', { parts: ['a', '', 'b'] })).toBe('a, b');
    expect(run('TEXTJOIN("|", TRUE, SPLIT("a-b-c", "-"), 7)')).toBe('a|b|c|7');
    expect(problemsOf('TEXTJOIN("-", "yes", "a")')[0]?.message).toContain(
      'TEXTJOIN expects a boolean (true or false) as its second argument',
    );
  });

  it('EXACT compares case by case', () => {
    expect(run('EXACT("ACME", "Acme")')).toBe('false');
    expect(run('EXACT("ACME", "ACME")')).toBe('true');
    expect(run('EXACT("a ", "a")')).toBe('false');
  });

  it('EXACT takes an empty value as empty text, as a spreadsheet takes an empty cell', () => {
    expect(run('EXACT(code, "")', { code: null })).toBe('true');
    expect(run('IF(EXACT(code, ""), "none", code)', { code: null })).toBe('none');
    expect(run('EXACT(code, "A")', { code: null })).toBe('false');
  });

  it('SUBSTITUTE replaces one occurrence when told which', () => {
    expect(run('SUBSTITUTE("000-4010-00", "-", "", 2)')).toBe('000-401000');
    expect(run('SUBSTITUTE("-a-b", "-", "+", 1)')).toBe('+a-b');
    expect(run('SUBSTITUTE("aaaa", "aa", "b", 2)')).toBe('aab');
    expect(run('SUBSTITUTE("a-b", "-", "+", 5)')).toBe('a-b');
    expect(run('SUBSTITUTE("a-b", "-", "+", 0)')).toContain('HOLD INVALID_ARGUMENT');
  });
});

describe('rounding and remainders', () => {
  it('ROUNDUP and ROUNDDOWN round away from and toward zero', () => {
    expect(run('ROUNDUP(2.301, 2)')).toBe('2.31');
    expect(run('ROUNDUP(-2.301, 2)')).toBe('-2.31');
    expect(run('ROUNDUP(1234, -2)')).toBe('1300');
    expect(run('ROUNDUP(2.3, 0)')).toBe('3');
    expect(run('ROUNDDOWN(2.309, 2)')).toBe('2.30');
    expect(run('ROUNDDOWN(-2.309, 2)')).toBe('-2.30');
    expect(run('ROUNDDOWN(-1999, -2)')).toBe('-1900');
    expect(run('ROUNDUP(0, 2)')).toBe('0');
    expect(run('ROUNDUP(1234567890123.451, 2)')).toBe('1234567890123.46');
    expect(problemsOf('ROUNDUP(amount)')[0]?.message).toBe(
      'ROUNDUP takes 2 arguments, not 1: ROUNDUP(number, digits).',
    );
  });

  it('TRUNC cuts toward zero and INT rounds toward minus infinity', () => {
    expect(run('TRUNC(-8.9)')).toBe('-8');
    expect(run('TRUNC(8.96, 1)')).toBe('8.9');
    expect(run('INT(8.9)')).toBe('8');
    expect(run('INT(-8.1)')).toBe('-9');
    expect(run('INT(-8)')).toBe('-8');
    expect(run('INT(0.0)')).toBe('0');
  });

  it('MOD takes the sign of the divisor', () => {
    expect(run('MOD(3, 2)')).toBe('1');
    expect(run('MOD(-3, 2)')).toBe('1');
    expect(run('MOD(3, -2)')).toBe('-1');
    expect(run('MOD(-3, -2)')).toBe('-1');
    expect(run('MOD(-3.5, 2)')).toBe('0.5');
    expect(run('MOD(10.25, -3)')).toBe('-1.75');
    expect(run('MOD(6, 3)')).toBe('0');
    expect(run('MOD(1234567890123.45, 1)')).toBe('0.45');
    expect(run('MOD(5, 0)')).toContain('HOLD DIVISION_BY_ZERO');
    expect(run('MOD(5.5, 0.0)')).toContain('HOLD DIVISION_BY_ZERO');
  });

  it('MROUND rounds to the nearest multiple, halves away from zero', () => {
    expect(run('MROUND(10.26, 0.05)')).toBe('10.25');
    expect(run('MROUND(7.5, 5)')).toBe('10');
    expect(run('MROUND(7, 5)')).toBe('5');
    expect(run('MROUND(-7.5, -5)')).toBe('-10');
    expect(run('MROUND(0, 5)')).toBe('0');
    expect(run('MROUND(7, 0)')).toBe('0');
    expect(run('MROUND(-7, 5)')).toContain(
      'HOLD INVALID_ARGUMENT: MROUND needs a number and a multiple of the same sign',
    );
  });
});

describe('dates', () => {
  it('EDATE clamps to the end of a shorter month, leap years included', () => {
    expect(run('EDATE(DATE(2024, 1, 31), 1)')).toBe('2024-02-29');
    expect(run('EDATE(DATE(2023, 1, 31), 1)')).toBe('2023-02-28');
    expect(run('EDATE(DATE(2024, 3, 31), -1)')).toBe('2024-02-29');
    expect(run('EDATE(DATE(2024, 2, 29), 12)')).toBe('2025-02-28');
    expect(run('EDATE(DATE(2024, 5, 15), -17)')).toBe('2022-12-15');
    expect(run('EDATE(DATE(9999, 12, 1), 1)')).toContain('HOLD OUT_OF_RANGE');
  });

  it('WEEKDAY numbers days by return type 1, 2, 3 and 11 to 17', () => {
    // 2024-01-07 is a Sunday, 2024-01-08 a Monday.
    expect(run('WEEKDAY(DATE(2024, 1, 7))')).toBe('1');
    expect(run('WEEKDAY(DATE(2024, 1, 8))')).toBe('2');
    expect(run('WEEKDAY(DATE(2024, 1, 7), 2)')).toBe('7');
    expect(run('WEEKDAY(DATE(2024, 1, 8), 2)')).toBe('1');
    expect(run('WEEKDAY(DATE(2024, 1, 7), 3)')).toBe('6');
    expect(run('WEEKDAY(DATE(2024, 1, 8), 3)')).toBe('0');
    expect(run('WEEKDAY(DATE(2024, 1, 10), 13)')).toBe('1');
    expect(problemsOf('WEEKDAY(posted, 4)')[0]?.message).toBe("WEEKDAY's type is 1, 2, 3 or 11 to 17, not 4.");
    expect(run('WEEKDAY(posted, qty)', { posted: day('2024-01-08'), qty: 9 })).toContain('HOLD INVALID_ARGUMENT');
  });

  it('NETWORKDAYS counts Monday to Friday, less holidays from a lookup table of date lists', () => {
    expect(run('NETWORKDAYS(DATE(2024, 1, 1), DATE(2024, 1, 31))')).toBe('23');
    // New Year and MLK day fall on weekdays (the duplicate counts once); July 4 is outside.
    expect(run('NETWORKDAYS(DATE(2024, 1, 1), DATE(2024, 1, 31), LOOKUP(holidays, "US"))')).toBe('21');
    expect(run('NETWORKDAYS(DATE(2024, 1, 31), DATE(2024, 1, 1), LOOKUP(holidays, "US"))')).toBe('-21');
    expect(run('NETWORKDAYS(DATE(2024, 1, 6), DATE(2024, 1, 7))')).toBe('0');
    expect(run('NETWORKDAYS(DATE(2024, 1, 8), DATE(2024, 1, 8))')).toBe('1');
    expect(run('NETWORKDAYS(DATE(2024, 1, 1), DATE(2024, 1, 31), DATE(2024, 1, 2))')).toBe('22');
    expect(run('NETWORKDAYS(DATE(2024, 1, 1), DATE(2024, 1, 31), LOOKUP(holidays, "NONE"))')).toBe('23');
    expect(run('NETWORKDAYS(DATE(2024, 2, 1), DATE(2024, 3, 1))')).toBe('22');
    // A country with no calendar is a LOOKUP miss (held), unless a default calendar is named.
    expect(run('NETWORKDAYS(DATE(2024, 1, 1), DATE(2024, 1, 31), LOOKUP(holidays, "FR"))')).toContain(
      'HOLD LOOKUP_MISS',
    );
    expect(
      run('NETWORKDAYS(DATE(2024, 1, 1), DATE(2024, 1, 31), LOOKUP(holidays, "FR", LOOKUP(holidays, "US")))'),
    ).toBe('21');
    expect(run('NETWORKDAYS(posted, DATE(2024, 1, 31), loose)', { posted: day('2024-01-01'), loose: null })).toBe(
      'NULL',
    );
    expect(problemsOf('NETWORKDAYS(posted, posted, parts)')[0]?.message).toContain(
      'NETWORKDAYS expects a date as its third argument, but got a list',
    );
  });

  it('DATEDIF gives whole years, months and days as Excel does', () => {
    expect(run('DATEDIF(DATE(2020, 2, 29), DATE(2021, 2, 28), "Y")')).toBe('0');
    expect(run('DATEDIF(DATE(2020, 2, 29), DATE(2021, 3, 1), "Y")')).toBe('1');
    expect(run('DATEDIF(DATE(2024, 1, 31), DATE(2024, 2, 29), "M")')).toBe('0');
    expect(run('DATEDIF(DATE(2024, 1, 31), DATE(2024, 3, 31), "m")')).toBe('2');
    expect(run('DATEDIF(DATE(2024, 1, 1), DATE(2024, 12, 31), "D")')).toBe('365');
    expect(run('DATEDIF(DATE(2020, 3, 15), DATE(2023, 1, 10), "YM")')).toBe('9');
    expect(run('DATEDIF(DATE(2020, 3, 15), DATE(2021, 3, 10), "YD")')).toBe('360');
    expect(run('DATEDIF(DATE(2024, 1, 5), DATE(2024, 3, 20), "MD")')).toBe('15');
    // Excel's MD quirk, kept: the start's day in a shorter month before the end rolls over.
    expect(run('DATEDIF(DATE(2021, 1, 31), DATE(2021, 3, 1), "MD")')).toBe('-2');
    expect(run('DATEDIF(DATE(2024, 3, 1), DATE(2024, 1, 1), "D")')).toContain('HOLD INVALID_ARGUMENT');
    expect(problemsOf('DATEDIF(posted, posted, "W")')[0]?.message).toBe(
      `DATEDIF's unit is "Y", "M", "D", "MD", "YM" or "YD", not "W".`,
    );
  });
});

describe('result types, known before any row runs', () => {
  it('follow the inputs as a spreadsheet user expects', () => {
    expect(typeOf('INT', [T.decimal])).toBe('decimal');
    expect(typeOf('INT', [T.integer])).toBe('integer');
    expect(typeOf('ROUNDUP', [T.integer, T.integer])).toBe('integer');
    expect(typeOf('MOD', [T.integer, T.integer])).toBe('integer');
    expect(typeOf('MOD', [T.integer, T.decimal])).toBe('decimal');
    expect(typeOf('MROUND', [T.decimal, T.integer])).toBe('decimal');
    expect(typeOf('VALUE', [T.string])).toBe('decimal');
    expect(typeOf('TEXT', [T.date, T.string])).toBe('string');
    expect(typeOf('EDATE', [T.timestamp, T.integer])).toBe('date');
    expect(typeOf('NETWORKDAYS', [T.date, T.date, T.list(T.date)])).toBe('integer');
    expect(typeOf('TEXTJOIN', [T.string, T.boolean, T.list(T.string), T.integer])).toBe('string');
    expect(typeOf('EXACT', [T.string, T.string])).toBe('boolean');
  });

  it('name the function and the argument when a type does not fit', () => {
    expect(typeOf('MOD', [T.string, T.integer])).toBe(
      'error: MOD expects a number as its first argument, but got a string. Use NUMBER(...) to read a number from text.',
    );
    expect(typeOf('EDATE', [T.date, T.decimal])).toContain('EDATE expects an integer as its second argument');
    expect(typeOf('DATEDIF', [T.date, T.string, T.string])).toContain(
      'DATEDIF expects a date or a timestamp as its second argument',
    );
    expect(typeOf('EXACT', [T.string, T.integer])).toContain('EXACT expects text as its second argument');
    expect(typeOf('VALUE', [T.date])).toContain('VALUE expects text or a number as its first argument');
  });
});

describe('arguments left empty', () => {
  it('IF(c, x, ) gives 0 when the condition is false, as a spreadsheet does', () => {
    expect(run('IF(qty > 5, qty, )', { qty: 3 })).toBe('0');
    expect(run('IF(qty > 5, qty, )', { qty: 7 })).toBe('7');
    expect(run('IF(qty > 5, , 1)', { qty: 7 })).toBe('0');
    expect(run('IF(qty > 5, amount, )', { qty: 3, amount: d('1.50') })).toBe('0');
  });

  it('an empty argument that would not be what a spreadsheet gives is an error, not a guess', () => {
    expect(problemsOf('IF(flag, "x", )')).toEqual([
      {
        message:
          'IF\'s results must all be of one type, but a string and an integer are mixed. Convert one of them with TEXT, NUMBER or DATE. An argument left empty stands for 0 here, as in a spreadsheet; write the value you mean ("" for empty text, NULL for no value).',
        severity: 'error',
        at: ')',
      },
    ]);
    expect(problemsOf('MID(code, , 2)')).toEqual([
      { message: "MID's start cannot be left empty; write a value.", severity: 'error', at: ',' },
    ]);
    expect(problemsOf('LOOKUP(holidays, )')).toEqual([
      {
        message: "LOOKUP's key cannot be left empty; write it, or leave out the comma before it.",
        severity: 'error',
        at: ')',
      },
    ]);
    expect(problemsOf('LOOKUP(holidays, code, )')[0]?.message).toContain("LOOKUP's default or as-of date");
    expect(problemsOf('NETWORKDAYS(posted, posted, )')[0]?.message).toBe(
      "NETWORKDAYS's holidays cannot be left empty; write a value, or leave out the comma before it.",
    );
  });

  it('text, number and boolean parameters read an empty argument as "", 0 and FALSE', () => {
    expect(run('SUBSTITUTE("a-b", "-", )')).toBe('ab');
    expect(run('ROUND(2.5, )')).toBe('3');
    expect(run('LEFT("abc", )')).toBe('');
    expect(run('TEXTJOIN("-", , "a", "", "b")')).toBe('a--b');
    expect(run('CONCATENATE("a", , "b")')).toBe('ab');
  });
});
