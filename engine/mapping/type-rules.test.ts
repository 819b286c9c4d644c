import { describe, expect, it } from 'vitest';
import { aType, closestName, editDistance, formatType, isAssignable, widerType } from './type-rules.ts';
import { T } from './types.ts';

describe('implicit conversions', () => {
  it('allows only lossless ones: NULL to anything, integer to decimal, unknown to anything', () => {
    expect(isAssignable(T.integer, T.decimal)).toBe(true);
    expect(isAssignable(T.null, T.date)).toBe(true);
    expect(isAssignable(T.any, T.string)).toBe(true);
    expect(isAssignable(T.list(T.integer), T.list(T.decimal))).toBe(true);
  });

  it('refuses lossy or meaning-changing ones', () => {
    expect(isAssignable(T.decimal, T.integer)).toBe(false);
    expect(isAssignable(T.integer, T.string)).toBe(false);
    expect(isAssignable(T.string, T.integer)).toBe(false);
    expect(isAssignable(T.date, T.timestamp)).toBe(false);
    expect(isAssignable(T.timestamp, T.date)).toBe(false);
    expect(isAssignable(T.boolean, T.integer)).toBe(false);
  });

  it('finds the wider of two types, or none', () => {
    expect(widerType(T.integer, T.decimal)).toEqual(T.decimal);
    expect(widerType(T.decimal, T.integer)).toEqual(T.decimal);
    expect(widerType(T.null, T.string)).toEqual(T.string);
    expect(widerType(T.string, T.null)).toEqual(T.string);
    expect(widerType(T.string, T.integer)).toBeUndefined();
  });
});

describe('type words', () => {
  it('names types in the pipeline vocabulary with an article', () => {
    expect(formatType(T.list(T.string))).toBe('list<string>');
    expect(aType(T.integer)).toBe('an integer');
    expect(aType(T.decimal)).toBe('a decimal');
    expect(aType(T.null)).toBe('NULL');
  });
});

describe('suggestions', () => {
  it('measures edits case-insensitively', () => {
    expect(editDistance('ACTNMST', 'ACTNUMST')).toBe(1);
    expect(editDistance('actnumst', 'ACTNUMST')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('RUOND', 'ROUND')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests the closest name only when it is a likely typo', () => {
    expect(closestName('ACTNMST', ['DEBITAMT', 'ACTNUMST', 'CRDTAMNT'])).toBe('ACTNUMST');
    expect(closestName('vendor', ['DEBITAMT', 'ACTNUMST'])).toBeUndefined();
  });
});
