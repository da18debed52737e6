import Box from '@mui/material/Box';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Key, ReactNode } from 'react';

/** The rows on screen, without overscan: what a pager should make sure is loaded. */
export interface VisibleRange {
  start: number;
  /** Exclusive. */
  end: number;
}

interface VirtualListProps {
  /** How many rows the list has in all (loaded or not). */
  count: number;
  /** Every row is exactly this tall, in pixels. */
  rowHeight: number;
  /** Rows rendered above and below the viewport, so fast scrolling shows no gaps. */
  overscan?: number;
  /** One row's content; it is placed in a box of `rowHeight`. */
  renderRow: (index: number) => ReactNode;
  rowKey?: (index: number) => Key;
  /** Called when the visible rows change (and once at start). */
  onVisibleRangeChange?: (range: VisibleRange) => void;
  'aria-label'?: string;
  testId?: string;
}

/** Which rows to render for a scroll position (exported for tests). */
export function windowFor(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  count: number,
  overscan: number,
): { visible: VisibleRange; rendered: VisibleRange } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight));
  const last = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight));
  const visible = { start: Math.min(first, count), end: Math.max(last, Math.min(first, count)) };
  return {
    visible,
    rendered: {
      start: Math.max(0, visible.start - overscan),
      end: Math.min(count, visible.end + overscan),
    },
  };
}

/**
 * A scrolling list that renders only the rows in view (plus a few either side), so a list of
 * 100,000 rows costs the same as one of 30. Rows have one fixed height; the list fills its
 * parent (give the parent a height, e.g. flex: 1 with minHeight: 0).
 */
export function VirtualList({
  count,
  rowHeight,
  overscan = 6,
  renderRow,
  rowKey,
  onVisibleRangeChange,
  'aria-label': ariaLabel,
  testId,
}: VirtualListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(0);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setViewport(el.clientHeight);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // When rows go away (a filter, a refresh) the browser clamps scrollTop without a scroll event.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && el.scrollTop !== scrollTop) setScrollTop(el.scrollTop);
  }, [count, scrollTop]);

  const { visible, rendered } = windowFor(scrollTop, viewport, rowHeight, count, overscan);

  const reported = useRef<string>('');
  const onRange = useRef(onVisibleRangeChange);
  useEffect(() => {
    onRange.current = onVisibleRangeChange;
  }, [onVisibleRangeChange]);
  useEffect(() => {
    if (viewport === 0) return;
    const key = `${visible.start}:${visible.end}`;
    if (reported.current === key) return;
    reported.current = key;
    onRange.current?.({ start: visible.start, end: visible.end });
  }, [visible.start, visible.end, viewport]);

  const rows: ReactNode[] = [];
  for (let i = rendered.start; i < rendered.end; i++) {
    rows.push(
      <Box
        key={rowKey ? rowKey(i) : i}
        role="listitem"
        aria-setsize={count}
        aria-posinset={i + 1}
        sx={{ position: 'absolute', top: i * rowHeight, left: 0, right: 0, height: rowHeight }}
      >
        {renderRow(i)}
      </Box>,
    );
  }

  return (
    <Box
      ref={scroller}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      data-testid={testId}
      sx={{ flex: 1, minHeight: 0, overflowY: 'auto', position: 'relative' }}
    >
      <Box
        role="list"
        aria-label={ariaLabel}
        sx={{ position: 'relative', height: count * rowHeight }}
      >
        {rows}
      </Box>
    </Box>
  );
}
