import { describe, expect, it } from 'vitest';
import { moneyText } from './money.ts';

describe('moneyText', () => {
  it('groups thousands and shows two places', () => {
    expect(moneyText('1250')).toBe('1,250.00');
    expect(moneyText('2602.54')).toBe('2,602.54');
    expect(moneyText('0')).toBe('0.00');
    expect(moneyText('999.9')).toBe('999.90');
  });

  it('keeps huge amounts exact', () => {
    expect(moneyText('12345678901234.56')).toBe('12,345,678,901,234.56');
  });

  it('writes a negative amount with a minus, and rounds nothing away', () => {
    expect(moneyText('-42.10')).toBe('-42.10');
    expect(moneyText('-1234567.005')).toBe('-1,234,567.005');
  });

  it('leaves text that is not a number as it is', () => {
    expect(moneyText('n/a')).toBe('n/a');
  });
});
