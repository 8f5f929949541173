import { describe, expect, it } from 'vitest';
import { formatOrgPath, isLoopbackHost, parseOrg, plainHttpProblem } from './org';

const HINT = 'use https://, a loopback server (127.0.0.0/8, ::1, localhost), or set "insecureHttp: true" on the resource';

function orgWith(resource: Record<string, unknown>): unknown {
  return {
    users: [{ email: 'alice@example.com', roles: ['Engineering'] }],
    roles: [{ name: 'Engineering', rules: [{ resources: ['staging'] }] }],
    resources: [{ name: 'staging', type: 'kubernetes-user-impersonation', ...resource }],
  };
}

/** `path: message` lines, or [] when the org is accepted. */
function lines(resource: Record<string, unknown>): string[] {
  const result = parseOrg(orgWith(resource));
  return result.ok ? [] : result.problems.map((p) => `${formatOrgPath(p.path)}: ${p.message}`);
}

describe('plain http:// clusters in the org file', () => {
  it.each([
    // server, insecureHttp, accepted?
    ['http://127.0.0.1:8001', undefined, true],
    ['http://127.255.3.4', undefined, true],
    ['http://localhost:8001/', undefined, true],
    ['HTTP://LOCALHOST:8001', undefined, true],
    ['http://[::1]:8001', undefined, true],
    ['http://user@127.0.0.1:8001', undefined, true],
    ['https://10.0.0.1:6443', undefined, true],
    ['https://k8s.example.com', false, true],
    ['http://10.0.0.1:8080', true, true],
    ['http://10.0.0.1:8080', undefined, false],
    ['http://10.0.0.1:8080', false, false],
    ['http://k8s.example.com', undefined, false],
    ['http://128.0.0.1', undefined, false],
    ['http://127.0.0.256', undefined, false],
    ['http://127.1', undefined, false], // shorthand: refused rather than guessed
    ['http://localhost.example.com', undefined, false],
    ['http://localhost.', undefined, false],
    ['http://[::2]', undefined, false],
    ['http://[::ffff:127.0.0.1]', undefined, false],
    ['http://127.0.0.1@evil.example.com', undefined, false], // userinfo, not the host
    ['http://127.0.0.1:80@evil.example.com', undefined, false],
    ['http://evil.example.com\\@127.0.0.1', undefined, false], // a URL parser ends the host at "\"
    ['http://0x7f.0.0.1', undefined, false],
  ])('server %s, insecureHttp %s → accepted %s', (server, insecureHttp, accepted) => {
    const cluster = { server, token: 't' };
    const problems = lines(insecureHttp === undefined ? { cluster } : { cluster, insecureHttp });
    if (accepted) {
      expect(problems).toEqual([]);
    } else {
      expect(problems).toEqual([
        expect.stringMatching(/^resources\[0\]\.cluster\.server: http:\/\/ would send the leased credential to .* in clear text; /),
      ]);
      expect(problems[0]?.endsWith(HINT)).toBe(true);
    }
  });

  it('names the host it refuses', () => {
    expect(lines({ cluster: { server: 'http://10.0.0.1:8080', token: 't' } })).toEqual([
      `resources[0].cluster.server: http:// would send the leased credential to 10.0.0.1 in clear text; ${HINT}`,
    ]);
  });

  it('insecureHttp must be true or false, and is kept on the resource', () => {
    expect(lines({ cluster: { kubeconfig: 'k' }, insecureHttp: 'yes' })).toEqual([
      'resources[0].insecureHttp: expected true or false, got the text "yes"',
    ]);
    const result = parseOrg(orgWith({ cluster: { server: 'http://10.0.0.1', token: 't' }, insecureHttp: true }));
    expect(result.ok && result.org.resources[0]?.insecureHttp).toBe(true);
  });

  it('leaves a kubeconfig-file cluster to the proxy, which reads the server (app/domain/proxy/upstream.ts)', () => {
    expect(lines({ cluster: { kubeconfig: './leased.kubeconfig' } })).toEqual([]);
  });

  it('reports the other problems of the same resource too', () => {
    expect(lines({ port: 80, cluster: { server: 'http://10.0.0.1', token: 't' } })).toEqual([
      expect.stringMatching(/^resources\[0\]\.port: must be between 1024/),
      expect.stringMatching(/^resources\[0\]\.cluster\.server: http:\/\/ would send/),
    ]);
  });
});

describe('isLoopbackHost (URL hostnames)', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['[::1]', true],
    ['::1', true],
    ['localhost', true],
    ['LocalHost', true],
    ['', false],
    ['0.0.0.0', false],
    ['10.0.0.1', false],
    ['[::]', false],
    ['localhost.localdomain', false],
  ])('%j → %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });

  it('plainHttpProblem ignores https and honours insecureHttp', () => {
    expect(plainHttpProblem('https://10.0.0.1', undefined)).toBeNull();
    expect(plainHttpProblem('http://10.0.0.1', true)).toBeNull();
    expect(plainHttpProblem('http://10.0.0.1', undefined)).toContain('10.0.0.1');
  });
});
