import { describe, expect, it } from 'vitest';
import { Decimal, PlainDate, Timestamp, type Value } from '../../model/values/index.ts';
import type { MappingType } from '../types.ts';
import { specOf, testContext } from './testing.ts';

/** The value, or the hold code, of running `run` on `args`. */
function outcome(run: () => Value): unknown {
  try {
    return { value: run() };
  } catch (error) {
    return { hold: (error as { code?: string }).code ?? String(error) };
  }
}

/**
 * A specialized call site must behave exactly as the general evaluate, for the proven kind and for
 * values of another kind (an untyped field) alike.
 */
function expectSameAsGeneral(name: string, types: readonly MappingType[], rows: readonly (readonly Value[])[]): void {
  const spec = specOf(name);
  const ctx = testContext();
  for (const args of rows) {
    const constants = args.map((arg, i) => (i === 0 ? undefined : arg));
    const fast = spec.specialize?.(types, constants);
    expect(fast, `${name} specializes`).toBeDefined();
    expect(outcome(() => fast!(args[0] ?? null, ctx))).toEqual(outcome(() => spec.evaluate!(args, ctx)));
  }
}

describe('specialized call sites', () => {
  it('LEFT and MID count characters, not code units, and still check the text', () => {
    const texts: Value[] = ['4010-100', '😀ab', 'a😀b', 'ab😀', 'é😀x', '', 12, Decimal.parse('1.5')];
    for (const text of texts) {
      expectSameAsGeneral(
        'LEFT',
        [{ kind: 'string' }, { kind: 'integer' }],
        [
          [text, 0],
          [text, 1],
          [text, 2],
          [text, 4],
          [text, 99],
        ],
      );
      expectSameAsGeneral(
        'MID',
        [{ kind: 'string' }, { kind: 'integer' }, { kind: 'integer' }],
        [
          [text, 1, 1],
          [text, 2, 1],
          [text, 2, 3],
          [text, 6, 3],
          [text, 9, 0],
        ],
      );
    }
  });

  it('LEFT and MID leave bad constants to the general evaluate, which holds', () => {
    expect(specOf('LEFT').specialize?.([{ kind: 'string' }, { kind: 'integer' }], [undefined, -1])).toBeUndefined();
    expect(
      specOf('MID').specialize?.([{ kind: 'string' }, { kind: 'integer' }, { kind: 'integer' }], [undefined, 0, 1]),
    ).toBeUndefined();
  });

  it('ROUND rounds decimals and passes integers and other kinds to the general evaluate', () => {
    const values: Value[] = [Decimal.parse('1234.565'), Decimal.parse('-2.5'), Decimal.parse('12.5'), 1234, -1250, 'x'];
    for (const value of values) {
      expectSameAsGeneral(
        'ROUND',
        [{ kind: 'decimal' }, { kind: 'integer' }],
        [
          [value, 2],
          [value, 0],
          [value, -2],
          [value, 100],
        ],
      );
    }
    expect(specOf('ROUND').specialize?.([{ kind: 'decimal' }, { kind: 'integer' }], [undefined, 101])).toBeUndefined();
  });

  it('YEAR, MONTH and DAY read dates directly and pass timestamps and other kinds to the general evaluate', () => {
    const values: Value[] = [PlainDate.of(2024, 2, 29), Timestamp.parse('2024-12-31T23:30:00-05:00'), 'x', 7];
    for (const name of ['YEAR', 'MONTH', 'DAY']) {
      for (const value of values) expectSameAsGeneral(name, [{ kind: 'date' }], [[value]]);
    }
  });

  it("FISCALPERIOD with the run's start month or a constant one gives what the general evaluate gives", () => {
    const values: Value[] = [
      PlainDate.of(2024, 1, 15),
      PlainDate.of(2024, 7, 1),
      PlainDate.of(2024, 12, 31),
      Timestamp.parse('2024-06-30T23:00:00+02:00'),
      'x',
    ];
    for (const start of [1, 7, 12]) {
      for (const value of values) {
        expectSameAsGeneral('FISCALPERIOD', [{ kind: 'date' }, { kind: 'integer' }], [[value, start]]);
        for (const runStart of [1, 7, 12, 0, 13, 2.5]) {
          const ctx = testContext({ fiscalYearStartMonth: runStart });
          const spec = specOf('FISCALPERIOD');
          const fast = spec.specialize?.([{ kind: 'date' }], [undefined]);
          expect(fast).toBeDefined();
          expect(outcome(() => fast!(value, ctx))).toEqual(outcome(() => spec.evaluate!([value], ctx)));
        }
      }
    }
    expect(
      specOf('FISCALPERIOD').specialize?.([{ kind: 'date' }, { kind: 'integer' }], [undefined, 13]),
    ).toBeUndefined();
  });
});
