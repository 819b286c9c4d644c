import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonNumber, JsonSyntaxError, jsonTreeText, parseJsonExact } from './json-exact.ts';
import type { JsonTree } from './json-exact.ts';

/** The tree with numbers turned into JS numbers, to compare with JSON.parse. */
function asPlain(tree: JsonTree): unknown {
  if (tree instanceof JsonNumber) return Number(tree.text);
  if (Array.isArray(tree)) return (tree as readonly JsonTree[]).map(asPlain);
  if (tree !== null && typeof tree === 'object') {
    return Object.fromEntries(Object.entries(tree as Record<string, JsonTree>).map(([k, v]) => [k, asPlain(v)]));
  }
  return tree;
}

describe('parseJsonExact', () => {
  it('keeps every digit of a number that JSON.parse would round', () => {
    const tree = parseJsonExact('{"amount": 12345678901234567.89, "big": 123456789012345678901234567890}') as Record<
      string,
      JsonTree
    >;
    expect(tree['amount']).toEqual(new JsonNumber('12345678901234567.89'));
    expect(tree['big']).toEqual(new JsonNumber('123456789012345678901234567890'));
    expect(String(JSON.parse('12345678901234567.89'))).not.toBe('12345678901234567.89'); // the loss this avoids
  });

  it('reads nested objects, arrays, escapes and literals', () => {
    const tree = parseJsonExact(' {"a": {"b": [1, -2.5e3, true, null, "x\\"y\\u00e9"]}, "c": false} ');
    expect(asPlain(tree)).toEqual({ a: { b: [1, -2500, true, null, 'x"yé'] }, c: false });
  });

  it('treats "__proto__" as an ordinary field', () => {
    const tree = parseJsonExact('{"__proto__": {"polluted": true}}') as Record<string, JsonTree>;
    expect(Object.keys(tree)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each([
    ['{"a": 1,}', /expected a quoted field name/],
    ['{"a" 1}', /expected ':'/],
    ['[1 2]', /expected ',' or '\]'/],
    ['{"a": 01}', /unexpected text after the JSON value|expected ',' or '}'/],
    ['{"a": "open', /never closed/],
    ['{"a": NaN}', /expected a JSON value/],
    ['{} {}', /unexpected text after the JSON value/],
  ])('refuses %s with a position', (text, message) => {
    expect(() => parseJsonExact(text)).toThrow(JsonSyntaxError);
    expect(() => parseJsonExact(text)).toThrow(message);
  });

  it('refuses hostile nesting before the call stack does', () => {
    expect(() => parseJsonExact('['.repeat(100_000))).toThrow(/nested deeper than 200/);
  });

  it('agrees with JSON.parse on any JSON text, apart from number precision', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(asPlain(parseJsonExact(text))).toEqual(JSON.parse(text));
        expect(jsonTreeText(parseJsonExact(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
