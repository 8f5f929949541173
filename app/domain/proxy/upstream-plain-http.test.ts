// An http:// cluster that the rules allow (loopback, or insecureHttp) must actually work: client-node
// on its own refuses to work out credentials for plain HTTP.
import http from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { KubeConfigUpstream } from './upstream';

function kubeConfig(server: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server, skipTLSVerify: false }],
    users: [{ name: 'u', token: 'leased-token' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

describe('KubeConfigUpstream over plain http', () => {
  it('gives the leased token and a plain http agent for a loopback server', async () => {
    const upstream = new KubeConfigUpstream(kubeConfig('http://127.0.0.1:8001'), 'test');
    const target = await upstream.target();
    expect(target.headers.Authorization).toBe('Bearer leased-token');
    expect(target.agent).toBeInstanceOf(http.Agent);
    upstream.close();
  });

  it('works for a remote server only with insecureHttp', async () => {
    expect(() => new KubeConfigUpstream(kubeConfig('http://10.0.0.1:8080'), 'test')).toThrow(/clear text/);
    const upstream = new KubeConfigUpstream(kubeConfig('http://10.0.0.1:8080'), 'test', { insecureHttp: true });
    expect((await upstream.target()).headers.Authorization).toBe('Bearer leased-token');
    upstream.close();
  });
});
