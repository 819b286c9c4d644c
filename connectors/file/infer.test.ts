import { describe, expect, it } from 'vitest';
import { ColumnTypeInference, classifyText } from './infer.ts';

function infer(values: readonly string[], hasDefaultZone = false): string {
  const inference = new ColumnTypeInference();
  for (const value of values) inference.observeText(value, hasDefaultZone);
  return inference.result();
}

describe('type inference', () => {
  it('calls whole numbers integers, but identifiers with leading zeros or more than 15 digits strings', () => {
    expect(infer(['1', '-42', '+7', '0', '123456789012345'])).toBe('integer');
    expect(infer(['1', '00123'])).toBe('string');
    expect(infer(['1234567890123456'])).toBe('string');
    expect(classifyText('000-4100-00', false)).toBe('text');
  });

  it('calls plain decimals decimals, and whole numbers beside them too (amounts without cents)', () => {
    expect(infer(['12.50', '-0.25', '.5', '100'])).toBe('decimal');
    expect(infer(['12.50', '007.5'])).toBe('string');
    expect(infer(['12,50'])).toBe('string');
    expect(infer(['1e5'])).toBe('string');
  });

  it('recognises ISO dates and timestamps with an offset', () => {
    expect(infer(['2024-01-31', '2024-02-29'])).toBe('date');
    expect(infer(['2024-01-31T09:30:00Z', '2024-01-31 09:30:00.123+02:00'])).toBe('timestamp');
    expect(infer(['2024-01-31', '2024-01-31T09:30:00Z'])).toBe('string');
    expect(infer(['31/01/2024'])).toBe('string');
  });

  it('calls a timestamp without an offset a timestamp only when a zone is configured', () => {
    expect(infer(['2024-01-31T09:30:00'])).toBe('string');
    expect(infer(['2024-01-31T09:30:00'], true)).toBe('timestamp');
  });

  it('recognises true/false in any case, but not yes/no or 0/1', () => {
    expect(infer(['true', 'FALSE', 'True'])).toBe('boolean');
    expect(infer(['true', 'yes'])).toBe('string');
    expect(infer(['0', '1'])).toBe('integer');
  });

  it('ignores empty values, and calls an all-empty column a string', () => {
    expect(infer(['', '12', ''])).toBe('integer');
    expect(infer(['', ''])).toBe('string');
    expect(infer(['Office supplies', '12'])).toBe('string');
  });
});
