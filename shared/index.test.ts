import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { API_VERSION, PRODUCT_NAME } from './index';

describe('shared', () => {
  it('names the product', () => {
    expect(PRODUCT_NAME).toBe('Gatehouse');
  });

  it('has a positive integer API version', () => {
    expect(Number.isInteger(API_VERSION) && API_VERSION > 0).toBe(true);
  });

  it('runs property tests (fast-check is wired up)', () => {
    fc.assert(fc.property(fc.string(), (s) => `${PRODUCT_NAME}${s}`.startsWith(PRODUCT_NAME)));
  });
});
