/**
 * The control totals per period as bars: for each period and measure, the source sum beside the
 * destination sum, the group marked when they differ by held rows (or do not match). Heights are
 * drawn from floats (display only); the figures shown are the engine's exact text as money.
 */
import { Decimal } from '../../../engine/model/values/index.ts';
import type { StreamReconciliation, TotalsVerdict } from '../../api/wire.ts';
import { moneyText } from './money.ts';
import { measureText } from './words.ts';

export interface ChartBar {
  readonly side: 'source' | 'destination';
  /** Share of the tallest bar of the chart, 0..1. */
  readonly height: number;
  readonly negative: boolean;
  /** The amount as money. */
  readonly amount: string;
}

export interface ChartGroup {
  readonly label: string;
  readonly verdict: TotalsVerdict;
  readonly bars: readonly [ChartBar, ChartBar];
}

export function totalsChartGroups(stream: StreamReconciliation): ChartGroup[] {
  const periods = stream.comparison.periods;
  const largest = periods.reduce(
    (most, p) => [p.source, p.destination].reduce((m, text) => max(m, Decimal.parse(text).abs()), most),
    Decimal.ZERO,
  );
  const bar = (side: ChartBar['side'], text: string): ChartBar => {
    const value = Decimal.parse(text);
    return {
      side,
      height: largest.isZero() ? 0 : value.abs().toNumber() / largest.toNumber(),
      negative: value.sign() < 0,
      amount: moneyText(text),
    };
  };
  return periods.map((p) => ({
    label: `${p.period === 'no period' ? 'No period' : p.period} ${measureText(p.measure)}`,
    verdict: p.verdict,
    bars: [bar('source', p.source), bar('destination', p.destination)],
  }));
}

function max(a: Decimal, b: Decimal): Decimal {
  return a.compare(b) >= 0 ? a : b;
}
