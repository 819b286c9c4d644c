/**
 * Arguments written as literals are checked before any row runs: a date pattern with a part the
 * library does not know is an error on the characters at fault, a two-digit year given to DATE a
 * warning. The same pattern computed per row holds the row when it runs.
 */
import { describe, expect, it } from 'vitest';
import { PlainDate, type Value } from '../model/values/index.ts';
import { check } from './checker.ts';
import { evaluate } from './evaluate.ts';
import { compileMapping } from './mapping.ts';
import { parse } from './parser.ts';
import { GL_LABEL, GL_LOOKUPS, GL_SCHEMA, testContext } from './test-fixtures.ts';

function problemsOf(text: string): { severity: string; message: string; at: string }[] {
  const parsed = parse(text);
  expect(parsed.problems).toEqual([]);
  const lookups = new Map(
    [...GL_LOOKUPS].map(([name, table]) => [
      name,
      { keyType: table.keyType, valueType: table.valueType, effectiveDated: false },
    ]),
  );
  return check(parsed.ast, { schema: GL_SCHEMA, lookups, entityLabel: GL_LABEL }).problems.map((p) => ({
    severity: p.severity,
    message: p.message,
    at: text.slice(p.range.start, p.range.end),
  }));
}

describe('date patterns written as literals', () => {
  it('an unknown part is an error on its characters', () => {
    expect(problemsOf('FORMAT_DATE(TRXDATE, "DD-QQ-YYYY")')).toEqual([
      {
        severity: 'error',
        message:
          'FORMAT_DATE: the date format "DD-QQ-YYYY" has "QQ", which is not a date part (YYYY, YY, M, MM, MMM, MMMM, D, DD, DDD, DDDD, h, hh, m, mm, s, ss, AM/PM); write letters meant as text after a backslash (\\Q) or in quotes (at character 4).',
        at: 'QQ',
      },
    ]);
    expect(problemsOf('PARSE_DATE(DSCRIPTN, "YYYYY-MM-DD")')[0]?.at).toBe('YYYYY');
  });

  it('finds the characters past doubled quotes inside the literal', () => {
    // The pattern is YYYY"Q"M Q: a quoted Q written as it is, then a bare Q, the last character.
    const text = 'FORMAT_DATE(TRXDATE, "YYYY""Q""M Q")';
    const parsed = parse(text);
    const [found] = check(parsed.ast, { schema: GL_SCHEMA, lookups: new Map() }).problems;
    expect(found?.range).toEqual({ start: text.lastIndexOf('Q'), end: text.lastIndexOf('Q') + 1 });
  });

  it('time parts for a date are an error; for a timestamp they are read', () => {
    expect(problemsOf('FORMAT_DATE(TRXDATE, "YYYY-MM-DD hh:mm")')).toEqual([
      {
        severity: 'error',
        message:
          'FORMAT_DATE: the date format "YYYY-MM-DD hh:mm" writes a time of day, but a date has none; format a timestamp, or leave the time parts out.',
        at: 'hh',
      },
    ]);
    expect(problemsOf('FORMAT_DATE(MODIFIED, "YYYY-MM-DD hh:mm")')).toEqual([]);
    expect(problemsOf('FORMAT_DATE(TRXDATE, "DDDD, D MMMM YYYY")')).toEqual([]);
  });

  it('PARSE_DATE refuses a pattern that cannot read a date back', () => {
    expect(problemsOf('PARSE_DATE(DSCRIPTN, "YYYY-MM")')).toEqual([
      {
        severity: 'error',
        message: 'PARSE_DATE: the date format "YYYY-MM" needs exactly one year, one month and one day to read a date.',
        at: 'YYYY-MM',
      },
    ]);
    expect(problemsOf('PARSE_DATE(DSCRIPTN, "YYYYMD")')[0]?.at).toBe('MD');
  });

  it('stops the mapping, with the line and column of the part', () => {
    const compiled = compileMapping(
      {
        columns: [
          {
            column: 'label',
            type: { kind: 'string' },
            expression: 'FORMAT_DATE(\n  TRXDATE, "DD-MMM-YYYY QQ")',
            required: true,
          },
        ],
      },
      { schema: GL_SCHEMA, lookups: GL_LOOKUPS, entityLabel: GL_LABEL },
    );
    expect(compiled.ok).toBe(false);
    if (compiled.ok) return;
    expect(compiled.diagnostics.map((d) => [d.column, d.code, d.start, d.end])).toEqual([
      ['label', 'type.argument', { line: 2, column: 25 }, { line: 2, column: 27 }],
    ]);
  });

  it('a pattern computed per row is checked when the row runs: a bad one holds that row, never half-written text', () => {
    const compiled = compileMapping(
      {
        columns: [
          { column: 'label', type: { kind: 'string' }, expression: 'FORMAT_DATE(TRXDATE, DSCRIPTN)', required: true },
        ],
      },
      { schema: GL_SCHEMA, lookups: GL_LOOKUPS, entityLabel: GL_LABEL },
    );
    if (!compiled.ok) throw new Error(compiled.diagnostics.map((d) => d.message).join('\n'));
    const row = (pattern: string): Record<string, Value> => ({
      TRXDATE: PlainDate.of(2024, 12, 15),
      DSCRIPTN: pattern,
    });
    const result = evaluate(compiled.mapping, [row('DD-MMM-YYYY'), row('DD-MMMMM-YYYY')], testContext());
    expect(result.rows).toEqual([{ label: '15-Dec-2024' }]);
    expect(result.held[0]?.reasons).toEqual([
      {
        column: 'label',
        code: 'INVALID_ARGUMENT',
        message:
          'FORMAT_DATE: the date format "DD-MMMMM-YYYY" has "MMMMM", which is not a date part; write M, MM, MMM (Jan) or MMMM (January) for the month, m or mm for minutes (at character 4)',
      },
    ]);
  });
});

describe('DATE with literal years', () => {
  it('warns that a year from 0 to 1899 counts from 1900', () => {
    expect(problemsOf('DATE(24, 1, 1)')).toEqual([
      {
        severity: 'warning',
        message:
          'DATE reads the year 24 as 1924, as spreadsheets do (years 0 to 1899 count from 1900); write the year with four digits.',
        at: '24',
      },
    ]);
    expect(problemsOf('DATE(2024, 13, 1)')).toEqual([]);
    expect(problemsOf('DATE(YEAR(TRXDATE), MONTH(TRXDATE) + 1, 1)')).toEqual([]);
  });

  it('refuses a year below 0 or above 9999', () => {
    expect(problemsOf('DATE(-5, 1, 1)')).toEqual([
      { severity: 'error', message: 'DATE needs a year from 0 to 9999, not -5.', at: '-5' },
    ]);
    expect(problemsOf('DATE(10000, 1, 1)')[0]?.severity).toBe('error');
  });
});
