/** A destination column: name, type, the required mark and its formula (or that no field is mapped yet). */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { ColumnNode as ColumnNodeType } from '../graph-types.ts';
import { useFarAway } from './use-far-away.ts';

export const ColumnNode = memo(function ColumnNode({ data, selected }: NodeProps<ColumnNodeType>) {
  const far = useFarAway();
  const formula = data.unmapped ? 'no field mapped yet' : data.expression;
  return (
    <div
      className={`canvas-node canvas-column${selected ? ' is-selected' : ''}${data.unmapped ? ' is-unmapped' : ''}`}
      title={`${data.name} (${data.type}) = ${formula}`}
    >
      <Handle
        type="target"
        position={Position.Left}
        id="in"
        className="canvas-handle"
        // A named dot: a plain <div> may not carry a name, a picture may.
        role="img"
        aria-label={`Drop a field here to map ${data.name}`}
      />
      {!far && <ColumnText name={data.name} type={data.type} required={data.required} formula={formula} />}
    </div>
  );
});

function ColumnText({
  name,
  type,
  required,
  formula,
}: {
  name: string;
  type: string;
  required: boolean;
  formula: string;
}) {
  return (
    <>
      <div className="canvas-column-head">
        <span className="canvas-node-name">{name}</span>
        {required && (
          <span
            className="canvas-required"
            title="Required: a row where this column comes out empty is held for review"
          >
            required
          </span>
        )}
        <span className="canvas-node-type">{type}</span>
      </div>
      <div className="canvas-column-formula">{formula}</div>
    </>
  );
}
