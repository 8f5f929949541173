import { describe, expect, it } from 'vitest';
import { bytesOf, megabytesOf, retentionProblem } from './retention-fields';

describe('retention fields', () => {
  it('show bytes as megabytes and back', () => {
    expect(megabytesOf(1024 * 1024 * 1024)).toBe('1024');
    expect(bytesOf('1024')).toBe(1024 * 1024 * 1024);
    expect(megabytesOf(1.5 * 1024 * 1024)).toBe('1.5');
  });

  it('accept whole days and megabytes, and say what is wrong otherwise', () => {
    expect(retentionProblem('30', '1024')).toBeNull();
    expect(retentionProblem('0', '1024')).toBe('Keep recordings for a whole number of days, from 1 to 36500.');
    expect(retentionProblem('1.5', '1024')).toMatch(/whole number of days/);
    expect(retentionProblem('', '1024')).toMatch(/whole number of days/);
    expect(retentionProblem('30', '0')).toBe('The size limit is a whole number of megabytes, at least 1.');
    expect(retentionProblem('30', 'lots')).toMatch(/megabytes/);
    expect(retentionProblem('30', ' ')).toMatch(/megabytes/);
  });
});
