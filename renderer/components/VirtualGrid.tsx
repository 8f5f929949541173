/**
 * A grid that renders only the rows in view (fixed row height), so 2,000 resources or requests
 * scroll smoothly. Keyboard: one row is in the tab order (roving tabindex); arrows, Page Up/Down,
 * Home/End move between rows; Enter activates. The focused row is always rendered, even when
 * scrolled away, so focus is never lost to the page.
 */
import { type KeyboardEvent, type MouseEvent, type ReactNode, useLayoutEffect, useRef, useState } from 'react';
import { useElementHeight } from '../hooks/use-element-height';
import { scrollTopToReveal, visibleRange } from './visible-range';

export interface RowContext {
  /** The row in the tab order: its own controls are tabbable, other rows' are not. */
  tabbable: boolean;
}

interface VirtualGridProps<T> {
  label: string;
  items: readonly T[];
  rowHeight: number;
  /** Sets the columns (CSS grid template) for the header and every row. */
  layoutClassName: string;
  header: ReactNode;
  getKey: (item: T) => string;
  /** The row's accessible name; defaults to its text. */
  getRowLabel?: (item: T) => string;
  renderCells: (item: T, context: RowContext) => ReactNode;
  selectedKey?: string | null;
  onActivate?: (item: T) => void;
  empty?: ReactNode;
}

const OVERSCAN_ROWS = 6;
const INTERACTIVE = 'button, a, input, select, textarea, [role="switch"]';

export function VirtualGrid<T>(props: VirtualGridProps<T>): React.JSX.Element {
  const { items, rowHeight, getKey, onActivate } = props;
  const viewportRef = useRef<HTMLDivElement>(null);
  const headerRef = useRef<HTMLDivElement>(null);
  const rowElements = useRef(new Map<number, HTMLDivElement>());
  const viewportHeight = useElementHeight(viewportRef);
  const [scrollTop, setScrollTop] = useState(0);
  const [activeIndex, setActiveIndex] = useState(0);
  const [focusRequested, setFocusRequested] = useState(false);

  const lastIndex = items.length - 1;
  const active = Math.min(activeIndex, Math.max(0, lastIndex));
  const headerHeight = headerRef.current?.offsetHeight ?? 0;
  const bodyHeight = Math.max(0, viewportHeight - headerHeight);
  const range = visibleRange(scrollTop, bodyHeight, rowHeight, items.length, OVERSCAN_ROWS);
  const indexes: number[] = [];
  for (let index = range.first; index < range.end; index += 1) indexes.push(index);
  if (items.length > 0 && (active < range.first || active >= range.end)) indexes.push(active);

  useLayoutEffect(() => {
    if (!focusRequested) return;
    setFocusRequested(false);
    rowElements.current.get(active)?.focus({ preventScroll: true });
  }, [focusRequested, active]);

  function moveTo(index: number): void {
    if (items.length === 0) return;
    const target = Math.max(0, Math.min(lastIndex, index));
    const viewport = viewportRef.current;
    if (viewport !== null) {
      const reveal = scrollTopToReveal(target, viewport.scrollTop, bodyHeight, rowHeight);
      if (reveal !== null) {
        viewport.scrollTop = reveal;
        setScrollTop(reveal);
      }
    }
    setActiveIndex(target);
    setFocusRequested(true);
  }

  function handleKeyDown(event: KeyboardEvent<HTMLDivElement>, index: number, item: T): void {
    const page = Math.max(1, Math.floor(bodyHeight / rowHeight) - 1);
    const moves: Record<string, number | undefined> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: lastIndex,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      moveTo(target);
    } else if (event.key === 'Enter' && event.target === event.currentTarget) {
      event.preventDefault();
      onActivate?.(item);
    }
  }

  function handleClick(event: MouseEvent<HTMLDivElement>, index: number, item: T): void {
    setActiveIndex(index);
    const control = (event.target as Element).closest(INTERACTIVE);
    if (control !== null && control !== event.currentTarget) return; // the row's own switch/button
    onActivate?.(item);
  }

  return (
    <div
      ref={viewportRef}
      className="vgrid"
      role="grid"
      aria-label={props.label}
      aria-rowcount={items.length + 1}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <div ref={headerRef} className="vgrid__head" role="rowgroup">
        <div className={`vgrid__row vgrid__row--head ${props.layoutClassName}`} role="row" aria-rowindex={1}>
          {props.header}
        </div>
      </div>
      {items.length === 0 ? (
        props.empty
      ) : (
        <div className="vgrid__body" role="rowgroup" style={{ height: items.length * rowHeight }}>
          {indexes.map((index) => {
            const item = items[index];
            if (item === undefined) return null;
            const key = getKey(item);
            const tabbable = index === active;
            return (
              <div
                key={key}
                ref={(element) => {
                  if (element === null) rowElements.current.delete(index);
                  else rowElements.current.set(index, element);
                }}
                className={`vgrid__row ${props.layoutClassName}`}
                role="row"
                aria-rowindex={index + 2}
                aria-label={props.getRowLabel?.(item)}
                aria-selected={props.selectedKey === undefined ? undefined : props.selectedKey === key}
                tabIndex={tabbable ? 0 : -1}
                style={{ height: rowHeight, transform: `translateY(${index * rowHeight}px)` }}
                onKeyDown={(event) => handleKeyDown(event, index, item)}
                onClick={(event) => handleClick(event, index, item)}
                onFocus={() => setActiveIndex(index)}
              >
                {props.renderCells(item, { tabbable })}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
