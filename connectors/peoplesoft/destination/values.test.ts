/** Typed comparison of a row's values with the CI buffer's JSON, and their JSON text. */
import { describe, expect, it } from 'vitest';
import { Decimal, PlainDate } from '../../../engine/model/values/index.ts';
import { JsonNumber } from '../../kit/json-exact.ts';
import { jsonText, sameValue } from './values.ts';

describe('PeopleSoft destination values', () => {
  it('compares numbers as exact decimals from their digits', () => {
    expect(sameValue(Decimal.parse('1.50'), new JsonNumber('1.5'))).toBe(true);
    expect(sameValue(Decimal.parse('0.1'), '0.10')).toBe(true);
    expect(sameValue(Decimal.parse('12345678901234567.01'), new JsonNumber('12345678901234567.02'))).toBe(false);
    expect(sameValue(3, new JsonNumber('3.0'))).toBe(true);
  });

  it("treats null, '' and a space as one blank, and nothing else as blank", () => {
    expect(sameValue(null, ' ')).toBe(true);
    expect(sameValue('', undefined)).toBe(true);
    expect(sameValue(null, 'R')).toBe(false);
    expect(sameValue('R', ' ')).toBe(false);
  });

  it('compares dates by their text and booleans as Y/N', () => {
    expect(sameValue(PlainDate.parse('2026-01-05'), '2026-01-05')).toBe(true);
    expect(sameValue(true, 'Y')).toBe(true);
    expect(sameValue(false, 'Y')).toBe(false);
  });

  it('writes numbers from their digits, blanks as a space, booleans as Y/N', () => {
    expect(jsonText(Decimal.parse('12345678901234567.01'))).toBe('12345678901234567.01');
    expect(jsonText(null)).toBe('" "');
    expect(jsonText(true)).toBe('"Y"');
    expect(jsonText('a"b')).toBe('"a\\"b"');
  });
});
