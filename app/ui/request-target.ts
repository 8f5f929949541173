// The request target of browser mode, parsed once at admission (SPEC §9): only origin-form
// (`/path?query`) is served. Node's HTTP parser passes on targets that URL parsing reads as another
// host (`//x`, `/\x`), rejects outright (`//`, `//[`) or that are not paths at all (`*`,
// absolute-form `http://…`); each of those is a 400 here instead of an exception in a handler.

export interface RequestTarget {
  /** Decoded path: never contains `..` segments, NUL or backslashes. */
  pathname: string;
  searchParams: URLSearchParams;
}

/** Characters a target may contain (RFC 3986 path and query characters plus `%`). */
const TARGET_CHARACTERS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*$/;
const BASE = 'http://gatehouse.invalid';

/** The parsed target, or a one-line reason it is refused. */
export function parseRequestTarget(target: string | undefined): RequestTarget | string {
  if (target === undefined || target === '') return 'empty request target';
  if (!target.startsWith('/')) return 'request target must be a path (origin-form, "/…")';
  if (target.startsWith('//')) return 'request target must not start with "//"';
  if (target.length > 8192) return 'request target longer than 8192 characters';
  if (!TARGET_CHARACTERS.test(target)) return 'request target contains characters that must be percent-encoded';
  let url: URL;
  try {
    url = new URL(target, BASE);
  } catch {
    return 'request target is not a valid path';
  }
  if (url.origin !== BASE) return 'request target names another host';
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return 'request target has a malformed percent-encoding';
  }
  if (pathname.includes('\0') || pathname.includes('\\') || pathname.split('/').includes('..')) return 'request target path is not allowed';
  return { pathname, searchParams: url.searchParams };
}
