/**
 * Text compares as spreadsheets compare it: case aside, in dictionary order, accents counting. The
 * quick paths for plain ASCII text must give exactly what the collator gives (property tests).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareText, equalsText, textEquals } from './text-order.ts';

const COLLATOR = new Intl.Collator('en', { sensitivity: 'accent', usage: 'sort' });
const sign = (n: number): number => (n === 0 ? 0 : n < 0 ? -1 : 1);

describe('text order', () => {
  it('ignores case', () => {
    expect(textEquals('Posted', 'posted')).toBe(true);
    expect(textEquals('ACME Corp', 'acme corp')).toBe(true);
    expect(compareText('Posted', 'POSTED')).toBe(0);
  });

  it('orders by dictionary, not by character code', () => {
    expect(compareText('a', 'B')).toBe(-1);
    expect(compareText('B', 'a')).toBe(1);
    expect(compareText('apple', 'Banana')).toBe(-1);
    expect(compareText('ab', 'abc')).toBe(-1);
    expect(compareText('-1', 'a')).toBe(-1);
  });

  it('counts accents, ordering an accented letter right after the plain one', () => {
    expect(textEquals('resume', 'résumé')).toBe(false);
    expect(textEquals('Résumé', 'résumé')).toBe(true);
    expect(compareText('e', 'é')).toBe(-1);
    expect(compareText('é', 'f')).toBe(-1);
    expect(compareText('Zürich', 'Zurich')).toBe(1);
  });

  it('gives what the collator gives on printable ASCII text', () => {
    const ascii = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) });
    fc.assert(
      fc.property(ascii, ascii, (a, b) => {
        expect(compareText(a, b)).toBe(sign(COLLATOR.compare(a, b)));
        expect(textEquals(a, b)).toBe(COLLATOR.compare(a, b) === 0);
      }),
      { numRuns: 5000 },
    );
  });

  it('equalsText of a known text gives what textEquals gives', () => {
    const unit = fc.constantFrom('4', '5', 'a', 'A', '-', ' ', 'é', '\u00ad', '\uff14', '\t');
    const text = fc.array(unit, { maxLength: 4 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, text, (known, other) => {
        expect(equalsText(known)(other)).toBe(textEquals(other, known));
      }),
      { numRuns: 5000 },
    );
  });

  it('gives what the collator gives on any text, with case pairs and accents mixed in', () => {
    const unit = fc.constantFrom(
      'a',
      'A',
      'b',
      'B',
      'é',
      'É',
      'e',
      ' ',
      '-',
      '1',
      '\t',
      '\u00ad',
      'ß',
      'ss',
      '\u{1F600}',
    );
    const text = fc.array(unit, { maxLength: 6 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(compareText(a, b)).toBe(sign(COLLATOR.compare(a, b)));
        expect(textEquals(a, b)).toBe(COLLATOR.compare(a, b) === 0);
      }),
      { numRuns: 5000 },
    );
  });
});
