// The request target of browser mode: origin-form only, parsed once at admission by the same
// parser as the resource proxies (../proxy/request-target.ts), then decoded for the static files.
// A decoded path may still not hold NUL, a backslash or a ".." segment (from %00, %5C, %2F..):
// those would mean something else to the file system than to the URL.
import { parseRequestTarget as parseOriginForm } from '../../domain/proxy/request-target';

export interface RequestTarget {
  /** Decoded path: never contains `..` segments, NUL or backslashes. */
  pathname: string;
  searchParams: URLSearchParams;
}

/** The parsed target, or a one-line reason it is refused. */
export function parseRequestTarget(raw: string | undefined): RequestTarget | string {
  const parsed = parseOriginForm(raw);
  if (!parsed.ok) return parsed.message;
  // Cannot throw: the parser has checked that the path decodes.
  const pathname = decodeURIComponent(parsed.target.path);
  if (pathname.includes('\0') || pathname.includes('\\') || pathname.split('/').includes('..')) {
    return `request target ${JSON.stringify(parsed.target.raw.slice(0, 120))} decodes to a path that is not allowed`;
  }
  return { pathname, searchParams: parsed.target.query };
}
