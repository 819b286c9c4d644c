import { describe, expect, it } from 'vitest';
import type { StreamReconciliation } from '../../api/wire.ts';
import { totalsChartGroups } from './totals-chart.ts';

const totals = { rows: 0, sums: {} };
const stream: StreamReconciliation = {
  stream: 'gl_lines',
  source: totals,
  destination: totals,
  unreconciledBatches: 0,
  comparison: {
    rows: { source: 8, destination: 7, held: 1, alreadyLoaded: 0, verdict: 'held' },
    verdict: 'held',
    periods: [
      {
        period: '2024-01',
        measure: 'debit',
        source: '2602.54',
        destination: '2560.44',
        difference: '42.10',
        verdict: 'held',
      },
      {
        period: '2024-01',
        measure: 'amount',
        source: '-1301.27',
        destination: '0',
        difference: '-1301.27',
        verdict: 'held',
      },
      {
        period: '2024-02',
        measure: 'credit',
        source: '12345678901234.56',
        destination: '12345678901234.56',
        difference: '0',
        verdict: 'match',
      },
    ],
  },
};

describe('totalsChartGroups', () => {
  const groups = totalsChartGroups(stream);

  it('gives each period and measure a source and a destination bar, with money amounts', () => {
    expect(groups.map((group) => [group.label, group.verdict])).toEqual([
      ['2024-01 debit', 'held'],
      ['2024-01 net amount', 'held'],
      ['2024-02 credit', 'match'],
    ]);
    expect(groups[0]!.bars.map((bar) => [bar.side, bar.amount])).toEqual([
      ['source', '2,602.54'],
      ['destination', '2,560.44'],
    ]);
    expect(groups[1]!.bars[0]).toMatchObject({ amount: '-1,301.27', negative: true });
  });

  it('scales bars to the largest amount of the chart', () => {
    expect(groups[2]!.bars.map((bar) => bar.height)).toEqual([1, 1]);
    expect(groups[1]!.bars[1]!.height).toBe(0);
    expect(groups[0]!.bars[0]!.height).toBeGreaterThan(0);
  });
});
