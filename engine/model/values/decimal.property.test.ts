import fc from 'fast-check';
import DecimalJs from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { Decimal, type RoundingMode } from './decimal.ts';

// The reference, with enough precision that it never rounds the products and sums we compare.
const Reference = DecimalJs.clone({ precision: 200, toExpNeg: -100, toExpPos: 100 });

const REFERENCE_MODES: Record<RoundingMode, DecimalJs.Rounding> = {
  'half-away-from-zero': DecimalJs.ROUND_HALF_UP,
  'half-even': DecimalJs.ROUND_HALF_EVEN,
  down: DecimalJs.ROUND_DOWN,
  up: DecimalJs.ROUND_UP,
  floor: DecimalJs.ROUND_FLOOR,
  ceiling: DecimalJs.ROUND_CEIL,
};

const amount = fc
  .record({
    coefficient: fc.bigInt({ min: -(10n ** 20n) + 1n, max: 10n ** 20n - 1n }),
    scale: fc.integer({ min: 0, max: 6 }),
  })
  .map(({ coefficient, scale }) => Decimal.of(coefficient, scale));

const mode = fc.constantFrom<RoundingMode>('half-away-from-zero', 'half-even', 'down', 'up', 'floor', 'ceiling');

function reference(value: Decimal): DecimalJs {
  return new Reference(value.toString());
}

function sameNumber(actual: Decimal, expected: DecimalJs): void {
  expect(new Reference(actual.toString()).equals(expected), `${actual.toString()} vs ${expected.toFixed()}`).toBe(true);
}

describe('Decimal matches decimal.js', () => {
  it('add, subtract and multiply', () => {
    fc.assert(
      fc.property(amount, amount, (a, b) => {
        sameNumber(a.add(b), reference(a).plus(reference(b)));
        sameNumber(a.subtract(b), reference(a).minus(reference(b)));
        sameNumber(a.multiply(b), reference(a).times(reference(b)));
      }),
      { numRuns: 500 },
    );
  });

  it('compare and equals', () => {
    fc.assert(
      fc.property(amount, amount, (a, b) => {
        expect(a.compare(b)).toBe(reference(a).comparedTo(reference(b)));
        expect(a.equals(b)).toBe(reference(a).equals(reference(b)));
        expect(a.compare(a.rescale(a.scale + 2))).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it('round to 0..6 places in every mode', () => {
    fc.assert(
      fc.property(amount, fc.integer({ min: 0, max: 6 }), mode, (a, places, m) => {
        const rounded = a.round(places, m);
        sameNumber(rounded, reference(a).toDecimalPlaces(places, REFERENCE_MODES[m]));
        expect(rounded.scale).toBe(places);
      }),
      { numRuns: 500 },
    );
  });

  it('round to tens and hundreds (negative places)', () => {
    fc.assert(
      fc.property(amount, fc.integer({ min: -4, max: -1 }), mode, (a, places, m) => {
        const unit = new Reference(10).pow(-places);
        const expected = reference(a).dividedBy(unit).toDecimalPlaces(0, REFERENCE_MODES[m]).times(unit);
        sameNumber(a.round(places, m), expected);
      }),
      { numRuns: 300 },
    );
  });

  // 60 digits: more than the 34 a quotient keeps plus the 26 of the largest inputs here, so the
  // reference's own rounding never shows.
  const Sixty = DecimalJs.clone({ precision: 60, toExpNeg: -100, toExpPos: 100 });

  function quotientMatches(a: Decimal, b: Decimal): void {
    const exact = new Sixty(a.toString()).dividedBy(new Sixty(b.toString()));
    const minimumPlaces = Math.max(a.scale, b.scale, 6);
    // The places that give 34 significant digits: 33 past the leading digit's power of ten.
    const places = exact.isZero() ? minimumPlaces : Math.max(minimumPlaces, 33 - exact.e);
    const quotient = a.divide(b);
    expect(
      new Sixty(quotient.toString()).equals(exact.toDecimalPlaces(places, DecimalJs.ROUND_HALF_UP)),
      `${quotient.toString()} vs ${exact.toFixed()}`,
    ).toBe(true);
    expect(quotient.scale).toBeGreaterThanOrEqual(minimumPlaces);
    expect(quotient.scale).toBeLessThanOrEqual(places);
  }

  it('divide: exact when the quotient ends, else 34 significant digits, at least max(scales, 6) places', () => {
    fc.assert(
      fc.property(amount, amount, (a, b) => {
        fc.pre(!b.isZero());
        quotientMatches(a, b);
      }),
      { numRuns: 1000 },
    );
  });

  it('divide: quotients a hair from a power of ten get their 34 digits too', () => {
    // Where the leading digit's place is decided by an exact comparison rather than a logarithm.
    const nearPowerOfTen = fc
      .record({
        power: fc.integer({ min: 0, max: 30 }),
        delta: fc.bigInt({ min: -3n, max: 3n }),
        scale: fc.integer({ min: 0, max: 8 }),
        negative: fc.boolean(),
      })
      .map(({ power, delta, scale, negative }) => {
        const coefficient = 10n ** BigInt(power) + delta;
        return Decimal.of(negative ? -coefficient : coefficient, scale);
      })
      .filter((x) => !x.isZero());
    fc.assert(
      fc.property(nearPowerOfTen, nearPowerOfTen, (a, b) => quotientMatches(a, b)),
      { numRuns: 1000 },
    );
  });

  it('divide to a given scale rounds half away from zero, or in the mode given', () => {
    fc.assert(
      fc.property(amount, amount, fc.integer({ min: 0, max: 8 }), mode, (a, b, places, m) => {
        fc.pre(!b.isZero());
        sameNumber(
          a.divide(b, places),
          reference(a).dividedBy(reference(b)).toDecimalPlaces(places, DecimalJs.ROUND_HALF_UP),
        );
        const inMode = a.divide(b, places, m);
        sameNumber(inMode, reference(a).dividedBy(reference(b)).toDecimalPlaces(places, REFERENCE_MODES[m]));
        expect(inMode.scale).toBe(places);
      }),
      { numRuns: 500 },
    );
  });

  it('parse(toString(x)) round-trips, scale included', () => {
    fc.assert(
      fc.property(amount, (a) => {
        const back = Decimal.parse(a.toString());
        expect(back.coefficient).toBe(a.coefficient);
        expect(back.scale).toBe(a.scale);
      }),
      { numRuns: 500 },
    );
  });
});
