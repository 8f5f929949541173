import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scrollTopToReveal, visibleRange } from './visible-range';

describe('visibleRange', () => {
  it.each([
    // scrollTop, viewport, rowHeight, rows, overscan → first, end
    ['top of a long list', 0, 440, 44, 1000, 6, 0, 16],
    ['scrolled to row 100', 4400, 440, 44, 1000, 6, 94, 116],
    ['a row partly in view at the bottom counts', 4400, 450, 44, 1000, 0, 100, 111],
    ['a row partly scrolled off the top counts', 4410, 440, 44, 1000, 0, 100, 111],
    ['the end of the list', 43_560, 440, 44, 1000, 6, 984, 1000],
    ['fewer rows than fit', 0, 440, 44, 3, 6, 0, 3],
    ['no rows', 0, 440, 44, 0, 6, 0, 0],
    ['viewport not measured yet', 0, 0, 44, 1000, 6, 0, 6],
    // The list shrank (a filter) while scrolled far down, before the browser clamps scrollTop.
    ['scrolled past the end of a shorter list', 44_000, 440, 44, 10, 6, 10, 10],
  ])('%s', (_name, scrollTop, viewport, rowHeight, rows, overscan, first, end) => {
    expect(visibleRange(scrollTop, viewport, rowHeight, rows, overscan)).toEqual({ first, end });
  });

  it('stays within the rows and covers every row in the viewport, plus the overscan', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 0, max: 2_000 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 20 }),
        (scrollTop, viewport, rowHeight, rows, overscan) => {
          const { first, end } = visibleRange(scrollTop, viewport, rowHeight, rows, overscan);
          expect(Number.isInteger(first) && Number.isInteger(end)).toBe(true);
          expect(0 <= first && first <= end && end <= rows).toBe(true);
          // Rows overlapping [scrollTop, scrollTop + viewport), widened by `overscan` rows each side.
          const firstInView = Math.floor(scrollTop / rowHeight);
          const endInView = Math.ceil((scrollTop + viewport) / rowHeight);
          for (const row of [firstInView - overscan, firstInView, endInView - 1, endInView + overscan - 1]) {
            if (row >= 0 && row < rows && row >= firstInView - overscan && row < endInView + overscan) {
              expect(row >= first && row < end).toBe(true);
            }
          }
          // …and no more than that.
          expect(end - first).toBeLessThanOrEqual(endInView - firstInView + 2 * overscan);
        },
      ),
    );
  });
});

describe('scrollTopToReveal', () => {
  it.each([
    ['already in view', 5, 0, 440, 44, null],
    ['last fully visible row', 9, 0, 440, 44, null],
    ['just below: scroll so it is the last row', 10, 0, 440, 44, 44],
    ['far below', 100, 0, 440, 44, 4004],
    ['above: scroll so it is the first row', 2, 400, 440, 44, 88],
    ['partly cut off at the top', 9, 400, 440, 44, 396],
  ])('%s', (_name, index, scrollTop, viewport, rowHeight, expected) => {
    expect(scrollTopToReveal(index, scrollTop, viewport, rowHeight)).toBe(expected);
  });

  it('brings the row fully into view with the smallest scroll, and then leaves it be', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 40 }),
        (index, scrollTop, rowHeight, rowsInView) => {
          const viewport = rowHeight * rowsInView + (scrollTop % rowHeight); // at least one row fits
          const reveal = scrollTopToReveal(index, scrollTop, viewport, rowHeight);
          const top = index * rowHeight;
          const fullyVisible = (at: number): boolean => top >= at && top + rowHeight <= at + viewport;
          if (reveal === null) {
            expect(fullyVisible(scrollTop)).toBe(true);
            return;
          }
          expect(fullyVisible(scrollTop)).toBe(false);
          expect(fullyVisible(reveal)).toBe(true);
          // The smallest move: the row ends up exactly at the top or the bottom edge.
          expect(reveal === top || reveal === top + rowHeight - viewport).toBe(true);
          expect(scrollTopToReveal(index, reveal, viewport, rowHeight)).toBeNull();
        },
      ),
    );
  });
});
