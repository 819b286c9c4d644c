/** The canvas's one edge kind: an S in the gap after its source, then level to its target (edge-route.ts). */
import { BaseEdge, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { lanePath, laneRoute } from './edge-route.ts';
import type { LaneEdge as LaneEdgeType } from './graph-types.ts';

export const LaneEdge = memo(function LaneEdge(props: EdgeProps<LaneEdgeType>) {
  const { sourceX, sourceY, targetX, targetY, data, markerEnd, style, interactionWidth } = props;
  const route = laneRoute({ x: sourceX, y: sourceY }, { x: targetX, y: targetY }, data?.turnX ?? targetX);
  return <BaseEdge path={lanePath(route)} markerEnd={markerEnd} style={style} interactionWidth={interactionWidth} />;
});

/** One object for the life of the app, as React Flow asks. */
export const EDGE_TYPES = { lane: LaneEdge };
