import { describe, expect, it } from 'vitest';
import { hashPart, MAX_RECORDING_NAME, recordingFileName } from './recording-name';

const at = new Date('2025-03-04T05:06:07.089Z');

describe('recordingFileName', () => {
  it('keeps ordinary names readable', () => {
    expect(recordingFileName(at, { resource: 'staging', namespace: 'team-a', pod: 'web-5d9c' }, 'abc123')).toBe('2025-03-04T05-06-07-089Z-staging-team-a-web-5d9c-abc123.cast');
    expect(recordingFileName(at, { resource: 'staging', namespace: null, pod: null }, 'abc123')).toBe('2025-03-04T05-06-07-089Z-staging---abc123.cast');
  });

  it('hashes a part with characters outside [A-Za-z0-9._-], or a ".."', () => {
    for (const namespace of ['a/b', '..', 'x..y', 'a\\b', 'ünï', 'a b', 'a%2Fb', 'a\u0000b']) {
      const name = recordingFileName(at, { resource: 'staging', namespace, pod: 'web' }, 'abc123');
      expect(name).toBe(`2025-03-04T05-06-07-089Z-staging-${hashPart(namespace)}-web-abc123.cast`);
      expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
      expect(name).not.toContain('..');
    }
  });

  it('hashes the longest parts until the name fits in MAX_RECORDING_NAME bytes', () => {
    const pod = 'p'.repeat(253);
    const name = recordingFileName(at, { resource: 'staging', namespace: 'team-a', pod }, 'abc123');
    expect(name).toBe(`2025-03-04T05-06-07-089Z-staging-team-a-${hashPart(pod)}-abc123.cast`);
    const all = recordingFileName(at, { resource: 'r'.repeat(90), namespace: 'n'.repeat(63), pod: 'p'.repeat(90) }, 'abc123');
    expect(Buffer.byteLength(all)).toBeLessThanOrEqual(MAX_RECORDING_NAME);
    expect(all).toContain(`-${'n'.repeat(63)}-`); // hashed only as much as needed
    // a name exactly at the limit is kept as it is
    const fill = MAX_RECORDING_NAME - Buffer.byteLength(recordingFileName(at, { resource: 's', namespace: 'n', pod: '' }, 'abc123'));
    const exact = recordingFileName(at, { resource: 's', namespace: 'n', pod: 'p'.repeat(fill) }, 'abc123');
    expect(Buffer.byteLength(exact)).toBe(MAX_RECORDING_NAME);
    expect(exact).toContain('p'.repeat(fill));
  });

  it('different parts give different hashes, the same part the same one', () => {
    expect(hashPart('a/b')).toBe(hashPart('a/b'));
    expect(hashPart('a/b')).not.toBe(hashPart('a/c'));
    expect(hashPart('a/b')).toMatch(/^h[0-9a-f]{12}$/);
  });
});
