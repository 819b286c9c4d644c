import { describe, expect, it } from 'vitest';
import { renameFunctionCalls } from './formula-renames.ts';

const RENAMES = new Map([
  ['TRIM', 'TRIM_ENDS'],
  ['ISBLANK', 'ISEMPTY'],
]);
const rename = (formula: string): string => renameFunctionCalls(formula, RENAMES);

describe('renameFunctionCalls', () => {
  it('renames calls in any case, nested and spaced', () => {
    expect(rename('TRIM(Name)')).toBe('TRIM_ENDS(Name)');
    expect(rename('IF(isblank (LIFNR), "C-" & KUNNR, Trim(NAME1))')).toBe(
      'IF(ISEMPTY (LIFNR), "C-" & KUNNR, TRIM_ENDS(NAME1))',
    );
  });

  it('leaves text, bracketed names, fields and longer names alone', () => {
    expect(rename('"TRIM(x)" & [TRIM(odd]]name] & TRIM & MYTRIM(x) & vendor.TRIM')).toBe(
      '"TRIM(x)" & [TRIM(odd]]name] & TRIM & MYTRIM(x) & vendor.TRIM',
    );
    expect(rename('"say ""TRIM(x)""" & TRIM(a)')).toBe('"say ""TRIM(x)""" & TRIM_ENDS(a)');
  });

  it('rewrites a formula that does not parse as far as it reads', () => {
    expect(rename('TRIM(Name')).toBe('TRIM_ENDS(Name');
    expect(rename('"open TRIM(')).toBe('"open TRIM(');
  });
});
