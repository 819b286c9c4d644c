/**
 * A source field: name and type. The whole card starts a drag (an invisible handle covers it) so
 * the analyst can grab it anywhere; the dot on the right is the handle edges leave from.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { FieldNode as FieldNodeType } from '../graph-types.ts';
import { useFarAway } from './use-far-away.ts';

export const FieldNode = memo(function FieldNode({ data }: NodeProps<FieldNodeType>) {
  const far = useFarAway();
  const title = `${data.name} (${data.type})${data.description ? `: ${data.description}` : ''}${data.mapped ? '' : ' · no column reads it yet'}\nDrag onto a column to map it, or reach it with the arrow keys and press Enter to pick the column.`;
  return (
    <div className={`canvas-node canvas-field${data.mapped ? '' : ' is-unmapped'}`} title={title}>
      {!far && <span className="canvas-node-name">{data.name}</span>}
      {!far && <span className="canvas-node-type">{data.type}</span>}
      <Handle type="source" position={Position.Right} id="grab" className="canvas-grab" aria-hidden="true" />
      <Handle
        type="source"
        position={Position.Right}
        id="out"
        className="canvas-handle"
        // A named dot: a plain <div> may not carry a name, a picture may.
        role="img"
        aria-label={`Drag ${data.name} onto a column`}
      />
    </div>
  );
});
