import { describe, expect, it } from 'vitest';
import { objectKey } from './object-key';

describe('objectKey', () => {
  it('is stable for one object', () => {
    const row = { message: 'hello' };
    expect(objectKey(row)).toBe(objectKey(row));
  });

  it('tells equal-looking objects apart (two identical log records are two rows)', () => {
    const first = { message: 'same' };
    const second = { message: 'same' };
    expect(objectKey(first)).not.toBe(objectKey(second));
  });

  it('gives many objects distinct keys', () => {
    const rows = Array.from({ length: 1000 }, () => ({}));
    expect(new Set(rows.map(objectKey)).size).toBe(1000);
    expect(rows.map(objectKey)).toEqual(rows.map(objectKey));
  });
});
