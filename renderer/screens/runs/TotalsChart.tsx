/** One stream's control totals per period as bars: source beside destination, a group that differs by held rows marked. */
import type { StreamReconciliation } from '../../api/wire.ts';
import { totalsChartGroups } from './totals-chart.ts';

const BAR_WIDTH = 18;
const GROUP_GAP = 22;
const PLOT_HEIGHT = 90;
const LABEL_HEIGHT = 34;

export function TotalsChart({ stream, caption }: { stream: StreamReconciliation; caption: string }) {
  const groups = totalsChartGroups(stream);
  if (groups.length === 0) return null;
  const groupWidth = BAR_WIDTH * 2 + GROUP_GAP;
  const width = groups.length * groupWidth;
  return (
    <figure className="totals-chart">
      <svg
        role="img"
        aria-label={`${caption}: source and destination totals per period`}
        viewBox={`0 0 ${width} ${PLOT_HEIGHT + LABEL_HEIGHT}`}
        width={width}
        height={PLOT_HEIGHT + LABEL_HEIGHT}
      >
        {groups.map((group, index) => {
          const x = index * groupWidth + GROUP_GAP / 2;
          return (
            <g key={group.label} className={`chart-group ${group.verdict}`} data-period={group.label}>
              {group.verdict !== 'match' && (
                <rect className="chart-mark" x={x - 4} y={0} width={BAR_WIDTH * 2 + 8} height={PLOT_HEIGHT}>
                  <title>{group.verdict === 'held' ? 'Differs by the held rows' : 'MISMATCH'}</title>
                </rect>
              )}
              {group.bars.map((bar, side) => {
                const height = Math.max(bar.height * (PLOT_HEIGHT - 4), bar.height > 0 ? 1 : 0);
                return (
                  <rect
                    key={bar.side}
                    className={`chart-bar ${bar.side}${bar.negative ? ' negative' : ''}`}
                    data-amount={bar.amount}
                    x={x + side * BAR_WIDTH}
                    y={PLOT_HEIGHT - height}
                    width={BAR_WIDTH - 2}
                    height={height}
                  >
                    <title>{`${group.label}, ${bar.side}: ${bar.amount}`}</title>
                  </rect>
                );
              })}
              <text className="chart-label" x={x + BAR_WIDTH} y={PLOT_HEIGHT + 12} textAnchor="middle">
                {group.label.split(' ')[0]}
              </text>
              <text className="chart-label" x={x + BAR_WIDTH} y={PLOT_HEIGHT + 26} textAnchor="middle">
                {group.label.split(' ').slice(1).join(' ')}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span className="legend source">Source</span> <span className="legend destination">Destination</span>{' '}
        <span className="legend held">Differs by held rows</span>
      </figcaption>
    </figure>
  );
}
