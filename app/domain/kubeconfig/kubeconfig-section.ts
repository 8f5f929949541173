// One of the three kubeconfig lists (clusters, users, contexts) as found in the document: where it
// is and, per item, its name and owner, read through aliases and merge keys like client-go would.
import { isAlias, isMap, isScalar, isSeq, type Node, type Pair, type YAMLSeq } from 'yaml';
import type { EntryKind } from './entry-names';
import { KubeconfigShapeError } from './errors';
import { itemName, ownerResource } from './ownership';
import type { ParsedKubeconfig } from './parse-kubeconfig';

export interface SectionItem {
  index: number;
  name: string | undefined;
  /** The resource when Gatehouse owns the item, else undefined. */
  owner: string | undefined;
  /** The item as plain data. */
  value: unknown;
  /** Offset of the item's first character (its content, after `- `). */
  offset: number;
}

export interface KubeconfigSection {
  kind: EntryKind;
  list: string;
  /** The `clusters:` (…) pair, if the key exists. */
  pair: Pair<Node, Node | null> | undefined;
  /** The list, if the key has one; undefined when the key is missing or its value is null/empty. */
  seq: YAMLSeq<Node | null> | undefined;
  items: SectionItem[];
}

/** The top-level `key:` pair, if the file has one. */
export function findRootPair(parsed: ParsedKubeconfig, key: string): Pair<Node, Node | null> | undefined {
  const items = (parsed.root?.items ?? []) as Array<Pair<Node, Node | null>>;
  return items.find((pair) => isScalar(pair.key) && pair.key.value === key);
}

function plainValue(parsed: ParsedKubeconfig, node: Node | null): unknown {
  if (node === null) return null;
  try {
    return node.toJS(parsed.doc, { maxAliasCount: 1000 });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new KubeconfigShapeError(reason, node.range ? parsed.positionOf(node.range[0]) : undefined);
  }
}

export function readSection(parsed: ParsedKubeconfig, kind: EntryKind, list: string): KubeconfigSection {
  const pair = findRootPair(parsed, list);
  const value = pair?.value ?? null;
  if (value === null || (isScalar(value) && value.value === null)) return { kind, list, pair, seq: undefined, items: [] };
  if (isAlias(value) || !isSeq(value)) {
    const what = isAlias(value) ? 'an alias' : isMap(value) ? 'a mapping' : 'a scalar';
    throw new KubeconfigShapeError(`"${list}" must be a list, found ${what}`, value.range ? parsed.positionOf(value.range[0]) : undefined);
  }
  const seq = value as YAMLSeq<Node | null>;
  const items = seq.items.map((node, index): SectionItem => {
    const plain = plainValue(parsed, node);
    return { index, name: itemName(plain), owner: ownerResource(kind, plain), value: plain, offset: node?.range?.[0] ?? seq.range?.[0] ?? 0 };
  });
  return { kind, list, pair, seq, items };
}
