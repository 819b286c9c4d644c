/**
 * The keyboard's way around the canvas: one node is the canvas's Tab stop (tabindex 0, the others
 * -1); the arrow keys, Home and End move the focus between nodes (focus-walk.ts). A node out of view
 * is not drawn (the canvas draws only what is visible), so the view moves to it first and the focus
 * follows once it is drawn. Whatever had the focus before a dialog opened gets it back when it closes.
 */
import { useReactFlow } from '@xyflow/react';
import { useCallback, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent, type RefObject } from 'react';
import { bandsOf, firstStop, isWalkable, walk, walkKey } from './focus-walk.ts';
import type { CanvasGraph, CanvasNode } from './graph-types.ts';
import { READABLE_ZOOM, type Box } from './viewport.ts';

/** Frames to wait for a node to be drawn after the view moved to it (a frame or two in practice). */
const DRAW_FRAMES = 60;

export interface RovingFocus {
  /** The nodes to hand React Flow: the Tab stop marked. */
  readonly nodes: CanvasNode[];
  /** Arrow keys, Home, End on a node or the canvas itself; true when the key was the walk's. */
  onKeyDown(event: KeyboardEvent<HTMLElement>): boolean;
  /** On the canvas's wrapper: follows which node (or control) has the focus. */
  onFocusCapture(event: FocusEvent<HTMLElement>): void;
  /** After a dialog closes: the focus back where it was when the dialog opened. */
  restore(): void;
}

const nodeElement = (area: HTMLElement | null, id: string): HTMLElement | null =>
  area?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`) ?? null;

export function useRovingFocus(
  graph: CanvasGraph,
  nodes: CanvasNode[],
  canvas: RefObject<HTMLElement | null>,
  box: () => Box,
): RovingFocus {
  const flow = useReactFlow();
  const bands = useMemo(() => bandsOf(graph.nodes), [graph.nodes]);
  const [current, setCurrent] = useState<string | null>(null);
  const stop = current !== null && bands.where.has(current) ? current : firstStop(bands);

  // One object per node and state (the stop, or not), so only the two nodes that change are new to React Flow.
  const marked = useRef(new WeakMap<CanvasNode, CanvasNode>());
  const rovingNodes = useMemo(
    () =>
      nodes.map((node) => {
        if (node.id !== stop || !isWalkable(node)) return node;
        let stopNode = marked.current.get(node);
        if (!stopNode) {
          stopNode = { ...node, domAttributes: { ...node.domAttributes, tabIndex: 0 } } as CanvasNode;
          marked.current.set(node, stopNode);
        }
        return stopNode;
      }),
    [nodes, stop],
  );

  /** Moves the view so the node is wholly in it (readable), unless it already is. */
  const reveal = useCallback(
    (node: CanvasNode) => {
      const view = flow.getViewport();
      const size = box();
      const zoom = Math.max(view.zoom, READABLE_ZOOM);
      const width = (node.width ?? 0) * zoom;
      const height = (node.height ?? 0) * zoom;
      const left = node.position.x * zoom + view.x;
      const top = node.position.y * zoom + view.y;
      const rezoomed = zoom !== view.zoom;
      const outsideX = left < 0 || left + width > size.width;
      const outsideY = top < 0 || top + height > size.height;
      if (!rezoomed && !outsideX && !outsideY) return;
      void flow.setViewport({
        x: rezoomed || outsideX ? size.width / 2 - node.position.x * zoom - width / 2 : view.x,
        y: rezoomed || outsideY ? size.height / 2 - node.position.y * zoom - height / 2 : view.y,
        zoom,
      });
    },
    [flow, box],
  );

  // The latest focus request: a newer one (another key press) replaces one still waiting for its node.
  const request = useRef(0);
  const focusNode = useCallback(
    (id: string) => {
      const node = graph.nodes.find((candidate) => candidate.id === id);
      if (!node) return;
      setCurrent(id);
      reveal(node);
      const mine = ++request.current;
      const attempt = (framesLeft: number) => {
        if (mine !== request.current) return;
        const element = nodeElement(canvas.current, id);
        // No scrolling by the browser: the canvas moves its view itself, and a scrolled canvas box would be out of step.
        if (element) element.focus({ preventScroll: true });
        else if (framesLeft > 0) requestAnimationFrame(() => attempt(framesLeft - 1));
      };
      attempt(DRAW_FRAMES);
    },
    [graph.nodes, reveal, canvas],
  );

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      const key = walkKey(event);
      if (key === null || !(event.target instanceof Element)) return false;
      const onCanvas = event.target === canvas.current;
      const from = event.target.closest('.react-flow__node')?.getAttribute('data-id');
      if (!onCanvas && (from === undefined || from === null || event.target !== nodeElement(canvas.current, from)))
        return false;
      event.preventDefault();
      // From the canvas itself, the first key goes to the node that is the Tab stop (drawn or not).
      const target = onCanvas || !from ? stop : walk(bands, from, key);
      if (target !== null) focusNode(target);
      return true;
    },
    [canvas, stop, bands, focusNode],
  );

  const opener = useRef<{ readonly element: Element; readonly node: string | null } | null>(null);
  const onFocusCapture = useCallback(
    (event: FocusEvent<HTMLElement>) => {
      const target = event.target;
      if (!(target instanceof Element) || target.closest('[role="dialog"]')) return;
      const id = target.getAttribute('data-id');
      const node = target.classList.contains('react-flow__node') && id !== null && bands.where.has(id) ? id : null;
      opener.current = { element: target, node };
      if (node !== null) setCurrent(node);
    },
    [bands],
  );

  const restore = useCallback(() => {
    const was = opener.current;
    if (was?.element.isConnected && was.element instanceof HTMLElement) was.element.focus({ preventScroll: true });
    else if (was?.node) focusNode(was.node);
    else canvas.current?.focus({ preventScroll: true });
  }, [focusNode, canvas]);

  return { nodes: rovingNodes, onKeyDown, onFocusCapture, restore };
}
