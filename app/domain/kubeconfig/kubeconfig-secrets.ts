// Finds the credentials in a kubeconfig by its YAML structure, not by the look of a line: JSON,
// flow style, quoted keys, block scalars, anchors and multi-line scalars all hold secrets that a
// line regex misses. The result is the text fragments a reader must not see: each scalar's value
// and its source lines as written (escapes, quotes and folded lines differ from the value).
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, Scalar, visit, type Document, type Node } from 'yaml';

/** Keys whose value is a credential wherever they appear (users[].user, auth-provider config, …). */
export const SECRET_KEYS: ReadonlySet<string> = new Set(['token', 'client-key-data', 'password', 'access-token', 'refresh-token', 'id-token', 'client-secret']);

/** Inside `auth-provider.config`, providers name their secrets freely (apiserver-id-token, …). */
const SECRET_LIKE_KEY = /token|secret|password|key/i;

function keyName(key: unknown): string | undefined {
  if (isScalar(key)) return typeof key.value === 'string' ? key.value : undefined;
  return typeof key === 'string' ? key : undefined;
}

function resolve(node: unknown, doc: Document): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/** Every scalar in or under `node` (a credential can be a map or list too: hide all of it). */
function scalarsUnder(node: unknown, doc: Document, out: Scalar[], depth = 0): void {
  const resolved = resolve(node, doc);
  if (depth > 32) return; // alias cycles are rejected by the parser; this bounds deep nesting anyway
  if (isScalar(resolved)) out.push(resolved);
  else if (isMap(resolved) || isSeq(resolved)) {
    for (const item of resolved.items) {
      if (isPair(item)) scalarsUnder(item.value, doc, out, depth + 1);
      else scalarsUnder(item, doc, out, depth + 1);
    }
  }
}

/** The keys of the pairs enclosing a visited pair, outermost first (`users` … `user`, `exec`, `env`). */
function ancestorKeys(path: readonly unknown[]): string[] {
  return path.filter(isPair).map((pair) => keyName(pair.key) ?? '');
}

function isSecretPair(key: string, ancestors: readonly string[]): boolean {
  if (SECRET_KEYS.has(key)) return true;
  const parent = ancestors.at(-1);
  // auth-provider: { config: { <anything secret-like>: … } }
  if (parent === 'config' && ancestors.at(-2) === 'auth-provider' && SECRET_LIKE_KEY.test(key)) return true;
  // exec: { env: [ { name: AWS_SECRET_ACCESS_KEY, value: … } ] } — env values are handed to a
  // credential plugin and are often secrets themselves.
  if (key === 'value' && parent === 'env' && ancestors.includes('exec')) return true;
  return false;
}

const BLOCK_HEADER = /^[|>]/;

/** What a scalar looks like on screen: its value's lines and its source lines, each trimmed. */
function fragmentsOf(scalar: Scalar, text: string): string[] {
  const fragments: string[] = [];
  // `null`, `true`, `~`: no credential, and hiding every "true" in the diff would only garble it.
  if (scalar.value === null || scalar.value === undefined || typeof scalar.value === 'boolean') return fragments;
  fragments.push(...String(scalar.value).split('\n'));
  if (scalar.range) {
    const source = text.slice(scalar.range[0], scalar.range[1]).split(/\r?\n/);
    const block = scalar.type === Scalar.BLOCK_LITERAL || scalar.type === Scalar.BLOCK_FOLDED || BLOCK_HEADER.test(source[0] ?? '');
    // A block scalar's first source line is its header (`|`, `>-`, `|2 # comment`), not content.
    const content = block ? source.slice(1) : source;
    for (const line of content) {
      const trimmed = line.trim();
      fragments.push(trimmed);
      // A quoted scalar's first and last lines carry the quote characters; the inside is the secret too.
      fragments.push(trimmed.replace(/^["']/, '').replace(/["'],?$/, ''));
    }
  }
  return fragments.map((fragment) => fragment.trim()).filter((fragment) => fragment !== '');
}

/**
 * The credential fragments of `text` (a kubeconfig, possibly several documents, possibly invalid:
 * whatever parses is searched). Never throws.
 */
export function kubeconfigSecrets(text: string): Set<string> {
  const found = new Set<string>();
  let docs: Document[];
  try {
    // YAML 1.1 like client-go; merge keys resolve so `<<: *user` values are found through the alias.
    docs = parseAllDocuments(text, { version: '1.1', prettyErrors: false }) as Document[];
  } catch {
    return found;
  }
  if (!Array.isArray(docs)) return found; // an EmptyStream
  for (const doc of docs) {
    visit(doc, {
      Pair(_key, pair, path) {
        const key = keyName(pair.key);
        if (key === undefined || !isSecretPair(key, ancestorKeys(path))) return undefined;
        const scalars: Scalar[] = [];
        scalarsUnder(pair.value as Node | null, doc, scalars);
        for (const scalar of scalars) for (const fragment of fragmentsOf(scalar, text)) found.add(fragment);
        return undefined;
      },
    });
  }
  return found;
}
