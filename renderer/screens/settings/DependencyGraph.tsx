/**
 * The pipeline's streams as a small graph, reference data on the left: an arrow from a stream to each
 * stream that waits for it. Columns are how many streams must load before (the longest chain), so the
 * picture reads in run order. Plain SVG: a few boxes, no layout library.
 */
import { ownEntry, type Pipeline } from '../../../engine/model/index.ts';
import { dependencyLevels } from './load-order.ts';

const BOX = { width: 150, height: 28, columnGap: 50, rowGap: 12 } as const;

export function DependencyGraph({ pipeline, selected }: { pipeline: Pipeline; selected: string }) {
  const levels = dependencyLevels(pipeline);
  const rowsUsed: number[] = [];
  const at = new Map<string, { x: number; y: number }>();
  for (const [name, level] of levels) {
    const row = rowsUsed[level] ?? 0;
    rowsUsed[level] = row + 1;
    at.set(name, { x: level * (BOX.width + BOX.columnGap), y: row * (BOX.height + BOX.rowGap) });
  }
  const width = Math.max(1, rowsUsed.length) * (BOX.width + BOX.columnGap) - BOX.columnGap + 2;
  const height = Math.max(1, ...rowsUsed) * (BOX.height + BOX.rowGap) - BOX.rowGap + 2;
  const arrows = [...at.keys()].flatMap((name) =>
    (ownEntry(pipeline.streams, name)?.dependsOn ?? []).flatMap((dependency) => {
      const from = at.get(dependency);
      const to = at.get(name);
      return from && to ? [{ key: `${dependency}->${name}`, from, to }] : [];
    }),
  );
  return (
    <svg
      className="dependency-graph"
      role="img"
      aria-label={`Load order: ${[...levels.keys()].join(', then ')}`}
      width={width}
      height={height}
      viewBox={`-1 -1 ${width} ${height}`}
    >
      <defs>
        <marker
          id="dependency-arrow"
          viewBox="0 0 8 8"
          refX="8"
          refY="4"
          markerWidth="8"
          markerHeight="8"
          orient="auto"
        >
          <path d="M0,0 L8,4 L0,8 z" />
        </marker>
      </defs>
      {arrows.map(({ key, from, to }) => (
        <line
          key={key}
          className="dependency-edge"
          x1={from.x + BOX.width}
          y1={from.y + BOX.height / 2}
          x2={to.x}
          y2={to.y + BOX.height / 2}
          markerEnd="url(#dependency-arrow)"
        />
      ))}
      {[...at].map(([name, { x, y }]) => (
        <g key={name} className={name === selected ? 'dependency-node selected' : 'dependency-node'}>
          <rect x={x} y={y} width={BOX.width} height={BOX.height} rx={4} />
          <text x={x + 8} y={y + BOX.height / 2 + 4}>
            {name}
          </text>
        </g>
      ))}
    </svg>
  );
}
