// A kubeconfig with no content (missing, empty, only comments, or `null`) first gets the header
// every kubeconfig starts with; comments already there stay above it.
import { isScalar } from 'yaml';
import { parseKubeconfig, type ParsedKubeconfig } from './parse-kubeconfig';
import { breakBefore, lineEnding } from './source-lines';

export function withConfigSkeleton(text: string): ParsedKubeconfig {
  const parsed = parseKubeconfig(text);
  if (parsed.root !== null) return parsed;
  const eol = lineEnding(text);
  const header = `apiVersion: v1${eol}kind: Config${eol}`;
  const contents = parsed.doc.contents;
  const range = isScalar(contents) ? contents.range : undefined;
  if (range && range[0] < range[1]) {
    // An explicit `null` / `~` document: the header takes its place.
    return parseKubeconfig(text.slice(0, range[0]) + header + text.slice(range[1]).replace(/^\r?\n/, ''));
  }
  return parseKubeconfig(text + breakBefore(text, text.length, eol) + header);
}
