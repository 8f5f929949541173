// The names and the ownership mark Gatehouse uses in a kubeconfig (SPEC §5). An entry is Gatehouse's
// only when BOTH hold: its name is the one Gatehouse gives that resource (cluster and user
// `gatehouse-<name>`, context `<name>`) AND it carries the `gatehouse.dev/owned` extension naming
// that same resource. A name alone is not enough: people create `gatehouse-…` entries by hand, and
// a context named like a resource is very likely someone's own.

export type EntryKind = 'cluster' | 'user' | 'context';

/** The kubeconfig list each kind lives in, in the order Gatehouse visits them. */
export const SECTIONS = [
  { kind: 'cluster', list: 'clusters' },
  { kind: 'user', list: 'users' },
  { kind: 'context', list: 'contexts' },
] as const satisfies ReadonlyArray<{ kind: EntryKind; list: string }>;

export const ENTRY_PREFIX = 'gatehouse-';

/** Lives in `cluster.extensions`, `user.extensions` and `context.extensions`: the places kubectl keeps when it rewrites the file. */
export const OWNED_EXTENSION = 'gatehouse.dev/owned';

export function entryName(kind: EntryKind, resource: string): string {
  return kind === 'context' ? resource : `${ENTRY_PREFIX}${resource}`;
}
