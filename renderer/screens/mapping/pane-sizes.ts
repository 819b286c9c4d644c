/**
 * The Mapping screen's pane sizes: the canvas's share of the screen's height and the formula
 * editor's share of the bottom row's width, in percent. Remembered in the browser's storage (the
 * renderer has no file system), read back on the next start; a missing or damaged value is the default.
 */
export interface PaneSizes {
  /** Canvas height, percent of the screen (the editor and preview share the rest). */
  readonly canvas: number;
  /** Formula editor width, percent of the bottom row (the preview has the rest). */
  readonly editor: number;
}

export const DEFAULT_PANE_SIZES: PaneSizes = { canvas: 60, editor: 40 };
const KEY = 'mapping-pane-sizes';

/** The pixels no pane goes below, so a drag or a key never makes one disappear. */
export const MIN_PANE = { canvas: 160, bottom: 140, editor: 240, preview: 240 } as const;

/** The storage's small part the sizes use (`localStorage` in the studio, a Map in tests). */
export interface SizeStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const share = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 && value < 100 ? value : fallback;

export function loadPaneSizes(storage: SizeStorage | undefined): PaneSizes {
  try {
    const saved = JSON.parse(storage?.getItem(KEY) ?? 'null') as Partial<Record<keyof PaneSizes, unknown>> | null;
    return {
      canvas: share(saved?.canvas, DEFAULT_PANE_SIZES.canvas),
      editor: share(saved?.editor, DEFAULT_PANE_SIZES.editor),
    };
  } catch {
    return DEFAULT_PANE_SIZES;
  }
}

export function savePaneSizes(storage: SizeStorage | undefined, sizes: PaneSizes): void {
  try {
    storage?.setItem(KEY, JSON.stringify(sizes));
  } catch {
    // Storage full or refused: the sizes still apply until the studio closes.
  }
}

/** The studio's storage, if the page may use it. */
export function browserStorage(): SizeStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export interface ShareBounds {
  readonly min: number;
  readonly max: number;
}

/**
 * The shares (percent, whole numbers) a pane may take in a container of `total` pixels when it
 * needs `minFirst` pixels and the other pane `minSecond`. A container too small for both splits it
 * in proportion to the two minimums.
 */
export function shareBounds(total: number, minFirst: number, minSecond: number): ShareBounds {
  if (total <= 0) return { min: 50, max: 50 };
  const min = Math.ceil((minFirst / total) * 100);
  const max = Math.floor(100 - (minSecond / total) * 100);
  if (min <= max) return { min, max };
  const split = Math.round((minFirst / (minFirst + minSecond)) * 100);
  return { min: split, max: split };
}

export const clampShare = (value: number, bounds: ShareBounds): number =>
  Math.min(bounds.max, Math.max(bounds.min, value));
