// Which frame may call the API over IPC: the renderer's own page, recognised by its URL. Pure (no
// electron import) so it is tested in Node with POSIX and Windows paths alike.
//
// A string prefix test on `file://${dir}` fails both ways: Electron percent-encodes the URL
// (`Program%20Files`, `/C:/…` with forward slashes on Windows) so the real page never matches, and
// `file:///opt/gatehouse/renderer-evil/…` or `file://host/…` would match a prefix that lacks the
// final slash. So the sender URL is parsed, turned back into a path, and compared with the path of
// index.html as a path of the platform it runs on.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type RendererLocation =
  /** The packaged (or built) renderer: the window loads this index.html with loadFile. */
  | { kind: 'file'; indexHtml: string; platform: NodeJS.Platform }
  /** `npm start` with electron-vite's dev server (never in a packaged app). */
  | { kind: 'dev-server'; url: string };

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function isOurFile(url: URL, indexHtml: string, platform: NodeJS.Platform): boolean {
  // A host is a UNC share on Windows (\\evil\share\…) and meaningless on POSIX: never ours.
  if (url.protocol !== 'file:' || url.host !== '') return false;
  const windows = platform === 'win32';
  let senderPath: string;
  try {
    // Ignores query and hash (a route inside the page); throws on encoded separators (%2F, %5C).
    senderPath = fileURLToPath(url, { windows });
  } catch {
    return false;
  }
  const paths = windows ? path.win32 : path.posix;
  const expected = paths.resolve(indexHtml);
  const actual = paths.resolve(senderPath);
  // NTFS paths are case-insensitive: C:\program files\… is the same file.
  return windows ? actual.toLowerCase() === expected.toLowerCase() : actual === expected;
}

/** True when `senderUrl` (the calling frame's URL) is the Gatehouse renderer page. */
export function isRendererUrl(senderUrl: string | null | undefined, location: RendererLocation): boolean {
  if (typeof senderUrl !== 'string' || senderUrl === '') return false;
  const url = parseUrl(senderUrl);
  if (url === undefined) return false;
  if (location.kind === 'dev-server') {
    const dev = parseUrl(location.url);
    return dev !== undefined && (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === dev.origin;
  }
  return isOurFile(url, location.indexHtml, location.platform);
}
