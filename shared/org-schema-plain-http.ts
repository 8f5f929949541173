/**
 * A leased credential sent to an `http://` server travels in clear text: anyone on the path can
 * replay it, and it can impersonate everyone. So plain http is accepted only where the bytes never
 * leave the machine (a loopback server: 127.0.0.0/8, ::1, localhost, e.g. `kubectl proxy` or a
 * local gateway) or when the org file says so explicitly with `insecureHttp: true` on the resource.
 * The org schema checks inline servers; the proxy checks the server of a kubeconfig file when it
 * reads it (app/domain/proxy/upstream.ts), both with these rules. Pure: no URL global here.
 */

/** The loopback names and addresses, as a URL's hostname (IPv6 in brackets) or bare. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost' || bare === '::1') return true;
  const ipv4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(bare);
  return ipv4 !== null && ipv4.slice(1).every((octet) => Number(octet) <= 255);
}

/**
 * The host of an `http://` URL written by hand (userinfo skipped, port dropped), or null for
 * other schemes. Only a plain dotted 127.x.y.z counts as loopback: shorthand forms such as
 * `127.1` are refused here rather than guessed at.
 */
export function plainHttpHost(server: string): string | null {
  // A backslash ends the authority for URL parsers (it is a "/" in http URLs): never part of a host here.
  const match = /^http:\/\/(?:[^@/?#\\]*@)?(\[[^\]/?#\\]*\]|[^:/?#\\]*)/i.exec(server);
  return match?.[1] ?? null;
}

/** What to do instead; `resource` says where the flag goes ("on resource "x" in the org file"). */
export function plainHttpHint(resource = 'on the resource'): string {
  return `use https://, a loopback server (127.0.0.0/8, ::1, localhost), or set "insecureHttp: true" ${resource}`;
}

/** Why `server` may not be used, or null when it may. */
export function plainHttpProblem(server: string, insecureHttp: boolean | undefined): string | null {
  const host = plainHttpHost(server);
  if (host === null || insecureHttp === true || isLoopbackHost(host)) return null;
  return `http:// would send the leased credential to ${host} in clear text; ${plainHttpHint()}`;
}
