import { describe, expect, it } from 'vitest';
import type { ControlTotals } from '../store/index.ts';
import { compareTotals, verdictText } from './compare-totals.ts';

const totals = (rows: number, debit: string, credit: string): ControlTotals => ({
  rows,
  sums: {},
  byPeriod: { '2024-01': { debit, credit, amount: '0.00' } },
});

describe('compareTotals', () => {
  it('matches when every record was written and the sums agree', () => {
    const result = compareTotals(totals(8, '2602.54', '2602.54'), totals(8, '2602.54', '2602.54'), 0);
    expect(result.verdict).toBe('match');
    expect(result.rows.verdict).toBe('match');
    expect(result.periods.map((p) => p.measure)).toEqual(['debit', 'credit', 'amount']);
  });

  it('counts held rows on the destination side of the row count, and attributes an amount difference to them', () => {
    const result = compareTotals(totals(8, '2602.54', '2602.54'), totals(7, '2560.44', '2602.54'), 1);
    expect(result.rows).toEqual({ source: 8, destination: 7, held: 1, alreadyLoaded: 0, verdict: 'match' });
    const debit = result.periods.find((p) => p.measure === 'debit')!;
    expect(debit).toMatchObject({ verdict: 'held', difference: '42.10' });
    expect(result.verdict).toBe('held');
    expect(verdictText(result.verdict, 1)).toBe('differs: 1 held row is not written');
  });

  it('flags a difference with no held rows behind it as a mismatch', () => {
    const result = compareTotals(totals(2, '100.00', '0.00'), totals(2, '99.99', '0.00'), 0);
    expect(result.verdict).toBe('mismatch');
    expect(result.periods[0]).toMatchObject({
      period: '2024-01',
      measure: 'debit',
      difference: '0.01',
      verdict: 'mismatch',
    });
  });

  it('matches a batch whose rows were read again and found already loaded: they are on both sides, named apart', () => {
    // 5 lines read, 1 new written, 4 the destination already held: its totals cover all 5.
    const result = compareTotals(totals(5, '2607.54', '2602.54'), totals(5, '2607.54', '2602.54'), 0, 4);
    expect(result.rows).toEqual({ source: 5, destination: 5, held: 0, alreadyLoaded: 4, verdict: 'match' });
    expect(result.verdict).toBe('match');
  });

  it('does not let already-loaded rows hide a difference: they excuse neither rows nor amounts', () => {
    const amounts = compareTotals(totals(5, '2607.54', '2602.54'), totals(5, '2607.53', '2602.54'), 0, 4);
    expect(amounts.verdict).toBe('mismatch');
    const rows = compareTotals(totals(5, '2607.54', '2602.54'), totals(1, '2607.54', '2602.54'), 0, 4);
    expect(rows.rows.verdict).toBe('mismatch');
  });

  it('flags lost rows even when held rows exist, and a period missing on one side', () => {
    const source: ControlTotals = {
      rows: 5,
      sums: {},
      byPeriod: { '2024-02': { debit: '1.00', credit: '0', amount: '1.00' } },
    };
    const destination: ControlTotals = { rows: 3, sums: {} };
    const result = compareTotals(source, destination, 1);
    expect(result.rows.verdict).toBe('mismatch');
    expect(result.periods.find((p) => p.measure === 'debit')).toMatchObject({ destination: '0', verdict: 'held' });
    expect(result.verdict).toBe('mismatch');
  });
});
