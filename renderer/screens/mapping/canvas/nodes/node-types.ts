/** The canvas's node components by type: one object for the life of the app, as React Flow asks. */
import type { NodeTypes } from '@xyflow/react';
import { ColumnNode } from './ColumnNode.tsx';
import { FieldNode } from './FieldNode.tsx';
import { HeadingNode, LookupNode, TransformNode } from './StepNodes.tsx';

export const NODE_TYPES: NodeTypes = {
  field: FieldNode,
  column: ColumnNode,
  transform: TransformNode,
  lookup: LookupNode,
  heading: HeadingNode,
};
