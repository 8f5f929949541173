// Request targets as a table: what admission accepts (origin-form only) and what it refuses.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStreamingTarget, parseRequestTarget } from './request-target';

const accepted: Array<[string, string]> = [
  ['/api/v1/namespaces/team-a/pods', '/api/v1/namespaces/team-a/pods'],
  ['/api/v1/pods?labelSelector=app%3Dweb&limit=500', '/api/v1/pods'],
  ['/apis/apps/v1/namespaces/x/deployments/y:80/proxy/', '/apis/apps/v1/namespaces/x/deployments/y:80/proxy/'],
  ['/api/v1/namespaces/a/pods/b/exec?command=sh&command=-c&command=echo%20hi&stdin=true', '/api/v1/namespaces/a/pods/b/exec'],
  ['/', '/'],
  ['/version?timeout=32s', '/version'],
  ['/api/v1/namespaces/a/configmaps/x.y-z_1~', '/api/v1/namespaces/a/configmaps/x.y-z_1~'],
];

const refused: Array<[name: string, target: string | undefined, mentions: string]> = [
  ['absent', undefined, 'is empty'],
  ['empty', '', 'is empty'],
  ['absolute-form', 'http://evil.example/api/v1/pods', 'only origin-form'],
  ['absolute-form https', 'https://127.0.0.1:6443/api', 'only origin-form'],
  ['authority-form', 'evil.example:443', 'only origin-form'],
  ['asterisk-form', '*', 'only origin-form'],
  ['network-path (//host)', '//evil.example/api', 'starts with "//"'],
  ['just //', '//', 'starts with "//"'],
  ['backslash (WHATWG reads it as a slash)', '/\\evil.example/api', 'must be percent-encoded'],
  ['fragment', '/api/v1/pods#x', 'must be percent-encoded'],
  ['space', '/api/v1/pods a', 'must be percent-encoded'],
  ['quote in query', '/api?x="1"', 'must be percent-encoded'],
  ['lone percent', '/api/v1/pods%', 'percent-encoded byte'],
  ['bad percent', '/api/v1/pods%zz', 'percent-encoded byte'],
  ['invalid UTF-8 escape', '/api/v1/namespaces/%ff%fe', 'decode as UTF-8'],
  ['dot segment', '/api/v1/../../apis', '".." path segment'],
  ['encoded dot segment', '/k8s/staging/%2e%2e/prod/api', '".." path segment'],
  ['single dot segment', '/api/./v1', '"." or'],
  ['dot segment behind an encoded slash', '/k8s/staging/..%2fprod/api', '".." path segment'],
  ['dot segment behind an encoded backslash', '/api/x%5C..%5Cy', '".." path segment'],
  ['too long', `/api/${'a'.repeat(9000)}`, 'longer than'],
];

describe('parseRequestTarget', () => {
  for (const [raw, path] of accepted) {
    it(`accepts ${raw}`, () => {
      const d = parseRequestTarget(raw);
      expect(d).toMatchObject({ ok: true, target: { raw, path } });
    });
  }
  for (const [name, raw, mentions] of refused) {
    it(`refuses ${name}`, () => {
      const d = parseRequestTarget(raw);
      expect(d.ok).toBe(false);
      if (!d.ok) expect(d.message).toContain(mentions);
    });
  }

  it('keeps the message short for a long target', () => {
    const d = parseRequestTarget(`//${'x'.repeat(5000)}`);
    expect(!d.ok && d.message.length < 300).toBe(true);
  });

  it('never throws, and what it accepts parses as a URL path on the same origin', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (raw) => {
        const d = parseRequestTarget(raw);
        if (!d.ok) return;
        const url = new URL(raw, 'http://gatehouse.invalid');
        expect(url.origin).toBe('http://gatehouse.invalid');
        expect(raw.startsWith('/') && !raw.startsWith('//')).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('tells watches and followed logs apart', () => {
    const t = (raw: string): boolean => {
      const d = parseRequestTarget(raw);
      return d.ok && isStreamingTarget(d.target);
    };
    expect(t('/api/v1/pods?watch=true')).toBe(true);
    expect(t('/api/v1/pods?watch=1')).toBe(true);
    expect(t('/api/v1/namespaces/a/pods/b/log?follow=true')).toBe(true);
    expect(t('/api/v1/pods?watch=false')).toBe(false);
    expect(t('/api/v1/pods')).toBe(false);
  });
});
