import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from './backoff';

const middle = (): number => 0.5;

describe('reconnectDelayMs', () => {
  it.each([
    [0, 500],
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
    [5, 10_000],
    [50, 10_000],
    [5000, 10_000], // 2 ** 5000 is Infinity: still capped
    [-3, 500],
  ])('attempt %s waits %s ms without jitter', (attempt, delay) => {
    expect(reconnectDelayMs(attempt, middle)).toBe(delay);
  });

  it('jitters by ±20%', () => {
    expect(reconnectDelayMs(0, () => 0)).toBe(400);
    expect(reconnectDelayMs(0, () => 0.999_999)).toBe(600);
    expect(reconnectDelayMs(20, () => 0)).toBe(8000);
    expect(reconnectDelayMs(20, () => 0.999_999)).toBe(12_000);
  });

  it('is a whole number of ms, within the jitter of the capped exponential, and grows with the attempt', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, random) => {
          const delay = reconnectDelayMs(attempt, () => random);
          const base = Math.min(10_000, 500 * 2 ** attempt);
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(base * 0.8));
          expect(delay).toBeLessThanOrEqual(Math.ceil(base * 1.2));
          expect(reconnectDelayMs(attempt + 1, () => random)).toBeGreaterThanOrEqual(delay);
        },
      ),
    );
  });

  it('uses Math.random by default', () => {
    const delays = Array.from({ length: 50 }, () => reconnectDelayMs(2));
    expect(delays.every((delay) => delay >= 1600 && delay <= 2400)).toBe(true);
    expect(new Set(delays).size).toBeGreaterThan(1);
  });
});
