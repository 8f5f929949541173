// Reads the ownership mark (see entry-names.ts) from one list item, as plain data.
import { entryName, OWNED_EXTENSION, type EntryKind } from './entry-names';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The item's `name`, when it is a string (anything else cannot clash with a name Gatehouse writes). */
export function itemName(item: unknown): string | undefined {
  return isRecord(item) && typeof item.name === 'string' ? item.name : undefined;
}

/** The `namespace` of a context item, if it has a non-empty one. */
export function contextNamespace(item: unknown): string | undefined {
  if (!isRecord(item) || !isRecord(item.context)) return undefined;
  const namespace = item.context.namespace;
  return typeof namespace === 'string' && namespace !== '' ? namespace : undefined;
}

/** The extension payload `{ resource }` Gatehouse writes: enough to tell which resource an entry belongs to. */
export function ownedExtension(resource: string): { name: string; extension: { resource: string } } {
  return { name: OWNED_EXTENSION, extension: { resource } };
}

/**
 * The resource this item belongs to, if Gatehouse owns it: the extension names a resource and the
 * item's name is exactly the one Gatehouse gives that resource. Otherwise undefined (foreign).
 */
export function ownerResource(kind: EntryKind, item: unknown): string | undefined {
  if (!isRecord(item)) return undefined;
  const body = item[kind];
  if (!isRecord(body) || !Array.isArray(body.extensions)) return undefined;
  for (const extension of body.extensions) {
    if (!isRecord(extension) || extension.name !== OWNED_EXTENSION || !isRecord(extension.extension)) continue;
    const resource = extension.extension.resource;
    if (typeof resource === 'string' && itemName(item) === entryName(kind, resource)) return resource;
  }
  return undefined;
}
