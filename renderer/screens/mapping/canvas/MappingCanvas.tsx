/**
 * The mapping canvas (React Flow): source fields on the left, columns on the right, formulas and
 * lookups between. Drag a field onto a column (its handle or the card) to map it, or onto empty
 * space on the right for a new column. Click, Shift-click or Shift-drag selects columns; the first
 * selected is the one the formula editor below shows. Without a mouse: Tab into the canvas, the arrow
 * keys to a source field, Enter, pick the column from the list, Enter (the same drop, so the same
 * undo step). The drawing comes from
 * the pipeline alone (graph.ts), so undo, redo and edits made elsewhere redraw it.
 */
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  SelectionMode,
  useReactFlow,
  type Connection,
  type FinalConnectionState,
  type Node,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, type KeyboardEvent, type MouseEvent as ReactMouseEvent } from 'react';
import { hasOwnName, ownEntry, type StreamDefinition } from '../../../../engine/model/index.ts';
import { studioStore, useStudio } from '../../../state/store.ts';
import './canvas.css';
import { canvasKeyAction, inTextEditor, isMapFieldKey } from './canvas-keys.ts';
import { CanvasDialogs } from './dialogs/CanvasDialogs.tsx';
import { CanvasToolbar } from './CanvasToolbar.tsx';
import { buildGraph, NEW_COLUMN_DROP_X } from './graph.ts';
import { columnOf, fieldOf, type CanvasNode } from './graph-types.ts';
import { EDGE_TYPES } from './LaneEdge.tsx';
import { NODE_TYPES } from './nodes/node-types.ts';
import { useCanvasActions } from './use-canvas-actions.ts';
import { useCanvasNodes } from './use-canvas-nodes.ts';
import { useReveal } from './use-reveal.ts';
import { useRovingFocus } from './use-roving-focus.ts';
import { useSourceFields } from './use-source-fields.ts';
import { useRefitOnResize } from './use-refit-on-resize.ts';
import { firstView, fitAll, MAX_ZOOM, MIN_ZOOM, showsWhole } from './viewport.ts';

export function MappingCanvas({ stream }: { stream: string }) {
  const definition = useStudio((state) => ownEntry(state.pipeline?.streams, stream));
  if (!definition) return <p className="empty-state">There is no stream named {stream} in this pipeline.</p>;
  // A fresh canvas per stream: its own view, selection and questions.
  return (
    <ReactFlowProvider key={stream}>
      <CanvasView stream={stream} definition={definition} />
    </ReactFlowProvider>
  );
}

const MINIMAP_SIZE = { width: 150, height: 100 };

const isMultiSelect = (event: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }) =>
  event.shiftKey || event.ctrlKey || event.metaKey;

function CanvasView({ stream, definition }: { stream: string; definition: StreamDefinition }) {
  const source = useSourceFields(stream);
  const graph = useMemo(() => buildGraph(definition, source.fields), [definition, source.fields]);
  const flow = useReactFlow();
  const wrapper = useRef<HTMLDivElement>(null);
  const flowArea = useRef<HTMLDivElement>(null);
  const box = useCallback(
    () => ({ width: flowArea.current?.clientWidth ?? 800, height: flowArea.current?.clientHeight ?? 400 }),
    [],
  );
  const reveal = useReveal(graph, box);

  // A selection made on the canvas shows in the editor, unless the editor's column is still among it.
  const onPick = useCallback((columns: readonly string[]) => {
    const { column, selectColumn } = studioStore().getState();
    if (column === null || !columns.includes(column)) selectColumn(columns.at(-1) ?? null);
  }, []);
  const { nodes, selected, onNodesChange, select } = useCanvasNodes(graph, onPick);
  const actions = useCanvasActions(stream, source.fields, { selected, select, reveal });

  // A stream just added (Add stream's last step) offers auto-map once its source has listed its fields.
  const autoMapOffer = useStudio((state) => state.autoMapOffer);
  useEffect(() => {
    if (autoMapOffer !== stream || source.loading) return;
    studioStore().getState().offerAutoMap(null);
    if (source.fields.length > 0) actions.startAutoMap();
  }, [autoMapOffer, stream, source.loading, source.fields]);

  // A column picked elsewhere (the editor, the preview) is marked on the canvas too, and brought into view.
  const storeColumn = useStudio((state) => state.column);
  useEffect(() => {
    if (storeColumn === null || selected.includes(storeColumn) || !hasOwnName(definition.mappings, storeColumn)) return;
    select([storeColumn]);
    reveal(storeColumn);
    // Only when the studio's column changes: the canvas's own selections are already in step.
  }, [storeColumn]);

  const fitted = useRef(false);
  const fitView = useCallback(() => {
    fitted.current = true;
    void flow.setViewport(fitAll(graph.bounds, box()));
  }, [flow, graph.bounds, box]);
  useRefitOnResize(flowArea, fitted, fitView);
  const focusCanvas = () => wrapper.current?.focus({ preventScroll: true });
  const roving = useRovingFocus(graph, nodes, wrapper, box);

  // After a question is answered, the focus goes back to what asked it (the node, the button, the
  // canvas), so keys go to the canvas again (Delete, Ctrl+Z), not to the page.
  const asking = actions.pending !== null;
  const wasAsking = useRef(false);
  useEffect(() => {
    if (wasAsking.current && !asking) roving.restore();
    wasAsking.current = asking;
  }, [asking]);

  const onConnect = (connection: Connection) => {
    const field = fieldOf(connection.source);
    const column = columnOf(connection.target);
    if (field !== undefined && column !== undefined) actions.dropField(column, field);
  };

  // A drop that did not land on a handle: on a column's card it maps; on empty space to the right it offers a new column.
  const onConnectEnd = (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    focusCanvas();
    if (state.isValid || !state.fromNode) return;
    const point = 'changedTouches' in event ? event.changedTouches[0] : event;
    if (!point) return;
    const under = document.elementFromPoint(point.clientX, point.clientY);
    if (!under || !wrapper.current?.contains(under)) return;
    const nodeId = under.closest('.react-flow__node')?.getAttribute('data-id');
    const fromField = fieldOf(state.fromNode.id);
    const fromColumn = columnOf(state.fromNode.id);
    if (nodeId) {
      const column = columnOf(nodeId);
      const field = fieldOf(nodeId);
      if (fromField !== undefined && column !== undefined) actions.dropField(column, fromField);
      else if (fromColumn !== undefined && field !== undefined) actions.dropField(fromColumn, field);
      return;
    }
    if (fromField !== undefined && under.closest('.react-flow__pane')) {
      const at = flow.screenToFlowPosition({ x: point.clientX, y: point.clientY });
      if (at.x >= NEW_COLUMN_DROP_X) actions.offerNewColumn(fromField);
    }
  };

  const onNodeClick = (event: ReactMouseEvent, node: Node) => {
    const column = columnOf(node.id);
    if (column === undefined) return;
    focusCanvas();
    if (!isMultiSelect(event)) {
      select([column]);
      studioStore().getState().selectColumn(column);
    } else if (!node.selected) studioStore().getState().selectColumn(column);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (actions.pending !== null || inTextEditor(event.target)) return;
    if (roving.onKeyDown(event)) return;
    // Enter on a focused source field: the keyboard's way to drag it onto a column.
    if (isMapFieldKey(event) && event.target instanceof Element) {
      const field = fieldOf(event.target.closest('.react-flow__node')?.getAttribute('data-id') ?? '');
      if (field !== undefined) {
        event.preventDefault();
        return actions.pickColumnFor(field);
      }
    }
    const action = canvasKeyAction(event);
    if (action === null) return;
    event.preventDefault();
    switch (action) {
      case 'delete':
        return actions.deleteSelected();
      case 'copy':
        return void actions.copySelected();
      case 'cut':
        return actions.cut();
      case 'paste':
        return actions.paste();
      case 'select-all':
        return actions.selectAll();
      case 'fit-view':
        return fitView();
    }
  };

  return (
    <div
      className="mapping-canvas"
      ref={wrapper}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onFocusCapture={roving.onFocusCapture}
      aria-label={`Mapping canvas of ${stream}`}
    >
      <CanvasToolbar
        columnCount={graph.columnCount}
        fieldCount={graph.fieldCount}
        selectedCount={selected.length}
        loadingFields={source.loading}
        note={source.note}
        feedback={actions.feedback}
        onAutoMap={actions.startAutoMap}
        onAddColumn={() => actions.offerNewColumn()}
        onFitView={fitView}
      />
      {/* Shift-drag draws a selection box here; without this the browser would also select the page's text. */}
      <div
        className="mapping-canvas-flow"
        ref={flowArea}
        onMouseDownCapture={(event) => event.shiftKey && event.preventDefault()}
      >
        <ReactFlow<CanvasNode>
          nodes={roving.nodes}
          edges={graph.edges}
          nodeTypes={NODE_TYPES}
          edgeTypes={EDGE_TYPES}
          onNodesChange={onNodesChange}
          onConnect={onConnect}
          onConnectEnd={onConnectEnd}
          onNodeClick={onNodeClick}
          onPaneClick={focusCanvas}
          onInit={(instance) => {
            fitted.current = showsWhole(graph.bounds, box());
            void instance.setViewport(firstView(graph.bounds, box()));
          }}
          // A move by the analyst (drag, wheel, minimap) ends "fitted": a resize then keeps their view.
          onMoveStart={(event) => {
            if (event !== null) fitted.current = false;
          }}
          isValidConnection={(connection) =>
            fieldOf(connection.source) !== undefined && columnOf(connection.target) !== undefined
          }
          nodesDraggable={false}
          edgesFocusable={false}
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          selectionMode={SelectionMode.Partial}
          multiSelectionKeyCode={['Shift', 'Control', 'Meta']}
          onlyRenderVisibleElements
          minZoom={MIN_ZOOM}
          maxZoom={MAX_ZOOM}
          connectionRadius={30}
          panOnScroll
        >
          <Background gap={26} size={1} />
          <MiniMap
            pannable
            zoomable
            style={MINIMAP_SIZE}
            nodeClassName={(node) => `minimap-${node.type ?? 'node'}`}
            ariaLabel="Overview of the whole mapping"
          />
          <Controls position="top-right" showInteractive={false} showFitView={false} />
        </ReactFlow>
      </div>
      <CanvasDialogs actions={actions} taken={definition.mappings} onClose={actions.cancel} />
    </div>
  );
}
