/**
 * Moving the keyboard focus over the canvas's nodes (WAI-ARIA's roving focus in a composite widget:
 * the canvas is one Tab stop, the arrow keys move within it). The drawing's bands are read as
 * columns of nodes: fields | formulas | lookups | columns. Up and Down move within a band, Left and
 * Right to the node of the next band (that has any) nearest in height, Home and End to the band's
 * first and last. Pure, from the drawing alone, so it reaches nodes the canvas has not drawn
 * (out of view) as well as those on screen.
 */
import type { CanvasNode } from './graph-types.ts';

export type WalkKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'Home' | 'End';

const WALK_KEYS: ReadonlySet<string> = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End']);

export function walkKey(press: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): WalkKey | null {
  if (press.ctrlKey || press.metaKey || press.altKey || !WALK_KEYS.has(press.key)) return null;
  return press.key as WalkKey;
}

/** Nodes the keyboard reaches: everything but the bands' headings. */
export const isWalkable = (node: CanvasNode): boolean => node.type !== 'heading';

const middleOf = (node: CanvasNode): number => node.position.y + (node.height ?? 0) / 2;

export interface Bands {
  /** Walkable nodes by band, left to right, each band top to bottom. */
  readonly bands: readonly (readonly CanvasNode[])[];
  readonly where: ReadonlyMap<string, { readonly band: number; readonly index: number }>;
}

export function bandsOf(nodes: readonly CanvasNode[]): Bands {
  const byX = new Map<number, CanvasNode[]>();
  for (const node of nodes) {
    if (!isWalkable(node)) continue;
    const band = byX.get(node.position.x) ?? [];
    band.push(node);
    byX.set(node.position.x, band);
  }
  const bands = [...byX.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, band]) => band.sort((a, b) => a.position.y - b.position.y));
  const where = new Map<string, { band: number; index: number }>();
  bands.forEach((band, bandIndex) => band.forEach((node, index) => where.set(node.id, { band: bandIndex, index })));
  return { bands, where };
}

/** Where the focus starts: the first source field, or else the first node of the first band. */
export function firstStop({ bands }: Bands): string | null {
  return bands[0]?.[0]?.id ?? null;
}

function nearest(band: readonly CanvasNode[], height: number): CanvasNode | undefined {
  let best: CanvasNode | undefined;
  for (const node of band)
    if (!best || Math.abs(middleOf(node) - height) < Math.abs(middleOf(best) - height)) best = node;
  return best;
}

/** The node the key moves the focus to from `from`; `from` itself at an edge of the drawing. */
export function walk({ bands, where }: Bands, from: string, key: WalkKey): string {
  const at = where.get(from);
  if (!at) return bands[0]?.[0]?.id ?? from;
  const band = bands[at.band]!;
  switch (key) {
    case 'ArrowUp':
      return band[Math.max(0, at.index - 1)]!.id;
    case 'ArrowDown':
      return band[Math.min(band.length - 1, at.index + 1)]!.id;
    case 'Home':
      return band[0]!.id;
    case 'End':
      return band.at(-1)!.id;
    case 'ArrowLeft':
    case 'ArrowRight': {
      const next = bands[at.band + (key === 'ArrowLeft' ? -1 : 1)];
      return (next && nearest(next, middleOf(band[at.index]!))?.id) ?? from;
    }
  }
}
