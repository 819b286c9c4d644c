/**
 * Brings a column into view when it is selected by something other than a click on it (added,
 * pasted, auto-mapped, picked in the formula editor): with hundreds of columns it may be far down.
 * Waits for the drawing to have the column (an added column appears on the next render).
 */
import { useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useState } from 'react';
import { columnId, type CanvasGraph } from './graph-types.ts';
import { READABLE_ZOOM, type Box } from './viewport.ts';

export function useReveal(graph: CanvasGraph, box: () => Box): (column: string) => void {
  const flow = useReactFlow();
  const [target, setTarget] = useState<{ readonly column: string } | null>(null);
  useEffect(() => {
    if (target === null) return;
    const node = graph.nodes.find((candidate) => candidate.id === columnId(target.column));
    if (!node) return;
    setTarget(null);
    const view = flow.getViewport();
    const size = box();
    const width = node.width ?? 0;
    const height = node.height ?? 0;
    const left = node.position.x * view.zoom + view.x;
    const top = node.position.y * view.zoom + view.y;
    const inside =
      left >= 0 && top >= 0 && left + width * view.zoom <= size.width && top + height * view.zoom <= size.height;
    if (inside) return;
    const zoom = Math.max(view.zoom, READABLE_ZOOM);
    const x =
      left >= 0 && left + width * zoom <= size.width && zoom === view.zoom
        ? view.x
        : size.width - (node.position.x + width + 40) * zoom;
    void flow.setViewport({ x: Math.min(x, 24), y: size.height / 2 - (node.position.y + height / 2) * zoom, zoom });
  }, [target, graph, flow, box]);
  return useCallback((column: string) => setTarget({ column }), []);
}
