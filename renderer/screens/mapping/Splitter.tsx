/**
 * A window splitter (WAI-ARIA "window splitter"): a focusable separator between two panes whose value
 * is the first pane's share, in percent. Dragged with the pointer, moved with the arrow keys (Shift
 * for bigger steps), Home and End to the bounds. The owner keeps the value and its bounds.
 */
import type { KeyboardEvent, PointerEvent as ReactPointerEvent, RefObject } from 'react';
import { clampShare, type ShareBounds } from './pane-sizes.ts';

const STEP = 2;
const BIG_STEP = 10;

export function Splitter({
  orientation,
  label,
  value,
  bounds,
  container,
  onChange,
}: {
  /** horizontal: a bar between a pane above and one below; vertical: between left and right. */
  orientation: 'horizontal' | 'vertical';
  label: string;
  value: number;
  bounds: ShareBounds;
  /** The element both panes share, which the value is a percentage of. */
  container: RefObject<HTMLElement | null>;
  onChange: (value: number) => void;
}) {
  const across = orientation === 'horizontal';
  const set = (next: number) => onChange(clampShare(next, bounds));

  const shareAt = (event: ReactPointerEvent | PointerEvent): number | null => {
    const box = container.current?.getBoundingClientRect();
    if (!box) return null;
    const offset = across ? event.clientY - box.top : event.clientX - box.left;
    const size = across ? box.height : box.width;
    return size > 0 ? (offset / size) * 100 : null;
  };

  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    const handle = event.currentTarget;
    handle.focus();
    handle.setPointerCapture(event.pointerId);
    const move = (moved: PointerEvent) => {
      const next = shareAt(moved);
      if (next !== null) set(next);
    };
    const end = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', end);
      handle.removeEventListener('pointercancel', end);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', end);
    handle.addEventListener('pointercancel', end);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? BIG_STEP : STEP;
    const keys: Record<string, () => number> = {
      Home: () => bounds.min,
      End: () => bounds.max,
      ...(across
        ? { ArrowUp: () => value - step, ArrowDown: () => value + step }
        : { ArrowLeft: () => value - step, ArrowRight: () => value + step }),
    };
    const next = keys[event.key];
    if (!next) return;
    event.preventDefault();
    set(next());
  };

  return (
    <div
      className={`splitter splitter-${orientation}`}
      role="separator"
      tabIndex={0}
      aria-orientation={orientation}
      aria-label={label}
      aria-valuenow={Math.round(value)}
      aria-valuemin={bounds.min}
      aria-valuemax={bounds.max}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
