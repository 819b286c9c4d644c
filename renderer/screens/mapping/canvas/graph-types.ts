/** The canvas's node kinds and their data, shared by the graph builder and the node components. */
import type { Edge, Node } from '@xyflow/react';

/** A source field as the canvas lists it: declared by the pipeline, found in the source, or only read. */
export interface SourceField {
  readonly name: string;
  /** string, integer, decimal, boolean, date, timestamp; "unknown" when neither pipeline nor source says. */
  readonly type: string;
  readonly description?: string;
}

export type FieldData = {
  readonly name: string;
  readonly type: string;
  readonly mapped: boolean;
  readonly description?: string;
};
export type ColumnData = {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly expression: string;
  readonly unmapped: boolean;
};
export type TransformData = {
  readonly column: string;
  readonly label: string;
  readonly formula: string;
  readonly broken: boolean;
};
export type LookupData = { readonly column: string; readonly table: string };
export type HeadingData = { readonly text: string };

export type FieldNode = Node<FieldData, 'field'>;
export type ColumnNode = Node<ColumnData, 'column'>;
export type TransformNode = Node<TransformData, 'transform'>;
export type LookupNode = Node<LookupData, 'lookup'>;
export type HeadingNode = Node<HeadingData, 'heading'>;
export type CanvasNode = FieldNode | ColumnNode | TransformNode | LookupNode | HeadingNode;

/** `turnX`: where the gap after the edge's source ends (the edge climbs or drops there only; edge-route.ts). */
export type LaneEdgeData = { readonly turnX: number };
export type LaneEdge = Edge<LaneEdgeData, 'lane'>;

export interface CanvasGraph {
  readonly nodes: readonly CanvasNode[];
  readonly edges: LaneEdge[];
  /** The drawing's extent in canvas units, for the first view and "fit view". */
  readonly bounds: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  readonly columnCount: number;
  readonly fieldCount: number;
}

export const FIELD_PREFIX = 'field:';
export const COLUMN_PREFIX = 'column:';

export const fieldId = (name: string): string => FIELD_PREFIX + name;
export const columnId = (name: string): string => COLUMN_PREFIX + name;

/** The column a node id names, or undefined for any other node. */
export function columnOf(id: string): string | undefined {
  return id.startsWith(COLUMN_PREFIX) ? id.slice(COLUMN_PREFIX.length) : undefined;
}

export function fieldOf(id: string): string | undefined {
  return id.startsWith(FIELD_PREFIX) ? id.slice(FIELD_PREFIX.length) : undefined;
}
