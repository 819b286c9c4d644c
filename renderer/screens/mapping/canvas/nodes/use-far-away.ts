/**
 * Whether the canvas is zoomed out so far that node text cannot be read. Nodes then draw as plain
 * coloured cards (handles kept, so edges still meet them): a 300-column stream fitted to the screen
 * renders several times fewer elements. A boolean selector: nodes re-render only when it flips.
 */
import { useStore, type ReactFlowState } from '@xyflow/react';

const TEXT_UNREADABLE_BELOW = 0.3;
const farAway = (state: ReactFlowState): boolean => state.transform[2] < TEXT_UNREADABLE_BELOW;

export function useFarAway(): boolean {
  return useStore(farAway);
}
