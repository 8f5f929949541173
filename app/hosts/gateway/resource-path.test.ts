// /k8s/<resource>/…: the resource segment is matched exactly as written; no escape, case or dot
// trick names another resource (dot segments are refused earlier, by request-target.ts: checked
// here through the same parse the proxy does).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRequestTarget } from '../../domain/proxy/request-target';
import { resourcePath } from './resource-path';

function route(raw: string) {
  const parsed = parseRequestTarget(raw);
  if (!parsed.ok) return { kind: 'bad-target' as const };
  return resourcePath(parsed.target);
}

describe('resourcePath', () => {
  it('splits the resource from what goes to its cluster, query kept', () => {
    expect(route('/k8s/staging/api/v1/namespaces/a/pods?watch=true&x=%2F')).toMatchObject({ kind: 'resource', resource: 'staging', target: { raw: '/api/v1/namespaces/a/pods?watch=true&x=%2F', path: '/api/v1/namespaces/a/pods' } });
    expect(route('/k8s/staging')).toMatchObject({ kind: 'resource', resource: 'staging', target: { raw: '/', path: '/' } });
    expect(route('/k8s/staging?timeout=32s')).toMatchObject({ kind: 'resource', resource: 'staging', target: { raw: '/?timeout=32s' } });
    expect(route('/k8s/staging/')).toMatchObject({ kind: 'resource', resource: 'staging', target: { raw: '/' } });
  });

  it('leaves other paths to the gateway’s routes or a 404', () => {
    expect(route('/v1/me')).toEqual({ kind: 'other' });
    expect(route('/K8S/prod/api')).toEqual({ kind: 'other' });
    expect(route('/k8sprod/api')).toEqual({ kind: 'other' });
  });

  it.each([
    '/k8s/staging%2F..%2Fprod/api',
    '/k8s/staging%2f..%2fprod/api',
    '/k8s/staging%252F..%252Fprod/api',
    '/k8s/prod%00/api',
    '/k8s/prod%2F/api',
    '/k8s/%70rod/api',
    '/k8s/staging%20/api',
    '/k8s//prod/api',
    '/k8s/',
    '/k8s',
  ])('refuses %s with 400', (raw) => {
    // Those with an encoded "/" before ".." are already refused by the target parse (also a 400).
    const r = route(raw);
    if (r.kind === 'bad-target') expect(raw).toMatch(/%2F\.\./i);
    else expect(r).toMatchObject({ kind: 'refused', code: 400 });
  });

  it.each(['/k8s/staging/../prod/api', '/k8s/staging/%2e%2e/prod/api', '/k8s/./prod/api', '/k8s/staging/api/../../prod/api', '/k8s/staging/..%2fprod'])('%s never gets past the target parse', (raw) => {
    // `..%2fprod` is one segment, not a dot segment: it stays inside staging's path.
    const r = route(raw);
    if (r.kind === 'resource') expect(r.resource).toBe('staging');
    else expect(r.kind).toBe('bad-target');
  });

  it('property: a request routed to a resource wrote exactly that name as its first segment', () => {
    const names = ['prod', 'staging'];
    const piece = fc.constantFrom('prod', 'staging', 'Prod', '%70', '%2F', '%2f', '..', '.', '%2e', '', '/', ';', '%00', 'api', 'v1', '?', 'x');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const raw = `/k8s/${pieces.join('')}`;
        const r = route(raw);
        if (r.kind !== 'resource') return;
        const written = raw.slice('/k8s/'.length).split(/[/?]/)[0];
        expect(r.resource).toBe(written);
        expect(r.resource).not.toMatch(/%/);
        if (names.includes(r.resource)) expect(raw.startsWith(`/k8s/${r.resource}`)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
