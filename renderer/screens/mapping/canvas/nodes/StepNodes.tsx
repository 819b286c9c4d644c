/** What sits between fields and a column: a transform (the formula) and lookups (the table read). */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type {
  HeadingNode as HeadingNodeType,
  LookupNode as LookupNodeType,
  TransformNode as TransformNodeType,
} from '../graph-types.ts';
import { useFarAway } from './use-far-away.ts';

export const TransformNode = memo(function TransformNode({ data }: NodeProps<TransformNodeType>) {
  const far = useFarAway();
  const title = `${data.column} = ${data.formula}${data.broken ? '\nThis formula has an error: select the column to fix it.' : ''}`;
  return (
    <div className={`canvas-node canvas-transform${data.broken ? ' is-broken' : ''}`} title={title}>
      <Handle type="target" position={Position.Left} id="in" className="canvas-handle" isConnectable={false} />
      {!far && <span className="canvas-node-name">{data.label}</span>}
      <Handle type="source" position={Position.Right} id="out" className="canvas-handle" isConnectable={false} />
    </div>
  );
});

export const LookupNode = memo(function LookupNode({ data }: NodeProps<LookupNodeType>) {
  const far = useFarAway();
  return (
    <div className="canvas-node canvas-lookup" title={`${data.column} looks up the table ${data.table}`}>
      <Handle type="target" position={Position.Left} id="in" className="canvas-handle" isConnectable={false} />
      {!far && <span className="canvas-node-type">lookup</span>}
      {!far && <span className="canvas-node-name">{data.table}</span>}
      <Handle type="source" position={Position.Right} id="out" className="canvas-handle" isConnectable={false} />
    </div>
  );
});

export const HeadingNode = memo(function HeadingNode({ data }: NodeProps<HeadingNodeType>) {
  return <div className="canvas-heading">{data.text}</div>;
});
