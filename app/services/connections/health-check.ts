// The health of a connected resource (issue: connections): an authorized request in its
// healthcheckNamespace, made through the resource's own listener, so it proves the whole path —
// local TLS, the leased credential, impersonation and the person's RBAC. It authenticates with the
// listener's own health-check token rather than the person's local token, so the proxy knows it
// and keeps it out of the request log and the activity view (every 30 s per resource, it would
// otherwise be most of what a person reads there).
import https from 'node:https';

export interface HealthResult {
  healthy: boolean;
  /** Why not, in one line. */
  reason: string | null;
}

export function checkHealth(opts: {
  port: number;
  token: string;
  caPem: string;
  namespace: string;
  timeoutMs?: number;
}): Promise<HealthResult> {
  return new Promise((resolve) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port: opts.port,
        servername: 'localhost',
        path: `/api/v1/namespaces/${encodeURIComponent(opts.namespace)}/pods?limit=1`,
        ca: opts.caPem,
        headers: {
          authorization: `Bearer ${opts.token}`,
          accept: 'application/json',
          'user-agent': 'gatehouse-healthcheck',
        },
        timeout: opts.timeoutMs ?? 10_000,
        agent: false,
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => {
          if (res.statusCode === 200) return resolve({ healthy: true, reason: null });
          let message = `HTTP ${res.statusCode}`;
          try {
            message = (JSON.parse(body) as { message?: string }).message ?? message;
          } catch {
            // not a Status: keep the code
          }
          resolve({ healthy: false, reason: `listing pods in "${opts.namespace}" failed: ${message}` });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${(opts.timeoutMs ?? 10_000) / 1000}s`)));
    req.on('error', (err) => resolve({ healthy: false, reason: `health check failed: ${err.message}` }));
    req.end();
  });
}
