import { describe, expect, it } from 'vitest';
import type { Value } from '../../model/values/index.ts';
import { T, type MappingType } from '../types.ts';
import { FUNCTIONS, findFunction } from './index.ts';
import { call, testContext } from './testing.ts';

describe('FUNCTIONS', () => {
  it('holds the whole library under upper-case names', () => {
    const expected = [
      'IF',
      'IFS',
      'SWITCH',
      'AND',
      'OR',
      'NOT',
      'COALESCE',
      'ISBLANK',
      'ISEMPTY',
      'LEFT',
      'RIGHT',
      'MID',
      'LEN',
      'TRIM',
      'TRIM_ENDS',
      'UPPER',
      'LOWER',
      'SUBSTITUTE',
      'SPLIT',
      'PAD',
      'ROUND',
      'ABS',
      'SIGN',
      'MIN',
      'MAX',
      'DATE',
      'YEAR',
      'MONTH',
      'DAY',
      'EOMONTH',
      'FISCALPERIOD',
      'TODAY',
      'PARSE_DATE',
      'FORMAT_DATE',
      'TO_DATE',
      'TEXT',
      'NUMBER',
      'DECIMAL',
      'INTEGER',
      'VALUE',
      'HASH',
      'CONCATENATE',
      'TEXTJOIN',
      'EXACT',
      'ROUNDUP',
      'ROUNDDOWN',
      'TRUNC',
      'INT',
      'MOD',
      'MROUND',
      'EDATE',
      'WEEKDAY',
      'NETWORKDAYS',
      'DATEDIF',
    ];
    expect([...FUNCTIONS.keys()].sort()).toEqual([...expected].sort());
    expect(FUNCTIONS.has('LOOKUP')).toBe(false);
  });

  it('finds functions whatever the case', () => {
    expect(findFunction('left')?.name).toBe('LEFT');
    expect(findFunction('Eomonth')?.name).toBe('EOMONTH');
    expect(findFunction('nope')).toBeUndefined();
  });

  it('every spec is complete and consistent', () => {
    for (const [name, spec] of FUNCTIONS) {
      expect(spec.name).toBe(name);
      expect(spec.signature.startsWith(`${name}(`)).toBe(true);
      expect(spec.description.length).toBeGreaterThan(10);
      expect(spec.example.length).toBeGreaterThan(0);
      expect(spec.minArgs).toBeLessThanOrEqual(spec.maxArgs);
      expect(spec.maxArgs === Infinity).toBe(spec.params.some((param) => param.variadic === true));
      if (spec.strategy === 'lazy') expect(typeof spec.evaluateLazy).toBe('function');
      else expect(typeof spec.evaluate).toBe('function');
      // A rule must answer for arguments of unknown type without throwing.
      const anyArgs: MappingType[] = Array.from({ length: spec.minArgs }, () => T.any);
      expect(() => spec.returnType(anyArgs)).not.toThrow();
    }
  });

  it('only TODAY is impure', () => {
    const impure = [...FUNCTIONS.values()].filter((spec) => !spec.pure).map((spec) => spec.name);
    expect(impure).toEqual(['TODAY']);
  });
});

describe('NULL rules', () => {
  const notPropagating = [
    'IF',
    'IFS',
    'SWITCH',
    'AND',
    'OR',
    'NOT',
    'COALESCE',
    'ISBLANK',
    'ISEMPTY',
    'MIN',
    'MAX',
    'HASH',
    'CONCATENATE',
    'TEXTJOIN',
    'EXACT',
    'TODAY',
  ];

  it('exactly the documented functions do not propagate NULL', () => {
    const found = [...FUNCTIONS.values()]
      .filter((spec) => spec.strategy === 'lazy' || !spec.nullPropagating)
      .map((spec) => spec.name)
      .filter((name) => name !== 'TODAY');
    expect(found.sort()).toEqual(notPropagating.filter((name) => name !== 'TODAY').sort());
  });

  it('every propagating function gives NULL for a NULL in any position', () => {
    for (const spec of FUNCTIONS.values()) {
      if (spec.strategy === 'lazy' || !spec.nullPropagating) continue;
      for (let position = 0; position < spec.minArgs; position++) {
        const args: Value[] = Array.from({ length: spec.minArgs }, (_, i) => (i === position ? null : 'x'));
        expect(call(spec.name, args, testContext()), `${spec.name} with NULL as argument ${position + 1}`).toBeNull();
      }
    }
  });

  it('the exceptions behave as documented', () => {
    expect(call('IF', [null, 1, 2])).toBe(2);
    expect(call('IFS', [null, 1, true, 2])).toBe(2);
    expect(call('SWITCH', [null, null, 1, 2])).toBe(1);
    expect(call('AND', [true, null])).toBe(true);
    expect(call('AND', [false, null])).toBe(false);
    expect(call('OR', [true, null])).toBe(true);
    expect(call('OR', [false, null])).toBe(false);
    expect(call('COALESCE', [null, 3])).toBe(3);
    expect(call('ISBLANK', [null])).toBe(true);
    expect(call('MIN', [null, 3])).toBe(3);
    expect(call('HASH', [null])).not.toBeNull();
    expect(call('CONCATENATE', ['a', null, 'b'])).toBe('ab');
    expect(call('TEXTJOIN', ['-', false, 'a', null, 'b'])).toBe('a--b');
    expect(call('TEXTJOIN', [null, false, 'a'])).toBeNull();
    expect(call('TEXT', [null])).toBeNull();
    expect(call('EXACT', [null, ''])).toBe(true);
    expect(call('EXACT', [null, null])).toBe(true);
    expect(call('EXACT', ['', null])).toBe(true);
    expect(call('EXACT', [null, ' '])).toBe(false);
    expect(call('NOT', [null])).toBe(true);
  });
});
