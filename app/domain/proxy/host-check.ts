// DNS-rebinding protection: a web page on evil.example can resolve its own name to 127.0.0.1 and
// make the browser talk to our port, but the browser still sends `Host: evil.example`. Only
// loopback names are accepted.

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

/** The host part of a Host header value, without port or IPv6 brackets; null when malformed. */
export function hostName(hostHeader: string): string | null {
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end < 0) return null;
    const rest = value.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return null;
    return value.slice(1, end);
  }
  const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(value);
  return m?.[1] ?? null;
}

export function isLoopbackHost(hostHeader: string | undefined): boolean {
  if (hostHeader === undefined) return false;
  const name = hostName(hostHeader);
  if (name === null) return false;
  return LOOPBACK_HOSTS.has(name) || /^127(\.\d{1,3}){3}$/.test(name) || name.endsWith('.localhost');
}
