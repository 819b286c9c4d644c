/**
 * How an edge is drawn so that it never runs behind a node. The layout (graph.ts) keeps two promises:
 * the gap between two bands of nodes (fields | formulas | lookups | columns) holds no node, and on a
 * node's own row the bands between it and its inputs are empty (the formula and lookup nodes of a
 * column sit on that column's rows only). So an edge makes its whole climb or drop in the gap right
 * after its source, as a smooth S, and then runs level at its target's height to the target. No
 * search and no node list: O(1) per edge, whatever the size of the stream.
 */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** The S-curve in the gap (a cubic from `from` to `turn`), then a level line to `to`. */
export interface LaneRoute {
  readonly from: Point;
  readonly controls: readonly [Point, Point];
  readonly turn: Point;
  readonly to: Point;
}

/** `turnX` is where the gap after the source ends; an edge into the next band turns at its target. */
export function laneRoute(from: Point, to: Point, turnX: number): LaneRoute {
  const endX = Math.max(from.x, Math.min(turnX, to.x));
  const middle = (from.x + endX) / 2;
  return {
    from,
    controls: [
      { x: middle, y: from.y },
      { x: middle, y: to.y },
    ],
    turn: { x: endX, y: to.y },
    to,
  };
}

/** The route as an SVG path. */
export function lanePath(route: LaneRoute): string {
  const { from, controls, turn, to } = route;
  const [first, second] = controls;
  const curve = `M ${from.x},${from.y} C ${first.x},${first.y} ${second.x},${second.y} ${turn.x},${turn.y}`;
  return turn.x < to.x ? `${curve} L ${to.x},${to.y}` : curve;
}

/** The route as a polyline (the curve cut into `steps` pieces), for measuring it. */
export function lanePolyline(route: LaneRoute, steps = 32): Point[] {
  const { from: p0, controls, turn: p3, to } = route;
  const [p1, p2] = controls;
  const points: Point[] = [];
  for (let step = 0; step <= steps; step++) {
    const t = step / steps;
    const u = 1 - t;
    const a = u * u * u;
    const b = 3 * u * u * t;
    const c = 3 * u * t * t;
    const d = t * t * t;
    points.push({ x: a * p0.x + b * p1.x + c * p2.x + d * p3.x, y: a * p0.y + b * p1.y + c * p2.y + d * p3.y });
  }
  if (p3.x < to.x) points.push(to);
  return points;
}
