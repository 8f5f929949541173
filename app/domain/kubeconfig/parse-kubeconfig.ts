// Parses kubeconfig text into a yaml Document that keeps the source ranges and CST tokens the
// editor needs. YAML 1.1, like client-go's parser: `<<` merge keys work and `yes`/`on` are booleans.
import { isMap, isScalar, LineCounter, parseDocument, type Document, type YAMLMap } from 'yaml';
import { KubeconfigShapeError, KubeconfigSyntaxError, type SourcePosition } from './errors';

export interface ParsedKubeconfig {
  text: string;
  doc: Document.Parsed;
  /** The top-level mapping; null when the document has no content (empty, comments only, or `null`). */
  root: YAMLMap | null;
  positionOf(offset: number): SourcePosition;
}

export function parseKubeconfig(text: string): ParsedKubeconfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { version: '1.1', keepSourceTokens: true, lineCounter, prettyErrors: false });
  const positionOf = (offset: number): SourcePosition => lineCounter.linePos(offset);
  const [error] = doc.errors;
  if (error !== undefined) {
    throw new KubeconfigSyntaxError(error.message.split('\n')[0] ?? error.message, positionOf(error.pos[0]));
  }
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) return { text, doc, root: null, positionOf };
  if (!isMap(contents)) {
    throw new KubeconfigShapeError('the top level must be a mapping (apiVersion, kind, clusters, …)', contents.range ? positionOf(contents.range[0]) : undefined);
  }
  return { text, doc, root: contents, positionOf };
}
