// client-node (1.x) makes a new https.Agent for every API request (KubeConfig's
// applySecurityAuthentication → createAgent), so every request of the admin tools opened a new TLS
// connection and built a new secure context (parsing the CA bundle) on the main thread: in a
// profile of browser mode running the doctor, a quarter of the process's CPU went to
// createSecureContext, the handshake and the peer-certificate check. On the desktop that thread is
// also the one relaying kubectl's requests, so a doctor run delayed them by up to ~120 ms.
//
// This keeps one keep-alive agent per TLS material (CA, client certificate and key, server name,
// verification), shared by every cluster client of the process, each with the secure context made
// once: consecutive admin calls then share connections (and TLS sessions). A credential whose files
// change on disk gets a new agent at once, because the key is made from what client-node read for
// this very request. Only plain https.Agents are replaced; proxy agents (cluster.proxyUrl) and
// plain-HTTP ones are left as client-node made them.
import { createHash } from 'node:crypto';
import https from 'node:https';
import tls from 'node:tls';
import type { KubeConfig, RequestContext, SecurityAuthentication } from '@kubernetes/client-node';

/** Idle sockets close after this: an admin tool's requests come in bursts, then nothing for minutes. */
export const IDLE_SOCKET_MS = 5_000;

/** Agents kept beyond which the least recently used is dropped (one per credential; a rotation adds one). */
const MAX_AGENTS = 8;

const TLS_FIELDS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'servername', 'rejectUnauthorized'] as const;

type AgentOptions = https.AgentOptions & Record<(typeof TLS_FIELDS)[number], unknown>;

function digestOf(value: unknown): string {
  if (value === undefined || value === null) return '-';
  if (Buffer.isBuffer(value)) return createHash('sha256').update(value).digest('base64');
  if (Array.isArray(value)) return `[${value.map(digestOf).join(',')}]`;
  return createHash('sha256').update(String(value)).digest('base64');
}

/** Which TLS material an agent holds; equal keys may share connections. */
export function tlsMaterialKey(options: Partial<AgentOptions>): string {
  return TLS_FIELDS.map((field) => `${field}=${digestOf(options[field])}`).join(';');
}

const agents = new Map<string, https.Agent>();

/** The shared agent for the TLS material client-node put on `made`. */
function keptAlive(made: https.Agent): https.Agent {
  const options = made.options as Partial<AgentOptions>;
  const key = tlsMaterialKey(options);
  const known = agents.get(key);
  if (known) {
    agents.delete(key);
    agents.set(key, known); // most recently used last
    return known;
  }
  const { ca, cert, key: privateKey, pfx, passphrase } = options;
  const agent = new https.Agent({
    ...options,
    // tls.connect would otherwise build a context (parse the CA bundle, load the key) per connection.
    secureContext: tls.createSecureContext({ ca, cert, key: privateKey, pfx, passphrase } as tls.SecureContextOptions),
    keepAlive: true,
    timeout: IDLE_SOCKET_MS,
  });
  agents.set(key, agent);
  // Dropped, not destroyed: a request may still be on it; its sockets close when idle.
  for (const old of agents.keys()) {
    if (agents.size <= MAX_AGENTS) break;
    agents.delete(old);
  }
  return agent;
}

/** The kubeconfig's authentication, with client-node's one-off agents swapped for kept-alive ones. */
export function withKeptAliveAgents(kc: KubeConfig): SecurityAuthentication {
  return {
    getName: () => kc.getName(),
    async applySecurityAuthentication(context: RequestContext) {
      await kc.applySecurityAuthentication(context);
      const made = context.getAgent();
      // Exactly https.Agent: hpagent's and socks-proxy-agent's agents are subclasses that tunnel.
      if (made instanceof https.Agent && made.constructor === https.Agent) context.setAgent(keptAlive(made));
    },
  };
}
