/** The Mapping screen's pane sizes as state: read from storage once, written back on each change. */
import { useCallback, useEffect, useState, type RefObject } from 'react';
import { browserStorage, loadPaneSizes, savePaneSizes, type PaneSizes } from './pane-sizes.ts';

export function usePaneSizes(): [PaneSizes, (change: Partial<PaneSizes>) => void] {
  const [sizes, setSizes] = useState(() => loadPaneSizes(browserStorage()));
  const change = useCallback((next: Partial<PaneSizes>) => {
    setSizes((previous) => {
      const merged = { ...previous, ...next };
      savePaneSizes(browserStorage(), merged);
      return merged;
    });
  }, []);
  return [sizes, change];
}

/** An element's size in pixels, followed as it changes (0 until it is laid out). */
export function useElementSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setSize({ width: element.clientWidth, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}
