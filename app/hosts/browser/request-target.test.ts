// Browser mode admits origin-form targets only, parsed once; anything else is a reason, never a throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRequestTarget } from './request-target';

describe('parseRequestTarget', () => {
  it('origin-form: decoded path and query', () => {
    const t = parseRequestTarget('/assets/a%20b.js?token=x%2By&v=1');
    expect(typeof t).toBe('object');
    if (typeof t === 'string') return;
    expect(t.pathname).toBe('/assets/a b.js');
    expect(t.searchParams.get('token')).toBe('x+y');
  });

  it.each([
    [undefined, 'is empty'],
    ['', 'is empty'],
    ['*', 'only origin-form targets (/path?query) are accepted'],
    ['http://127.0.0.1/', 'only origin-form targets (/path?query) are accepted'],
    ['//evil.example/x', 'starts with "//"'],
    ['/\\evil.example', 'must be percent-encoded'],
    ['/a b', 'must be percent-encoded'],
    ['/%zz', 'does not start a percent-encoded byte'],
    ['/%00', 'decodes to a path that is not allowed'],
    ['/a%2f..%2f..%2fetc', '".." path segment'],
    ['/%5c..', '".." path segment'],
    ['/a%5cb', 'decodes to a path that is not allowed'],
    ['/%2e%2e/secret.txt', '"." or ".." path segment'],
  ])('%j → %s', (target, reason) => {
    const t = parseRequestTarget(target);
    expect(typeof t).toBe('string');
    expect(t).toContain(reason);
  });

  it('any string: never throws; what it admits is a rooted path without ".." segments', () => {
    const targets = fc.oneof(fc.string({ unit: 'binary' }), fc.string().map((s) => `/${s}`), fc.webUrl(), fc.webPath());
    fc.assert(
      fc.property(targets, (target) => {
        const t = parseRequestTarget(target);
        if (typeof t === 'string') return;
        expect(t.pathname.startsWith('/')).toBe(true);
        expect(t.pathname.split('/')).not.toContain('..');
        expect(t.pathname).not.toContain('\\');
      }),
      { numRuns: 3000 },
    );
  });
});
