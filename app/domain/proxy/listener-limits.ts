// What a listener bounds before a request is admitted (SPEC §9). Admitted streams — watch, logs -f,
// exec, attach, port-forward — have no idle timeout at all; these limits only stop a client that
// never finishes its handshake or its headers, sends headers too large, or opens connection after
// connection (file descriptors are finite: a macOS GUI app gets 256 by default), or stream after
// stream on one HTTP/2 connection.
import type http2 from 'node:http2';
import { GatehouseError } from '../../../shared/errors';

export interface ListenerLimits {
  /** The TLS handshake must complete within this. */
  handshakeTimeoutMs: number;
  /** The request head must arrive within this (Node's headersTimeout; HTTP/1.1). */
  headersTimeoutMs: number;
  /**
   * Idle time allowed between requests on a keep-alive connection; an HTTP/2 connection is
   * closed (GOAWAY) once it has had no open stream for this long.
   */
  keepAliveTimeoutMs: number;
  /** Request line plus headers, in bytes; beyond it the answer is 431 (HTTP/2: the stream is refused). */
  maxHeaderBytes: number;
  /** Open connections per listener; beyond it new connections are closed at once. */
  maxConnections: number;
  /** Concurrent streams per HTTP/2 connection (SETTINGS_MAX_CONCURRENT_STREAMS). */
  maxStreamsPerConnection: number;
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
  // Go's HTTP/2 server default, which kube-apiserver keeps too: client-go opens another connection
  // when one is full, so a tool with 1,000 watches holds four connections.
  maxStreamsPerConnection: 250,
};

/** The environment variable that overrides a host's connection limit per listener. */
export const MAX_CONNECTIONS_ENV = 'GATEHOUSE_MAX_CONNECTIONS';

/**
 * The per-listener connection limit: GATEHOUSE_MAX_CONNECTIONS when set (an operator's choice,
 * e.g. for tools that hold hundreds of HTTP/1.1 watches), else the host's own default.
 */
export function maxConnectionsSetting(fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[MAX_CONNECTIONS_ENV];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (!/^[0-9]+$/.test(raw.trim()) || value < 1 || value > 1_000_000) {
    throw new GatehouseError(
      'config',
      `${MAX_CONNECTIONS_ENV}="${raw.slice(0, 40)}" is not a whole number of connections between 1 and 1000000`,
    );
  }
  return value;
}

/**
 * Options of the listener's HTTP/2 server, which takes HTTP/1.1 connections too (ALPN h2 or
 * http/1.1, the client chooses; a client without ALPN gets HTTP/1.1).
 */
export function listenerOptions(limits: ListenerLimits): http2.SecureServerOptions {
  return {
    allowHTTP1: true,
    handshakeTimeout: limits.handshakeTimeoutMs,
    noDelay: true,
    settings: { maxConcurrentStreams: limits.maxStreamsPerConnection, maxHeaderListSize: limits.maxHeaderBytes },
    // Every HPACK entry counts at least 32 bytes toward maxHeaderListSize, so this many pairs never
    // refuses a head the byte limit lets through (Node's default of 128 would, where HTTP/1.1 does not).
    maxHeaderListPairs: Math.ceil(limits.maxHeaderBytes / 32),
  };
}

/**
 * The HTTP/1.1 side of the same server. Node's HTTP/2 server hands HTTP/1.1 connections to the
 * HTTP/1.1 code, which reads these as properties of the server object (its options do not reach
 * it), with defaults unlike http.Server's — so each one is set here.
 */
export function applyHttp1Limits(server: http2.Http2SecureServer, limits: ListenerLimits): void {
  const settings = {
    // requestTimeout 0: an admitted request (a watch, an upload) may last as long as it needs.
    // headersTimeout must then be set explicitly, or a connection that never finishes its
    // headers would stay open forever.
    requestTimeout: 0,
    headersTimeout: limits.headersTimeoutMs,
    // How often Node looks for connections past headersTimeout (its default, 30 s, is too coarse).
    connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    maxHeaderSize: limits.maxHeaderBytes,
    // Every header the client sent is seen by the header decision (the size limit bounds them);
    // Node's default would silently leave out all past the 2000th.
    maxHeadersCount: 0,
    // HTTP/1.1 without Host is malformed (RFC 9112 §3.2): 400, as http.Server does by default.
    requireHostHeader: true,
    timeout: 0,
  };
  Object.assign(server, settings);
}
