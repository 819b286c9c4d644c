/**
 * The nodes React Flow shows: the drawing (graph.ts) and which columns are selected. Selection is
 * kept apart from the drawing, so an edit redraws what changed and keeps the selection, and
 * selecting redraws only the nodes whose mark changes. A node whose drawing did not change keeps its
 * object, so React Flow and the memoised node components skip it.
 *
 * React Flow's measurements are not copied back into the nodes: every node has a fixed size and
 * declares its handles, so nothing needs them, and copying them would hand React Flow a new array
 * (and make it re-read all 600 nodes) each time a node scrolls into view.
 */
import type { NodeChange } from '@xyflow/react';
import { useCallback, useMemo, useRef, useState } from 'react';
import { columnId, columnOf, type CanvasGraph, type CanvasNode } from './graph-types.ts';

function sameDrawing(a: CanvasNode, b: CanvasNode): boolean {
  if (
    a.type !== b.type ||
    a.position.x !== b.position.x ||
    a.position.y !== b.position.y ||
    a.ariaLabel !== b.ariaLabel
  )
    return false;
  const left = a.data as Record<string, unknown>;
  const right = b.data as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => left[key] === right[key]);
}

function carryOver(next: readonly CanvasNode[], previous: readonly CanvasNode[]): CanvasNode[] {
  const before = new Map(previous.map((node) => [node.id, node]));
  return next.map((node) => {
    const old = before.get(node.id);
    return old && sameDrawing(old, node) ? old : node;
  });
}

export interface CanvasNodes {
  readonly nodes: CanvasNode[];
  readonly selected: readonly string[];
  onNodesChange(changes: NodeChange<CanvasNode>[]): void;
  select(columns: readonly string[]): void;
}

/** `onPick` hears selections made on the canvas itself (click, Shift-click, box select), with the columns now selected. */
export function useCanvasNodes(graph: CanvasGraph, onPick: (columns: readonly string[]) => void): CanvasNodes {
  const [drawn, setDrawn] = useState(graph);
  const [base, setBase] = useState<CanvasNode[]>(() => [...graph.nodes]);
  const [selection, setSelection] = useState<ReadonlySet<string>>(() => new Set());
  // The latest selection and listener, for React Flow's callbacks that outlive a render.
  const latest = useRef({ selection, onPick });
  latest.current.onPick = onPick;
  const commit = useCallback((next: ReadonlySet<string>) => {
    latest.current.selection = next;
    setSelection(next);
  }, []);
  // A new drawing: take it now, in this render, rather than one frame late from an effect.
  if (drawn !== graph) {
    setDrawn(graph);
    setBase((previous) => carryOver(graph.nodes, previous));
  }

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      const picks = changes.filter((change) => change.type === 'select');
      if (picks.length > 0) {
        const next = new Set(latest.current.selection);
        for (const pick of picks) {
          const column = columnOf(pick.id);
          if (column === undefined) continue;
          if (pick.selected) next.add(column);
          else next.delete(column);
        }
        commit(next);
        latest.current.onPick([...next]);
      }
    },
    [commit],
  );

  const select = useCallback((columns: readonly string[]) => commit(new Set(columns)), [commit]);

  const nodes = useMemo(
    () =>
      base.map((node) => {
        const wanted = node.type === 'column' && selection.has(node.data.name);
        return (node.selected ?? false) === wanted ? node : ({ ...node, selected: wanted } as CanvasNode);
      }),
    [base, selection],
  );
  // Columns deleted or renamed drop out of the selection by themselves.
  const present = useMemo(() => new Set(base.map((node) => node.id)), [base]);
  const selected = useMemo(
    () => [...selection].filter((column) => present.has(columnId(column))),
    [selection, present],
  );
  return { nodes, selected, onNodesChange, select };
}
