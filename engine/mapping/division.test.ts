/**
 * A quotient inside a formula is carried exactly (or to 34 significant digits when it does not end),
 * so later steps never build on a rounded quotient: the value written is the one a calculator with
 * enough digits gives. Checked on the formulas analysts write, through the compiler and the
 * destination column, against decimal.js at 60 digits.
 */
import fc from 'fast-check';
import DecimalJs from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { Decimal, toJsonValue, type Value } from '../model/values/index.ts';
import { evaluate } from './evaluate.ts';
import { compileMapping } from './mapping.ts';
import { testContext } from './test-fixtures.ts';
import { T } from './types.ts';

const SCHEMA = { amount: T.decimal, rate: T.decimal, qty: T.integer, days: T.integer, divisor: T.decimal };
const MONEY = { kind: 'decimal', precision: 38, scale: 2 } as const;

/** The value written to a decimal(38,2) column by `expression` over one row (held rows fail the test). */
function written(expression: string, row: Record<string, Value>): unknown {
  const compiled = compileMapping(
    { columns: [{ column: 'out', type: MONEY, expression, required: true }] },
    { schema: SCHEMA, lookups: new Map() },
  );
  if (!compiled.ok) throw new Error(compiled.diagnostics.map((d) => d.message).join('\n'));
  const result = evaluate(compiled.mapping, [row], testContext());
  expect(result.held).toEqual([]);
  return toJsonValue(result.rows[0]?.['out'] ?? null);
}

const d = Decimal.parse;

describe('division inside a formula', () => {
  it('interest for 30 days at 5.25% a year on 1,000,000.00 is 4315.07 (it was 4320.00)', () => {
    const row = { amount: d('1000000.00'), rate: d('0.0525'), qty: 30, days: 365 };
    expect(written('ROUND(amount * (rate / 365) * qty, 2)', row)).toBe('4315.07');
    expect(written('ROUND(amount * (rate / days) * qty, 2)', row)).toBe('4315.07');
  });

  it('99.99 / 20000 rounds to 0.00 (it was 0.01)', () => {
    expect(written('ROUND(99.99 / 20000, 2)', {})).toBe('0.00');
    expect(written('ROUND(amount / divisor, 2)', { amount: d('99.99'), divisor: d('20000') })).toBe('0.00');
  });

  it('rounds a result lying exactly on a half as exact arithmetic does, however the quotient would end', () => {
    // 5/6 as 0.8333...3 would make 12.77499...9; the exact value is 12.775.
    expect(
      written('ROUND(amount * (rate / divisor) * qty, 2)', {
        amount: d('0.03'),
        rate: d('0.0005'),
        divisor: d('0.0006'),
        qty: 511,
      }),
    ).toBe('12.78');
    expect(written('ROUND(0.015 / 3 * 3, 2)', {})).toBe('0.02');
    expect(written('ROUND(-(amount / 3) * 3, 2)', { amount: d('0.015') })).toBe('-0.02');
    expect(written('ROUND(amount / 7 * 7 + amount / 3 * 3 - amount, 2)', { amount: d('0.005') })).toBe('0.01');
    expect(written('ROUND(amount / (divisor / 3), -1)', { amount: d('5'), divisor: d('3') })).toBe('10.00');
    expect(written('ROUND(amount / qty, 0)', { amount: d('2.5'), qty: 1 })).toBe('3.00');
  });

  it('ROUND(amount / n * n, 2) is ROUND(amount, 2) for amounts on a half cent, whatever n', () => {
    const halfCent = fc
      .bigInt({ min: -(10n ** 12n), max: 10n ** 12n })
      .map((cents) => Decimal.of(cents * 10n + (cents < 0n ? -5n : 5n), 3));
    fc.assert(
      fc.property(halfCent, fc.integer({ min: 1, max: 10_000 }), (amount, n) => {
        expect(written('ROUND(amount / qty * qty, 2)', { amount, qty: n })).toBe(amount.round(2).toString());
      }),
      { numRuns: 500 },
    );
  });

  it('ROUND over a division keeps the holds of /, and an empty amount counts as 0', () => {
    const compiled = compileMapping(
      { columns: [{ column: 'out', type: MONEY, expression: 'ROUND(amount * (rate / divisor), 2)', required: false }] },
      { schema: SCHEMA, lookups: new Map() },
    );
    if (!compiled.ok) throw new Error('does not compile');
    const result = evaluate(
      compiled.mapping,
      [
        { amount: d('1'), rate: d('2'), divisor: d('0.00') },
        { amount: null, rate: d('2'), divisor: d('3') },
      ],
      testContext(),
    );
    expect(result.held[0]?.reasons[0]).toEqual({
      column: 'out',
      code: 'DIVISION_BY_ZERO',
      message: 'division by zero: the decimal 2 divided by 0',
    });
    expect(result.rows.map((row) => String(row['out']))).toEqual(['0.00']);
  });

  it('a quotient that ends is written exactly at the column scale; one with more places holds', () => {
    expect(written('amount / 4', { amount: d('10.00') })).toBe('2.50');
    const compiled = compileMapping(
      { columns: [{ column: 'out', type: MONEY, expression: 'amount / divisor', required: true }] },
      { schema: SCHEMA, lookups: new Map() },
    );
    if (!compiled.ok) throw new Error('does not compile');
    const result = evaluate(compiled.mapping, [{ amount: d('99.99'), divisor: d('20000') }], testContext());
    expect(result.held[0]?.reasons[0]?.message).toBe(
      'Column "out" is decimal(38,2), but the value 0.0049995 has more than 2 decimal places; use ROUND(..., 2).',
    );
  });

  it('ROUND(amount * (rate / divisor) * qty, 2) matches decimal.js at 60 digits on random amounts, rates and divisors', () => {
    // The reference divides once, last (amount * rate * qty / divisor is the same number), so its
    // own rounding at 60 digits cannot tip a value lying exactly on a half cent.
    const Sixty = DecimalJs.clone({ precision: 60, rounding: DecimalJs.ROUND_HALF_UP });
    const decimalOf = (maxCoefficient: bigint, scale: fc.Arbitrary<number>): fc.Arbitrary<Decimal> =>
      fc
        .record({ coefficient: fc.bigInt({ min: -maxCoefficient, max: maxCoefficient }), scale })
        .map(({ coefficient, scale: s }) => Decimal.of(coefficient, s));
    const amount = decimalOf(10n ** 14n, fc.constant(2));
    const rate = decimalOf(10n ** 6n, fc.integer({ min: 2, max: 6 }));
    const divisor = decimalOf(10n ** 6n, fc.integer({ min: 0, max: 4 })).filter((x) => !x.isZero());
    const qty = fc.integer({ min: -10_000, max: 10_000 });
    fc.assert(
      fc.property(amount, rate, divisor, qty, (a, r, q, n) => {
        const expected = new Sixty(a.toString())
          .times(new Sixty(r.toString()))
          .times(n)
          .dividedBy(new Sixty(q.toString()))
          .toFixed(2, DecimalJs.ROUND_HALF_UP);
        // decimal.js writes a negative zero as "-0.00"; a decimal zero has no sign.
        const unsigned = /^-0\.00$/.test(expected) ? '0.00' : expected;
        expect(written('ROUND(amount * (rate / divisor) * qty, 2)', { amount: a, rate: r, divisor: q, qty: n })).toBe(
          unsigned,
        );
      }),
      { numRuns: 500 },
    );
  });
});
