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
    [undefined, 'empty request target'],
    ['', 'empty request target'],
    ['*', 'request target must be a path (origin-form, "/…")'],
    ['http://127.0.0.1/', 'request target must be a path (origin-form, "/…")'],
    ['//evil.example/x', 'request target must not start with "//"'],
    ['/\\evil.example', 'request target contains characters that must be percent-encoded'],
    ['/a b', 'request target contains characters that must be percent-encoded'],
    ['/%zz', 'request target has a malformed percent-encoding'],
    ['/%00', 'request target path is not allowed'],
    ['/a%2f..%2f..%2fetc', 'request target path is not allowed'],
    ['/%5c..', 'request target path is not allowed'],
  ])('%j → %s', (target, reason) => {
    expect(parseRequestTarget(target)).toBe(reason);
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
