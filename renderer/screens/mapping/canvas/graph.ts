/**
 * The canvas drawing of one stream, computed from the pipeline alone: source fields in the left
 * column, each target column on the right, and between them a transform node for a formula that is
 * more than a field and a lookup node per LOOKUP table. Pure and deterministic (same pipeline, same
 * drawing), so no layout library and no positions saved in the file.
 *
 * Nodes have fixed sizes and declare their handles, so edges to nodes outside the view are drawn
 * without measuring them first: that is what lets the canvas render only what is visible.
 */
import { Position, type NodeHandle } from '@xyflow/react';
import type { StreamDefinition } from '../../../../engine/model/index.ts';
import { formulaShape } from './formula-shape.ts';
import {
  columnId,
  FIELD_PREFIX,
  fieldId,
  type CanvasGraph,
  type CanvasNode,
  type LaneEdge,
  type SourceField,
} from './graph-types.ts';

export const LAYOUT = {
  row: 52,
  handle: 10,
  headingY: -48,
  field: { x: 0, width: 220, height: 30 },
  transform: { x: 300, width: 230, height: 30 },
  lookup: { x: 590, width: 170, height: 30 },
  column: { x: 820, width: 250, height: 44 },
} as const;

/** Drops right of this line (in canvas units) onto empty space offer a new column. */
export const NEW_COLUMN_DROP_X = LAYOUT.field.x + LAYOUT.field.width + 40;

const half = LAYOUT.handle / 2;

function handleIn(height: number): NodeHandle {
  return {
    id: 'in',
    type: 'target',
    position: Position.Left,
    x: -half,
    y: height / 2 - half,
    width: LAYOUT.handle,
    height: LAYOUT.handle,
  };
}

function handleOut(width: number, height: number): NodeHandle {
  return {
    id: 'out',
    type: 'source',
    position: Position.Right,
    x: width - half,
    y: height / 2 - half,
    width: LAYOUT.handle,
    height: LAYOUT.handle,
  };
}

/**
 * Where the gap after a node's band ends: an edge climbs or drops only in that gap, which holds no
 * node, and then runs level at its target's row, where the bands between hold only the target's own
 * column's nodes (edge-route.ts). Sources are fields, transforms and lookups.
 */
function turnAfter(source: string): number {
  if (source.startsWith(FIELD_PREFIX)) return LAYOUT.transform.x - half;
  if (source.startsWith('transform:')) return LAYOUT.lookup.x - half;
  return LAYOUT.column.x - half;
}

function edge(source: string, target: string, className: string): LaneEdge {
  return {
    id: JSON.stringify([source, target]),
    type: 'lane',
    data: { turnX: turnAfter(source) },
    source,
    target,
    sourceHandle: 'out',
    targetHandle: 'in',
    selectable: false,
    focusable: false,
    className,
  };
}

/**
 * Every node but the headings is reached by the keyboard: the canvas is one Tab stop and the arrow
 * keys move between nodes (use-roving-focus.ts), so each node starts out of the Tab order (-1) and
 * the one that is the stop is given 0.
 */
const roving = { focusable: true, domAttributes: { tabIndex: -1 } } as const;
// Formula and lookup nodes: not selectable or draggable, but reached by the keyboard and named for a screen reader.
const step = { draggable: false, selectable: false, connectable: false, ariaRole: 'group', ...roving } as const;
// The bands' headings: read, never focused.
const inert = { draggable: false, selectable: false, connectable: false, focusable: false } as const;

export function buildGraph(definition: StreamDefinition, sourceFields: readonly SourceField[]): CanvasGraph {
  const columns = Object.entries(definition.mappings).map(([name, mapping]) => ({
    name,
    mapping,
    shape: formulaShape(mapping.expression),
  }));
  const read = new Set(columns.flatMap((column) => column.shape.fields));
  // Only fields the source has (or the pipeline declares) are drawn: a formula naming another one is a
  // typo the formula's own problem reports, not a field to add to the source; it gets no edge.
  const listed = new Set(sourceFields.map((field) => field.name));
  const fields = sourceFields;

  const { row, field: F, transform: T, lookup: L, column: C } = LAYOUT;
  const nodes: CanvasNode[] = [];
  const edges: LaneEdge[] = [];
  fields.forEach((field, index) => {
    nodes.push({
      id: fieldId(field.name),
      type: 'field',
      position: { x: F.x, y: index * row + (C.height - F.height) / 2 },
      width: F.width,
      height: F.height,
      handles: [handleOut(F.width, F.height)],
      data: {
        name: field.name,
        type: field.type,
        mapped: read.has(field.name),
        ...(field.description ? { description: field.description } : {}),
      },
      ariaLabel: `Source field ${field.name}, ${field.type}. Enter picks a column to map it to`,
      ariaRole: 'group',
      draggable: false,
      selectable: false,
      // Reached by the keyboard so a field can be mapped without a mouse (Enter, then pick the column).
      ...roving,
    });
  });

  let rowIndex = 0;
  let middle = false;
  for (const { name, mapping, shape } of columns) {
    const y = rowIndex * row;
    const target = columnId(name);
    nodes.push({
      id: target,
      type: 'column',
      position: { x: C.x, y },
      width: C.width,
      height: C.height,
      handles: [handleIn(C.height)],
      data: {
        name,
        type: mapping.type,
        required: mapping.required === true,
        expression: mapping.expression,
        unmapped: shape.unmapped,
      },
      ariaLabel: `Column ${name}`,
      draggable: false,
      ...roving,
    });
    const centred = y + (C.height - T.height) / 2;
    // Each step feeds the next: fields -> transform -> lookups -> column (steps a formula lacks are skipped).
    let inputs = shape.fields.filter((field) => listed.has(field)).map(fieldId);
    if (shape.transform !== null) {
      middle = true;
      const id = `transform:${name}`;
      nodes.push({
        id,
        type: 'transform',
        position: { x: T.x, y: centred },
        width: T.width,
        height: T.height,
        handles: [handleIn(T.height), handleOut(T.width, T.height)],
        data: { column: name, label: shape.transform, formula: mapping.expression, broken: shape.broken },
        ariaLabel: `Formula of ${name}`,
        ...step,
      });
      for (const input of inputs) edges.push(edge(input, id, 'canvas-edge'));
      inputs = [id];
    }
    if (shape.lookups.length > 0) {
      middle = true;
      const lookupIds = shape.lookups.map((table, index) => {
        const id = `lookup:${name}:${table}`;
        nodes.push({
          id,
          type: 'lookup',
          position: { x: L.x, y: centred + index * row },
          width: L.width,
          height: L.height,
          handles: [handleIn(L.height), handleOut(L.width, L.height)],
          data: { column: name, table },
          ariaLabel: `Lookup ${table} for ${name}`,
          ...step,
        });
        for (const input of inputs) edges.push(edge(input, id, 'canvas-edge'));
        return id;
      });
      inputs = lookupIds;
    }
    for (const input of inputs) edges.push(edge(input, target, 'canvas-edge'));
    rowIndex += Math.max(1, shape.lookups.length);
  }

  const headings: [string, number, string][] = [
    ['heading:fields', F.x, `Source fields · ${definition.source.entity}`],
    ...(middle ? ([['heading:middle', T.x, 'Formulas and lookups']] as [string, number, string][]) : []),
    ['heading:columns', C.x, `Columns · ${definition.target.table}`],
  ];
  for (const [id, x, text] of headings) {
    nodes.push({
      id,
      type: 'heading',
      position: { x, y: LAYOUT.headingY },
      width: C.width,
      height: 24,
      data: { text },
      ...inert,
      ariaRole: 'heading',
      // A heading needs its level for a screen reader; these head the canvas's three bands.
      domAttributes: { 'aria-level': 3 },
    });
  }

  const rows = Math.max(fields.length, rowIndex, 1);
  return {
    nodes,
    edges,
    bounds: { x: F.x, y: LAYOUT.headingY, width: C.x + C.width - F.x, height: rows * row - LAYOUT.headingY },
    columnCount: columns.length,
    fieldCount: fields.length,
  };
}
