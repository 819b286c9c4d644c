/**
 * No edge behind a node, as geometry: for generated streams (plain fields mapped far from their row,
 * formulas reading several fields, one or several lookups, formulas over lookups, unmapped columns),
 * every edge's route, cut into short pieces, meets no node's rectangle other than its two ends'.
 */
import { Position, type NodeHandle } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { parsePipelineText, type StreamDefinition } from '../../../../engine/model/index.ts';
import example from '../../../../assets/examples/csv-to-duckdb.json' with { type: 'json' };
import { lanePolyline, laneRoute, type Point } from './edge-route.ts';
import { buildGraph } from './graph.ts';
import type { CanvasGraph, CanvasNode, SourceField } from './graph-types.ts';

const STREAM = parsePipelineText(JSON.stringify(example)).pipeline!.streams.gl_lines!;

/** A small deterministic generator, so a failure names a stream that can be built again. */
function generator(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    // The high bits: the low bits of this generator repeat after a few draws.
    return Math.floor(state / 65536) % below;
  };
}

function generatedStream(seed: number, fieldCount: number, columnCount: number) {
  const next = generator(seed);
  const fields: SourceField[] = Array.from({ length: fieldCount }, (_, index) => ({
    name: `F${index}`,
    type: 'string',
  }));
  const field = () => `F${next(fieldCount)}`;
  const lookup = () => `LOOKUP(table_${next(4)}, ${field()}, "OTHER")`;
  const formulas = [
    () => field(),
    () => `${field()} + ${field()} * ${field()}`,
    () => `IF(${field()} = "", ${field()}, UPPER(${field()}))`,
    () => lookup(),
    () => `${lookup()} + ${lookup()}`,
    () => `UPPER(${lookup()})`,
    () => `${lookup()} + ${lookup()} + ${lookup()}`,
    () => 'NULL',
  ];
  const mappings: StreamDefinition['mappings'] = {};
  for (let index = 0; index < columnCount; index++)
    mappings[`c${index}`] = { type: 'string', expression: formulas[next(formulas.length)]!() };
  return { definition: { ...STREAM, mappings } as StreamDefinition, fields };
}

interface Box {
  readonly id: string;
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

const boxOf = (node: CanvasNode): Box => ({
  id: node.id,
  left: node.position.x,
  top: node.position.y,
  right: node.position.x + (node.width ?? 0),
  bottom: node.position.y + (node.height ?? 0),
});

/** Where React Flow puts an edge's end: the side of the declared handle (its rule for left and right handles). */
function handlePoint(node: CanvasNode, id: 'in' | 'out'): Point {
  const handle = node.handles?.find((candidate: NodeHandle) => candidate.id === id);
  if (!handle) throw new Error(`${node.id} has no handle ${id}`);
  const x = node.position.x + handle.x + (handle.position === Position.Right ? (handle.width ?? 0) : 0);
  return { x, y: node.position.y + handle.y + (handle.height ?? 0) / 2 };
}

/** Whether the segment a-b passes through the inside of the box (Liang-Barsky clipping, open box). */
function crossesInside(a: Point, b: Point, box: Box): boolean {
  const inset = 0.5;
  const [left, right, top, bottom] = [box.left + inset, box.right - inset, box.top + inset, box.bottom - inset];
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  let low = 0;
  let high = 1;
  const sides: [number, number][] = [
    [-dx, a.x - left],
    [dx, right - a.x],
    [-dy, a.y - top],
    [dy, bottom - a.y],
  ];
  for (const [p, q] of sides) {
    if (p === 0) {
      if (q <= 0) return false;
      continue;
    }
    const r = q / p;
    if (p < 0) low = Math.max(low, r);
    else high = Math.min(high, r);
    if (low >= high) return false;
  }
  return true;
}

/** Every (edge, node) pair where the edge, routed by `route`, runs through a node not at either of its ends. */
function crossings(graph: CanvasGraph, route: (from: Point, to: Point, turnX: number) => Point[]): string[] {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const boxes = graph.nodes.map(boxOf);
  const found: string[] = [];
  for (const edge of graph.edges) {
    const points = route(
      handlePoint(byId.get(edge.source)!, 'out'),
      handlePoint(byId.get(edge.target)!, 'in'),
      edge.data!.turnX,
    );
    const ys = points.map((point) => point.y);
    const [above, below] = [Math.min(...ys), Math.max(...ys)];
    for (const box of boxes) {
      if (box.id === edge.source || box.id === edge.target || box.bottom < above || box.top > below) continue;
      if (points.some((point, index) => index > 0 && crossesInside(points[index - 1]!, point, box)))
        found.push(`${edge.id} behind ${box.id}`);
    }
  }
  return found;
}

const lanes = (from: Point, to: Point, turnX: number) => lanePolyline(laneRoute(from, to, turnX), 64);
/** What React Flow's default edge would draw (the same S, but across the whole width): the routing this replaces. */
const straightAcross = (from: Point, to: Point) => lanePolyline(laneRoute(from, to, to.x), 64);

describe('edges routed around nodes', () => {
  const layouts = [
    [1, 40, 40],
    [2, 10, 60],
    [3, 80, 20],
    [4, 300, 300],
    [5, 3, 12],
  ] as const;

  it.each(layouts)('stream %i (%i fields, %i columns): no edge passes behind a node', (seed, fields, columns) => {
    const stream = generatedStream(seed, fields, columns);
    const graph = buildGraph(stream.definition, stream.fields);
    expect(graph.edges.length).toBeGreaterThan(columns / 2);
    expect(crossings(graph, lanes)).toEqual([]);
  });

  it('is needed: drawn straight across, the same streams have edges behind nodes', () => {
    for (const [seed, fields, columns] of layouts) {
      const stream = generatedStream(seed, fields, columns);
      expect(
        crossings(buildGraph(stream.definition, stream.fields), straightAcross).length,
        `stream ${seed}`,
      ).toBeGreaterThan(0);
    }
  });

  it('climbs only between the turn and the source, and ends level at the target', () => {
    const points = lanePolyline(laneRoute({ x: 225, y: 22 }, { x: 815, y: 4000 }, 295), 16);
    for (const point of points.slice(0, -1)) expect(point.x).toBeGreaterThanOrEqual(225);
    expect(points.filter((point) => point.x > 295).every((point) => point.y === 4000)).toBe(true);
    expect(points.at(-1)).toEqual({ x: 815, y: 4000 });
  });
});
