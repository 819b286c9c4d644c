/** The Mapping screen's pane sizes: read back from storage, a damaged value ignored, bounds from the minimums. */
import { describe, expect, it } from 'vitest';
import { clampShare, DEFAULT_PANE_SIZES, loadPaneSizes, savePaneSizes, shareBounds } from './pane-sizes.ts';

function memoryStorage() {
  const values = new Map<string, string>();
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
  };
}

describe('pane sizes', () => {
  it('reads back what was saved', () => {
    const storage = memoryStorage();
    savePaneSizes(storage, { canvas: 42.5, editor: 55 });
    expect(loadPaneSizes(storage)).toEqual({ canvas: 42.5, editor: 55 });
  });

  it('falls back to the defaults for nothing saved, damaged text or values out of range', () => {
    expect(loadPaneSizes(undefined)).toEqual(DEFAULT_PANE_SIZES);
    const storage = memoryStorage();
    storage.setItem('mapping-pane-sizes', '{not json');
    expect(loadPaneSizes(storage)).toEqual(DEFAULT_PANE_SIZES);
    storage.setItem('mapping-pane-sizes', JSON.stringify({ canvas: 140, editor: 'wide' }));
    expect(loadPaneSizes(storage)).toEqual(DEFAULT_PANE_SIZES);
  });

  it('bounds a share by both panes minimums, and splits a container too small for both in proportion', () => {
    expect(shareBounds(800, 160, 140)).toEqual({ min: 20, max: 82 });
    expect(clampShare(5, shareBounds(800, 160, 140))).toBe(20);
    expect(clampShare(95, shareBounds(800, 160, 140))).toBe(82);
    expect(shareBounds(200, 160, 140)).toEqual({ min: 53, max: 53 });
  });
});
