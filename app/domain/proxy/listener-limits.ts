// What a listener bounds before a request is admitted (SPEC §9). Admitted streams — watch, logs -f,
// exec, attach, port-forward — have no idle timeout at all; these limits only stop a client that
// never finishes its handshake or its headers, sends headers too large, or opens connection after
// connection (file descriptors are finite: a macOS GUI app gets 256 by default).
import type https from 'node:https';

export interface ListenerLimits {
  /** The TLS handshake must complete within this. */
  handshakeTimeoutMs: number;
  /** The request head must arrive within this (Node's headersTimeout). */
  headersTimeoutMs: number;
  /** Idle time allowed between requests on a keep-alive connection. */
  keepAliveTimeoutMs: number;
  /** Request line plus headers, in bytes; beyond it the answer is 431. */
  maxHeaderBytes: number;
  /** Open connections per listener; beyond it new connections are closed at once. */
  maxConnections: number;
}

export const DEFAULT_LISTENER_LIMITS: ListenerLimits = {
  handshakeTimeoutMs: 10_000,
  headersTimeoutMs: 30_000,
  keepAliveTimeoutMs: 30_000,
  // kubectl's headers are well under 4 KiB; OIDC bearer tokens (gateway mode) can reach 8 KiB.
  maxHeaderBytes: 32 * 1024,
  // Every watch of an HTTP/1.1 client is its own connection, and each one also holds a connection
  // to the cluster; 256 leaves room for busy tools while keeping a flood of idle sockets bounded.
  maxConnections: 256,
};

/** Node server options for these limits (see ImpersonatingProxy for how they are applied). */
export function serverOptions(limits: ListenerLimits): https.ServerOptions {
  return {
    handshakeTimeout: limits.handshakeTimeoutMs,
    // requestTimeout 0: an admitted request (a watch, an upload) may last as long as it needs.
    // headersTimeout must then be set explicitly — Node derives it from requestTimeout otherwise,
    // and 0 would mean that a connection that never finishes its headers stays open forever.
    requestTimeout: 0,
    headersTimeout: limits.headersTimeoutMs,
    // How often Node looks for connections past headersTimeout (default 30 s, too coarse for it).
    connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    maxHeaderSize: limits.maxHeaderBytes,
    noDelay: true,
  };
}
