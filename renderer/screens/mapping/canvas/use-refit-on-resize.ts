/**
 * The canvas's pane changed size (a splitter, the window): a view that showed the whole drawing is
 * fitted again to the new size; a view the analyst moved themselves stays where they put it (its
 * top-left corner holds still, so what they were reading does not jump away).
 */
import { useEffect, type RefObject } from 'react';

export function useRefitOnResize(
  area: RefObject<HTMLElement | null>,
  fitted: RefObject<boolean>,
  fit: () => void,
): void {
  useEffect(() => {
    const element = area.current;
    if (!element) return;
    let last = { width: element.clientWidth, height: element.clientHeight };
    const observer = new ResizeObserver(() => {
      const now = { width: element.clientWidth, height: element.clientHeight };
      const changed = now.width !== last.width || now.height !== last.height;
      last = now;
      if (changed && fitted.current && now.width > 0 && now.height > 0) fit();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [area, fitted, fit]);
}
