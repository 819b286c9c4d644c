import { describe, expect, it } from 'vitest';
import { Decimal, type Value } from '../../model/values/index.ts';
import { T } from '../types.ts';
import { call, holdOf, specOf, testContext, typeOf, typeRule } from './testing.ts';
import { invokeFunction } from './invoke.ts';

const dec = (text: string): Decimal => Decimal.parse(text);

/** Calls a lazy function and records which arguments it evaluated. */
function lazyCall(name: string, args: readonly Value[]): { result: Value; evaluated: number[] } {
  const evaluated: number[] = [];
  const thunks = args.map((arg, index) => () => {
    evaluated.push(index);
    return arg;
  });
  return { result: invokeFunction(specOf(name), thunks, testContext()), evaluated };
}

describe('IF', () => {
  it('takes then or else and evaluates only the branch taken', () => {
    expect(lazyCall('IF', [true, 'a', 'b'])).toEqual({ result: 'a', evaluated: [0, 1] });
    expect(lazyCall('IF', [false, 'a', 'b'])).toEqual({ result: 'b', evaluated: [0, 2] });
    expect(call('IF', [false, 'a'])).toBe(false);
  });

  it('treats a NULL condition as not true', () => {
    expect(call('IF', [null, 'a', 'b'])).toBe('b');
  });

  it('types: boolean condition, branches share one type, integer widens to decimal', () => {
    expect(typeOf('IF', [T.boolean, T.integer, T.decimal])).toBe('decimal');
    expect(typeOf('IF', [T.boolean, T.string])).toBe('string');
    expect(typeOf('IF', [T.boolean, T.boolean])).toBe('boolean');
    expect(typeOf('IF', [T.boolean, T.null])).toBe('boolean');
    expect(typeOf('IF', [T.boolean, T.null, T.date])).toBe('date');
    expect(typeOf('IF', [T.string, T.integer, T.integer])).toBe(
      'error: IF expects a boolean (true or false) as its first argument, but got a string.',
    );
    expect(typeRule('IF', [T.boolean, T.string, T.decimal])).toMatchObject({ argIndex: 2 });
    expect(typeOf('IF', [T.boolean, T.string, T.decimal])).toContain('a string and a decimal are mixed');
  });

  it('holds the row when an untyped condition is not a boolean', () => {
    expect(holdOf('IF', ['yes', 1, 2])).toMatchObject({
      code: 'WRONG_TYPE',
      reason: expect.stringContaining('the string "yes"'),
    });
  });
});

describe('IFS', () => {
  it('takes the first true condition and skips NULL ones', () => {
    expect(lazyCall('IFS', [false, 'a', true, 'b', true, 'c'])).toEqual({ result: 'b', evaluated: [0, 2, 3] });
    expect(call('IFS', [null, 'a', true, 'b'])).toBe('b');
    expect(holdOf('IFS', [false, 'a', null, 'b']).code).toBe('NO_MATCH');
  });

  it('types: pairs required, values share one type', () => {
    expect(typeOf('IFS', [T.boolean, T.integer, T.boolean, T.decimal])).toBe('decimal');
    expect(typeOf('IFS', [T.boolean, T.integer, T.boolean])).toContain('in pairs');
    expect(typeOf('IFS', [T.boolean, T.integer, T.integer, T.integer])).toContain('third argument');
  });
});

describe('SWITCH', () => {
  it('matches cases by value, numbers across kinds, with a default', () => {
    expect(call('SWITCH', [1, dec('1.00'), 'one', 2, 'two'])).toBe('one');
    expect(call('SWITCH', [3, 1, 'one', 2, 'two', 'other'])).toBe('other');
    expect(holdOf('SWITCH', [3, 1, 'one', 2, 'two']).code).toBe('NO_MATCH');
    expect(call('SWITCH', ['B', 'a', 'one', 'b', 'two'])).toBe('two');
  });

  it('evaluates only what it needs', () => {
    expect(lazyCall('SWITCH', ['b', 'a', 1, 'b', 2, 'c', 3, 0])).toEqual({ result: 2, evaluated: [0, 1, 3, 4] });
  });

  it('an empty value matches as = compares it: an empty case, 0, empty text or FALSE', () => {
    expect(call('SWITCH', [null, null, 'null case', 'default'])).toBe('null case');
    expect(call('SWITCH', [null, 0, 'zero', 'default'])).toBe('zero');
    expect(call('SWITCH', [null, 'x', 'x', '', 'empty'])).toBe('empty');
    expect(holdOf('SWITCH', ['x', null, 'null case']).code).toBe('NO_MATCH');
  });

  it('types: cases comparable with the value, results share one type', () => {
    expect(typeOf('SWITCH', [T.integer, T.integer, T.string, T.string])).toBe('string');
    expect(typeOf('SWITCH', [T.string, T.integer, T.string])).toContain('can never be equal');
    expect(typeOf('SWITCH', [T.string, T.string, T.string, T.integer])).toContain('mixed');
  });
});

describe('AND and OR', () => {
  it('AND skips empty values, as a spreadsheet skips empty cells, and stops at false', () => {
    expect(call('AND', [true, true])).toBe(true);
    expect(call('AND', [true, null])).toBe(true);
    expect(holdOf('AND', [null, null]).code).toBe('NO_CONDITION');
    expect(call('AND', [null, false])).toBe(false);
    expect(lazyCall('AND', [false, true])).toEqual({ result: false, evaluated: [0] });
  });

  it('OR skips empty values, as a spreadsheet skips empty cells, and stops at true', () => {
    expect(call('OR', [false, false])).toBe(false);
    expect(call('OR', [false, null])).toBe(false);
    expect(holdOf('OR', [null]).code).toBe('NO_CONDITION');
    expect(call('OR', [null, true])).toBe(true);
    expect(lazyCall('OR', [true, false])).toEqual({ result: true, evaluated: [0] });
  });

  it('types and runtime checks', () => {
    expect(typeOf('AND', [T.boolean, T.any, T.null])).toBe('boolean');
    expect(typeOf('OR', [T.boolean, T.integer])).toBe(
      'error: OR expects a boolean (true or false) as its second argument, but got an integer.',
    );
    expect(holdOf('AND', [true, 1]).code).toBe('WRONG_TYPE');
    expect(holdOf('OR', [false, 'x']).code).toBe('WRONG_TYPE');
  });
});

describe('NOT', () => {
  it('negates, and an empty condition counts as FALSE, so NOT of it is TRUE', () => {
    expect(call('NOT', [true])).toBe(false);
    expect(call('NOT', [false])).toBe(true);
    expect(call('NOT', [null])).toBe(true);
    expect(typeOf('NOT', [T.string])).toContain('NOT expects a boolean');
    expect(holdOf('NOT', [1]).code).toBe('WRONG_TYPE');
  });
});

describe('COALESCE', () => {
  it('returns the first non-NULL value and stops there', () => {
    expect(lazyCall('COALESCE', [null, 'b', 'c'])).toEqual({ result: 'b', evaluated: [0, 1] });
    expect(call('COALESCE', [null, null])).toBeNull();
    expect(call('COALESCE', [false, true])).toBe(false);
  });

  it('types: candidates share one type', () => {
    expect(typeOf('COALESCE', [T.integer, T.decimal])).toBe('decimal');
    expect(typeOf('COALESCE', [T.null, T.null])).toBe('null');
    expect(typeOf('COALESCE', [T.string, T.integer])).toContain("COALESCE's values must all be of one type");
  });
});

describe('ISBLANK', () => {
  it('ISBLANK is true for NULL only, as a spreadsheet tests an empty cell', () => {
    expect(call('ISBLANK', [null])).toBe(true);
    expect(call('ISBLANK', [''])).toBe(false);
    expect(call('ISBLANK', [' '])).toBe(false);
  });

  it('ISEMPTY is true for NULL, empty and whitespace-only text, never NULL', () => {
    expect(call('ISEMPTY', [null])).toBe(true);
    expect(call('ISEMPTY', [''])).toBe(true);
    expect(call('ISEMPTY', [' \t\n'])).toBe(true);
    expect(call('ISEMPTY', ['x'])).toBe(false);
    expect(call('ISEMPTY', [0])).toBe(false);
    expect(call('ISBLANK', ['x'])).toBe(false);
    expect(call('ISBLANK', [0])).toBe(false);
    expect(call('ISBLANK', [false])).toBe(false);
    expect(typeOf('ISBLANK', [T.decimal])).toBe('boolean');
  });
});
