import { describe, expect, it } from 'vitest';
import { faultPlan, parseFaultSpec } from './faults.ts';

describe('parseFaultSpec', () => {
  it('reads every kind, with the slow delay and its default', () => {
    expect(parseFaultSpec('429:0.05,503:0.05,reset:0.02,slow:0.01@2000ms,expire:0.01,500:0')).toEqual([
      { kind: '429', rate: 0.05 },
      { kind: '503', rate: 0.05 },
      { kind: 'reset', rate: 0.02 },
      { kind: 'slow', rate: 0.01, delayMs: 2000 },
      { kind: 'expire', rate: 0.01 },
      { kind: '500', rate: 0 },
    ]);
    expect(parseFaultSpec('slow:0.5')).toEqual([{ kind: 'slow', rate: 0.5, delayMs: 2000 }]);
    expect(parseFaultSpec('')).toEqual([]);
  });

  it.each([
    ['404:0.1', /unknown fault "404"/],
    ['503', /is not kind:rate/],
    ['503:1.5', /between 0 and 1/],
    ['503:0.6,429:0.6', /more than 1/],
    ['503:0.1@20ms', /only slow takes a delay/],
    ['503:0.1,503:0.2', /given twice/],
  ])('refuses %s with a clear message and code', (spec, message) => {
    expect(() => parseFaultSpec(spec)).toThrow(message);
    expect(() => parseFaultSpec(spec)).toThrow(expect.objectContaining({ code: 'FAULT_SPEC_INVALID' }));
  });
});

describe('faultPlan', () => {
  it('is deterministic by seed and close to the rates', () => {
    const rules = parseFaultSpec('429:0.1,reset:0.05');
    const draw = (seed: number) => {
      const next = faultPlan(rules, seed);
      return Array.from({ length: 4000 }, () => next().kind);
    };
    const first = draw(7);
    expect(draw(7)).toEqual(first);
    expect(draw(8)).not.toEqual(first);
    const share = (kind: string) => first.filter((item) => item === kind).length / first.length;
    expect(share('429')).toBeGreaterThan(0.08);
    expect(share('429')).toBeLessThan(0.12);
    expect(share('reset')).toBeGreaterThan(0.035);
    expect(share('reset')).toBeLessThan(0.065);
  });
});
