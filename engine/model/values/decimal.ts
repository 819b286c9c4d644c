import { ValueArithmeticError, ValueFormatError, quoteInput } from './errors.ts';

/**
 * An exact decimal number: value = coefficient / 10^scale, with a bigint coefficient and a scale of
 * 0..MAX_DECIMAL_SCALE. Money never passes through binary floating point.
 *
 * The scale is part of the value's written form ("12.50" keeps two places) but not of its identity:
 * `equals` and `compare` are numeric, so 1.0 equals 1.00.
 *
 * Instances are immutable. Arithmetic avoids string work and caches powers of ten, because add,
 * subtract and round run over millions of rows.
 */
export class Decimal {
  private constructor(
    readonly coefficient: bigint,
    readonly scale: number,
  ) {}

  static readonly ZERO = new Decimal(0n, 0);
  static readonly ONE = new Decimal(1n, 0);

  /** coefficient / 10^scale. The scale must be a whole number from 0 to MAX_DECIMAL_SCALE. */
  static of(coefficient: bigint, scale: number): Decimal {
    checkScale(scale, 'scale');
    return new Decimal(coefficient, scale);
  }

  /**
   * Reads plain or exponent notation: "123", "-0.50", "+1.5", ".5", "1.", "1.2E3", "1e-3".
   * Rejects everything else (empty text, spaces, thousands separators, "NaN", "Infinity").
   * The scale is the number of written fraction digits less the exponent, never below 0.
   */
  static parse(text: string): Decimal {
    const parsed = Decimal.tryParse(text);
    if (parsed === undefined) {
      throw new ValueFormatError(
        'INVALID_DECIMAL',
        `${quoteInput(text)} is not a decimal number (expected something like 1234.50)`,
      );
    }
    return parsed;
  }

  static tryParse(text: string): Decimal | undefined {
    const match = DECIMAL_TEXT.exec(text);
    if (match === null) return undefined;
    const integerDigits = match[2] ?? match[4] ?? '';
    const fractionDigits = match[3] ?? match[5] ?? '';
    const exponent = match[6] === undefined ? 0 : Number(match[6]);
    const digits = integerDigits + fractionDigits;
    if (!Number.isSafeInteger(exponent)) return undefined;
    let scale = fractionDigits.length - exponent;
    // Refuse exponents that would build absurdly long numbers ("1e999999999") instead of hanging.
    if (scale > MAX_DECIMAL_SCALE || -scale > MAX_DECIMAL_SCALE) return undefined;
    let coefficient = BigInt(digits);
    if (scale < 0) {
      coefficient *= pow10(-scale);
      scale = 0;
    }
    return new Decimal(match[1] === '-' ? -coefficient : coefficient, scale);
  }

  /** A whole number as a decimal of scale 0. Numbers must be safe integers. */
  static fromInteger(n: number | bigint): Decimal {
    if (typeof n === 'bigint') return new Decimal(n, 0);
    if (!Number.isSafeInteger(n)) {
      throw new ValueFormatError('INVALID_INTEGER', `${String(n)} is not a whole number that can be held exactly`);
    }
    return new Decimal(BigInt(n), 0);
  }

  /**
   * A JS number read through its shortest round-trip text (0.1 -> "0.1", not the binary expansion),
   * which is what a person typed into the JSON the number came from.
   */
  static fromNumber(n: number): Decimal {
    if (!Number.isFinite(n)) throw new ValueFormatError('INVALID_DECIMAL', `${String(n)} is not a decimal number`);
    return Decimal.parse(String(n));
  }

  add(other: Decimal): Decimal {
    const s = this.scale;
    const os = other.scale;
    if (s === os) return new Decimal(this.coefficient + other.coefficient, s);
    if (s > os) return new Decimal(this.coefficient + other.coefficient * pow10(s - os), s);
    return new Decimal(this.coefficient * pow10(os - s) + other.coefficient, os);
  }

  subtract(other: Decimal): Decimal {
    const s = this.scale;
    const os = other.scale;
    if (s === os) return new Decimal(this.coefficient - other.coefficient, s);
    if (s > os) return new Decimal(this.coefficient - other.coefficient * pow10(s - os), s);
    return new Decimal(this.coefficient * pow10(os - s) - other.coefficient, os);
  }

  /** Exact: the result scale is the sum of the scales (1.5 * 2.25 = 3.375). */
  multiply(other: Decimal): Decimal {
    const scale = this.scale + other.scale;
    checkScale(scale, 'result scale');
    return new Decimal(this.coefficient * other.coefficient, scale);
  }

  /**
   * The quotient. With `scale`, rounded to that many places (a payroll split into cents), half away
   * from zero unless `mode` says otherwise. Without it, as exact as a decimal can be: a quotient that ends is exact (99.99 / 20000 =
   * 0.0049995); one that does not (1 / 3) is rounded half away from zero to DIVISION_SIGNIFICANT_DIGITS
   * significant digits, so later steps of a formula lose nothing a final ROUND could show. Either way
   * it keeps at least max(this.scale, other.scale, 6) places (10 / 4 = 2.500000), never fewer places
   * than the inputs had. Dividing by zero throws ValueArithmeticError 'DIVISION_BY_ZERO'.
   */
  divide(other: Decimal, scale?: number, mode: RoundingMode = 'half-away-from-zero'): Decimal {
    if (other.coefficient === 0n) {
      throw new ValueArithmeticError('DIVISION_BY_ZERO', `cannot divide ${this.toString()} by zero`);
    }
    if (scale !== undefined) {
      checkScale(scale, 'division scale');
      let numerator = this.coefficient * pow10(other.scale + scale);
      let denominator = other.coefficient * pow10(this.scale);
      if (denominator < 0n) {
        numerator = -numerator;
        denominator = -denominator;
      }
      const quotient = numerator / denominator;
      const remainder = numerator - quotient * denominator;
      return new Decimal(
        remainder === 0n ? quotient : quotient + roundingStep(mode, numerator, quotient, remainder, denominator),
        scale,
      );
    }
    const minimumScale = Math.max(this.scale, other.scale, DEFAULT_DIVISION_SCALE);
    // Runs per row, so it works on magnitudes and keeps bigint operations few: a quotient past
    // 64 bits costs several times one within it.
    const a = this.coefficient;
    const b = other.coefficient;
    const negative = a < 0n !== b < 0n;
    const magnitude = a < 0n ? -a : a;
    const absoluteDivisor = b < 0n ? -b : b;
    // |a / 10^as| / |b / 10^bs| at scale s is |a| * 10^(bs + s) / (|b| * 10^as).
    const divisor = this.scale === 0 ? absoluteDivisor : absoluteDivisor * pow10(this.scale);
    // The usual quotients that end (x / 100, x / 4, x / 1) do so within the minimum scale, where
    // the numbers are still small: one cheap division settles them.
    const atMinimum = magnitude * pow10(other.scale + minimumScale);
    const wholeAtMinimum = atMinimum / divisor;
    if (wholeAtMinimum * divisor === atMinimum)
      return new Decimal(negative ? -wholeAtMinimum : wholeAtMinimum, minimumScale);
    // Otherwise the scale that gives 34 significant digits, from where the leading digit lies.
    const resultScale = Math.max(
      minimumScale,
      DIVISION_SIGNIFICANT_DIGITS - 1 - leadingDigitExponent(magnitude, other.scale, divisor),
    );
    checkScale(resultScale, 'division scale');
    const scaled = magnitude * pow10(other.scale + resultScale);
    let quotient = scaled / divisor;
    // Cheaper than %, which divides a second time.
    const rest = scaled - quotient * divisor;
    if (rest !== 0n && rest * 2n >= divisor) quotient += 1n;
    const result = new Decimal(negative ? -quotient : quotient, resultScale);
    // A quotient that ends past the minimum scale (0.0049995) drops the zeros after its last digit.
    return rest === 0n ? result.stripZerosDownTo(minimumScale) : result;
  }

  negate(): Decimal {
    return new Decimal(-this.coefficient, this.scale);
  }

  abs(): Decimal {
    return this.coefficient < 0n ? new Decimal(-this.coefficient, this.scale) : this;
  }

  sign(): -1 | 0 | 1 {
    return this.coefficient > 0n ? 1 : this.coefficient < 0n ? -1 : 0;
  }

  compare(other: Decimal): -1 | 0 | 1 {
    const s = this.scale;
    const os = other.scale;
    let a = this.coefficient;
    let b = other.coefficient;
    if (s > os) b *= pow10(s - os);
    else if (s < os) a *= pow10(os - s);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** Numeric equality: 1.0 equals 1.00. */
  equals(other: Decimal): boolean {
    return this.compare(other) === 0;
  }

  isZero(): boolean {
    return this.coefficient === 0n;
  }

  isInteger(): boolean {
    return this.scale === 0 || this.coefficient % pow10(this.scale) === 0n;
  }

  /**
   * Rounds to `scale` places; a negative scale rounds to tens, hundreds... like Excel's ROUND(x, -2).
   * The result has exactly max(scale, 0) places, padding with zeros when this has fewer, so
   * ROUND(12.5, 2) reads "12.50" and money columns keep a uniform scale.
   */
  round(scale: number, mode: RoundingMode = 'half-away-from-zero'): Decimal {
    if (!Number.isInteger(scale) || Math.abs(scale) > MAX_DECIMAL_SCALE) {
      throw new ValueArithmeticError(
        'OUT_OF_RANGE',
        `cannot round to ${scale} places; use a whole number from -${MAX_DECIMAL_SCALE} to ${MAX_DECIMAL_SCALE}`,
      );
    }
    const c = this.coefficient;
    if (scale >= this.scale) return scale === this.scale ? this : new Decimal(c * pow10(scale - this.scale), scale);
    const divisor = pow10(this.scale - scale);
    let quotient = c / divisor;
    const remainder = c - quotient * divisor;
    if (remainder !== 0n) quotient += roundingStep(mode, c, quotient, remainder, divisor);
    return scale >= 0 ? new Decimal(quotient, scale) : new Decimal(quotient * pow10(-scale), 0);
  }

  /** The same number written with `scale` places. Throws 'LOSES_DIGITS' rather than round. */
  rescale(scale: number): Decimal {
    checkScale(scale, 'scale');
    if (scale >= this.scale)
      return scale === this.scale ? this : new Decimal(this.coefficient * pow10(scale - this.scale), scale);
    const divisor = pow10(this.scale - scale);
    if (this.coefficient % divisor !== 0n) {
      throw new ValueArithmeticError(
        'LOSES_DIGITS',
        `${this.toString()} cannot be written with ${scale} decimal places without rounding`,
      );
    }
    return new Decimal(this.coefficient / divisor, scale);
  }

  /** The same number without trailing fraction zeros beyond `scale` places. */
  private stripZerosDownTo(scale: number): Decimal {
    let c = this.coefficient;
    let s = this.scale;
    // Eight zeros at a time first: an exact quotient such as 0.0049995 comes with about thirty.
    while (s - 8 >= scale && c % 100_000_000n === 0n) {
      c /= 100_000_000n;
      s -= 8;
    }
    while (s > scale && c % 10n === 0n) {
      c /= 10n;
      s -= 1;
    }
    return s === this.scale ? this : new Decimal(c, s);
  }

  /** The same number with no trailing fraction zeros (12.50 -> 12.5, 3.00 -> 3). */
  stripTrailingZeros(): Decimal {
    let c = this.coefficient;
    let s = this.scale;
    if (c === 0n) return s === 0 ? this : Decimal.ZERO;
    while (s > 0 && c % 10n === 0n) {
      c /= 10n;
      s -= 1;
    }
    return s === this.scale ? this : new Decimal(c, s);
  }

  /** Number of digits in the coefficient (0 has one digit): 123.45 -> 5, 0.05 -> 1. */
  precision(): number {
    const c = this.coefficient < 0n ? -this.coefficient : this.coefficient;
    return c.toString().length;
  }

  /**
   * True when the number is exactly representable in SQL DECIMAL(precision, scale): at most `scale`
   * fraction digits (after dropping trailing zeros) and at most precision - scale integer digits.
   */
  fitsIn(precision: number, scale: number): boolean {
    const trimmed = this.stripTrailingZeros();
    if (trimmed.scale > scale) return false;
    return trimmed.rescale(scale).precision() <= precision;
  }

  /** Plain notation that keeps the scale: "12.50", "-0.05", "1200"; never exponent notation. */
  toString(): string {
    const c = this.coefficient;
    const negative = c < 0n;
    let digits = (negative ? -c : c).toString();
    const sign = negative ? '-' : '';
    const s = this.scale;
    if (s === 0) return sign + digits;
    if (digits.length <= s) digits = '0'.repeat(s - digits.length + 1) + digits;
    return `${sign}${digits.slice(0, digits.length - s)}.${digits.slice(digits.length - s)}`;
  }

  /** Rounded half away from zero to `scale` (>= 0) places, written plainly. */
  toFixed(scale: number): string {
    checkScale(scale, 'scale');
    return this.round(scale).toString();
  }

  /** JSON carries decimals as strings so no reader turns them into floats. */
  toJSON(): string {
    return this.toString();
  }

  /** The whole number; throws 'NOT_AN_INTEGER' when there is a fraction. */
  toBigInt(): bigint {
    if (!this.isInteger()) {
      throw new ValueArithmeticError('NOT_AN_INTEGER', `${this.toString()} is not a whole number`);
    }
    return this.coefficient / pow10(this.scale);
  }

  /** Nearest binary float: for display and benchmarks only, never for arithmetic on amounts. */
  toNumber(): number {
    return Number(this.toString());
  }
}

export type RoundingMode = 'half-away-from-zero' | 'half-even' | 'down' | 'up' | 'floor' | 'ceiling';

/** The largest scale a Decimal may have; far beyond any SQL DECIMAL, small enough to stay fast. */
export const MAX_DECIMAL_SCALE = 1000;

/** Places a quotient keeps at least, when the inputs have fewer. */
export const DEFAULT_DIVISION_SCALE = 6;

/**
 * Significant digits of a quotient that does not end (1 / 3): those of IEEE 754 decimal128, far more
 * than any amount times any rate needs before its final ROUND.
 */
export const DIVISION_SIGNIFICANT_DIGITS = 34;

// sign, then either "digits[.digits]" or ".digits", then an optional exponent.
const DECIMAL_TEXT = /^([+-]?)(?:(\d+)(?:\.(\d*))?|()\.(\d+))(?:[eE]([+-]?\d+))?$/;

const POWERS_OF_TEN: bigint[] = [1n];

/** 10^n for n >= 0, cached: arithmetic asks for the same few powers millions of times. */
export function pow10(n: number): bigint {
  const cached = POWERS_OF_TEN[n];
  if (cached !== undefined) return cached;
  let value = POWERS_OF_TEN[POWERS_OF_TEN.length - 1] ?? 1n;
  for (let i = POWERS_OF_TEN.length; i <= n; i++) {
    value *= 10n;
    POWERS_OF_TEN.push(value);
  }
  return value;
}

function checkScale(scale: number, what: string): void {
  if (!Number.isInteger(scale) || scale < 0 || scale > MAX_DECIMAL_SCALE) {
    throw new ValueArithmeticError(
      'OUT_OF_RANGE',
      `${what} ${scale} is not allowed; use a whole number from 0 to ${MAX_DECIMAL_SCALE}`,
    );
  }
}

/** How much to add to a truncated quotient (-1, 0 or +1) so it rounds per `mode`. */
function roundingStep(
  mode: RoundingMode,
  dividend: bigint,
  quotient: bigint,
  remainder: bigint,
  divisor: bigint,
): bigint {
  const away = dividend < 0n ? -1n : 1n;
  switch (mode) {
    case 'down':
      return 0n;
    case 'up':
      return away;
    case 'floor':
      return dividend < 0n ? -1n : 0n;
    case 'ceiling':
      return dividend > 0n ? 1n : 0n;
    case 'half-away-from-zero': {
      const twice = (remainder < 0n ? -remainder : remainder) * 2n;
      return twice >= divisor ? away : 0n;
    }
    case 'half-even': {
      const twice = (remainder < 0n ? -remainder : remainder) * 2n;
      if (twice > divisor) return away;
      if (twice < divisor) return 0n;
      return quotient % 2n === 0n ? 0n : away;
    }
    default: {
      const unknown: never = mode;
      throw new ValueArithmeticError('OUT_OF_RANGE', `unknown rounding mode ${String(unknown)}`);
    }
  }
}

/**
 * The power of ten of the leading digit of n * 10^shift / d (0.0049 -> -3, 12.5 -> 1); n and d are
 * positive. Below 2^53 both are exact as floats and a logarithm answers, unless the quotient is
 * within a hair of a power of ten; otherwise the digit counts place it within one and one exact
 * comparison settles which.
 */
function leadingDigitExponent(n: bigint, shift: number, d: bigint): number {
  if (n < FLOAT_EXACT && d < FLOAT_EXACT) {
    const log = Math.log10(Number(n) / Number(d)) + shift;
    if (Math.abs(log - Math.round(log)) > 1e-9) return Math.floor(log);
  }
  const k = digitCount(n) + shift - digitCount(d);
  // n * 10^shift / d lies in [10^(k-1), 10^(k+1)): it is k exactly when it is at least 10^k.
  const atLeastTenToK = k >= shift ? n >= d * pow10(k - shift) : n * pow10(shift - k) >= d;
  return atLeastTenToK ? k : k - 1;
}

const FLOAT_EXACT = 9_007_199_254_740_992n;

/** Decimal digits of a positive bigint; counted on a float below 2^53, where it is exact and cheaper. */
function digitCount(n: bigint): number {
  if (n >= FLOAT_EXACT) return n.toString().length;
  const x = Number(n);
  let digits = 1;
  for (let limit = 10; x >= limit; limit *= 10) digits++;
  return digits;
}
