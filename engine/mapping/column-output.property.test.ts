/**
 * A decimal column's finisher takes a shortcut for a decimal already at the column's scale (only its
 * digits are counted). On random values and columns it must give what the definition gives: the
 * value written with the column's scale, or a hold when it has more places or more digits than
 * decimal(p,s) holds (never rounded), an empty or wrong-kind value held as before.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, type Value } from '../model/values/index.ts';
import { columnFinisher } from './column-output.ts';

/** The value, or the hold code, of finishing `value`. */
function outcome(run: () => Value): unknown {
  try {
    const value = run();
    return { value: value instanceof Decimal ? `decimal ${value.toString()}` : value };
  } catch (error) {
    return { hold: (error as { code?: string }).code ?? String(error) };
  }
}

/** decimal(precision, scale) by its definition, on Decimal's own exact operations. */
function expected(value: Value, precision: number, scale: number, required: boolean): unknown {
  if (value === null) return required ? { hold: 'REQUIRED_EMPTY' } : { value: null };
  const decimal = typeof value === 'number' ? Decimal.fromInteger(value) : value instanceof Decimal ? value : undefined;
  if (decimal === undefined) return { hold: 'WRONG_TYPE' };
  if (decimal.stripTrailingZeros().scale > scale) return { hold: 'DECIMAL_TOO_MANY_PLACES' };
  const written = decimal.rescale(scale);
  if (!written.isZero() && written.precision() > precision) return { hold: 'DECIMAL_TOO_MANY_DIGITS' };
  return { value: `decimal ${written.toString()}` };
}

const decimal = fc
  .record({ coefficient: fc.bigInt({ min: -(10n ** 22n), max: 10n ** 22n }), scale: fc.integer({ min: 0, max: 6 }) })
  .map(({ coefficient, scale }) => Decimal.of(coefficient, scale));
const value: fc.Arbitrary<Value> = fc.oneof(
  { arbitrary: decimal, weight: 8 },
  { arbitrary: fc.integer({ min: -1e9, max: 1e9 }), weight: 2 },
  { arbitrary: fc.constantFrom<Value>(null, 'text', true), weight: 1 },
);

describe('decimal column finisher', () => {
  it('writes with the column scale or holds, as decimal(p,s) is defined', () => {
    fc.assert(
      fc.property(
        value,
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 6 }),
        fc.boolean(),
        (input, width, scale, required) => {
          const precision = Math.max(width, scale);
          const finish = columnFinisher('amount', { kind: 'decimal', precision, scale }, required);
          expect(outcome(() => finish(input))).toEqual(expected(input, precision, scale, required));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('holds a value just past the digits at the column scale, and takes the largest that fits', () => {
    const finish = columnFinisher('amount', { kind: 'decimal', precision: 19, scale: 2 }, true);
    const largest = Decimal.of(10n ** 19n - 1n, 2);
    expect(finish(largest)).toBe(largest);
    expect(finish(largest.negate())).toEqual(largest.negate());
    expect(outcome(() => finish(Decimal.of(10n ** 19n, 2)))).toEqual({ hold: 'DECIMAL_TOO_MANY_DIGITS' });
    expect(outcome(() => finish(Decimal.of(-(10n ** 19n), 2)))).toEqual({ hold: 'DECIMAL_TOO_MANY_DIGITS' });
  });
});
