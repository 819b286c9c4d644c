/**
 * Where the canvas looks. "Fit view" shows the whole drawing. The first view does too when the text
 * stays readable; a long stream (hundreds of columns) opens at a readable size at its top instead,
 * with the minimap and "fit view" for the whole.
 */
export interface Box {
  readonly width: number;
  readonly height: number;
}

export interface Bounds extends Box {
  readonly x: number;
  readonly y: number;
}

export interface Viewport {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

export const MIN_ZOOM = 0.02;
export const MAX_ZOOM = 2;
/** Below this, node text is too small to read. */
export const READABLE_ZOOM = 0.6;
const PADDING = 24;

const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));

export function fitAll(bounds: Bounds, box: Box): Viewport {
  const zoom = clamp(
    Math.min((box.width - 2 * PADDING) / bounds.width, (box.height - 2 * PADDING) / bounds.height),
    MIN_ZOOM,
    1,
  );
  return {
    x: (box.width - bounds.width * zoom) / 2 - bounds.x * zoom,
    y: (box.height - bounds.height * zoom) / 2 - bounds.y * zoom,
    zoom,
  };
}

/** Whether the first view is the whole drawing (readable when fitted), rather than its top. */
export const showsWhole = (bounds: Bounds, box: Box): boolean => fitAll(bounds, box).zoom >= READABLE_ZOOM;

export function firstView(bounds: Bounds, box: Box): Viewport {
  const whole = fitAll(bounds, box);
  if (showsWhole(bounds, box)) return whole;
  const zoom = clamp((box.width - 2 * PADDING) / bounds.width, READABLE_ZOOM, 1);
  // Left-aligned: the minimap and zoom buttons sit on the right, over empty canvas where there is room.
  return { x: PADDING - bounds.x * zoom, y: PADDING - bounds.y * zoom, zoom };
}
