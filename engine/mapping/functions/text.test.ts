import { describe, expect, it } from 'vitest';
import { Decimal } from '../../model/values/index.ts';
import { T } from '../types.ts';
import { call, holdOf, typeOf } from './testing.ts';

describe('LEFT', () => {
  it('takes the first characters, one by default', () => {
    expect(call('LEFT', ['40100', 1])).toBe('4');
    expect(call('LEFT', ['40100'])).toBe('4');
    expect(call('LEFT', ['40100', 10])).toBe('40100');
    expect(call('LEFT', ['😀ab', 1])).toBe('😀');
  });

  it('propagates NULL and holds a negative count', () => {
    expect(call('LEFT', [null, 2])).toBeNull();
    expect(call('LEFT', ['abc', null])).toBeNull();
    expect(holdOf('LEFT', ['abc', -1])).toEqual({
      code: 'INVALID_ARGUMENT',
      reason: 'LEFT needs a count of 0 or more, not -1',
    });
  });

  it('types: text and an integer', () => {
    expect(typeOf('LEFT', [T.string, T.integer])).toBe('string');
    expect(typeOf('LEFT', [T.decimal, T.integer])).toBe(
      'error: LEFT expects text as its first argument, but got a decimal. Use TEXT(...) to turn it into text.',
    );
    expect(typeOf('LEFT', [T.string, T.decimal])).toContain('LEFT expects an integer as its second argument');
    expect(holdOf('LEFT', [Decimal.parse('1.5'), 1])).toEqual({
      code: 'WRONG_TYPE',
      reason: 'LEFT expects text as its first argument, but got the decimal 1.5',
    });
  });
});

describe('RIGHT', () => {
  it('takes the last characters', () => {
    expect(call('RIGHT', ['2024-Q1', 2])).toBe('Q1');
    expect(call('RIGHT', ['abc'])).toBe('c');
    expect(call('RIGHT', ['abc', 0])).toBe('');
    expect(call('RIGHT', ['ab😀', 2])).toBe('b😀');
    expect(call('RIGHT', [null])).toBeNull();
    expect(holdOf('RIGHT', ['abc', -2]).code).toBe('INVALID_ARGUMENT');
    expect(typeOf('RIGHT', [T.integer])).toContain('RIGHT expects text');
  });
});

describe('MID', () => {
  it('counts from 1', () => {
    expect(call('MID', ['000-4010-00', 5, 4])).toBe('4010');
    expect(call('MID', ['abc', 3, 5])).toBe('c');
    expect(call('MID', ['abc', 5, 2])).toBe('');
    expect(call('MID', ['é😀x', 2, 1])).toBe('😀');
    expect(call('MID', ['abc', null, 1])).toBeNull();
  });

  it('holds a start below 1 or a negative count', () => {
    expect(holdOf('MID', ['abc', 0, 1]).reason).toBe('MID counts positions from 1, so start cannot be 0');
    expect(holdOf('MID', ['abc', 1, -1]).code).toBe('INVALID_ARGUMENT');
    expect(typeOf('MID', [T.string, T.integer, T.string])).toContain('third argument');
  });
});

describe('LEN', () => {
  it('counts characters, not UTF-16 units', () => {
    expect(call('LEN', ['4010'])).toBe(4);
    expect(call('LEN', [''])).toBe(0);
    expect(call('LEN', ['😀😀'])).toBe(2);
    expect(call('LEN', [null])).toBeNull();
    expect(typeOf('LEN', [T.string])).toBe('integer');
    expect(typeOf('LEN', [T.integer])).toContain('LEN expects text');
  });
});

describe('TRIM', () => {
  it('TRIM takes spaces off the ends and makes inner runs of them one, as a spreadsheet does', () => {
    expect(call('TRIM', ['  ACME  Corp  '])).toBe('ACME Corp');
    expect(call('TRIM', ['\tACME  Corp \t'])).toBe('\tACME Corp \t');
    expect(call('TRIM', [null])).toBeNull();
  });

  it('TRIM_ENDS trims any space off the ends and keeps inner spaces', () => {
    expect(call('TRIM_ENDS', ['  ACME  Corp \t'])).toBe('ACME  Corp');
    expect(call('TRIM_ENDS', [null])).toBeNull();
    expect(typeOf('TRIM', [T.date])).toContain('TRIM expects text');
  });
});

describe('UPPER and LOWER', () => {
  it('change case', () => {
    expect(call('UPPER', ['acme straße'])).toBe('ACME STRASSE');
    expect(call('LOWER', ['ACME'])).toBe('acme');
    expect(call('UPPER', [null])).toBeNull();
    expect(call('LOWER', [null])).toBeNull();
    expect(typeOf('UPPER', [T.boolean])).toContain('UPPER expects text');
    expect(typeOf('LOWER', [T.any])).toBe('string');
  });
});

describe('SUBSTITUTE', () => {
  it('replaces every occurrence; an empty old text changes nothing', () => {
    expect(call('SUBSTITUTE', ['000-4010-00', '-', ''])).toBe('000401000');
    expect(call('SUBSTITUTE', ['a.b.c', '.', '::'])).toBe('a::b::c');
    expect(call('SUBSTITUTE', ['abc', '', 'x'])).toBe('abc');
    expect(call('SUBSTITUTE', ['abc', 'b', null])).toBeNull();
    expect(typeOf('SUBSTITUTE', [T.string, T.string, T.integer])).toContain('third argument');
  });
});

describe('SPLIT', () => {
  it('cuts text into a list of text', () => {
    expect(call('SPLIT', ['000-4010-00', '-'])).toEqual(['000', '4010', '00']);
    expect(call('SPLIT', ['abc', ','])).toEqual(['abc']);
    expect(call('SPLIT', ['a,,b', ','])).toEqual(['a', '', 'b']);
    expect(call('SPLIT', [null, ','])).toBeNull();
    expect(holdOf('SPLIT', ['abc', '']).reason).toBe('SPLIT needs a delimiter that is not empty');
    expect(typeOf('SPLIT', [T.string, T.string])).toBe('list<string>');
  });
});

describe('PAD', () => {
  it('zero-fills on the left by default', () => {
    expect(call('PAD', ['42', 5])).toBe('00042');
    expect(call('PAD', ['42', 5, '0'])).toBe('00042');
    expect(call('PAD', ['42', 5, ' ', 'right'])).toBe('42   ');
    expect(call('PAD', ['42', 5, '*', 'LEFT'])).toBe('***42');
    expect(call('PAD', ['123456', 5])).toBe('123456');
  });

  it('propagates NULL and holds bad arguments', () => {
    expect(call('PAD', [null, 5])).toBeNull();
    expect(holdOf('PAD', ['42', 5, '00']).reason).toBe('PAD fills with exactly one character, not "00"');
    expect(holdOf('PAD', ['42', 5, '0', 'middle']).reason).toBe('PAD fills on the "left" or the "right", not "middle"');
    expect(holdOf('PAD', ['42', -1]).code).toBe('INVALID_ARGUMENT');
    expect(holdOf('PAD', ['42', 10_000_000]).code).toBe('INVALID_ARGUMENT');
  });

  it('types: no implicit number to text', () => {
    expect(typeOf('PAD', [T.integer, T.integer])).toBe(
      'error: PAD expects text as its first argument, but got an integer. Use TEXT(...) to turn it into text.',
    );
    expect(typeOf('PAD', [T.string, T.integer, T.string, T.string])).toBe('string');
  });
});
