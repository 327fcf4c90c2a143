import { useLayoutEffect, useState, type RefObject } from 'react';

/**
 * The width of an element in whole pixels, followed as it changes (a turned phone, a narrowed
 * window, a side column folding away), so a chart is drawn for the room it has.
 */
export function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setWidth(Math.floor(element.clientWidth));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
