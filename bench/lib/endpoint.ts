// One column of the tables: where the bench client sends its requests and with which headers.
// Every column carries the same identity to the API server (the leased credential impersonating
// the same user and groups), so the server does the same work and only the path differs.
import { KubeConfig } from '@kubernetes/client-node';
import http from 'node:http';
import https from 'node:https';

export type Headers = Record<string, string | string[]>;

export interface Endpoint {
  label: string;
  base: URL;
  /** TLS trust and client material for https endpoints. */
  tls: https.AgentOptions;
  headers: Headers;
}

/** Sent by every column so no hop compresses: the bytes on each hop are the same everywhere. */
const COMMON_HEADERS: Headers = { Accept: 'application/json', 'Accept-Encoding': 'identity' };

/** An endpoint described by a kubeconfig's current context (server, CA, credential). */
export async function endpointFromKubeconfig(label: string, path: string, extra: Headers = {}): Promise<Endpoint> {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error(`${path}: no current cluster`);
  const opts: https.RequestOptions = { headers: {} };
  await kc.applyToHTTPSOptions(opts);
  const credential: Headers = {};
  for (const [name, value] of Object.entries(opts.headers ?? {})) {
    if (typeof value === 'string') credential[name] = value;
  }
  return {
    label,
    base: new URL(cluster.server),
    tls: { ca: opts.ca, cert: opts.cert, key: opts.key },
    headers: { ...COMMON_HEADERS, ...credential, ...extra },
  };
}

/** A plain-HTTP endpoint such as `kubectl proxy`, which adds the credential itself. */
export function plainEndpoint(label: string, url: string, extra: Headers = {}): Endpoint {
  return { label, base: new URL(url), tls: {}, headers: { ...COMMON_HEADERS, ...extra } };
}

/** A keep-alive agent with one socket: sequential requests reuse one warm connection. */
export function keepAliveAgent(endpoint: Endpoint, maxSockets = 1): http.Agent {
  return endpoint.base.protocol === 'https:'
    ? new https.Agent({ ...endpoint.tls, keepAlive: true, maxSockets })
    : new http.Agent({ keepAlive: true, maxSockets });
}

export interface Exchange {
  status: number;
  bytes: number;
  ms: number;
}

/** One request; resolves when the whole body has been read (and counted, never kept). */
export function send(endpoint: Endpoint, agent: http.Agent | false, path: string, method = 'GET'): Promise<Exchange> {
  const client = endpoint.base.protocol === 'https:' ? https : http;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = client.request(
      {
        protocol: endpoint.base.protocol,
        hostname: endpoint.base.hostname,
        port: endpoint.base.port,
        method,
        path,
        headers: endpoint.headers,
        agent,
        ...(agent === false ? endpoint.tls : {}),
      },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - started }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Like send, but insists on a 200 and says which column and path failed otherwise. */
export async function sendOk(endpoint: Endpoint, agent: http.Agent | false, path: string): Promise<Exchange> {
  const ex = await send(endpoint, agent, path);
  if (ex.status !== 200) throw new Error(`${endpoint.label}: GET ${path} answered ${ex.status}`);
  return ex;
}
